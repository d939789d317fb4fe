import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../../test-support/http';
import { createTestApp, type TestApp } from '../../test-support/test-app';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

describe('GET /audit/verify', () => {
  it('lets a commissioner auditor verify the chain and names the first broken link after tampering', async () => {
    const auditor = await aMember(api.db.pool, { kind: 'COMMISSIONER', roles: ['AUDITOR'] });
    const { accessToken } = await signIn(api.baseUrl, auditor.user.email, TEST_PASSWORD);
    await signIn(api.baseUrl, auditor.user.email, TEST_PASSWORD);

    const intact = await call(api.baseUrl, 'GET', '/audit/verify', { token: accessToken });
    expect(intact.status).toBe(200);
    expect(intact.body.verification).toMatchObject({ isValid: true, firstBrokenSeq: null });
    expect(intact.body.verification.eventsChecked).toBeGreaterThanOrEqual(2);

    // A superuser deletes the first event behind the append-only trigger.
    await api.db.pool.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
    const { rows } = await api.db.pool.query<{ seq: string }>(
      'DELETE FROM audit_event WHERE seq = (SELECT min(seq) FROM audit_event) RETURNING seq::text',
    );
    await api.db.pool.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
    const broken = await call(api.baseUrl, 'GET', '/audit/verify', { token: accessToken });
    expect(broken.body.verification.isValid).toBe(false);
    expect(Number(broken.body.verification.firstBrokenSeq)).toBeGreaterThan(Number(rows[0]!.seq));
    expect(broken.body.verification.reason).toMatch(/removed or reordered/);
  });

  it('is not for subcontractors', async () => {
    const member = await aMember(api.db.pool, { kind: 'SUBCONTRACTOR', roles: ['AUDITOR'] });
    const { accessToken } = await signIn(api.baseUrl, member.user.email, TEST_PASSWORD);
    expect((await call(api.baseUrl, 'GET', '/audit/verify', { token: accessToken })).status).toBe(
      403,
    );
  });
});
