// `npm run drill:faults`: the production API on a seeded throw-away database,
// then, one after another:
//   (a) kill -9 the API in the middle of a remittance mark-paid, of a
//       subcontractor payment run, and of a bulk referral import;
//   (b) pg_terminate_backend the API's connections while an import's
//       transaction is open;
//   (c) SIGTERM during a slow (streamed) upload: it must complete.
// After each restart: no partial payment, no duplicate (the same idempotency
// key replays), the import resumes (pg-boss retry) to exactly one completion,
// the ledger sums to zero per transaction and the audit chain verifies.
// Writes bench/results/faults.md; exit code 1 when a check fails.
import http from 'node:http';
import path from 'node:path';
import {
  api,
  checkInvariants,
  referralFile,
  seed,
  signInAs,
  sleep,
  startApi,
  startDrillDatabase,
  stopApi,
  waitReady,
  writeResult,
  uploadReferralFile,
  type ApiProcess,
  type DrillDatabase,
} from './lib/harness';

const KILL_DELAYS_MS = [1, 5, 15, 40];
const IMPORT_ROWS = 60_000;

interface Outcome {
  scenario: string;
  ok: boolean;
  detail: string;
}

let db: DrillDatabase;
let current: ApiProcess | undefined;
let storageDir: string;
const outcomes: Outcome[] = [];

async function restart(): Promise<ApiProcess> {
  if (current) await stopApi(current, 'SIGKILL');
  current = await startApi({ name: 'api', databaseUrl: db.url, storageDir });
  await waitReady(current, 60_000);
  return current;
}

function record(scenario: string, ok: boolean, detail: string): void {
  outcomes.push({ scenario, ok, detail });
  console.log(`${ok ? '✔' : '✘'} ${scenario}: ${detail}`);
}

async function remittanceState(id: string) {
  const { rows } = await db.pool.query<{
    status: string;
    ledger: string;
    paid_claims: string;
    claims: string;
  }>(
    `SELECT r.status::text,
            (SELECT count(*) FROM ledger_transaction t WHERE t.remittance_id = r.id) AS ledger,
            (SELECT count(*) FROM remittance_line l JOIN claim c ON c.id = l.claim_id WHERE l.remittance_id = r.id AND c.status = 'PAID') AS paid_claims,
            (SELECT count(*) FROM remittance_line l WHERE l.remittance_id = r.id AND l.claim_id IS NOT NULL) AS claims
     FROM remittance r WHERE r.id = $1`,
    [id],
  );
  return rows[0]!;
}

async function killDuringRemittancePaid(): Promise<void> {
  const candidates = (
    await db.pool.query<{ id: string }>(
      `SELECT id FROM remittance WHERE status <> 'PAID' ORDER BY created_at LIMIT $1`,
      [KILL_DELAYS_MS.length],
    )
  ).rows;
  if (candidates.length === 0)
    return record(
      'kill -9 during remittance mark-paid',
      false,
      'the seed has no unpaid remittance to pay',
    );
  const email = (
    await db.pool.query<{ email: string }>(
      `SELECT u.email FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.kind = 'COMMISSIONER' AND 'FINANCE' = ANY(u.roles) LIMIT 1`,
    )
  ).rows[0]!.email;
  const details: string[] = [];
  let ok = true;
  for (const [index, { id }] of candidates.entries()) {
    const apiProcess = await restart();
    const token = await signInAs(apiProcess.url, email);
    const key = `drill-remittance-${id}`;
    const body = { paidReference: `DRILL-${index}`, paidOn: new Date().toISOString().slice(0, 10) };
    const inFlight = api(apiProcess.url, 'POST', `/remittances/${id}/paid`, {
      token,
      body,
      headers: { 'idempotency-key': key },
    }).catch(() => ({ status: 0, body: null }));
    await sleep(KILL_DELAYS_MS[index]!);
    apiProcess.child.kill('SIGKILL');
    const answered = await inFlight;
    await apiProcess.exited;
    const afterKill = await remittanceState(id);
    const consistent = (state: typeof afterKill) =>
      state.status === 'PAID'
        ? state.ledger === '1' && state.paid_claims === state.claims
        : state.ledger === '0' && state.paid_claims === '0';
    const restarted = await restart();
    const retryToken = await signInAs(restarted.url, email);
    const retry = await api(restarted.url, 'POST', `/remittances/${id}/paid`, {
      token: retryToken,
      body,
      headers: { 'idempotency-key': key },
    });
    const replay = await api(restarted.url, 'POST', `/remittances/${id}/paid`, {
      token: retryToken,
      body,
      headers: { 'idempotency-key': key },
    });
    const final = await remittanceState(id);
    const good =
      consistent(afterKill) &&
      retry.status === 200 &&
      replay.status === 200 &&
      final.status === 'PAID' &&
      final.ledger === '1' &&
      final.paid_claims === final.claims;
    ok &&= good;
    details.push(
      `kill after ${KILL_DELAYS_MS[index]} ms (client saw ${answered.status || 'no answer'}): after the kill ${afterKill.status}/${afterKill.ledger} ledger txn/${afterKill.paid_claims} of ${afterKill.claims} claims PAID; retry with the same key ${retry.status}, replay ${replay.status}; final ${final.status} with ${final.ledger} ledger txn`,
    );
  }
  record('kill -9 during remittance mark-paid', ok, details.join('<br>'));
}

async function killDuringPaymentRun(): Promise<void> {
  const email = (
    await db.pool.query<{ email: string }>(
      `SELECT u.email FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.kind = 'PRIME' AND 'FINANCE' = ANY(u.roles) ORDER BY u.email LIMIT 1`,
    )
  ).rows[0]!.email;
  const primeContractId = (
    await db.pool.query<{ id: string }>(
      `SELECT pc.id FROM prime_contract pc JOIN app_user u ON u.organisation_id = pc.prime_id WHERE u.email = $1 ORDER BY pc.reference LIMIT 1`,
      [email],
    )
  ).rows[0]!.id;
  const body = {
    primeContractId,
    periodStart: '2020-01-01',
    periodEnd: new Date().toISOString().slice(0, 10),
  };
  const count = async () =>
    Number(
      (await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM subcontractor_payment`))
        .rows[0]!.n,
    );
  const details: string[] = [];
  let ok = true;
  for (const delay of KILL_DELAYS_MS) {
    const apiProcess = await restart();
    const token = await signInAs(apiProcess.url, email);
    const key = `drill-payment-run-${delay}`;
    const before = await count();
    const inFlight = api(apiProcess.url, 'POST', '/subcontractor-payments', {
      token,
      body,
      headers: { 'idempotency-key': key },
    }).catch(() => ({ status: 0, body: null }));
    await sleep(delay);
    apiProcess.child.kill('SIGKILL');
    const answered = await inFlight;
    await apiProcess.exited;
    const afterKill = (await count()) - before;
    const restarted = await restart();
    const retryToken = await signInAs(restarted.url, email);
    const retry = await api<{ payments?: unknown[] }>(
      restarted.url,
      'POST',
      '/subcontractor-payments',
      { token: retryToken, body, headers: { 'idempotency-key': key } },
    );
    const afterRetry = (await count()) - before;
    const replay = await api<{ payments?: unknown[] }>(
      restarted.url,
      'POST',
      '/subcontractor-payments',
      { token: retryToken, body, headers: { 'idempotency-key': key } },
    );
    const afterReplay = (await count()) - before;
    const created = retry.body?.payments?.length ?? 0;
    // All or nothing: the killed run left none or its whole run; the retry (same key) completes or replays it; the replay adds nothing.
    const good =
      (retry.status === 201 || retry.status === 422 || retry.status === 409) &&
      afterReplay === afterRetry &&
      (afterKill === 0 || afterKill === afterRetry);
    ok &&= good;
    details.push(
      `kill after ${delay} ms (client saw ${answered.status || 'no answer'}): ${afterKill} payments after the kill; retry ${retry.status} (${created} payments), ${afterRetry} in all; replay ${replay.status}, ${afterReplay} in all`,
    );
  }
  record('kill -9 during a subcontractor payment run', ok, details.join('<br>'));
}

async function referralPartner(
  apiProcess: ApiProcess,
): Promise<{ token: string; primeContractId: string }> {
  const email = (
    await db.pool.query<{ email: string }>(
      `SELECT u.email FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE o.kind = 'REFERRAL_PARTNER' AND 'CASEWORKER' = ANY(u.roles) LIMIT 1`,
    )
  ).rows[0]!.email;
  const primeContractId = (
    await db.pool.query<{ id: string }>(`SELECT id FROM prime_contract ORDER BY reference LIMIT 1`)
  ).rows[0]!.id;
  return { token: await signInAs(apiProcess.url, email), primeContractId };
}

async function waitForImport(
  id: string,
  predicate: (row: { status: string; rows_done: number | null }) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (
      await db.pool.query<{
        status: string;
        rows_done: number | null;
        imported_count: number | null;
        failure_reason: string | null;
      }>(
        `SELECT status::text, rows_done, imported_count, failure_reason FROM referral_import WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
    if (predicate(row) || Date.now() > deadline) return row;
    await sleep(100);
  }
}

async function importOutcome(id: string, salt: string) {
  const completions = Number(
    (
      await db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit_event WHERE action = 'referral-import.complete' AND entity_id = $1`,
        [id],
      )
    ).rows[0]!.n,
  );
  const written = Number(
    (
      await db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM referral WHERE external_reference LIKE $1`,
        [`${salt}-%`],
      )
    ).rows[0]!.n,
  );
  return { completions, written };
}

/**
 * The job's worker died with the API, and with it the job's lease (apps/api/src/common/jobs/jobs.service.ts).
 * The restarted API's sweep finds the active job nobody holds once it is ORPHAN_GRACE_SECONDS (30 s) old,
 * at a sweep every 15 s, and fails it into pg-boss's retry (5 s): no waiting for the queue's expiry.
 * Grace + sweep interval + retry delay + polling + the 60k-row import itself, with room on a shared machine.
 */
const RESUME_AFTER_RESTART_TIMEOUT_MS = 240_000;

async function pgBossJobOf(
  importId: string,
): Promise<{ state: string; retry_count: number; output: unknown } | undefined> {
  return (
    await db.pool.query<{ state: string; retry_count: number; output: unknown }>(
      `SELECT state::text, retry_count, output FROM pgboss.job WHERE name = 'referral-import' AND data->>'importId' = $1 ORDER BY created_on DESC LIMIT 1`,
      [importId],
    )
  ).rows[0];
}

async function killDuringImport(): Promise<void> {
  const apiProcess = await restart();
  const { token, primeContractId } = await referralPartner(apiProcess);
  const salt = 'KILL';
  const upload = await uploadReferralFile(
    apiProcess.url,
    token,
    { primeContractId },
    referralFile(IMPORT_ROWS, salt, 300_000),
    'kill.csv',
  );
  const id = upload.body.referralImport.id as string;
  const running = await waitForImport(
    id,
    (row) => row.status === 'RUNNING' && (row.rows_done ?? 0) > 0,
    60_000,
  );
  apiProcess.child.kill('SIGKILL');
  await apiProcess.exited;
  const afterKill = await waitForImport(id, () => true, 0);
  const writtenAfterKill = (await importOutcome(id, salt)).written;
  await restart();
  const restartedAt = Date.now();
  const final = await waitForImport(
    id,
    (row) => row.status === 'COMPLETED' || row.status === 'FAILED',
    RESUME_AFTER_RESTART_TIMEOUT_MS,
  );
  const resumedMs = Date.now() - restartedAt;
  const job = await pgBossJobOf(id);
  const { completions, written } = await importOutcome(id, salt);
  const ok =
    final.status === 'COMPLETED' &&
    completions === 1 &&
    writtenAfterKill === 0 &&
    written === (final as { imported_count: number }).imported_count;
  record(
    'kill -9 during a bulk import',
    ok,
    `killed at ${running.status} ${running.rows_done}/${IMPORT_ROWS} rows; after the kill ${afterKill.status} with ${writtenAfterKill} referrals written; the restarted API's sweep found the job's lease free and put it back for retry (job ${job?.state ?? '?'}, ${job?.retry_count ?? '?'} retry) — no waiting for the queue's expiry or a hand-expired job; ${(resumedMs / 1000).toFixed(0)} s after the restart ${final.status}, ${written} referrals written, ${completions} completion event`,
  );
}

async function terminateDuringImport(): Promise<void> {
  const apiProcess = await restart();
  const { token, primeContractId } = await referralPartner(apiProcess);
  const salt = 'TERM';
  const upload = await uploadReferralFile(
    apiProcess.url,
    token,
    { primeContractId },
    referralFile(IMPORT_ROWS, salt, 400_000),
    'terminate.csv',
  );
  const id = upload.body.referralImport.id as string;
  await waitForImport(id, (row) => row.status === 'RUNNING' && (row.rows_done ?? 0) > 0, 60_000);
  const terminated = await db.pool.query<{ pid: number }>(
    `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND backend_type = 'client backend' AND application_name NOT LIKE 'drill%'`,
  );
  const final = await waitForImport(
    id,
    (row) => row.status === 'COMPLETED' || row.status === 'FAILED',
    120_000,
  );
  const { completions, written } = await importOutcome(id, salt);
  const alive = await fetch(`${apiProcess.url}/ready`).then(
    (r) => r.status,
    () => 0,
  );
  const ok =
    final.status === 'COMPLETED' &&
    completions === 1 &&
    written === (final as { imported_count: number }).imported_count &&
    alive === 200;
  if (alive !== 200)
    console.log(
      `API log tail after pg_terminate_backend:\n${apiProcess.lines.slice(-40).join('\n')}`,
    );
  record(
    'pg_terminate_backend mid-transaction (bulk import)',
    ok,
    `terminated ${terminated.rowCount} backend(s) with an open transaction; the import ${final.status} after pg-boss's retry, ${written} referrals written, ${completions} completion event; API /ready afterwards: ${alive}`,
  );
}

async function gracefulShutdown(): Promise<void> {
  const apiProcess = await restart();
  const { token, primeContractId } = await referralPartner(apiProcess);
  const file = Buffer.from(referralFile(20_000, 'SLOW', 500_000));
  const boundary = 'drillboundary';
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="primeContractId"\r\n\r\n${primeContractId}\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="slow.csv"\r\ncontent-type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Buffer.concat([head, file, tail]);
  const url = new URL(`${apiProcess.url}/referral-imports`);
  const started = Date.now();
  let signalledAt = 0;
  const answer = new Promise<{ status: number; ms: number }>((resolve) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(body.length),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, ms: Date.now() - started }),
        );
      },
    );
    request.on('error', () => resolve({ status: 0, ms: Date.now() - started }));
    // ~3 s upload in 30 slices; SIGTERM after the first second.
    const slice = Math.ceil(body.length / 30);
    let at = 0;
    const timer = setInterval(() => {
      if (at >= body.length) {
        clearInterval(timer);
        request.end();
        return;
      }
      request.write(body.subarray(at, at + slice));
      at += slice;
      if (!signalledAt && Date.now() - started > 1_000) {
        signalledAt = Date.now();
        apiProcess.child.kill('SIGTERM');
      }
    }, 100);
  });
  const response = await answer;
  const exit = await Promise.race([apiProcess.exited, sleep(40_000).then(() => null)]);
  const ok = response.status === 202 && exit !== null && exit.code === 0;
  record(
    'SIGTERM during a slow request (graceful shutdown)',
    ok,
    `SIGTERM ${signalledAt - started} ms into a ${(body.length / 1024 / 1024).toFixed(1)} MB upload streamed over ~3 s; the request answered ${response.status || 'nothing'} after ${response.ms} ms; the process exited ${exit ? `with code ${exit.code}${exit.signal ? ` (${exit.signal})` : ''}` : 'not within 40 s'}`,
  );
  current = undefined;
}

async function main(): Promise<void> {
  const started = Date.now();
  db = await startDrillDatabase();
  storageDir = path.join(db.dataDir, 'storage');
  try {
    await restart(); // migrates the empty database
    await seed(db);
    const before = await checkInvariants(db);
    // `--only <name>` runs one scenario (while fixing it); the results file is then not written.
    const only = process.argv.includes('--only')
      ? process.argv[process.argv.indexOf('--only') + 1]
      : undefined;
    for (const scenario of [
      killDuringRemittancePaid,
      killDuringPaymentRun,
      killDuringImport,
      terminateDuringImport,
      gracefulShutdown,
    ].filter((s) => !only || s.name === only)) {
      try {
        await scenario();
      } catch (error) {
        record(scenario.name, false, `the drill itself failed: ${(error as Error).message}`);
      }
    }
    const after = await checkInvariants(db);
    record(
      'ledger sums to zero per transaction',
      after.unbalancedLedgerTransactions === 0,
      `${after.ledgerEntries} entries (${before.ledgerEntries} before the drill), ${after.unbalancedLedgerTransactions} unbalanced transactions`,
    );
    record(
      'audit chain verifies',
      after.auditChainValid,
      `${after.auditEvents} events (${before.auditEvents} before)${after.auditBrokenAt ? `: ${after.auditBrokenAt}` : ''}`,
    );
  } finally {
    if (current) await stopApi(current, 'SIGKILL');
    await db.stop();
  }
  const ok = outcomes.every((outcome) => outcome.ok);
  const markdown = `# Fault drills

\`npm run drill:faults\`, run ${new Date().toISOString().slice(0, 10)} on a 2-core machine (${((Date.now() - started) / 1000).toFixed(0)} s): the production API (apps/api/dist)
on a throw-away embedded PostgreSQL 15 with the demo programme seeded. Kills are \`SIGKILL\` at fixed delays after the request
is sent (${KILL_DELAYS_MS.join(', ')} ms); each kill is followed by a restart and a retry with the same idempotency key.

| scenario | outcome | what happened |
|---|---|---|
${outcomes.map((outcome) => `| ${outcome.scenario} | ${outcome.ok ? 'pass' : '**FAIL**'} | ${outcome.detail} |`).join('\n')}

**${ok ? 'All scenarios passed.' : 'Some scenarios FAILED.'}**
`;
  if (process.argv.includes('--only')) console.log(markdown);
  else console.log(`written to ${writeResult('faults.md', markdown)}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
