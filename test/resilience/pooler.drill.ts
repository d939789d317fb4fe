// `npm run drill:pooler`: Waymark behind PgBouncer in transaction mode.
//
// A throw-away embedded PostgreSQL with the demo seed, Debian's PgBouncer in
// front of it (pool_mode = transaction, a server pool of SERVER_POOL
// connections: fewer than the INSTANCES × POOL_MAX the API instances open),
// and then:
//   control  one production API with the default (named, prepared) statements
//            through the pooler, under the mixed load: it must fail — the
//            drill's error check can fail, and this is the failure the switch
//            exists for;
//   drill    INSTANCES production APIs with DATABASE_POOLER=transaction through
//            the pooler (migrations and the job queue on DATABASE_DIRECT_URL),
//            under WORKERS concurrent clients for LOAD_SECONDS, each request
//            on a random instance: caseload pages (the one-round-trip scoped
//            read), referral detail, activity writes (audited), the home
//            dashboard, /auth/me, and sign-ins. Each request's answer is
//            checked: every caseload row a subcontractor receives is one of
//            its own referrals (known from the database), another
//            subcontractor's referral answers 404, and nothing else but 2xx.
//            Meanwhile, repeatedly: a session signed in on one instance, used
//            on the others (their principal caches warm), signed out on
//            another, and its very next request on every instance answers
//            401. PgBouncer's SHOW POOLS is sampled throughout: clients queued
//            for a server connection prove the instances shared them.
// Ends with the ledger and audit chain checks every drill ends with.
// Writes bench/results/pooler.md; exit code 1 when a check fails.
import path from 'node:path';
import { migrate } from '../../packages/db/src/index';
import {
  api,
  checkInvariants,
  seed,
  signInAs,
  startApi,
  startDrillDatabase,
  stopApi,
  waitReady,
  writeResult,
  type ApiProcess,
  type DrillDatabase,
} from './lib/harness';
import {
  bump,
  checksTable,
  describeCounts,
  invariantsCheck,
  percentile,
  type Check,
} from './lib/report';
import { startPgBouncer, type PgBouncer } from './lib/pgbouncer';

const INSTANCES = 4;
const POOL_MAX = 10;
const SERVER_POOL = 5;
const WORKERS = 32;
const LOAD_SECONDS = 30;
const CONTROL_SECONDS = 10;
const REVOCATIONS = 6;

interface Member {
  email: string;
  organisationId: string;
  kind: 'PRIME' | 'SUBCONTRACTOR';
  /** Referrals this organisation delivers (subcontractors), by id. */
  own: Set<string>;
  /** One live referral it delivers, for activity writes and detail reads. */
  writable: string | null;
  tokens: string[];
}

interface Tally {
  requests: number;
  byKind: Map<string, number>;
  /** Anything but the expected answer, with its kind and status. */
  errors: Map<string, number>;
  /** A row or record of another organisation reached the caller. */
  leaks: string[];
  latencies: number[];
  /** Activity writes answered 201. */
  activitiesCreated: number;
}

const today = new Date().toISOString().slice(0, 10);

async function findMembers(db: DrillDatabase): Promise<Member[]> {
  // Subcontractors with a caseworker and live referrals they deliver, and a prime caseworker.
  const { rows } = await db.pool.query<{
    email: string;
    organisation_id: string;
    kind: 'PRIME' | 'SUBCONTRACTOR';
  }>(
    `(SELECT DISTINCT ON (o.id) u.email, o.id AS organisation_id, o.kind::text AS kind
        FROM organisation o JOIN app_user u ON u.organisation_id = o.id AND 'CASEWORKER' = ANY(u.roles) AND u.is_active
       WHERE o.kind = 'SUBCONTRACTOR'
         AND EXISTS (SELECT 1 FROM referral r JOIN subcontract s ON s.id = r.subcontract_id WHERE s.subcontractor_id = o.id AND r.status IN ('ALLOCATED', 'ATTACHED'))
       ORDER BY o.id, u.email LIMIT 3)
     UNION ALL
     (SELECT u.email, o.id, o.kind::text FROM organisation o JOIN app_user u ON u.organisation_id = o.id AND 'CASEWORKER' = ANY(u.roles) AND u.is_active
       WHERE o.kind = 'PRIME' ORDER BY u.email LIMIT 1)`,
  );
  const members: Member[] = [];
  for (const row of rows) {
    const own = new Set<string>();
    let writable: string | null = null;
    if (row.kind === 'SUBCONTRACTOR') {
      const referrals = await db.pool.query<{ id: string; status: string }>(
        `SELECT r.id, r.status::text FROM referral r JOIN subcontract s ON s.id = r.subcontract_id WHERE s.subcontractor_id = $1 ORDER BY r.id`,
        [row.organisation_id],
      );
      for (const referral of referrals.rows) own.add(referral.id);
      writable =
        referrals.rows.find(
          (referral) => referral.status === 'ATTACHED' || referral.status === 'ALLOCATED',
        )?.id ?? null;
    }
    members.push({
      email: row.email,
      organisationId: row.organisation_id,
      kind: row.kind,
      own,
      writable,
      tokens: [],
    });
  }
  return members;
}

function newTally(): Tally {
  return {
    requests: 0,
    byKind: new Map(),
    errors: new Map(),
    leaks: [],
    latencies: [],
    activitiesCreated: 0,
  };
}

/** One request of the mix, checked against what the caller may see. */
async function oneRequest(
  instances: ApiProcess[],
  members: Member[],
  tally: Tally,
  step: number,
): Promise<void> {
  const instanceIndex = Math.floor(Math.random() * instances.length);
  const instance = instances[instanceIndex]!;
  const member = members[step % members.length]!;
  const token = member.tokens[instanceIndex]!;
  const subcontractors = members.filter((m) => m.kind === 'SUBCONTRACTOR');
  const stranger = subcontractors.find((m) => m !== member && m.writable);
  const kinds =
    member.kind === 'SUBCONTRACTOR'
      ? [
          'caseload',
          'caseload-attached',
          'referral',
          'foreign-referral',
          'activity',
          'dashboard',
          'me',
          'sign-in',
        ]
      : ['caseload', 'caseload-attached', 'dashboard', 'me'];
  const kind = kinds[Math.floor(Math.random() * kinds.length)]!;
  const started = performance.now();
  let status = 0;
  let expected = 200;
  try {
    switch (kind) {
      case 'caseload':
      case 'caseload-attached': {
        const response = await api<{ referrals: { referralId: string }[] }>(
          instance.url,
          'GET',
          kind === 'caseload'
            ? '/caseload?sort=-receivedAt'
            : '/caseload?status=ATTACHED&sort=lastActivity',
          { token },
        );
        status = response.status;
        if (status === 200 && member.kind === 'SUBCONTRACTOR') {
          for (const row of response.body.referrals)
            if (!member.own.has(row.referralId))
              tally.leaks.push(
                `${member.email} was shown referral ${row.referralId} on ${instance.name}`,
              );
        }
        break;
      }
      case 'referral':
        status = (await api(instance.url, 'GET', `/referrals/${member.writable}`, { token }))
          .status;
        break;
      case 'foreign-referral':
        if (!stranger?.writable) return;
        expected = 404;
        status = (await api(instance.url, 'GET', `/referrals/${stranger.writable}`, { token }))
          .status;
        if (status === 200)
          tally.leaks.push(
            `${member.email} read ${stranger.email}'s referral ${stranger.writable} on ${instance.name}`,
          );
        break;
      case 'activity':
        expected = 201;
        status = (
          await api(instance.url, 'POST', `/referrals/${member.writable}/activities`, {
            token,
            body: { kind: 'CONTACT', occurredOn: today, notes: `pooler drill ${step}` },
          })
        ).status;
        if (status === 201) tally.activitiesCreated++;
        break;
      case 'dashboard':
        status = (await api(instance.url, 'GET', '/dashboard', { token })).status;
        break;
      case 'me':
        status = (await api(instance.url, 'GET', '/auth/me', { token })).status;
        break;
      case 'sign-in':
        status = await signInAs(instance.url, member.email).then(
          () => 200,
          (error: unknown) => Number(/sign-in .*?: (\d+)/.exec(String(error))?.[1] ?? 0),
        );
        break;
    }
  } catch (error) {
    status = -1;
    bump(tally.errors, `${kind}: ${(error as Error).message.slice(0, 80)}`);
  }
  tally.requests++;
  tally.latencies.push(performance.now() - started);
  bump(tally.byKind, kind);
  if (status !== expected && status !== -1)
    bump(tally.errors, `${kind} answered ${status} (expected ${expected})`);
}

async function runLoad(
  instances: ApiProcess[],
  members: Member[],
  seconds: number,
  bouncer: PgBouncer,
): Promise<{
  tally: Tally;
  pools: {
    maxClientsActive: number;
    maxClientsWaiting: number;
    maxServersActive: number;
    samples: number;
  };
}> {
  const tally = newTally();
  const until = Date.now() + seconds * 1000;
  const pools = { maxClientsActive: 0, maxClientsWaiting: 0, maxServersActive: 0, samples: 0 };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const rows = await bouncer.show('POOLS').catch(() => []);
      const pool = rows.find((row) => row.database === 'waymark');
      if (pool) {
        pools.samples++;
        pools.maxClientsActive = Math.max(pools.maxClientsActive, Number(pool.cl_active));
        pools.maxClientsWaiting = Math.max(pools.maxClientsWaiting, Number(pool.cl_waiting));
        pools.maxServersActive = Math.max(pools.maxServersActive, Number(pool.sv_active));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  let step = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (Date.now() < until) await oneRequest(instances, members, tally, step++);
    }),
  );
  sampling = false;
  await sampler;
  return { tally, pools };
}

/** Sign in on one instance, use the session on every other, sign out on another: the next request anywhere is 401. */
async function revocationRound(
  instances: ApiProcess[],
  email: string,
  round: number,
): Promise<{ ok: boolean; detail: string }> {
  const signedInOn = round % instances.length;
  const signedOutOn = (round + 2) % instances.length;
  const token = await signInAs(instances[signedInOn]!.url, email);
  const before = await Promise.all(
    instances.map(
      async (instance) =>
        (await api(instance.url, 'GET', '/caseload?sort=-receivedAt', { token })).status,
    ),
  );
  const signOut = (await api(instances[signedOutOn]!.url, 'POST', '/auth/sign-out', { token }))
    .status;
  const after = await Promise.all(
    instances.map(async (instance) => [
      (await api(instance.url, 'GET', '/caseload?sort=-receivedAt', { token })).status,
      (await api(instance.url, 'GET', '/auth/me', { token })).status,
    ]),
  );
  const ok =
    before.every((status) => status === 200) &&
    signOut === 204 &&
    after.flat().every((status) => status === 401);
  return {
    ok,
    detail: `in on ${instances[signedInOn]!.name}, before ${before.join('/')}, out on ${instances[signedOutOn]!.name} ${signOut}, after (caseload, me) ${after.map((pair) => pair.join(',')).join(' / ')}`,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const checks: Check[] = [];
  const db = await startDrillDatabase();
  const storageDir = path.join(db.dataDir, 'storage');
  let bouncer: PgBouncer | undefined;
  const instances: ApiProcess[] = [];
  let control: ApiProcess | undefined;
  let controlLine = '';
  let loadLine = '';
  try {
    await migrate({ databaseUrl: db.url });
    await seed(db);
    bouncer = await startPgBouncer({
      serverUrl: db.url,
      directory: path.join(db.dataDir, 'pgbouncer'),
      poolMode: 'transaction',
      serverPoolSize: SERVER_POOL,
    });
    const members = await findMembers(db);
    const subcontractors = members.filter((member) => member.kind === 'SUBCONTRACTOR');
    if (subcontractors.length < 2 || subcontractors.some((member) => !member.writable))
      throw new Error(
        'the demo seed has fewer than two subcontractors with live referrals and a caseworker',
      );
    const revoker =
      (
        await db.pool.query<{ email: string }>(
          `SELECT u.email FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.id = $1 AND u.email <> $2 AND 'CASEWORKER' = ANY(u.roles) AND u.is_active ORDER BY u.email LIMIT 1`,
          [subcontractors[0]!.organisationId, subcontractors[0]!.email],
        )
      ).rows[0]?.email ?? subcontractors[1]!.email;

    // Control: named statements through the same pooler. Jobs and migrations off (they need a session connection).
    control = await startApi({
      name: 'control',
      databaseUrl: bouncer.url,
      storageDir,
      env: {
        MIGRATE_ON_START: 'false',
        JOBS_ENABLED: 'false',
        DATABASE_POOL_MAX: String(POOL_MAX),
      },
    });
    await waitReady(control, 120_000);
    for (const member of members) member.tokens = [await signInAs(control.url, member.email)];
    const controlRun = await runLoad([control], members, CONTROL_SECONDS, bouncer);
    await stopApi(control);
    const controlErrors = [...controlRun.tally.errors.values()].reduce((sum, n) => sum + n, 0);
    controlLine = `${controlRun.tally.requests} requests, ${controlErrors} errors (${describeCounts(controlRun.tally.errors)})`;
    checks.push({
      check:
        'control: the default named statements through the same pooler fail (the error check can fail)',
      ok: controlErrors > 0,
      detail: controlLine,
    });

    instances.push(
      ...(await Promise.all(
        Array.from({ length: INSTANCES }, (_, index) =>
          startApi({
            name: `api-${index + 1}`,
            databaseUrl: bouncer!.url,
            storageDir,
            env: {
              DATABASE_POOLER: 'transaction',
              DATABASE_DIRECT_URL: db.url,
              DATABASE_POOL_MAX: String(POOL_MAX),
            },
          }),
        ),
      )),
    );
    await Promise.all(instances.map((instance) => waitReady(instance, 120_000)));
    for (const member of members)
      member.tokens = await Promise.all(
        instances.map((instance) => signInAs(instance.url, member.email)),
      );
    const activitiesBefore = Number(
      (
        await db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM activity WHERE notes LIKE 'pooler drill %'`,
        )
      ).rows[0]!.n,
    );

    const revocations: { ok: boolean; detail: string }[] = [];
    const load = runLoad(instances, members, LOAD_SECONDS, bouncer);
    for (let round = 0; round < REVOCATIONS; round++)
      revocations.push(await revocationRound(instances, revoker, round));
    const { tally, pools } = await load;
    const errors = [...tally.errors.values()].reduce((sum, n) => sum + n, 0);
    const activityWrites =
      Number(
        (
          await db.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM activity WHERE notes LIKE 'pooler drill %'`,
          )
        ).rows[0]!.n,
      ) - activitiesBefore;
    loadLine = `${tally.requests} requests in ${LOAD_SECONDS} s (${(tally.requests / LOAD_SECONDS).toFixed(0)}/s) from ${WORKERS} clients over ${INSTANCES} instances; p50 ${percentile(tally.latencies, 50).toFixed(0)} ms, p95 ${percentile(tally.latencies, 95).toFixed(0)} ms, p99 ${percentile(tally.latencies, 99).toFixed(0)} ms; mix: ${[...tally.byKind.entries()].map(([kind, n]) => `${kind} ${n}`).join(', ')}`;
    checks.push({
      check: 'mixed load through the pooler: 0 errors (every answer the expected one)',
      ok: errors === 0 && tally.requests > 0,
      detail: `${loadLine}; errors: ${describeCounts(tally.errors)}`,
    });
    checks.push({
      check:
        'row-level security scoped per request: no subcontractor saw another’s referral, under interleaving',
      ok: tally.leaks.length === 0 && (tally.byKind.get('foreign-referral') ?? 0) > 0,
      detail: `${tally.leaks.length} leaks${tally.leaks.length ? ` (${tally.leaks.slice(0, 3).join('; ')})` : ''}; ${(tally.byKind.get('caseload') ?? 0) + (tally.byKind.get('caseload-attached') ?? 0)} caseload pages checked row by row, ${tally.byKind.get('foreign-referral') ?? 0} reads of another subcontractor’s referral (404 each)`,
    });
    checks.push({
      check: 'the instances shared the server connections (clients queued for one)',
      ok: pools.maxClientsWaiting > 0 && pools.maxServersActive <= SERVER_POOL,
      detail: `${INSTANCES} instances × pool ${POOL_MAX} = ${INSTANCES * POOL_MAX} client connections on ${SERVER_POOL} server connections; over ${pools.samples} samples of SHOW POOLS: up to ${pools.maxClientsActive} clients active, ${pools.maxClientsWaiting} waiting, ${pools.maxServersActive} servers active`,
    });
    checks.push({
      check: 'every activity write answered 201 is stored, once',
      ok: activityWrites === tally.activitiesCreated && activityWrites > 0,
      detail: `${activityWrites} activity rows for ${tally.activitiesCreated} writes answered 201`,
    });
    checks.push({
      check: `revocation is immediate on every instance (${REVOCATIONS} rounds during the load)`,
      ok: revocations.length === REVOCATIONS && revocations.every((round) => round.ok),
      detail: revocations
        .map((round) => `${round.ok ? 'ok' : 'FAILED'}: ${round.detail}`)
        .join('<br>'),
    });
    const logErrors = instances.flatMap((instance) =>
      instance.lines
        .filter((line) => /"level":(50|60)/.test(line))
        .map((line) => `${instance.name}: ${line.slice(0, 300)}`),
    );
    checks.push({
      check: 'no error in the API logs',
      ok: logErrors.length === 0,
      detail: logErrors.slice(0, 3).join('<br>') || 'none',
    });
    const invariants = await checkInvariants(db);
    checks.push(invariantsCheck(invariants));
  } finally {
    if (control) await stopApi(control);
    await Promise.all(instances.map((instance) => stopApi(instance)));
    await bouncer?.stop();
    await db.stop();
  }

  const ok = checks.every((check) => check.ok);
  const markdown = `# Behind PgBouncer in transaction mode

\`npm run drill:pooler\`, run ${new Date().toISOString().slice(0, 10)} on a 2-core machine shared with other work (${((Date.now() - started) / 1000).toFixed(0)} s), on the demo seed (small scale: 3,000 referrals).
Debian's PgBouncer 1.18 (\`pool_mode = transaction\`, \`default_pool_size = max_db_connections = ${SERVER_POOL}\`) in front of a throw-away embedded PostgreSQL 15.
Control: one production API (apps/api/dist) with the default named statements through the pooler, ${CONTROL_SECONDS} s of the mixed load.
Drill: ${INSTANCES} production APIs with \`DATABASE_POOLER=transaction\`, \`DATABASE_POOL_MAX=${POOL_MAX}\` through the pooler (migrations and the job queue on \`DATABASE_DIRECT_URL\`),
${WORKERS} concurrent clients for ${LOAD_SECONDS} s, each request on a random instance; ${REVOCATIONS} sign-in → use everywhere → sign-out → use everywhere rounds during the load.

${checksTable(checks)}
`;
  console.log(markdown);
  console.log(`written to ${writeResult('pooler.md', markdown)}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
