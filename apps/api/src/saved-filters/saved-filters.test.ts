import { withPartyScope } from '../common/db/party-scope';
import { type Member } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { MAX_SAVED_FILTERS_PER_PAGE, type SavedFilter } from './saved-filters.dto';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const save = (member: Member, body: unknown) =>
  call<{ savedFilter: SavedFilter }>(api.baseUrl, 'POST', '/saved-filters', {
    token: member.token,
    body,
  });
const list = async (member: Member, page?: string) => {
  const answer = await call<{ savedFilters: SavedFilter[] }>(
    api.baseUrl,
    'GET',
    `/saved-filters${page ? `?page=${page}` : ''}`,
    { token: member.token },
  );
  expect(answer.status).toBe(200);
  return answer.body.savedFilters;
};

/** A caseworker and an admin colleague of the same subcontractor. */
async function colleagues() {
  const caseworker = await aSignedInUser(api.baseUrl, api.db.pool, {
    kind: 'SUBCONTRACTOR',
    roles: ['CASEWORKER'],
  });
  const admin = await aSignedInUser(api.baseUrl, api.db.pool, {
    organisationId: caseworker.organisationId,
    roles: ['ADMIN'],
  });
  return { caseworker, admin };
}

describe('saved filters', () => {
  it('saves a list page’s filter under a name, lists it for that page, replaces it under the same name, and deletes it', async () => {
    const { caseworker } = await colleagues();
    const saved = await save(caseworker, {
      page: 'caseload',
      name: 'Not seen for a month',
      params: { inactiveDays: '30', status: 'ATTACHED', cursor: 'eyJz', search: '' },
    });
    expect(saved.status).toBe(201);
    // A cursor is a place in the list, not part of the filter; empty values are no filter either.
    expect(saved.body.savedFilter).toMatchObject({
      page: 'caseload',
      name: 'Not seen for a month',
      params: { inactiveDays: '30', status: 'ATTACHED' },
    });
    expect(Object.keys(saved.body.savedFilter.params).sort()).toEqual(['inactiveDays', 'status']);
    await save(caseworker, { page: 'claims', name: 'Queried', params: { status: 'QUERIED' } });

    expect((await list(caseworker, 'caseload')).map((filter) => filter.name)).toEqual([
      'Not seen for a month',
    ]);
    expect((await list(caseworker)).map((filter) => `${filter.page}: ${filter.name}`)).toEqual([
      'caseload: Not seen for a month',
      'claims: Queried',
    ]);

    const replaced = await save(caseworker, {
      page: 'caseload',
      name: 'Not seen for a month',
      params: { inactiveDays: '31' },
    });
    expect(replaced.body.savedFilter).toMatchObject({
      id: saved.body.savedFilter.id,
      params: { inactiveDays: '31' },
    });
    expect(await list(caseworker, 'caseload')).toHaveLength(1);

    const deleted = await call(
      api.baseUrl,
      'DELETE',
      `/saved-filters/${saved.body.savedFilter.id}`,
      { token: caseworker.token },
    );
    expect(deleted.status).toBe(204);
    expect(await list(caseworker, 'caseload')).toEqual([]);
    const audit = await api.db.pool.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_type = 'saved_filter' AND entity_id = $1 ORDER BY seq`,
      [saved.body.savedFilter.id],
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'saved-filter.create',
      'saved-filter.replace',
      'saved-filter.delete',
    ]);
  });

  it('is its owner’s alone: a colleague, even their admin, neither sees nor deletes it, and the database shows it to nobody else', async () => {
    const { caseworker, admin } = await colleagues();
    const mine = (
      await save(caseworker, { page: 'referrals', name: 'Waiting', params: { status: 'RECEIVED' } })
    ).body.savedFilter;
    const theirs = (
      await save(admin, { page: 'referrals', name: 'Waiting', params: { status: 'ACCEPTED' } })
    ).body.savedFilter;
    expect(theirs.id).not.toBe(mine.id);

    expect((await list(caseworker, 'referrals')).map((filter) => filter.id)).toEqual([mine.id]);
    expect((await list(admin, 'referrals')).map((filter) => filter.id)).toEqual([theirs.id]);
    expect(
      (await call(api.baseUrl, 'DELETE', `/saved-filters/${mine.id}`, { token: admin.token }))
        .status,
    ).toBe(404);
    expect((await list(caseworker, 'referrals')).map((filter) => filter.id)).toEqual([mine.id]);

    // Row-level security without any WHERE clause: the organisation's scope shows only the named user's filters, and none with no
    // user named.
    const visibleTo = (userId: string | null) =>
      withPartyScope(api.db.pool, { organisationId: caseworker.organisationId }, async (client) => {
        if (userId) await client.query(`SELECT set_config('waymark.user_id', $1, true)`, [userId]);
        return (await client.query<{ id: string }>('SELECT id FROM saved_filter')).rows.map(
          (row) => row.id,
        );
      });
    expect(await visibleTo(caseworker.id)).toEqual([mine.id]);
    expect(await visibleTo(admin.id)).toEqual([theirs.id]);
    expect(await visibleTo(null)).toEqual([]);
    // Nor can a write claim another user's filter.
    await expect(
      withPartyScope(api.db.pool, { organisationId: caseworker.organisationId }, async (client) => {
        await client.query(`SELECT set_config('waymark.user_id', $1, true)`, [admin.id]);
        await client.query(
          `INSERT INTO saved_filter (user_id, organisation_id, page, name) VALUES ($1, $2, 'claims', 'Planted')`,
          [caseworker.id, caseworker.organisationId],
        );
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses bad input with a problem naming the field, and more than the per-page limit', async () => {
    const { caseworker } = await colleagues();
    const fieldsOf = async (body: unknown) => {
      const answer = await save(caseworker, body);
      expect(answer.status).toBe(400);
      return (answer.body as unknown as { errors: { field: string }[] }).errors.map(
        (error) => error.field,
      );
    };
    expect(await fieldsOf({ page: 'audit', name: 'x', params: {} })).toEqual(['body.page']);
    expect(await fieldsOf({ page: 'claims', name: 'bad\u0000name', params: {} })).toEqual([
      'body.name',
    ]);
    expect(await fieldsOf({ page: 'claims', name: 'x'.repeat(81), params: {} })).toEqual([
      'body.name',
    ]);
    expect(
      (await fieldsOf({ page: 'claims', name: 'x', params: { 'status;drop': 'x' } }))[0],
    ).toMatch(/^body\.params/);
    expect(
      (await fieldsOf({ page: 'claims', name: 'x', params: { status: 'x'.repeat(201) } }))[0],
    ).toMatch(/^body\.params/);
    expect(
      await fieldsOf({
        page: 'claims',
        name: 'x',
        params: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, 'x'])),
      }),
    ).toEqual(['body.params']);
    expect(
      (await call(api.baseUrl, 'GET', '/saved-filters?page=nope', { token: caseworker.token }))
        .status,
    ).toBe(400);
    expect(
      (await call(api.baseUrl, 'DELETE', '/saved-filters/not-a-uuid', { token: caseworker.token }))
        .status,
    ).toBe(400);

    for (let i = 0; i < MAX_SAVED_FILTERS_PER_PAGE; i += 1)
      expect(
        (await save(caseworker, { page: 'payments', name: `Filter ${i}`, params: {} })).status,
      ).toBe(201);
    const over = await save(caseworker, { page: 'payments', name: 'One too many', params: {} });
    expect(over.status).toBe(409);
    expect(await list(caseworker, 'payments')).toHaveLength(MAX_SAVED_FILTERS_PER_PAGE);
    // Replacing one of them is not a new filter.
    expect(
      (await save(caseworker, { page: 'payments', name: 'Filter 0', params: { status: 'PAID' } }))
        .status,
    ).toBe(201);
  });
});
