// `npm run drill:two-instances`: two production API processes start at the
// same moment on one EMPTY database (throw-away embedded PostgreSQL). Both
// migrate at start-up: one must be seen waiting on the migration lock while
// the other migrates. Then two races on one remittance, forced to overlap:
// the drill holds the commissioner's audit-chain head so a mark-paid through
// instance A waits mid-transaction while the same mark-paid goes through B —
// both requests seen in flight at once in pg_stat_activity (application_name
// says which instance) — and exactly one pays. Then referral imports uploaded
// through both alternately: jobs run on both instances at the same time, each
// exactly once (one "job started" across both logs, one completion audit
// event, one COMPLETED import with the file's rows written once).
// Writes bench/results/two-instances.md; exit code 1 when a check fails.

import path from 'node:path';
import { readMigrationFiles } from '../../packages/db/src/migrate/migrations';
import { defaultMigrationsDir } from '../../packages/db/src/index';
import { holdLock, waitBlocked } from './lib/forced';
import {
  postWithKey,
  referralFile,
  seed,
  signInAs,
  sleep,
  startApi,
  startDrillDatabase,
  stopApi,
  uploadReferralFile,
  waitReady,
  writeResult,
  type ApiProcess,
  type DrillDatabase,
} from './lib/harness';
import { checksTable, codeOf, type Check } from './lib/report';

/** The API's connections in a transaction waiting on a lock, by instance (PGAPPNAME names them). */
async function waitingByInstance(db: DrillDatabase) {
  return (
    await db.pool.query<{
      pid: number;
      application_name: string;
      blocked_by: number[];
      query: string;
    }>(
      `SELECT pid, application_name, pg_blocking_pids(pid) AS blocked_by, query FROM pg_stat_activity
        WHERE application_name LIKE 'waymark-api-%' AND wait_event_type = 'Lock' AND xact_start IS NOT NULL`,
    )
  ).rows;
}

/** A keyed POST with the problem code of its answer, if any. */
async function post(...args: Parameters<typeof postWithKey>) {
  const answer = await postWithKey(...args);
  return { ...answer, code: codeOf(answer.text) };
}

/**
 * Two races on unpaid remittances, each forced to overlap: the drill holds the commissioner's audit-chain head,
 * so the request through api-a waits mid-transaction (holding the remittance row) while the one through api-b arrives.
 *  - different keys (two people pressing "paid" at once): api-b's request waits on the remittance row api-a holds —
 *    both seen waiting in pg_stat_activity at one moment — then finds it paid: one 200, one 409, one ledger transaction;
 *  - the same key (a client retrying on the other instance): api-b answers 409 in flight while api-a still holds it;
 *    once api-a answers, the same key through api-b replays api-a's answer byte for byte.
 */
async function remittanceRaces(db: DrillDatabase, instances: ApiProcess[]): Promise<Check[]> {
  const { rows: remittances } = await db.pool.query<{ id: string; commissioner_id: string }>(
    `SELECT r.id, p.commissioner_id FROM remittance r JOIN prime_contract pc ON pc.id = r.prime_contract_id JOIN programme p ON p.id = pc.programme_id
      WHERE r.status <> 'PAID' ORDER BY r.created_at LIMIT 2`,
  );
  if (remittances.length < 2)
    return [
      {
        check: 'remittance races',
        ok: false,
        detail: 'the seed has fewer than 2 unpaid remittances',
      },
    ];
  const commissionerId = remittances[0]!.commissioner_id;
  const email = (
    await db.pool.query<{ email: string }>(
      `SELECT email FROM app_user WHERE organisation_id = $1 AND 'FINANCE' = ANY(roles) ORDER BY email LIMIT 1`,
      [commissionerId],
    )
  ).rows[0]!.email;
  const [a, b] = instances as [ApiProcess, ApiProcess];
  const [tokenA, tokenB] = await Promise.all([signInAs(a.url, email), signInAs(b.url, email)]);
  const body = (reference: string) => ({
    paidReference: reference,
    paidOn: new Date().toISOString().slice(0, 10),
  });
  await db.pool.query(
    'INSERT INTO audit_chain (organisation_id) VALUES ($1) ON CONFLICT (organisation_id) DO NOTHING',
    [commissionerId],
  );
  const lockHead = () =>
    holdLock(db.url, 'SELECT id FROM audit_chain WHERE organisation_id = $1 FOR UPDATE', [
      commissionerId,
    ]);
  const checks: Check[] = [];

  // Race 1: different keys, same remittance.
  {
    const { id } = remittances[0]!;
    const route = `/remittances/${id}/paid`;
    const lock = await lockHead();
    let seen: Awaited<ReturnType<typeof waitingByInstance>> = [];
    let answers: Awaited<ReturnType<typeof post>>[] = [];
    try {
      const throughA = post(a.url, route, tokenA, body('RACE-A'), 'race-a');
      const [heldByA] = await waitBlocked(db.pool, lock.pid);
      const throughB = post(b.url, route, tokenB, body('RACE-B'), 'race-b');
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        seen = await waitingByInstance(db);
        if (
          seen.some(
            (w) => w.application_name === 'waymark-api-b' && w.blocked_by.includes(heldByA!.pid),
          )
        )
          break;
        await sleep(50);
      }
      await lock.release();
      answers = await Promise.all([throughA, throughB]);
    } finally {
      await lock.release();
    }
    const state = (
      await db.pool.query<{ status: string; ledger: string; reference: string | null }>(
        `SELECT status::text, paid_reference AS reference, (SELECT count(*) FROM ledger_transaction t WHERE t.remittance_id = r.id) AS ledger FROM remittance r WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
    const bWaitedOnA =
      seen.some((w) => w.application_name === 'waymark-api-b') &&
      seen.some((w) => w.application_name === 'waymark-api-a');
    checks.push({
      check:
        'race 1 happened: both instances held a mark-paid of the same remittance in flight at once',
      ok: bWaitedOnA,
      detail: `waiting on locks at one moment: ${seen.map((w) => `${w.application_name} (pid ${w.pid}, blocked by ${w.blocked_by.join(', ')})`).join('; ') || 'nothing seen'}`,
    });
    const statuses = answers.map((answer) => answer.status).sort();
    checks.push({
      check:
        'race 1 (different keys): paid once — one 200, one 409 REMITTANCE_ALREADY_PAID, one ledger transaction',
      ok:
        JSON.stringify(statuses) === '[200,409]' &&
        answers.some((answer) => answer.code === 'REMITTANCE_ALREADY_PAID') &&
        state.status === 'PAID' &&
        state.ledger === '1' &&
        state.reference === 'RACE-A',
      detail: `api-a ${answers[0]?.status} ${answers[0]?.code ?? ''}, api-b ${answers[1]?.status} ${answers[1]?.code ?? ''}; remittance ${state.status} (${state.reference}), ${state.ledger} ledger transaction(s)`,
    });
  }

  // Race 2: the same key through both instances.
  {
    const { id } = remittances[1]!;
    const route = `/remittances/${id}/paid`;
    const lock = await lockHead();
    let whileHeld: Awaited<ReturnType<typeof post>> | undefined;
    let first: Awaited<ReturnType<typeof post>> | undefined;
    let stillWaiting = false;
    try {
      const throughA = post(a.url, route, tokenA, body('SAME-KEY'), 'race-same-key');
      await waitBlocked(db.pool, lock.pid);
      whileHeld = await post(b.url, route, tokenB, body('SAME-KEY'), 'race-same-key');
      stillWaiting = (await waitingByInstance(db)).some(
        (w) => w.application_name === 'waymark-api-a',
      );
      await lock.release();
      first = await throughA;
    } finally {
      await lock.release();
    }
    const replay = await post(b.url, route, tokenB, body('SAME-KEY'), 'race-same-key');
    const ledger = (
      await db.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM ledger_transaction WHERE remittance_id = $1',
        [id],
      )
    ).rows[0]!.n;
    checks.push({
      check:
        'race 2 (same key on both instances): 409 in flight while api-a held it, then a byte-identical replay through api-b',
      ok:
        stillWaiting &&
        whileHeld?.status === 409 &&
        whileHeld.code === 'IDEMPOTENCY_REQUEST_IN_FLIGHT' &&
        first?.status === 200 &&
        replay.status === 200 &&
        replay.text === first.text &&
        ledger === '1',
      detail: `api-b while api-a was still waiting (${stillWaiting ? 'seen' : 'NOT seen'} in pg_stat_activity): ${whileHeld?.status} ${whileHeld?.code ?? ''}; api-a ${first?.status} (${first?.text.length} bytes); replay through api-b ${replay.status} ${replay.text === first?.text ? 'byte-identical' : 'DIFFERENT'}; ${ledger} ledger transaction(s)`,
    });
  }
  return checks;
}

/** Per instance, the [started, finished] times of its referral-import jobs (pino's `time`, ms). */
function jobIntervals(instance: ApiProcess): { jobId: string; from: number; to: number }[] {
  const started = new Map<string, number>();
  const intervals: { jobId: string; from: number; to: number }[] = [];
  for (const line of instance.lines) {
    if (!line.includes('"job started"') && !line.includes('"job finished"')) continue;
    // Nest's Logger passes the words as the context, not pino's msg: tell the two lines apart by their text.
    const entry = JSON.parse(line) as { jobId: string; queue: string; time: number };
    if (entry.queue !== 'referral-import') continue;
    if (line.includes('"job started"')) started.set(entry.jobId, entry.time);
    else if (started.has(entry.jobId))
      intervals.push({ jobId: entry.jobId, from: started.get(entry.jobId)!, to: entry.time });
  }
  return intervals;
}

const IMPORTS = 8;
const ROWS_PER_IMPORT = 2_000;

async function main(): Promise<void> {
  const started = Date.now();
  const db = await startDrillDatabase();
  const storageDir = path.join(db.dataDir, 'storage');
  const checks: Check[] = [];
  const instances: ApiProcess[] = [];
  try {
    // Same moment, same empty database. While they start, sample who waits on an advisory lock (the migration lock).
    let starting = true;
    const migrationWaiters = new Set<string>();
    const sampler = (async () => {
      while (starting) {
        const { rows } = await db.pool.query<{ application_name: string }>(
          `SELECT application_name FROM pg_stat_activity WHERE wait_event = 'advisory' AND application_name LIKE 'waymark-api-%'`,
        );
        for (const row of rows) migrationWaiters.add(row.application_name);
        await sleep(20);
      }
    })();
    instances.push(
      ...(await Promise.all(
        ['api-a', 'api-b'].map((name) =>
          startApi({
            name,
            databaseUrl: db.url,
            storageDir,
            env: { PGAPPNAME: `waymark-${name}` },
          }),
        ),
      )),
    );
    await Promise.all(instances.map((instance) => waitReady(instance, 120_000)));
    starting = false;
    await sampler;
    const files = readMigrationFiles(defaultMigrationsDir());
    const migrations = await db.pool.query<{ name: string }>(
      `SELECT name FROM _waymark_migrations`,
    );
    checks.push({
      check: 'both instances started and answer /ready',
      ok: true,
      detail: instances.map((i) => i.url).join(', '),
    });
    // "Recorded exactly once" cannot fail (the name is the primary key); this can: the two start-ups raced for the
    // migration lock, one waited while the other migrated, and every file is applied.
    checks.push({
      check:
        'the start-ups raced: one instance waited on the migration lock while the other migrated; every file applied',
      ok: migrationWaiters.size >= 1 && migrations.rowCount === files.length,
      detail: `seen waiting on the migration lock: ${[...migrationWaiters].join(', ') || 'nobody'}; ${migrations.rowCount} migrations recorded for ${files.length} files`,
    });

    await seed(db);
    checks.push(...(await remittanceRaces(db, instances)));

    const contract = (
      await db.pool.query<{ id: string }>(
        `SELECT id FROM prime_contract ORDER BY reference LIMIT 1`,
      )
    ).rows[0]!;
    const email = (
      await db.pool.query<{ email: string }>(
        `SELECT u.email FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.kind = 'REFERRAL_PARTNER' AND 'CASEWORKER' = ANY(u.roles) ORDER BY u.email LIMIT 1`,
      )
    ).rows[0]!.email;
    const tokens = await Promise.all(instances.map((instance) => signInAs(instance.url, email)));
    const importIds: string[] = [];
    await Promise.all(
      Array.from({ length: IMPORTS }, async (_, index) => {
        const instance = index % 2;
        const upload = await uploadReferralFile(
          instances[instance]!.url,
          tokens[instance]!,
          { primeContractId: contract.id },
          referralFile(ROWS_PER_IMPORT, `TWO${index}`, index * ROWS_PER_IMPORT),
          `two-instances-${index}.csv`,
        );
        if (upload.status !== 202)
          throw new Error(`upload ${index}: ${upload.status} ${JSON.stringify(upload.body)}`);
        importIds.push(upload.body.referralImport.id);
      }),
    );
    const deadline = Date.now() + 180_000;
    let statuses: { id: string; status: string; imported_count: number | null }[] = [];
    while (Date.now() < deadline) {
      statuses = (
        await db.pool.query(
          `SELECT id, status, imported_count FROM referral_import WHERE id = ANY($1)`,
          [importIds],
        )
      ).rows;
      if (statuses.every((row) => row.status === 'COMPLETED' || row.status === 'FAILED')) break;
      await sleep(500);
    }
    const starts = new Map<string, string[]>();
    for (const instance of instances) {
      for (const line of instance.lines) {
        if (!line.includes('"job started"')) continue;
        const { jobId, queue } = JSON.parse(line) as { jobId: string; queue: string };
        if (queue !== 'referral-import') continue;
        starts.set(jobId, [...(starts.get(jobId) ?? []), instance.name]);
      }
    }
    const perInstance = instances
      .map(
        (instance) =>
          `${instance.name}: ${[...starts.values()].filter((names) => names.includes(instance.name)).length}`,
      )
      .join(', ');
    const completions = await db.pool.query<{ entity_id: string; n: string }>(
      `SELECT entity_id, count(*) AS n FROM audit_event WHERE action = 'referral-import.complete' GROUP BY entity_id`,
    );
    const written = await db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM referral WHERE external_reference LIKE 'TWO%'`,
    );
    const imported = statuses.reduce((sum, row) => sum + (row.imported_count ?? 0), 0);
    checks.push({
      check: `all ${IMPORTS} imports finished`,
      ok: statuses.length === IMPORTS && statuses.every((row) => row.status === 'COMPLETED'),
      detail: statuses.map((row) => row.status).join(' '),
    });
    checks.push({
      check: 'each import job started exactly once across both instances',
      ok: starts.size === IMPORTS && [...starts.values()].every((names) => names.length === 1),
      detail: `${starts.size} jobs; ${perInstance}; started more than once: ${
        [...starts.entries()]
          .filter(([, names]) => names.length > 1)
          .map(([id, names]) => `${id.slice(0, 8)} on ${names.join('+')}`)
          .join(', ') || 'none'
      }`,
    });
    const [intervalsA, intervalsB] = instances.map(jobIntervals) as [
      ReturnType<typeof jobIntervals>,
      ReturnType<typeof jobIntervals>,
    ];
    const overlapping = intervalsA.flatMap((x) =>
      intervalsB.filter((y) => x.from < y.to && y.from < x.to).map((y) => [x, y] as const),
    );
    checks.push({
      check: 'the job workers raced: imports ran on both instances at the same time',
      ok: overlapping.length > 0,
      detail: `${intervalsA.length} jobs ran on api-a, ${intervalsB.length} on api-b; ${overlapping.length} pair(s) of api-a/api-b jobs overlapping in time${overlapping[0] ? ` (e.g. ${overlapping[0][0].jobId.slice(0, 8)} on api-a and ${overlapping[0][1].jobId.slice(0, 8)} on api-b, ${Math.min(overlapping[0][0].to, overlapping[0][1].to) - Math.max(overlapping[0][0].from, overlapping[0][1].from)} ms together)` : ''}`,
    });
    const errors = instances.flatMap((instance) =>
      instance.lines
        .filter((line) => /"level":(50|40)/.test(line))
        .map((line) => `${instance.name}: ${line.slice(0, 400)}`),
    );
    if (errors.length > 0)
      console.log(`warnings/errors in the API logs:\n${errors.slice(0, 10).join('\n')}`);
    checks.push({
      check: 'one completion audit event per import',
      ok: completions.rowCount === IMPORTS && completions.rows.every((row) => row.n === '1'),
      detail: `${completions.rowCount} imports with completion events`,
    });
    checks.push({
      check: 'referrals written once (rows in referral = sum of imported counts)',
      ok: Number(written.rows[0]!.n) === imported && imported > 0,
      detail: `${written.rows[0]!.n} referrals, imported counts sum to ${imported}`,
    });
  } finally {
    await Promise.all(instances.map((instance) => stopApi(instance)));
    await db.stop();
  }
  const ok = checks.every((check) => check.ok);
  const markdown = `# Two API instances on one database

\`npm run drill:two-instances\`, run ${new Date().toISOString().slice(0, 10)} on a 2-core machine (${((Date.now() - started) / 1000).toFixed(0)} s).
Two production API processes (apps/api/dist) started at the same moment on one empty database (throw-away embedded PostgreSQL 15),
both with \`MIGRATE_ON_START=true\` and job workers on (\`PGAPPNAME\` names each instance's connections in pg_stat_activity). Then two races on a
remittance's mark-paid through both instances, forced to overlap by the drill holding the commissioner's audit-chain head; then ${IMPORTS} referral files
of ${ROWS_PER_IMPORT} rows uploaded through both instances alternately.

${checksTable(checks)}
`;
  console.log(markdown);
  console.log(`written to ${writeResult('two-instances.md', markdown)}`);
  // Explicitly: a handler the embedded server registers otherwise ends the process with 0 whatever was found.
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
