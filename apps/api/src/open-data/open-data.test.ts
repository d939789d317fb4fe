import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { anAnalyticsWorld } from '../analytics/analytics.test-world';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { penceToAmount } from './ocds-release-package';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'schema', name), 'utf8')) as object;

function validator() {
  const ajv = new Ajv({ allErrors: true });
  ajv.addSchema(schema('release-schema.json'));
  return ajv.compile(schema('release-package-schema.json'));
}

describe('OCDS open data', () => {
  it('publishes a programme as a release package that validates against the OCDS 1.1 schema, subcontracts linked to their parent', async () => {
    const world = await anAnalyticsWorld(api.db.pool);
    const { accessToken } = await signIn(api.baseUrl, world.users.commissioner.email, world.users.commissioner.password);
    const res = await call(api.baseUrl, 'GET', `/open-data/programmes/${world.programmeId}/ocds`, { token: accessToken });
    expect(res.status).toBe(200);
    const validate = validator();
    const isValid = validate(res.body);
    expect(validate.errors ?? []).toEqual([]);
    expect(isValid).toBe(true);

    const pkg = res.body;
    expect(pkg).toMatchObject({ version: '1.1', publisher: { name: expect.any(String) } });
    // One programme, two prime contracts, three subcontracts.
    expect(pkg.releases).toHaveLength(6);
    const byOcid = new Map<string, any>(pkg.releases.map((r: { ocid: string }) => [r.ocid, r]));
    const programme = pkg.releases[0];
    expect(programme.tag).toEqual(['planning', 'tender']);
    const c1 = byOcid.get(`ocds-wmk000-prime-contract-${world.contracts.c1}`);
    expect(c1.tag).toEqual(['award', 'contract', 'implementation']);
    expect(c1.relatedProcesses[0]).toMatchObject({ relationship: ['parent'], scheme: 'ocid', identifier: programme.ocid });
    expect(c1.contracts[0].implementation.transactions).toEqual([expect.objectContaining({ id: world.remittanceId, value: { amount: 4000, currency: 'GBP' } })]);
    expect(c1.contracts[0].milestones).toEqual([expect.objectContaining({ code: 'JOB_OUTCOME', type: 'payment' })]);
    const sc1 = byOcid.get(`ocds-wmk000-subcontract-${world.subcontracts.sc1}`);
    expect(sc1.relatedProcesses).toEqual([expect.objectContaining({ relationship: ['parent'], scheme: 'ocid', identifier: c1.ocid })]);
    expect(sc1.contracts[0].implementation.transactions).toEqual([expect.objectContaining({ id: world.payments.sp1, value: { amount: 2280, currency: 'GBP' } })]);
    // Charity and company numbers as org-id identifiers.
    expect(sc1.parties.find((p: { roles: string[] }) => p.roles.includes('supplier')).identifier.scheme).toBe('GB-CHC');
    // Every subcontract's parent is a prime contract in the same package.
    for (const release of pkg.releases.filter((r: { ocid: string }) => r.ocid.includes('-subcontract-'))) {
      expect(byOcid.has(release.relatedProcesses[0].identifier)).toBe(true);
    }
  });

  it('rejects a package missing required fields (the schema is really checked)', () => {
    const validate = validator();
    expect(validate({ uri: 'https://x.example/p', version: '1.1', publishedDate: '2026-01-01T00:00:00Z', publisher: { name: 'x' }, releases: [{ ocid: 'o', id: 'i', date: '2026-01-01T00:00:00Z', tag: ['award'] }] })).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('initiationType');
  });

  it('answers 404 to a commissioner that does not own the programme', async () => {
    const world = await anAnalyticsWorld(api.db.pool);
    const other = await signIn(api.baseUrl, world.users.otherCommissioner.email, world.users.otherCommissioner.password);
    expect((await call(api.baseUrl, 'GET', `/open-data/programmes/${world.programmeId}/ocds`, { token: other.accessToken })).status).toBe(404);
    const prime = await signIn(api.baseUrl, world.users.prime.email, world.users.prime.password);
    expect((await call(api.baseUrl, 'GET', `/open-data/programmes/${world.programmeId}/ocds`, { token: prime.accessToken })).status).toBe(403);
  });

  it('converts pence to GBP amounts exactly', () => {
    expect([penceToAmount('0'), penceToAmount('5'), penceToAmount('123456'), penceToAmount('-99'), penceToAmount('1800000000')]).toEqual([0, 0.05, 1234.56, -0.99, 18000000]);
  });
});
