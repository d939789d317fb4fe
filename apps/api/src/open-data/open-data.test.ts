import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { anAnalyticsWorld } from '../analytics/analytics.test-world';
import { CLOCK, type Clock } from '../common/clock/clock';
import { aUser } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import {
  coreReleasePackageValidator,
  describeErrors,
  extendedReleasePackageValidator,
  OCDS_SCHEMA_DIR,
} from '../test-support/ocds-validator';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { penceToAmount, SUBCONTRACTING_EXTENSION_URL } from './ocds-release-package';

const PUBLISHER = {
  publisherName: 'Department for Work and Pensions',
  publisherScheme: 'GB-GOR',
  publisherUid: 'D10',
  publisherUri: 'https://www.gov.uk/government/organisations/department-for-work-pensions',
  publicBaseUrl: 'https://open-data.waymark.test/api',
  publicationPolicyUrl: 'https://open-data.waymark.test/publication-policy',
  ocidPrefix: 'ocds-t3stwm',
};

let api: TestApp;
let clock: Clock;
beforeAll(async () => {
  api = await createTestApp({ openData: PUBLISHER });
  clock = api.app.get<Clock>(CLOCK);
});
afterAll(async () => {
  await api.close();
});
const at = (instant: string) =>
  Object.assign(clock, { now: () => new Date(instant), today: () => instant.slice(0, 10) });

const core = coreReleasePackageValidator();
const extended = extendedReleasePackageValidator(['extensions/subcontracting']);
const programmeOcid = (programmeId: string) => `${PUBLISHER.ocidPrefix}-programme-${programmeId}`;
const subcontractOcid = (subcontractId: string) =>
  `${PUBLISHER.ocidPrefix}-subcontract-${subcontractId}`;

async function commissionerExport(world: Awaited<ReturnType<typeof anAnalyticsWorld>>) {
  const { accessToken } = await signIn(
    api.baseUrl,
    world.users.commissioner.email,
    world.users.commissioner.password,
  );
  const res = await call(api.baseUrl, 'GET', `/open-data/programmes/${world.programmeId}/ocds`, {
    token: accessToken,
  });
  expect(res.status).toBe(200);
  return res.body;
}

describe('OCDS open data', () => {
  it('validates against the official OCDS 1.1.5 release package schema, and with the subcontracting extension merged in', async () => {
    at('2026-06-01T09:00:00Z');
    const pkg = await commissionerExport(await anAnalyticsWorld(api.db.pool));
    expect({ valid: core(pkg), errors: describeErrors(core.errors) }).toEqual({
      valid: true,
      errors: [],
    });
    expect({ valid: extended(pkg), errors: describeErrors(extended.errors) }).toEqual({
      valid: true,
      errors: [],
    });
    expect(pkg.extensions).toEqual([SUBCONTRACTING_EXTENSION_URL]);
  });

  it('publishes prime contracts as awards and contracts of the programme, with their values, and subcontracts as linked processes', async () => {
    at('2026-06-01T09:00:00Z');
    const world = await anAnalyticsWorld(api.db.pool);
    const pkg = await commissionerExport(world);
    // One programme and three subcontracts; each released once so far.
    expect(pkg.releases.map((r: { ocid: string }) => r.ocid)).toEqual([
      programmeOcid(world.programmeId),
      ...[world.subcontracts.sc1, world.subcontracts.sc2, world.subcontracts.sc3]
        .map(subcontractOcid)
        .sort(),
    ]);
    const programme = pkg.releases[0];
    expect(programme.tag).toEqual(['planning', 'tender', 'award', 'contract', 'implementation']);
    // Awarded, so the tender is complete; its own dates are not held, so none are claimed.
    expect(programme.tender).toMatchObject({
      status: 'complete',
      value: { amount: 1_000_000, currency: 'GBP' },
    });
    expect(programme.tender.tenderPeriod).toBeUndefined();
    expect(programme.tender.milestones).toEqual([
      expect.objectContaining({ code: 'JOB_OUTCOME', type: 'payment' }),
    ]);
    const c1Award = programme.awards.find((a: { id: string }) => a.id === world.contracts.c1);
    expect(c1Award).toMatchObject({
      status: 'active',
      value: { amount: 500_000, currency: 'GBP' },
      hasSubcontracting: true,
      subcontracting: { minimumPercentage: 0.8 },
    });
    expect(c1Award.subcontracting.subcontracts.map((s: { id: string }) => s.id).sort()).toEqual(
      [world.subcontracts.sc1, world.subcontracts.sc2].sort(),
    );
    const c1 = programme.contracts.find((c: { id: string }) => c.id === world.contracts.c1);
    expect(c1).toMatchObject({
      awardID: world.contracts.c1,
      status: 'active',
      value: { amount: 500_000, currency: 'GBP' },
    });
    // Paid remittances, commissioner → prime; no bank reference posing as a source URI.
    expect(c1.implementation.transactions).toEqual([
      {
        id: world.remittanceId,
        date: '2026-03-12T00:00:00Z',
        value: { amount: 4000, currency: 'GBP' },
        payer: expect.objectContaining({ name: expect.any(String) }),
        payee: expect.objectContaining({ name: expect.any(String) }),
      },
    ]);
    expect(
      c1.relatedProcesses.map((p: { identifier: string; relationship: string[] }) => [
        p.relationship,
        p.identifier,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [['subContract'], subcontractOcid(world.subcontracts.sc1)],
        [['subContract'], subcontractOcid(world.subcontracts.sc2)],
      ]),
    );
    // A prime's party is a supplier and payee of the programme; every subcontractor appears as one.
    expect(
      programme.parties.filter((p: { roles: string[] }) => p.roles.includes('subcontractor')),
    ).toHaveLength(3);

    const sc1 = pkg.releases.find(
      (r: { ocid: string }) => r.ocid === subcontractOcid(world.subcontracts.sc1),
    );
    expect(sc1.buyer.name).toBe(c1Award.suppliers[0].name);
    expect(sc1.relatedProcesses).toEqual([
      expect.objectContaining({
        relationship: ['parent'],
        scheme: 'ocid',
        identifier: programme.ocid,
      }),
    ]);
    // A payment-by-results subcontract has no contract value: money paid is in the transactions, not passed off as its value.
    expect(sc1.contracts[0].value).toBeUndefined();
    expect(sc1.awards[0].value).toBeUndefined();
    expect(sc1.contracts[0].implementation.transactions).toEqual([
      expect.objectContaining({ id: world.payments.sp1, value: { amount: 2280, currency: 'GBP' } }),
    ]);
    // Charity numbers as org-id identifiers; an organisation with no registration gets none invented.
    expect(
      sc1.parties.find((p: { roles: string[] }) => p.roles.includes('supplier')).identifier,
    ).toMatchObject({ scheme: 'GB-CHC' });
    const sc3 = pkg.releases.find(
      (r: { ocid: string }) => r.ocid === subcontractOcid(world.subcontracts.sc3),
    );
    expect(
      sc3.parties.find((p: { roles: string[] }) => p.roles.includes('supplier')).identifier,
    ).toBeUndefined();
    expect(JSON.stringify(pkg)).not.toMatch(/XI-WAYMARK|waymark\.example/);
  });

  it('takes its publisher, package address and publication policy from the configuration', async () => {
    at('2026-06-01T09:00:00Z');
    const world = await anAnalyticsWorld(api.db.pool);
    const pkg = await commissionerExport(world);
    expect(pkg).toMatchObject({
      uri: `https://open-data.waymark.test/api/open-data/published/programmes/${world.programmeId}/ocds`,
      publisher: {
        name: 'Department for Work and Pensions',
        scheme: 'GB-GOR',
        uid: 'D10',
        uri: PUBLISHER.publisherUri,
      },
      publicationPolicy: PUBLISHER.publicationPolicyUrl,
      license: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    });
  });

  it('keeps release ids and dates while the data is unchanged, and makes a new dated release of only the process that changed', async () => {
    const world = await anAnalyticsWorld(api.db.pool);
    at('2026-06-01T09:00:00Z');
    const first = await commissionerExport(world);
    at('2026-06-02T09:00:00Z');
    const again = await commissionerExport(world);
    expect(again).toEqual(first);
    expect(first.releases.map((r: { id: string }) => r.id)).toContain(
      `${programmeOcid(world.programmeId)}-1`,
    );

    // The prime pays subcontract 3 for the first time.
    const { rows } = await api.db.pool.query<{ id: string }>(
      `INSERT INTO subcontractor_payment (programme_id, prime_contract_id, subcontract_id, period_start, period_end, due_on, status, paid_reference, paid_on)
       SELECT programme_id, prime_contract_id, id, '2026-05-01', '2026-05-28', '2026-06-11', 'PAID', 'FP-NEW', '2026-06-03' FROM subcontract WHERE id = $1 RETURNING id`,
      [world.subcontracts.sc3],
    );
    await api.db.pool.query(
      `INSERT INTO subcontractor_payment_line (programme_id, prime_contract_id, subcontractor_payment_id, claim_id, description, gross_pence, management_fee_pence, amount_pence)
       SELECT programme_id, prime_contract_id, id, NULL, 'service fee 2026-05', 10000, 0, 10000 FROM subcontractor_payment WHERE id = $1`,
      [rows[0]!.id],
    );
    at('2026-06-04T09:00:00Z');
    const changed = await commissionerExport(world);
    const sc3 = subcontractOcid(world.subcontracts.sc3);
    // Every earlier release is still there, unchanged; one new release for subcontract 3.
    expect(changed.releases).toEqual(expect.arrayContaining(first.releases));
    expect(changed.releases).toHaveLength(first.releases.length + 1);
    const sc3Releases = changed.releases.filter((r: { ocid: string }) => r.ocid === sc3);
    expect(sc3Releases.map((r: { id: string; date: string }) => [r.id, r.date])).toEqual([
      [`${sc3}-1`, '2026-06-01T09:00:00.000Z'],
      [`${sc3}-2`, '2026-06-04T09:00:00.000Z'],
    ]);
    expect(sc3Releases[1].contracts[0].implementation.transactions).toEqual([
      expect.objectContaining({ id: rows[0]!.id, value: { amount: 100, currency: 'GBP' } }),
    ]);
    expect(changed.publishedDate).toBe('2026-06-04T09:00:00.000Z');
    // Each release made is audited: four first releases, then the one new one; none for the unchanged fetch.
    const audited = await api.db.pool.query<{ release_id: string }>(
      `SELECT data->>'releaseId' AS release_id FROM audit_event WHERE action = 'open-data.release' AND entity_id = $1 ORDER BY seq`,
      [world.programmeId],
    );
    const auditedIds = audited.rows.map((row) => row.release_id);
    expect(auditedIds.slice(0, -1).sort()).toEqual(
      first.releases.map((r: { id: string }) => r.id).sort(),
    );
    expect(auditedIds.slice(-1)).toEqual([`${sc3}-2`]);
    expect(core(changed)).toBe(true);
  });

  it('is published by the commissioner at a public URL anyone can read without signing in, holding nothing about any person', async () => {
    at('2026-06-01T09:00:00Z');
    const world = await anAnalyticsWorld(api.db.pool);
    const publicPath = `/open-data/published/programmes/${world.programmeId}/ocds`;
    // Personal data the programme holds, so the test can see it leak.
    await api.db.pool.query(
      `UPDATE participant SET date_of_birth = '1987-03-14', benefit_type = 'ESA' WHERE programme_id = $1`,
      [world.programmeId],
    );
    await api.db.pool.query(
      `UPDATE activity SET notes = 'Lives at 12 Canal Street, disclosed a health condition' WHERE programme_id = $1`,
      [world.programmeId],
    );
    expect((await call(api.baseUrl, 'GET', publicPath)).status).toBe(404);

    const { accessToken } = await signIn(
      api.baseUrl,
      world.users.commissioner.email,
      world.users.commissioner.password,
    );
    const published = await call(
      api.baseUrl,
      'PUT',
      `/open-data/programmes/${world.programmeId}/publication`,
      { token: accessToken, body: { isPublished: true } },
    );
    expect(published.status).toBe(200);
    expect(published.body.publication).toMatchObject({
      isPublished: true,
      publicUrl: `https://open-data.waymark.test/api${publicPath}`,
      changedBy: { name: expect.any(String), organisationName: expect.any(String) },
    });

    const res = await call(api.baseUrl, 'GET', publicPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect({ valid: core(res.body), errors: describeErrors(core.errors) }).toEqual({
      valid: true,
      errors: [],
    });

    const text = JSON.stringify(res.body);
    const personal = await api.db.pool.query<{ value: string }>(
      `SELECT p.reference AS value FROM participant p WHERE p.programme_id = $1
       UNION ALL SELECT p.id::text FROM participant p WHERE p.programme_id = $1
       UNION ALL SELECT r.id::text FROM referral r WHERE r.programme_id = $1
       UNION ALL SELECT r.exit_reason FROM referral r WHERE r.programme_id = $1 AND r.exit_reason IS NOT NULL
       UNION ALL SELECT c.id::text FROM claim c WHERE c.programme_id = $1
       UNION ALL SELECT a.notes FROM activity a WHERE a.programme_id = $1 AND a.notes IS NOT NULL
       UNION ALL SELECT u.email::text FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.id = ANY($2)
       UNION ALL SELECT u.display_name FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.id = ANY($2)`,
      [world.programmeId, Object.values(world.organisations)],
    );
    expect(personal.rows.length).toBeGreaterThan(20);
    expect(personal.rows.map((row) => row.value).filter((value) => text.includes(value))).toEqual(
      [],
    );
    expect(text).not.toMatch(/1987-03-14|\bESA\b|Canal Street/);
    const keys = new Set<string>();
    JSON.parse(text, (key: string, value: unknown) => (keys.add(key), value));
    expect(
      [...keys].filter((key) =>
        /participant|referral|person|birth|nino|niNumber|benefit|note/i.test(key),
      ),
    ).toEqual([]);

    // Withdrawn: gone from the public URL again. Both choices are audited.
    expect(
      (
        await call(api.baseUrl, 'PUT', `/open-data/programmes/${world.programmeId}/publication`, {
          token: accessToken,
          body: { isPublished: false },
        })
      ).status,
    ).toBe(200);
    expect((await call(api.baseUrl, 'GET', publicPath)).status).toBe(404);
    const audit = await api.db.pool.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 AND action IN ('open-data.publish', 'open-data.withdraw') ORDER BY seq`,
      [world.programmeId],
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'open-data.publish',
      'open-data.withdraw',
    ]);
  });

  it('lets only the programme’s commissioner admin publish', async () => {
    const world = await anAnalyticsWorld(api.db.pool);
    const put = (token: string) =>
      call(api.baseUrl, 'PUT', `/open-data/programmes/${world.programmeId}/publication`, {
        token,
        body: { isPublished: true },
      });
    const other = await signIn(
      api.baseUrl,
      world.users.otherCommissioner.email,
      world.users.otherCommissioner.password,
    );
    expect((await put(other.accessToken)).status).toBe(404);
    const finance = await aUser(api.db.pool, {
      organisationId: world.organisations.commissionerId,
      roles: ['FINANCE'],
    });
    const financeSession = await signIn(api.baseUrl, finance.email, finance.password);
    expect((await put(financeSession.accessToken)).status).toBe(403);
    expect(
      (
        await call(api.baseUrl, 'GET', `/open-data/programmes/${world.programmeId}/publication`, {
          token: financeSession.accessToken,
        })
      ).body.publication,
    ).toMatchObject({ isPublished: false, changedBy: null });
    const prime = await signIn(api.baseUrl, world.users.prime.email, world.users.prime.password);
    expect((await put(prime.accessToken)).status).toBe(404);
    const bad = await call(
      api.baseUrl,
      'PUT',
      `/open-data/programmes/${world.programmeId}/publication`,
      { token: other.accessToken, body: { isPublished: 'yes' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.isPublished' })]);
    expect(
      (await call(api.baseUrl, 'GET', `/open-data/published/programmes/${world.programmeId}/ocds`))
        .status,
    ).toBe(404);
  });

  it('answers 404 to a commissioner that does not own the programme, and to a prime (the route is closed to primes)', async () => {
    const world = await anAnalyticsWorld(api.db.pool);
    const other = await signIn(
      api.baseUrl,
      world.users.otherCommissioner.email,
      world.users.otherCommissioner.password,
    );
    expect(
      (
        await call(api.baseUrl, 'GET', `/open-data/programmes/${world.programmeId}/ocds`, {
          token: other.accessToken,
        })
      ).status,
    ).toBe(404);
    const prime = await signIn(api.baseUrl, world.users.prime.email, world.users.prime.password);
    expect(
      (
        await call(api.baseUrl, 'GET', `/open-data/programmes/${world.programmeId}/ocds`, {
          token: prime.accessToken,
        })
      ).status,
    ).toBe(404);
  });
});

describe('the official OCDS schema files', () => {
  // The Git blob ids of the upstream files (schema/README.md): any edit to a byte fails here.
  const gitBlob = (file: string) => {
    const bytes = fs.readFileSync(path.join(OCDS_SCHEMA_DIR, file));
    return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  };
  it('are the published bytes of OCDS 1.1.5 and the subcontracting extension', () => {
    expect({
      package: gitBlob('ocds-1__1__5/release-package-schema.json'),
      release: gitBlob('ocds-1__1__5/release-schema.json'),
      extension: gitBlob('extensions/subcontracting/extension.json'),
      extensionSchema: gitBlob('extensions/subcontracting/release-schema.json'),
    }).toEqual({
      package: 'aefaa2df1cf93ab0c9320722e53185a797931db7',
      release: '38a70b5c58c42a24ae609b92f0dcb82618f742bb',
      extension: 'ae7406f5d2825ef0389c3d861665a46cf1881474',
      extensionSchema: 'c55bd54dfc9b326792f269eb17822abeccb50611',
    });
  });

  it('are really checked, formats included: a payment reference as a transaction source is refused', () => {
    const release = {
      ocid: 'ocds-t3stwm-1',
      id: 'ocds-t3stwm-1-1',
      date: '2026-01-01T00:00:00Z',
      tag: ['implementation'],
      initiationType: 'tender',
      contracts: [
        {
          id: 'c',
          awardID: 'a',
          implementation: { transactions: [{ id: 't', source: 'BACS-NB-FV-2024-11-12' }] },
        },
      ],
    };
    const pkg = {
      uri: 'https://x.example/p',
      version: '1.1',
      publishedDate: '2026-01-01T00:00:00Z',
      publisher: { name: 'x' },
      releases: [release],
    };
    expect(core(pkg)).toBe(false);
    expect(describeErrors(core.errors)).toEqual([
      '/releases/0/contracts/0/implementation/transactions/0/source: must match format "uri"',
    ]);
    expect(
      core({ ...pkg, releases: [{ ...release, initiationType: undefined, contracts: undefined }] }),
    ).toBe(false);
    expect(describeErrors(core.errors).join()).toContain('initiationType');
  });

  it('converts pence to GBP amounts exactly', () => {
    expect([
      penceToAmount('0'),
      penceToAmount('5'),
      penceToAmount('123456'),
      penceToAmount('-99'),
      penceToAmount('1800000000'),
    ]).toEqual([0, 0.05, 1234.56, -0.99, 18000000]);
  });
});
