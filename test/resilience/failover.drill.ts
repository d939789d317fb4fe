// `npm run drill:failover`: the primary dies in the middle of a payment run.
//
// A pg_auto_failover formation (monitor + primary + standby, Debian's
// postgresql-15-auto-failover, lib/pg-auto-failover.ts) with the demo seed,
// and the production API on the formation's multi-host URL
// (target_session_attrs=read-write). Then:
//   before   a prime finance user runs a payment for one subcontract, a second
//            one approves it, the first marks it paid (ledger transfer) — each
//            with an Idempotency-Key, each answer kept byte for byte;
//   mid-run  the drill's own session on the primary holds the advisory lock
//            the payment run takes per subcontract; a run for a second
//            subcontract is sent and is seen in pg_stat_activity waiting on
//            that lock (its transaction open, nothing committed), its request
//            unanswered; then the primary node is SIGKILLed (keeper,
//            postmaster and backends: the machine gone);
//   switch   a client polls an authenticated read and sign-in throughout:
//            every answer during the switch must be a 503 problem (never 500,
//            never 401); measured: time until the standby is promoted, until
//            it accepts writes, until the API answers again;
//   after    no committed write lost (every payment, ledger transaction,
//            idempotency key and audit event present before the kill is on
//            the new primary), the interrupted run left nothing, its retry
//            with the same key makes the payment once and a replay returns it
//            byte for byte; the three earlier keys replay byte for byte too;
//            no claim is passed down twice; the ledger sums to zero and the
//            audit chain verifies. The API was never restarted.
// Writes bench/results/failover.md; exit code 1 when any check fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { pgConnection } from '../../packages/db/src/index';
import {
  checkInvariants,
  queryOnce,
  seed,
  signInAs,
  sleep,
  startApi,
  stopApi,
  waitReady,
  writeResult,
  type ApiProcess,
  type DrillDatabase,
} from './lib/harness';
import { checksTable, type Check } from './lib/report';
import { startFormation, type Formation } from './lib/pg-auto-failover';
import { DEMO_PASSWORD } from '../../packages/db/src/seed/index';

const POLL_INTERVAL_MS = 200;
const SIGN_IN_EVERY = 5;
/** Generous bounds for a loaded 2-core machine; the figures themselves are reported. */
const PROMOTION_TIMEOUT_MS = 90_000;
const API_RECOVERY_TIMEOUT_MS = 120_000;

const checks: Check[] = [];
function record(check: string, ok: boolean, detail: string): void {
  checks.push({ check, ok, detail });
  console.log(`${ok ? '✔' : '✘'} ${check}: ${detail}`);
}

interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

async function raw(
  baseUrl: string,
  method: string,
  route: string,
  options: { token?: string; body?: unknown; key?: string; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

const isProblem503 = (answer: RawAnswer) =>
  answer.status === 503 && answer.contentType.startsWith('application/problem+json');

interface PollResult {
  /** When the request was sent and when its answer came. */
  sentAt: number;
  at: number;
  kind: 'read' | 'sign-in';
  status: number;
  contentType: string;
  code?: string;
}

/** An authenticated read every POLL_INTERVAL_MS and a sign-in every SIGN_IN_EVERY ticks, until stopped. */
function startPoller(apiUrl: string, token: string, email: string) {
  const results: PollResult[] = [];
  let running = true;
  const loop = (async () => {
    for (let tick = 0; running; tick++) {
      const sentAt = Date.now();
      const probes: Promise<void>[] = [
        raw(apiUrl, 'GET', '/subcontractor-payments', { token, timeoutMs: 30_000 }).then(
          (answer) => void results.push(toResult('read', sentAt, answer)),
          () =>
            void results.push({ sentAt, at: Date.now(), kind: 'read', status: 0, contentType: '' }),
        ),
      ];
      if (tick % SIGN_IN_EVERY === 0)
        probes.push(
          raw(apiUrl, 'POST', '/auth/sign-in', {
            body: { email, password: DEMO_PASSWORD },
            timeoutMs: 30_000,
          }).then(
            (answer) => void results.push(toResult('sign-in', sentAt, answer)),
            () =>
              void results.push({
                sentAt,
                at: Date.now(),
                kind: 'sign-in',
                status: 0,
                contentType: '',
              }),
          ),
        );
      await Promise.all([...probes, sleep(POLL_INTERVAL_MS)]);
    }
  })();
  return {
    results,
    async stop() {
      running = false;
      await loop;
    },
  };
}

function toResult(kind: PollResult['kind'], sentAt: number, answer: RawAnswer): PollResult {
  let code: string | undefined;
  try {
    code = (JSON.parse(answer.text) as { code?: string }).code;
  } catch {
    // not JSON
  }
  return {
    sentAt,
    at: Date.now(),
    kind,
    status: answer.status,
    contentType: answer.contentType,
    code,
  };
}

async function nodeSession(url: string) {
  const rows = await queryOnce<{ inRecovery: boolean; readOnly: boolean }>(
    url,
    `SELECT pg_is_in_recovery() AS "inRecovery", current_setting('transaction_read_only') = 'on' AS "readOnly"`,
  );
  return rows[0]!;
}

interface Snapshot {
  payments: string[];
  ledgerTransactions: string[];
  idempotencyKeys: string[];
  auditEvents: string[];
}

async function snapshot(pool: Pool): Promise<Snapshot> {
  const ids = async (sql: string) =>
    (await pool.query<{ id: string }>(sql)).rows.map((row) => row.id);
  return {
    payments: await ids(`SELECT id || ':' || status AS id FROM subcontractor_payment ORDER BY 1`),
    ledgerTransactions: await ids(`SELECT id::text AS id FROM ledger_transaction ORDER BY 1`),
    idempotencyKeys: await ids(
      `SELECT organisation_id || ':' || key || ':' || md5(response_body::text) AS id FROM idempotency_key ORDER BY 1`,
    ),
    auditEvents: await ids(`SELECT seq::text AS id FROM audit_event ORDER BY seq`),
  };
}

const missing = (before: string[], after: string[]) => {
  const present = new Set(after);
  return before.filter((id) => !present.has(id));
};

async function main(): Promise<void> {
  const started = Date.now();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-failover-'));
  let formation: Formation | undefined;
  let apiProcess: ApiProcess | undefined;
  let pool: Pool | undefined;
  const figures: Record<string, string> = {};
  try {
    formation = await startFormation({
      directory: path.join(directory, 'formation'),
      log: (line) => console.log(`[formation] ${line}`),
    });
    const [primary, standby] = formation.nodes as [
      Formation['nodes'][number],
      Formation['nodes'][number],
    ];
    figures.formation = `set up in ${((Date.now() - started) / 1000).toFixed(0)} s`;
    console.log(`formation URL: ${formation.formationUrl}`);
    // The drill's own pool follows the primary the same way the API's does.
    pool = new Pool({ ...pgConnection(formation.formationUrl).config, max: 2 });
    pool.on('error', () => undefined);
    const db: DrillDatabase = {
      url: primary.url,
      pool,
      dataDir: directory,
      stop: async () => undefined,
    };

    // The API migrates the empty database through the multi-host URL; then the seed goes to the primary.
    apiProcess = await startApi({
      name: 'api',
      databaseUrl: formation.formationUrl,
      storageDir: path.join(directory, 'storage'),
      env: { DATABASE_POOL_MAX: '10' },
    });
    await waitReady(apiProcess, 120_000);
    await seed(db);

    // Two prime finance users of one prime (maker and checker) and two of its subcontracts with payments due.
    const primes = (
      await pool.query<{ organisationId: string; emails: string[] }>(
        `SELECT u.organisation_id AS "organisationId", array_agg(u.email::text ORDER BY 'FINANCE' = ANY(u.roles) DESC, u.email::text) AS emails
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
         WHERE o.kind = 'PRIME' AND u.roles && ARRAY['FINANCE', 'ADMIN']::"Role"[]
         GROUP BY u.organisation_id HAVING count(*) >= 2 ORDER BY 1`,
      )
    ).rows;
    const today = new Date().toISOString().slice(0, 10);
    const period = { periodStart: '2020-01-01', periodEnd: today };
    let chosen:
      { makerEmail: string; checkerEmail: string; maker: string; due: string[] } | undefined;
    const looked: string[] = [];
    for (const prime of primes) {
      const [makerEmail, checkerEmail] = prime.emails as [string, string];
      const maker = await signInAs(apiProcess.url, makerEmail);
      const subcontracts = (
        await pool.query<{ id: string }>(
          `SELECT s.id FROM subcontract s JOIN prime_contract pc ON pc.id = s.prime_contract_id
           WHERE pc.prime_id = $1 AND s.status NOT IN ('DRAFT', 'OFFERED') ORDER BY s.id`,
          [prime.organisationId],
        )
      ).rows;
      const due: string[] = [];
      const answers: string[] = [];
      for (const { id } of subcontracts) {
        const preview = await raw(apiProcess.url, 'POST', '/subcontractor-payments/preview', {
          token: maker,
          body: { subcontractId: id, ...period },
        });
        answers.push(String(preview.status));
        if (
          preview.status === 200 &&
          ((JSON.parse(preview.text) as { payments?: unknown[] }).payments?.length ?? 0) > 0
        )
          due.push(id);
      }
      looked.push(
        `${makerEmail}: ${due.length} of ${subcontracts.length} due (${answers.join(' ')})`,
      );
      if (due.length >= 2) {
        chosen = { makerEmail, checkerEmail, maker, due };
        break;
      }
    }
    if (!chosen)
      throw new Error(
        `no prime in the seed has two subcontracts with a payment due: ${looked.join('; ')}`,
      );
    const { makerEmail, checkerEmail, maker, due } = chosen;
    const checker = await signInAs(apiProcess.url, checkerEmail);
    const [committedSubcontract, interruptedSubcontract] = due as [string, string];

    // ── before: committed writes, each answer kept ──
    const runKey = 'failover-run-committed';
    const runBody = { subcontractId: committedSubcontract, ...period };
    const committedRun = await raw(apiProcess.url, 'POST', '/subcontractor-payments', {
      token: maker,
      body: runBody,
      key: runKey,
    });
    if (committedRun.status !== 201)
      throw new Error(
        `the first payment run answered ${committedRun.status}: ${committedRun.text}`,
      );
    const paymentId = (JSON.parse(committedRun.text) as { payments: { id: string }[] }).payments[0]!
      .id;
    const approveKey = 'failover-approve';
    const approveRoute = `/subcontractor-payments/${paymentId}/approve`;
    const approved = await raw(apiProcess.url, 'POST', approveRoute, {
      token: checker,
      body: {},
      key: approveKey,
    });
    const paidKey = 'failover-paid';
    const paidRoute = `/subcontractor-payments/${paymentId}/paid`;
    const paidBody = { paidReference: 'FAILOVER-1', paidOn: today };
    const paid = await raw(apiProcess.url, 'POST', paidRoute, {
      token: maker,
      body: paidBody,
      key: paidKey,
    });
    record(
      'committed before the kill',
      approved.status === 200 && paid.status === 200,
      `payment run 201 (${(JSON.parse(committedRun.text) as { payments: unknown[] }).payments.length} payment), approve ${approved.status}, mark paid ${paid.status} (a ledger transfer)`,
    );

    // Synchronous replication is what makes "committed" mean "on the standby too".
    const replication = await queryOnce<{ names: string; syncState: string | null }>(
      primary.url,
      `SELECT current_setting('synchronous_standby_names') AS names, (SELECT sync_state FROM pg_stat_replication LIMIT 1) AS "syncState"`,
    );
    record(
      'the standby is synchronous',
      replication[0]!.names !== '' &&
        (replication[0]!.syncState === 'sync' || replication[0]!.syncState === 'quorum'),
      `synchronous_standby_names = '${replication[0]!.names}', the standby's sync_state ${replication[0]!.syncState ?? 'none'}: a commit returns only once the standby has it`,
    );

    // ── mid-run: hold the run's lock, send the run, see it wait, kill the primary ──
    const paymentsOf = async (subcontractId: string) =>
      (
        await pool!.query<{ n: number; ledger: number }>(
          `SELECT (SELECT count(*)::int FROM subcontractor_payment WHERE subcontract_id = $1) AS n,
                  (SELECT count(*)::int FROM ledger_transaction t JOIN subcontractor_payment p ON p.id = t.subcontractor_payment_id WHERE p.subcontract_id = $1) AS ledger`,
          [subcontractId],
        )
      ).rows[0]!;
    const interruptedBefore = await paymentsOf(interruptedSubcontract);
    const holder = new Client({ connectionString: primary.url, application_name: 'drill-lock' });
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('payment:' || $1, 0))`, [
      interruptedSubcontract,
    ]);
    const interruptedKey = 'failover-run-interrupted';
    const interruptedBody = { subcontractId: interruptedSubcontract, ...period };
    let interruptedAnsweredAt = 0;
    const interrupted = raw(apiProcess.url, 'POST', '/subcontractor-payments', {
      token: maker,
      body: interruptedBody,
      key: interruptedKey,
    }).then(
      (answer) => {
        interruptedAnsweredAt = Date.now();
        return answer;
      },
      (error: unknown) => {
        interruptedAnsweredAt = Date.now();
        return { status: 0, contentType: '', text: String(error) };
      },
    );
    let waiting: { pid: number; xactAgeMs: number; waitEvent: string } | undefined;
    const waitDeadline = Date.now() + 30_000;
    // Another session: inside the holder's transaction pg_stat_activity would be a snapshot taken once.
    const watcher = new Client({ connectionString: primary.url, application_name: 'drill-watch' });
    watcher.on('error', () => undefined);
    await watcher.connect();
    const findWaiting = async () =>
      (
        await watcher.query<{ pid: number; xactAgeMs: number; waitEvent: string }>(
          `SELECT pid, (extract(epoch FROM now() - xact_start) * 1000)::int AS "xactAgeMs", wait_event_type || '/' || wait_event AS "waitEvent"
           FROM pg_stat_activity
           WHERE datname = current_database() AND application_name NOT LIKE 'drill-%' AND wait_event_type = 'Lock' AND wait_event = 'advisory'
             AND query LIKE '%pg_advisory_xact_lock(hashtextextended(''payment:''%'`,
        )
      ).rows[0];
    while (!waiting && Date.now() < waitDeadline) {
      waiting = await findWaiting();
      if (!waiting) await sleep(50);
    }
    const poller = startPoller(apiProcess.url, maker, makerEmail);
    await sleep(1_000); // a second of answers from the healthy primary
    const before = await snapshot(pool);
    // Right before the kill, again: the same backend still waits inside its transaction, the request still unanswered.
    const stillWaiting = await findWaiting();
    const unansweredAtKill = interruptedAnsweredAt === 0;
    record(
      'the kill lands mid-run',
      waiting !== undefined && stillWaiting?.pid === waiting.pid && unansweredAtKill,
      waiting && stillWaiting
        ? `the run's backend (pid ${stillWaiting.pid}) waits on ${stillWaiting.waitEvent} inside a transaction open ${stillWaiting.xactAgeMs} ms (seen waiting since ${waiting.xactAgeMs} ms), its request unanswered, when the primary is killed`
        : 'the payment run was never seen waiting for the lock',
    );
    const killedAt = Date.now();
    formation.kill(primary);
    console.log(`killed ${primary.name} (port ${primary.port})`);

    // ── switch: promotion, writable, API answers again ──
    let promotedAt = 0;
    let writableAt = 0;
    while (!writableAt && Date.now() - killedAt < PROMOTION_TIMEOUT_MS) {
      const state = await nodeSession(standby.url).catch(() => undefined);
      if (state && !state.inRecovery && !promotedAt) promotedAt = Date.now();
      if (state && !state.inRecovery && !state.readOnly) writableAt = Date.now();
      else await sleep(100);
    }
    let recoveredAt = 0;
    while (!recoveredAt && Date.now() - killedAt < API_RECOVERY_TIMEOUT_MS) {
      recoveredAt =
        poller.results.find((r) => r.sentAt > killedAt && r.kind === 'read' && r.status === 200)
          ?.at ?? 0;
      if (!recoveredAt) await sleep(100);
    }
    await sleep(2_000); // answers after the recovery, to see they stay good
    await poller.stop();
    const interruptedAnswer = await interrupted;
    const states = await formation.states();
    record(
      'the standby is promoted',
      promotedAt > 0 && writableAt > 0,
      promotedAt
        ? `out of recovery ${((promotedAt - killedAt) / 1000).toFixed(1)} s after the kill, accepting writes after ${((writableAt - killedAt) / 1000).toFixed(1)} s; the monitor now says ${states.map((s) => `${s.name} ${s.reportedState}→${s.goalState}`).join(', ')}`
        : `not promoted within ${PROMOTION_TIMEOUT_MS / 1000} s`,
    );
    figures.promotion = promotedAt ? `${((promotedAt - killedAt) / 1000).toFixed(1)} s` : '—';
    figures.writable = writableAt ? `${((writableAt - killedAt) / 1000).toFixed(1)} s` : '—';
    figures.apiBack = recoveredAt ? `${((recoveredAt - killedAt) / 1000).toFixed(1)} s` : '—';
    record(
      'the API reconnects by itself',
      recoveredAt > 0 && apiProcess.child.exitCode === null,
      recoveredAt
        ? `the same API process (pid ${apiProcess.child.pid}, never restarted) answered 200 again ${((recoveredAt - killedAt) / 1000).toFixed(1)} s after the kill, ${((recoveredAt - writableAt) / 1000).toFixed(1)} s after the new primary accepted writes`
        : `no 200 within ${API_RECOVERY_TIMEOUT_MS / 1000} s`,
    );
    const afterKill = poller.results.filter((r) => r.at > killedAt);
    const duringSwitch = afterKill.filter((r) => !recoveredAt || r.at < recoveredAt);
    const failed = afterKill.filter((r) => r.status !== 200);
    const failedByStatus = new Map<string, number>();
    for (const r of failed) {
      const key = `${r.kind} ${r.status}${r.code ? ` ${r.code}` : ''}`;
      failedByStatus.set(key, (failedByStatus.get(key) ?? 0) + 1);
    }
    // Sent after the first good answer came back: the API has recovered, nothing may fail any more.
    const failedAfterRecovery = afterKill.filter(
      (r) => recoveredAt && r.sentAt > recoveredAt && r.status !== 200,
    );
    const allProblem503 = failed.every(
      (r) => r.status === 503 && r.contentType.startsWith('application/problem+json'),
    );
    figures.failed = `${failed.length} of ${afterKill.length}`;
    figures.failedStatuses =
      [...failedByStatus].map(([k, n]) => `${n} × ${k}`).join(', ') || 'none';
    record(
      'requests during the switch answer 503 problems, never 500 or 401',
      allProblem503 && failedAfterRecovery.length === 0,
      `${afterKill.length} requests after the kill (${duringSwitch.length} before the API answered again): ${failed.length} failed — ${figures.failedStatuses}; ${failedAfterRecovery.length} failed after the recovery`,
    );
    record(
      'the interrupted run answers a 503 problem',
      isProblem503(interruptedAnswer),
      `${interruptedAnswer.status} ${interruptedAnswer.contentType.split(';')[0]} ${((interruptedAnsweredAt - killedAt) / 1000).toFixed(1)} s after the kill`,
    );

    // ── after: nothing committed lost, nothing half-written, nothing twice ──
    const after = await snapshot(pool);
    const lost = {
      payments: missing(before.payments, after.payments),
      ledgerTransactions: missing(before.ledgerTransactions, after.ledgerTransactions),
      idempotencyKeys: missing(before.idempotencyKeys, after.idempotencyKeys),
      auditEvents: missing(before.auditEvents, after.auditEvents),
    };
    const lostCount = Object.values(lost).reduce((sum, ids) => sum + ids.length, 0);
    record(
      'no committed write is lost',
      lostCount === 0 && before.ledgerTransactions.length > 0,
      `on the new primary: ${before.payments.length - lost.payments.length} of ${before.payments.length} payments (same status), ${before.ledgerTransactions.length - lost.ledgerTransactions.length} of ${before.ledgerTransactions.length} ledger transactions, ${before.idempotencyKeys.length - lost.idempotencyKeys.length} of ${before.idempotencyKeys.length} idempotency keys (same stored answer), ${before.auditEvents.length - lost.auditEvents.length} of ${before.auditEvents.length} audit events present before the kill`,
    );
    const interruptedLeft = {
      payments: (await paymentsOf(interruptedSubcontract)).n - interruptedBefore.n,
      keys: (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM idempotency_key WHERE key = $1`,
          [interruptedKey],
        )
      ).rows[0]!.n,
    };
    record(
      'the interrupted run left nothing behind',
      interruptedLeft.payments === 0 && interruptedLeft.keys === 0,
      `${interruptedLeft.payments} new payments for its subcontract (${interruptedBefore.n} before the run), ${interruptedLeft.keys} stored answers for its key`,
    );

    const retry = await raw(apiProcess.url, 'POST', '/subcontractor-payments', {
      token: maker,
      body: interruptedBody,
      key: interruptedKey,
    });
    const retryReplay = await raw(apiProcess.url, 'POST', '/subcontractor-payments', {
      token: maker,
      body: interruptedBody,
      key: interruptedKey,
    });
    const retryPayments =
      retry.status === 201
        ? (JSON.parse(retry.text) as { payments: unknown[] }).payments.length
        : 0;
    const interruptedPayments = (await paymentsOf(interruptedSubcontract)).n - interruptedBefore.n;
    record(
      'the interrupted run, retried with its key, is made once',
      retry.status === 201 &&
        retryReplay.status === 201 &&
        retryReplay.text === retry.text &&
        retryPayments === 1 &&
        interruptedPayments === 1,
      `retry ${retry.status} with ${retryPayments} payment; replay ${retryReplay.status}, ${retryReplay.text === retry.text ? 'byte-identical' : 'DIFFERENT'} (${retry.text.length} bytes); ${interruptedPayments} new payment for that subcontract after both`,
    );

    const committedBeforeReplays = await paymentsOf(committedSubcontract);
    const replays = [
      {
        name: 'payment run',
        first: committedRun,
        again: await raw(apiProcess.url, 'POST', '/subcontractor-payments', {
          token: maker,
          body: runBody,
          key: runKey,
        }),
      },
      {
        name: 'approve',
        first: approved,
        again: await raw(apiProcess.url, 'POST', approveRoute, {
          token: checker,
          body: {},
          key: approveKey,
        }),
      },
      {
        name: 'mark paid',
        first: paid,
        again: await raw(apiProcess.url, 'POST', paidRoute, {
          token: maker,
          body: paidBody,
          key: paidKey,
        }),
      },
    ];
    record(
      'keys from before the kill replay byte for byte on the new primary',
      replays.every((r) => r.again.status === r.first.status && r.again.text === r.first.text),
      replays
        .map(
          (r) =>
            `${r.name} ${r.again.status} ${r.again.text === r.first.text ? `identical (${r.first.text.length} bytes)` : 'DIFFERENT'}`,
        )
        .join('; '),
    );
    const committedPayments = await paymentsOf(committedSubcontract);
    const doubled = (
      await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT claim_id FROM subcontractor_payment_line WHERE claim_id IS NOT NULL GROUP BY claim_id HAVING count(*) > 1) twice`,
      )
    ).rows[0]!.n;
    record(
      'no payment made twice',
      committedPayments.n === committedBeforeReplays.n &&
        committedPayments.ledger === committedBeforeReplays.ledger &&
        doubled === 0,
      `the committed subcontract: ${committedBeforeReplays.n} payments and ${committedBeforeReplays.ledger} ledger transfers (seed included) before its three replays, ${committedPayments.n} and ${committedPayments.ledger} after; ${doubled} claims passed down in more than one payment line`,
    );

    const invariants = await checkInvariants(db);
    record(
      'ledger sums to zero per transaction',
      invariants.unbalancedLedgerTransactions === 0,
      `${invariants.ledgerEntries} entries, ${invariants.unbalancedLedgerTransactions} unbalanced transactions`,
    );
    record(
      'audit chain verifies',
      invariants.auditChainValid,
      `${invariants.auditEvents} events${invariants.auditBrokenAt ? `: ${invariants.auditBrokenAt}` : ''}`,
    );
  } catch (error) {
    record('the drill ran to the end', false, (error as Error).stack ?? String(error));
    if (apiProcess) console.log(apiProcess.lines.slice(-30).join('\n'));
  } finally {
    if (apiProcess) await stopApi(apiProcess, 'SIGTERM');
    await pool?.end().catch(() => undefined);
    await formation?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }

  const ok = checks.length > 0 && checks.every((c) => c.ok);
  const markdown = `# Failover drill

\`npm run drill:failover\`, run ${new Date().toISOString().slice(0, 10)} on a 2-core machine shared with other work (${((Date.now() - started) / 1000).toFixed(0)} s in all).
pg_auto_failover 2.0 (Debian \`postgresql-15-auto-failover\`): a monitor, a primary and a synchronous standby, PostgreSQL 15, on localhost
(${figures.formation ?? 'not set up'}). The production API (apps/api/dist) runs on the formation's multi-host URL,
\`postgres://…@127.0.0.1:<primary>,127.0.0.1:<standby>/waymark?target_session_attrs=read-write\`
(\`pg_autoctl show uri --formation default\`), and is never restarted. The primary node is killed with SIGKILL to its process group
(keeper, postmaster and every backend) while a payment run waits inside its transaction for a lock the drill holds.
Monitor settings: health checks every 1 s (timeout 1 s, 1 retry), a node unhealthy after 3 s without contact;
\`primary_demote_timeout\` left at its default 30 s — the promoted standby refuses writes until then, in case the old primary is only cut off.

| figure | measured |
|---|---|
| kill → standby out of recovery | ${figures.promotion ?? '—'} |
| kill → new primary accepts writes | ${figures.writable ?? '—'} |
| kill → the API answers 200 again | ${figures.apiBack ?? '—'} |
| requests failed after the kill | ${figures.failed ?? '—'} (${figures.failedStatuses ?? '—'}) |

${checksTable(checks, 'what happened')}
`;
  console.log(`written to ${writeResult('failover.md', markdown)}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
