// Hostile input against every route in the OpenAPI document (W8): malformed
// bodies, path parameters, query strings, headers and content types, generated
// with fast-check from a fixed seed, sent with a valid token for a principal
// the route's policy admits. Never a 5xx; every 4xx is a problem document
// whose `status` matches; JSON over 1 MB is refused with 413 before the body
// is read; every CSV export neutralises cells starting with = + - @.
// (Here rather than test/resilience: the `repo` Jest project does not parse
// the decorators createTestApp needs.)
import 'reflect-metadata';
import http from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { addDays, ORGANISATION_KINDS, ROLES, type OrganisationKind } from '@waymark/domain';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import openapi from '../../../openapi.json';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoData } from '@waymark/db';
import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../../test-support/http';
import { aClaimAt, aClaimsWorld, today } from '../../claims/claims.test-world';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { ReferralImportJob } from '../../referral-imports/referral-import.job';
import { ACCESS_POLICY, type AccessPolicy } from '../auth/access.decorator';

jest.setTimeout(240_000);

const SEED = 20_261_208;
const CASES_PER_ROUTE = 12;
/** Routes that end the caller's own session or credentials; fuzzing them would only log our principals out. */
const SKIPPED = /^\/auth\/(sign-out|sessions)|\/revoke$/;
/** Found by this test and not yet fixed (see docs/resilience.md), as `METHOD /path [case]`. None today. */
const KNOWN_UNFIXED = new Set<string>();

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string; required: boolean; schema: { type?: string; enum?: string[] } }[];
  headerParams: string[];
  jsonBody: boolean;
  multipart: boolean;
  policy: AccessPolicy | undefined;
}

let api: TestApp;
const tokens = new Map<OrganisationKind, string>();
const emails = new Map<OrganisationKind, string>();
const failures: string[] = [];
let requestsSent = 0;

function operations(): Operation[] {
  const policies = routePolicies(api.app);
  const result: Operation[] = [];
  for (const [path, methods] of Object.entries(
    (openapi as { paths: Record<string, Record<string, any>> }).paths,
  )) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []) as {
        name: string;
        in: string;
        required?: boolean;
        schema?: any;
      }[];
      const content = Object.keys(op.requestBody?.content ?? {});
      result.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema ?? {} })),
        headerParams: parameters.filter((p) => p.in === 'header').map((p) => p.name),
        jsonBody: content.includes('application/json'),
        multipart: content.includes('multipart/form-data'),
        policy: policies.get(`${method.toUpperCase()} ${path}`),
      });
    }
  }
  return result;
}

/** `METHOD /openapi/{path}` → the route's access policy, read from Nest's metadata like the authorisation matrix. */
function routePolicies(app: TestApp['app']): Map<string, AccessPolicy> {
  const container = (
    app as unknown as {
      container: {
        getModules(): Map<
          string,
          { controllers: Map<unknown, { metatype: new (...args: never[]) => object }> }
        >;
      };
    }
  ).container;
  const policies = new Map<string, AccessPolicy>();
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const routePath = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = `/${[prefix, routePath].filter((part) => part && part !== '/').join('/')}`
          .replace(/\/+/g, '/')
          .replace(/:([A-Za-z]+)/g, '{$1}');
        const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ??
          Reflect.getMetadata(ACCESS_POLICY, controller)) as AccessPolicy | undefined;
        if (policy) policies.set(`${RequestMethod[method]} ${path}`, policy);
      }
    }
  }
  return policies;
}

// ── generators ────────────────────────────────────────────────────────────
const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFFFF',
    '\uD800',
    '‮evil',
    '💥'.repeat(50),
    "' OR 1=1 --",
    '../../etc/passwd',
    '%00',
    '%',
    '{{7*7}}',
    '=cmd|/c calc',
    'NaN',
    '-1',
    '1e309',
    'null',
    'true',
    '[]',
    '{}',
  ),
  fc.constant('x'.repeat(100_000)),
);
const pollutingKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'toString',
  'hasOwnProperty',
);
const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(
      null,
      true,
      false,
      Number.MAX_SAFE_INTEGER,
      -1,
      0,
      1e308,
      '2026-02-30',
      '00000000-0000-4000-8000-000000000000',
    ),
    // W13: the classes PostgreSQL refused with a 500 (22021, 22008, 22003).
    fc.constantFrom(
      'a\u0000b',
      'x\u001b[0m',
      '0000-01-01',
      '3000-01-01',
      2 ** 31,
      -(2 ** 31) - 1,
      1e22,
      '10000000000000000000000',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), pollutingKey), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;
const junkBody = fc.oneof(
  junkValue,
  fc.record({
    __proto__: fc.record({ isAdmin: fc.constant(true), status: fc.constant('PAID') }),
  }),
  fc.constant(nest(2000)),
);
function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
const pathJunk = fc.oneof(
  nastyString.filter((s) => s.length < 5000),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    '..',
    '.',
    'template.csv',
    '1',
    '-1',
    'ffffffff-ffff-ffff-ffff-fffffffffffZ',
  ),
);
const queryJunk = fc.oneof(
  nastyString.filter((s) => s.length < 5000),
  fc.constantFrom(
    '-1',
    '0',
    '99999999999999999999',
    '1.5',
    'csv',
    'xlsx',
    '2026-13-45',
    'true',
    'a\u0000b',
    '0000-01-01',
    '0000-01',
    '3000-01-01',
    '2147483648',
    '1e22',
  ),
);

const sample = <T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] =>
  fc.sample(arb, { numRuns: n, seed: SEED + salt });

// ── sending and judging ───────────────────────────────────────────────────
async function send(
  op: Operation,
  description: string,
  request: {
    path: string;
    body?: string | Buffer;
    contentType?: string;
    headers?: Record<string, string>;
  },
): Promise<number> {
  if (KNOWN_UNFIXED.has(`${op.method} ${op.path} [${description}]`)) return 0;
  const kind = pickKind(op);
  const headers: Record<string, string> = {
    ...(kind ? { authorization: `Bearer ${tokens.get(kind)}` } : {}),
    ...request.headers,
  };
  if (request.contentType) headers['content-type'] = request.contentType;
  if (op.headerParams.includes('Idempotency-Key') && !headers['idempotency-key'])
    headers['idempotency-key'] = `fuzz-${requestsSent}`;
  requestsSent++;
  let response: Response;
  try {
    response = await fetch(`${api.baseUrl}${request.path}`, {
      method: op.method,
      headers,
      body: op.method === 'GET' || op.method === 'HEAD' ? undefined : request.body,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    failures.push(
      `${op.method} ${op.path} [${description}] → no answer: ${(error as Error).message}`,
    );
    return 0;
  }
  const text = await response.text();
  const where = `${op.method} ${request.path.slice(0, 120)} [${description}]`;
  if (response.status >= 500) failures.push(`${where} → ${response.status}: ${text.slice(0, 200)}`);
  if (response.status >= 400) {
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('application/problem+json'))
      failures.push(`${where} → ${response.status} with content-type ${type || 'none'}`);
    else {
      try {
        const problem = JSON.parse(text) as { status?: number; type?: string; title?: string };
        if (problem.status !== response.status || !problem.type || !problem.title)
          failures.push(`${where} → ${response.status} but problem ${text.slice(0, 200)}`);
      } catch {
        failures.push(`${where} → ${response.status}: problem+json that does not parse`);
      }
    }
  }
  if (response.status === 401 && kind) await renewToken(kind);
  return response.status;
}

function pickKind(op: Operation): OrganisationKind | undefined {
  if (!op.policy) return undefined;
  return op.policy.parties.find((party) => tokens.has(party));
}

async function renewToken(kind: OrganisationKind): Promise<void> {
  tokens.set(kind, (await signIn(api.baseUrl, emails.get(kind)!, TEST_PASSWORD)).accessToken);
}

/** encodeURIComponent throws on lone surrogates, which fast-check generates; a client could not send them either. */
const wellFormed = (value: string): string =>
  value.replace(/[\uD800-\uDFFF]/g, (char, index: number, whole: string) => {
    const code = char.charCodeAt(0);
    const next = whole.charCodeAt(index + 1);
    const prev = whole.charCodeAt(index - 1);
    const paired =
      code <= 0xdbff ? next >= 0xdc00 && next <= 0xdfff : prev >= 0xd800 && prev <= 0xdbff;
    return paired ? char : '\uFFFD';
  });

const fill = (op: Operation, values: Record<string, string> = {}) =>
  op.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
    encodeURIComponent(wellFormed(values[name] ?? '00000000-0000-4000-8000-000000000000')),
  );

function validishQuery(op: Operation): URLSearchParams {
  const query = new URLSearchParams();
  for (const param of op.queryParams)
    if (param.required)
      query.set(
        param.name,
        param.schema.enum?.[0] ??
          (param.name.includes('period') || /from|to/.test(param.name) ? '2026-01-01' : '1'),
      );
  return query;
}

beforeAll(async () => {
  api = await createTestApp();
  for (const kind of ORGANISATION_KINDS) {
    const { user } = await aMember(api.db.pool, { kind, roles: [...ROLES] });
    emails.set(kind, user.email);
    await renewToken(kind);
  }
});
afterAll(async () => {
  await api?.close();
});

describe('hostile input on every route', () => {
  it('never answers 5xx, and answers every 4xx with a problem document of the same status', async () => {
    const ops = operations().filter((op) => !SKIPPED.test(op.path));
    expect(ops.length).toBeGreaterThan(50);
    const started = Date.now();
    let salt = 0;
    for (const op of ops) {
      salt++;
      const base = `${fill(op)}?${validishQuery(op).toString()}`;
      // Malformed bodies: junk JSON values, prototype-pollution keys, deep nesting, invalid JSON text, wrong content types.
      if (op.method !== 'GET') {
        for (const body of sample(junkBody, CASES_PER_ROUTE, salt))
          await send(op, 'junk json body', {
            path: base,
            body: JSON.stringify(body) ?? 'null',
            contentType: 'application/json',
          });
        await send(op, 'proto pollution text', {
          path: base,
          body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
          contentType: 'application/json',
        });
        await send(op, 'invalid json text', {
          path: base,
          body: '{"a": 1,, "b": [}',
          contentType: 'application/json',
        });
        await send(op, 'truncated json', {
          path: base,
          body: '{"a": "',
          contentType: 'application/json',
        });
        await send(op, 'text/plain body', { path: base, body: 'hello', contentType: 'text/plain' });
        await send(op, 'xml body', {
          path: base,
          body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
          contentType: 'application/xml',
        });
        await send(op, 'bogus multipart', {
          path: base,
          body: '--b\r\ncontent-disposition: form-data; name="file"; filename="../../x.csv"\r\n\r\n=cmd\r\n--b--',
          contentType: 'multipart/form-data; boundary=b',
        });
        await send(op, 'multipart cut short', {
          path: base,
          body: '--b\r\ncontent-disposition: form-data; name="file"; filename="x.csv"\r\n\r\nexternal_reference\r\n',
          contentType: 'multipart/form-data; boundary=b',
        });
        await send(op, 'multipart without boundary', {
          path: base,
          body: 'x',
          contentType: 'multipart/form-data',
        });
        await send(op, 'json with charset junk', {
          path: base,
          body: '{}',
          contentType: 'application/json; charset=utf-7',
        });
      }
      // Path parameters.
      if (op.pathParams.length > 0) {
        for (const value of sample(pathJunk, CASES_PER_ROUTE, salt + 10_000)) {
          const values = Object.fromEntries(op.pathParams.map((name) => [name, value]));
          await send(op, 'junk path param', {
            path: fill(op, values),
            body: op.method === 'GET' ? undefined : '{}',
            contentType: op.method === 'GET' ? undefined : 'application/json',
          });
        }
      }
      // Query strings: every declared parameter with junk, repeated keys, and pollution keys.
      for (const value of sample(queryJunk, CASES_PER_ROUTE, salt + 20_000)) {
        const query = validishQuery(op);
        for (const param of op.queryParams) query.set(param.name, value);
        query.append('__proto__[polluted]', '1');
        query.append('constructor[prototype][polluted]', '1');
        for (const param of op.queryParams.slice(0, 1)) query.append(param.name, value);
        await send(op, 'junk query', {
          path: `${fill(op)}?${query.toString()}`,
          body: op.method === 'GET' ? undefined : '{}',
          contentType: op.method === 'GET' ? undefined : 'application/json',
        });
      }
      // Headers: junk idempotency key and If-Match.
      await send(op, 'junk headers', {
        path: base,
        body: op.method === 'GET' ? undefined : '{}',
        contentType: op.method === 'GET' ? undefined : 'application/json',
        headers: {
          'idempotency-key': 'k'.repeat(5000),
          'if-match': '"\u00ff',
          'x-request-id': '../../x',
        },
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    process.stdout.write(
      `hostile input: ${requestsSent} requests over ${ops.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} failures\n`,
    );
    expect(failures).toEqual([]);
  });

  it('refuses JSON over 1 MB with a 413 problem before the body has been sent', async () => {
    const targets = [
      '/auth/sign-in',
      ...operations()
        .filter((op) => op.jsonBody && op.method === 'POST')
        .slice(0, 5)
        .map((op) => fill(op)),
    ];
    for (const path of targets) {
      const answer = await postDeclaringHugeBody(path, tokens.get('PRIME')!);
      expect({ path, status: answer.status, type: answer.contentType }).toEqual({
        path,
        status: 413,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(JSON.parse(answer.body)).toMatchObject({ status: 413 });
      // Only 1 KB of a declared 5 MB went out: it was refused on the declared length, not after buffering.
      expect(answer.bytesSent).toBeLessThan(64 * 1024);
    }
  });
});

// ── hostile values in otherwise valid requests (W13) ───────────────────────
// Each request below would succeed but for one value: a NUL or other control
// character in text, a year-0000 or year-3000 date, an integer beyond its
// column. Before the shared primitives (common/dto/primitives.ts) these
// reached PostgreSQL and came back as 500 (22021, 22008, 22003).
const NUL = 'a\u0000b';

describe('hostile values in otherwise valid requests', () => {
  it('refuses NUL and control characters, year 0000 dates and out-of-range integers with a 400 problem, and writes nothing', async () => {
    const world = await aClaimsWorld(api);
    const { referralId } = await world.aReferral({ attachedDaysAgo: 60 });
    const submitted = await aClaimAt(api, world, 'SUBMITTED');
    const claim = await call<{ claim: { version: number } }>(
      api.baseUrl,
      'GET',
      `/claims/${submitted.id}`,
      { token: world.people.primeFinance.token },
    );
    const referral = await call<{ referral: { version: number } }>(
      api.baseUrl,
      'GET',
      `/referrals/${referralId}`,
      { token: world.people.subCaseworker.token },
    );
    const occurredOn = addDays(today(), -10);
    const { subCaseworker, primeFinance } = world.people;
    const cases: {
      name: string;
      token: string;
      method: string;
      path: string;
      body?: unknown;
      headers?: Record<string, string>;
    }[] = [
      {
        name: 'NUL in activity notes',
        token: subCaseworker.token,
        method: 'POST',
        path: `/referrals/${referralId}/activities`,
        body: { kind: 'NOTE', occurredOn, notes: NUL },
      },
      {
        name: 'escape character in an employer',
        token: subCaseworker.token,
        method: 'POST',
        path: `/referrals/${referralId}/activities`,
        body: {
          kind: 'JOB_START',
          occurredOn,
          employer: 'Acme\u001b[31m',
          hoursPerWeek: 30,
          hourlyPayPence: '1200',
        },
      },
      {
        name: 'year 0000 occurredOn',
        token: subCaseworker.token,
        method: 'POST',
        path: `/referrals/${referralId}/activities`,
        body: { kind: 'NOTE', occurredOn: '0000-01-01', notes: 'n' },
      },
      {
        name: 'NUL in caseload search',
        token: subCaseworker.token,
        method: 'GET',
        path: '/caseload?search=a%00b',
      },
      {
        name: 'year 0000 lastActivityBefore',
        token: subCaseworker.token,
        method: 'GET',
        path: '/caseload?lastActivityBefore=0000-01-01',
      },
      {
        name: 'year 0000 milestoneFrom',
        token: primeFinance.token,
        method: 'GET',
        path: '/claims?milestoneFrom=0000-01-01',
      },
      {
        name: 'occurrence 2^31',
        token: subCaseworker.token,
        method: 'POST',
        path: '/claims',
        body: { referralId, milestoneCode: 'ATTACHMENT', occurrence: 2 ** 31 },
      },
      {
        name: 'occurrence 10^22',
        token: subCaseworker.token,
        method: 'POST',
        path: '/claims',
        body: { referralId, milestoneCode: 'ATTACHMENT', occurrence: 1e22 },
      },
      {
        name: 'NUL in a claim transition reason',
        token: primeFinance.token,
        method: 'POST',
        path: `/claims/${submitted.id}/transitions`,
        body: { to: 'QUERIED', reason: NUL },
        headers: { 'if-match': `"${claim.body.claim.version}"` },
      },
      {
        name: 'NUL in an exit reason',
        token: subCaseworker.token,
        method: 'POST',
        path: `/referrals/${referralId}/exit`,
        body: { reason: NUL, exitedOn: occurredOn },
        headers: { 'if-match': `"${referral.body.referral.version}"` },
      },
      {
        name: 'NUL in a bank statement file name',
        token: primeFinance.token,
        method: 'POST',
        path: '/reconciliation/bank-statements',
        body: { filename: NUL, csv: `date,reference,amount\n${occurredOn},PAY-1,1.00` },
      },
      {
        name: 'NUL in a bank statement reference',
        token: primeFinance.token,
        method: 'POST',
        path: '/reconciliation/bank-statements',
        body: { filename: 's.csv', csv: `date,reference,amount\n${occurredOn},"PAY\u0000",1.00` },
      },
      {
        name: 'bank statement amount of 10^22 pence',
        token: primeFinance.token,
        method: 'POST',
        path: '/reconciliation/bank-statements',
        body: {
          filename: 's.csv',
          csv: `date,reference,amount\n${occurredOn},PAY-1,100000000000000000000`,
        },
      },
      {
        name: 'bank statement amount of -10^22 pence',
        token: primeFinance.token,
        method: 'POST',
        path: '/reconciliation/bank-statements',
        body: {
          filename: 's.csv',
          csv: `date,reference,amount\n${occurredOn},PAY-1,-100000000000000000000`,
        },
      },
      {
        name: 'bank statement dated year 0000',
        token: primeFinance.token,
        method: 'POST',
        path: '/reconciliation/bank-statements',
        body: { filename: 's.csv', csv: `date,reference,amount\n0000-01-01,PAY-1,1.00` },
      },
      {
        name: 'NUL in an API key name',
        token: tokens.get('PRIME')!,
        method: 'POST',
        path: '/api-keys',
        body: { name: NUL, roles: ['CASEWORKER'], scopes: ['claims:read'] },
      },
      {
        name: 'NUL in an invitation display name',
        token: tokens.get('PRIME')!,
        method: 'POST',
        path: '/invitations',
        body: { email: `nul-${SEED}@example.org`, displayName: NUL, roles: ['CASEWORKER'] },
      },
      {
        name: 'year 0000 analytics month',
        token: tokens.get('COMMISSIONER')!,
        method: 'GET',
        path: '/analytics/spend?from=0000-01',
      },
      {
        name: 'date of birth in the year 3000',
        token: tokens.get('REFERRAL_PARTNER')!,
        method: 'POST',
        path: '/referrals',
        body: {
          primeContractId: world.primeContractId,
          participant: { niNumber: 'AB123456C', dateOfBirth: '3000-01-01', benefitType: 'UC' },
        },
      },
    ];
    const writes = async () =>
      (
        await api.db.pool.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM audit_event) + (SELECT count(*) FROM activity) + (SELECT count(*) FROM bank_statement_import) AS n`,
        )
      ).rows[0]!.n;
    const before = await writes();
    const answers: Record<string, unknown> = {};
    for (const hostile of cases) {
      const answer = await call(api.baseUrl, hostile.method, hostile.path, {
        token: hostile.token,
        body: hostile.body,
        headers: { 'idempotency-key': `hostile-${hostile.name}`, ...hostile.headers },
      });
      const problem = answer.body as { status?: number; errors?: unknown[] };
      answers[hostile.name] = {
        status: answer.status,
        isProblem: /^application\/problem\+json/.test(answer.headers.get('content-type') ?? ''),
        problemStatus: problem.status,
        namesAField: (problem.errors?.length ?? 0) > 0,
      };
    }
    expect(answers).toEqual(
      Object.fromEntries(
        cases.map((hostile) => [
          hostile.name,
          { status: 400, isProblem: true, problemStatus: 400, namesAField: true },
        ]),
      ),
    );
    expect(await writes()).toBe(before);
  });

  it('documents a bound on every string and integer a request carries (openapi.json)', () => {
    /** Fields exempt, with the reason: none is ever stored or shown as text. */
    const EXEMPT: Record<string, string> = {
      'POST /auth/sign-in body.password':
        'a secret: only its argon2 hash is kept, any character may be in it',
      'POST /auth/password body.currentPassword': 'a secret, compared with its hash',
      'POST /auth/password body.newPassword': 'a secret: only its argon2 hash is kept',
      'POST /invitations/accept body.password': 'a secret: only its argon2 hash is kept',
      'POST /auth/refresh body.refreshToken': 'a secret: looked up by its SHA-256',
      'POST /claim-samples body.seed': 'a 32-bit PRNG seed, stored as text',
    };
    const unbounded: string[] = [];
    const isBoundedPattern = (pattern: string) =>
      pattern.startsWith('^') &&
      pattern.endsWith('$') &&
      !/[*+]|\{\d+,\}/.test(pattern.replace(/\\./g, ''));
    const checkSchema = (schema: any, where: string): void => {
      if (!schema || typeof schema !== 'object' || where in EXEMPT) return;
      if (schema.$ref) return checkSchema(resolveRef(schema.$ref as string), where);
      for (const key of ['allOf', 'anyOf', 'oneOf'] as const)
        for (const [index, part] of ((schema[key] ?? []) as unknown[]).entries())
          checkSchema(part, `${where}|${index}`);
      if (schema.type === 'object' || schema.properties)
        for (const [name, property] of Object.entries(
          (schema.properties ?? {}) as Record<string, unknown>,
        ))
          checkSchema(property, `${where}.${name}`);
      if (schema.type === 'array') checkSchema(schema.items, `${where}[]`);
      if (
        schema.type === 'string' &&
        !schema.enum &&
        schema.const === undefined &&
        !['uuid', 'email', 'binary'].includes(schema.format as string)
      ) {
        if (schema.format === 'date') {
          if (
            !schema.pattern ||
            ['0000-01-01', '3000-01-01'].some((day) =>
              new RegExp(schema.pattern as string, 'u').test(day),
            )
          )
            unbounded.push(`${where}: a date without a plausible range`);
        } else if (!schema.pattern || new RegExp(schema.pattern as string, 'u').test(NUL))
          unbounded.push(`${where}: text that may carry control characters`);
        else if (schema.maxLength === undefined && !isBoundedPattern(schema.pattern as string))
          unbounded.push(`${where}: text without a length bound`);
      }
      if (schema.enum || schema.const !== undefined) return;
      if (
        schema.type === 'integer' &&
        (schema.minimum === undefined ||
          schema.maximum === undefined ||
          schema.minimum < -(2 ** 31) ||
          schema.maximum > 2 ** 31 - 1)
      )
        unbounded.push(`${where}: an integer beyond int4`);
      if (schema.type === 'number' && schema.maximum === undefined)
        unbounded.push(`${where}: a number without a maximum`);
    };
    const document = openapi as unknown as { paths: Record<string, Record<string, any>> };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const parameter of (op.parameters ?? []) as {
          name: string;
          in: string;
          schema?: unknown;
        }[])
          if (parameter.in !== 'header')
            checkSchema(
              parameter.schema,
              `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}`,
            );
        checkSchema(
          op.requestBody?.content?.['application/json']?.schema,
          `${method.toUpperCase()} ${path} body`,
        );
      }
    }
    expect(unbounded).toEqual([]);
  });
});

function resolveRef(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], openapi);
}

/** Declares a 5 MB JSON body, sends 1 KB of it, and waits (bounded) for the answer. */
function postDeclaringHugeBody(
  path: string,
  token: string,
): Promise<{ status: number; contentType: string; body: string; bytesSent: number }> {
  const url = new URL(`${api.baseUrl}${path}`);
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(5 * 1024 * 1024),
          authorization: `Bearer ${token}`,
          'idempotency-key': `big-${Date.now()}`,
        },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          request.destroy();
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body,
            bytesSent,
          });
        });
      },
    );
    request.on('error', (error) => (bytesSent > 0 ? undefined : reject(error)));
    request.setTimeout(10_000, () =>
      reject(new Error(`${path}: no answer within 10 s to a declared 5 MB body`)),
    );
    const chunk = `{"pad":"${'x'.repeat(1024)}`;
    request.write(chunk);
    bytesSent += chunk.length;
  });
}

describe('CSV exports', () => {
  it('neutralises cells starting with = + - @ in every CSV export in the OpenAPI document', async () => {
    await seedDemoData({ databaseUrl: api.db.url, asOf: '2026-11-25' });
    await poisonTextColumns();
    await importFileWithFormulaCells();
    const demoTokens = new Map<string, { token: string; kind: string; role: string }>();
    const { rows: users } = await api.db.pool.query<{
      email: string;
      kind: string;
      roles: string[];
    }>(
      `SELECT u.email, o.kind::text AS kind, u.roles::text[] AS roles FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.email = ANY($1)`,
      [DEMO_LOGINS.map((login) => login.email)],
    );
    const tokenFor = async (policy: AccessPolicy): Promise<string[]> => {
      const found: string[] = [];
      for (const user of users) {
        if (
          !policy.parties.includes(user.kind as never) ||
          !user.roles.some((role) => policy.roles.includes(role as never))
        )
          continue;
        if (!demoTokens.has(user.email))
          demoTokens.set(user.email, {
            token: (await signIn(api.baseUrl, user.email, DEMO_PASSWORD)).accessToken,
            kind: user.kind,
            role: user.roles[0]!,
          });
        found.push(demoTokens.get(user.email)!.token);
      }
      return found;
    };
    const exports = operations().filter(
      (op) =>
        op.method === 'GET' &&
        (/(\.csv|\/csv)$/.test(op.path) ||
          op.queryParams.some((p) => p.name === 'format' && p.schema.enum?.includes('csv'))),
    );
    expect(exports.length).toBeGreaterThanOrEqual(5);
    const report: string[] = [];
    const offending: string[] = [];
    for (const op of exports) {
      const ids = await candidateIds(op.path);
      const query = validishQuery(op);
      if (op.queryParams.some((p) => p.name === 'format')) query.set('format', 'csv');
      if (op.queryParams.some((p) => p.name === 'periodStart'))
        query.set('periodStart', '2020-01-01');
      if (op.queryParams.some((p) => p.name === 'periodEnd')) query.set('periodEnd', '2026-12-31');
      let exercised = 0;
      let cells = 0;
      for (const token of await tokenFor(op.policy!)) {
        for (const id of ids.slice(0, 6)) {
          const response = await fetch(`${api.baseUrl}${fill(op, { id })}?${query.toString()}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const text = await response.text();
          if (response.status !== 200) continue;
          exercised++;
          const rows: string[][] = parse(text, { relax_column_count: true });
          for (const row of rows) {
            for (const cell of row) {
              cells++;
              if (/^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell)))
                offending.push(`${op.path}: ${JSON.stringify(cell.slice(0, 60))}`);
            }
          }
        }
      }
      report.push(`${op.path}: ${exercised} exports, ${cells} cells`);
    }
    process.stdout.write(`CSV exports checked:\n  ${report.join('\n  ')}\n`);
    expect(offending.slice(0, 20)).toEqual([]);
    expect(report.filter((line) => line.includes(': 0 exports'))).toEqual([]);
  });
});

/** A referral import whose rejected rows carry formula-looking values, so errors.csv has something to neutralise. */
async function importFileWithFormulaCells(): Promise<void> {
  const login = DEMO_LOGINS.find((l) => l.email.includes('jobcentre'))!;
  const { accessToken } = await signIn(api.baseUrl, login.email, DEMO_PASSWORD);
  const { rows } = await api.db.pool.query<{ id: string }>(
    `SELECT id FROM prime_contract ORDER BY id LIMIT 1`,
  );
  const template = await (
    await fetch(`${api.baseUrl}/referral-imports/template.csv`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
  ).text();
  const header = template.split(/\r?\n/)[0]!;
  const bad = ['=cmd|/c calc', '+1+1', '-2+3', '@SUM(A1)']
    .map((value) =>
      header
        .split(',')
        .map(() => value)
        .join(','),
    )
    .join('\r\n');
  const form = new FormData();
  form.append('primeContractId', rows[0]!.id);
  form.append('mode', 'valid-rows');
  form.append('file', new Blob([`${header}\r\n${bad}\r\n`], { type: 'text/csv' }), 'formulas.csv');
  const response = await fetch(`${api.baseUrl}/referral-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
    body: form,
  });
  const body = (await response.json()) as { referralImport?: { id: string } };
  if (!body.referralImport)
    throw new Error(`could not upload a referral file: ${JSON.stringify(body)}`);
  await api.app.get(ReferralImportJob).run(body.referralImport.id);
}

/** Ids a CSV route could be asked for, by what its path names. */
async function candidateIds(path: string): Promise<string[]> {
  const table = path.startsWith('/remittances')
    ? 'remittance'
    : path.startsWith('/statements/subcontracts')
      ? 'subcontract'
      : path.startsWith('/programmes')
        ? 'programme'
        : path.startsWith('/referral-imports')
          ? 'referral_import'
          : null;
  if (!table || !path.includes('{id}')) return ['-'];
  const { rows } = await api.db.pool.query<{ id: string }>(
    `SELECT id FROM ${table} ORDER BY id LIMIT 20`,
  );
  return rows.map((row) => row.id);
}

/**
 * Prefixes the text that exports print (names, references, descriptions,
 * notes) with = + - @ so a missing neutralisation shows. Each update is
 * best-effort: a CHECK or an append-only trigger simply keeps the original.
 */
async function poisonTextColumns(): Promise<void> {
  const { rows } = await api.db.pool.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = 'text'
       AND c.column_name ~ '(name|reference|description|note|reason|title|purpose)$' AND c.column_name !~ 'email|hash|key' AND c.table_name NOT IN ('audit_event', 'ledger_entry', 'ledger_transaction', '_waymark_migrations')`,
  );
  const prefixes = ['=HYPERLINK("http://evil.test")&', '+SUM(1)+', '-2+3+', '@SUM(1)'];
  const client = await api.db.pool.connect();
  try {
    for (const [index, { table_name, column_name }] of rows.entries()) {
      await client.query('BEGIN');
      try {
        await client.query(
          `UPDATE "${table_name}" SET "${column_name}" = $1 || "${column_name}" WHERE "${column_name}" IS NOT NULL`,
          [prefixes[index % prefixes.length]],
        );
        await client.query('COMMIT');
      } catch {
        await client.query('ROLLBACK');
      }
    }
  } finally {
    client.release();
  }
}
