// Payment run over N approved claims (issue 7, W5 benchmarks).
//
//   npx tsx --tsconfig apps/api/tsconfig.json bench/payment-run.ts [--claims 10000]
//
// In a throw-away PostgreSQL (embedded, fsync off; or DATABASE_URL as the
// admin connection) migrated from prisma/migrations: generates a programme,
// one prime contract with 12 subcontracts (PBR_SHARE, MILESTONE_TARIFF,
// HYBRID, SERVICE_FEE) and N APPROVED claims by set-based SQL (the scale
// generator, scripts/generate.ts, does not produce approved claims with
// remittances yet). Then, through the API's own services (wired by its Nest
// module from the compiled apps/api/dist, as the server wires them: tsx emits
// no decorator metadata for Nest's injector; `npx turbo run build
// --filter=@waymark/api` first) times and counts the SQL statements of: the remittance run, marking it paid (N claims → PAID with
// a transition each, one ledger transfer), and the subcontractor payment run
// over every subcontract. Writes bench/results/payment-run-<N>.md.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { quoteIdent } from '../packages/db/src/database';
import { startTestServer, withDatabase } from '../packages/db/src/test-support/test-server';
import type * as AppFactory from '../apps/api/src/app.factory';
import { type Principal } from '../apps/api/src/common/auth/principal';
import type * as Env from '../apps/api/src/common/config/env';
import type * as Database from '../apps/api/src/common/db/database.module';
import type * as Reconciliation from '../apps/api/src/reconciliation/reconciliation.service';
import type * as Remittances from '../apps/api/src/remittances/remittances.service';
import type * as SubcontractorPayments from '../apps/api/src/subcontractor-payments/subcontractor-payments.service';
import { argument, watchPoolQueries } from './lib/measure';

const API_DIST = path.join(__dirname, '..', 'apps', 'api', 'dist', 'src');
/** A module of the compiled API (its classes carry the decorator metadata Nest's injector reads). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fromApi = <T>(file: string): T => require(path.join(API_DIST, file)) as T;

/** Counts every statement sent through the pool (pool.query and checked-out clients alike, each once). */
function countStatements(pool: Pool): { count: () => number; reset: () => void } {
  let statements = 0;
  watchPoolQueries(pool, () => statements++);
  return { count: () => statements, reset: () => (statements = 0) };
}

export interface BenchWorld {
  programmeId: string;
  primeContractId: string;
  commissioner: Principal;
  prime: Principal;
  /** A second prime finance user, who approves what `prime` runs (maker-checker). */
  primeChecker: Principal;
  subcontractIds: string[];
}

const principal = (
  organisationId: string,
  kind: Principal['organisationKind'],
  userId: string,
): Principal => ({
  via: 'session',
  userId,
  apiKeyId: null,
  sessionId: null,
  organisationId,
  organisationKind: kind,
  roles: ['FINANCE'],
});

/** A prime contract with 12 subcontracts and `claims` APPROVED claims decided in March 2024, all by set-based SQL. */
export async function generateBenchWorld(client: Client, claims: number): Promise<BenchWorld> {
  const one = async (sql: string, values: unknown[] = []) =>
    (await client.query<{ id: string }>(sql, values)).rows[0]!.id;
  const tag = randomUUID().slice(0, 8);
  const commissionerId = await one(
    `INSERT INTO organisation (name, kind) VALUES ($1, 'COMMISSIONER') RETURNING id`,
    [`Commissioner ${tag}`],
  );
  const primeId = await one(
    `INSERT INTO organisation (name, kind) VALUES ($1, 'PRIME') RETURNING id`,
    [`Prime ${tag}`],
  );
  const partnerId = await one(
    `INSERT INTO organisation (name, kind) VALUES ($1, 'REFERRAL_PARTNER') RETURNING id`,
    [`Jobcentre ${tag}`],
  );
  const commissionerUser = await one(
    `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Bench', 'x', '{FINANCE}') RETURNING id`,
    [commissionerId, `c-${tag}@bench.test`],
  );
  const primeUser = await one(
    `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Bench', 'x', '{FINANCE}') RETURNING id`,
    [primeId, `p-${tag}@bench.test`],
  );
  const primeChecker = await one(
    `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, 'Bench', 'x', '{FINANCE}') RETURNING id`,
    [primeId, `p2-${tag}@bench.test`],
  );
  const programmeId = await one(
    `INSERT INTO programme (commissioner_id, name, starts_on) VALUES ($1, $2, '2024-01-01') RETURNING id`,
    [commissionerId, `Programme ${tag}`],
  );
  const areaId = await one(
    `INSERT INTO contract_area (programme_id, name) VALUES ($1, 'Area') RETURNING id`,
    [programmeId],
  );
  const modelId = await one(
    `INSERT INTO payment_model (programme_id, name) VALUES ($1, 'Model') RETURNING id`,
    [programmeId],
  );
  const versionId = await one(
    `INSERT INTO payment_model_version (payment_model_id, version, effective_from, definition) VALUES ($1, 1, '2024-01-01', '{}') RETURNING id`,
    [modelId],
  );
  const groupId = await one(
    `INSERT INTO payment_group (programme_id, code, name) VALUES ($1, 'A', 'A') RETURNING id`,
    [programmeId],
  );
  const milestoneId = await one(
    `INSERT INTO milestone_type (programme_id, code, name) VALUES ($1, 'JOB_OUTCOME', 'Job outcome') RETURNING id`,
    [programmeId],
  );
  const tariffId = await one(
    `INSERT INTO tariff (payment_model_version_id, payment_group_id, milestone_type_id, amount_pence) VALUES ($1, $2, $3, 120000) RETURNING id`,
    [versionId, groupId, milestoneId],
  );
  const primeContractId = await one(
    `INSERT INTO prime_contract (programme_id, contract_area_id, prime_id, payment_model_id, reference, value_cap_pence, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, 1000000000000, '2024-01-01', '2030-12-31') RETURNING id`,
    [programmeId, areaId, primeId, modelId, `PC-${tag}`],
  );
  const kinds: [string, Record<string, unknown>][] = [
    ['PBR_SHARE', { shareBasisPoints: 7000 }],
    ['PBR_SHARE', { shareBasisPoints: 6500 }],
    ['MILESTONE_TARIFF', { ratesPence: { JOB_OUTCOME: '90000' } }],
    [
      'HYBRID',
      {
        contractValuePence: '2400000',
        upfrontBasisPoints: 3000,
        upfrontInstalments: 12,
        startDate: '2024-01-01',
        ratesPence: { JOB_OUTCOME: '100000' },
      },
    ],
    ['SERVICE_FEE', { feePerPeriodPence: '350000', periodMonths: 1, startDate: '2024-01-01' }],
    ['PBR_SHARE', { shareBasisPoints: 8000 }],
  ];
  const subcontractIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    const [kind, terms] = kinds[i % kinds.length]!;
    const subcontractorId = await one(
      `INSERT INTO organisation (name, kind) VALUES ($1, 'SUBCONTRACTOR') RETURNING id`,
      [`Charity ${tag} ${i}`],
    );
    subcontractIds.push(
      await one(
        `INSERT INTO subcontract (programme_id, prime_contract_id, subcontractor_id, tier, terms_kind, terms, management_fee_bp, payment_sla_days, starts_on) VALUES ($1, $2, $3, 'SPECIALIST', $4, $5, 800, 30, '2024-01-01') RETURNING id`,
        [
          programmeId,
          primeContractId,
          subcontractorId,
          kind,
          JSON.stringify({ kind, managementFeeBasisPoints: 800, paymentSlaDays: 30, ...terms }),
        ],
      ),
    );
  }
  await client.query(
    `INSERT INTO participant (programme_id, prime_contract_id, reference, ni_number_hmac, ni_number_ciphertext)
     SELECT $1, $2, $3 || '-' || g, sha256(($3 || g)::bytea), '\\x00'::bytea FROM generate_series(1, $4) g`,
    [programmeId, primeContractId, `P-${tag}`, claims],
  );
  await client.query(
    `INSERT INTO referral (programme_id, prime_contract_id, referral_partner_id, participant_id, status, subcontract_id)
     SELECT p.programme_id, p.prime_contract_id, $2, p.id, 'ALLOCATED', ($3::uuid[])[1 + (row_number() OVER (ORDER BY p.id)) % 12]
     FROM participant p WHERE p.prime_contract_id = $1`,
    [primeContractId, partnerId, subcontractIds],
  );
  await client.query(
    `INSERT INTO claim (programme_id, prime_contract_id, referral_id, subcontract_id, milestone_type_id, occurrence, milestone_on, tariff_id, amount_pence, status, created_by_user_id, decided_at)
     SELECT r.programme_id, r.prime_contract_id, r.id, r.subcontract_id, $2, 1, date '2024-03-01' + (row_number() OVER (ORDER BY r.id) % 28)::int, $3, 120000, 'APPROVED', $4,
            timestamptz '2024-03-01 12:00Z' + ((row_number() OVER (ORDER BY r.id) % 28) || ' days')::interval
     FROM referral r WHERE r.prime_contract_id = $1`,
    [primeContractId, milestoneId, tariffId, primeUser],
  );
  await client.query('ANALYZE');
  return {
    programmeId,
    primeContractId,
    commissioner: principal(commissionerId, 'COMMISSIONER', commissionerUser),
    prime: principal(primeId, 'PRIME', primeUser),
    primeChecker: principal(primeId, 'PRIME', primeChecker),
    subcontractIds,
  };
}

/**
 * The API's remittance, payment and reconciliation services as its Nest module wires them (the whole
 * AppModule, jobs off: the analytics refresh a run queues is background work, not what is measured;
 * notifications are written in the run's own transaction and counted), with every statement sent
 * through its pool counted.
 */
export async function apiServices(databaseUrl: string) {
  if (!fs.existsSync(path.join(API_DIST, 'app.factory.js')))
    throw new Error(
      'apps/api/dist is missing: run `npx turbo run build --filter=@waymark/api` first',
    );
  const { createApp } = fromApi<typeof AppFactory>('app.factory.js');
  const { loadConfig } = fromApi<typeof Env>('common/config/env.js');
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
    databaseUrl,
  };
  const app = await createApp({ config, databaseUrl });
  await app.init();
  const { PG_POOL } = fromApi<typeof Database>('common/db/database.module.js');
  const { RemittancesService } = fromApi<typeof Remittances>('remittances/remittances.service.js');
  const { SubcontractorPaymentsService } = fromApi<typeof SubcontractorPayments>(
    'subcontractor-payments/subcontractor-payments.service.js',
  );
  const { ReconciliationService } = fromApi<typeof Reconciliation>(
    'reconciliation/reconciliation.service.js',
  );
  return {
    remittances: app.get(RemittancesService),
    payments: app.get(SubcontractorPaymentsService),
    reconciliation: app.get(ReconciliationService),
    pool: app.get<Pool>(PG_POOL),
    counter: countStatements(app.get<Pool>(PG_POOL)),
    close: () => app.close(),
  };
}

/** A throw-away database on a throw-away server, migrated; returns its URL and a stop function. */
export async function throwAwayDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = await startTestServer({ databaseUrl: process.env.DATABASE_URL });
  const name = `waymark_bench_${process.pid}`;
  const admin = new Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
  await admin.query(
    `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(server.templateDatabase)}`,
  );
  await admin.end();
  return {
    url: withDatabase(server.adminUrl, name),
    stop: async () => {
      const again = new Client({ connectionString: server.adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await again.end();
      await server.stop();
    },
  };
}

export async function timed<T>(
  work: () => Promise<T>,
  counter: { count: () => number; reset: () => void },
): Promise<{ result: T; ms: number; statements: number }> {
  counter.reset();
  const started = process.hrtime.bigint();
  const result = await work();
  return {
    result,
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    statements: counter.count(),
  };
}

async function main(): Promise<void> {
  const claims = argument('claims', 10_000);
  const database = await throwAwayDatabase();
  try {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const generateStarted = Date.now();
    const world = await generateBenchWorld(client, claims);
    const generateMs = Date.now() - generateStarted;
    const { remittances, payments, counter, close } = await apiServices(database.url);

    const run = await timed(
      () =>
        remittances.run(world.commissioner, randomUUID(), {
          primeContractId: world.primeContractId,
          periodStart: '2024-03-01',
          periodEnd: '2024-03-31',
        }),
      counter,
    );
    const remittanceId = run.result.body.remittance.id;
    const paid = await timed(
      () =>
        remittances.markPaid(world.commissioner, randomUUID(), remittanceId, {
          paidReference: 'BENCH-REM',
          paidOn: '2024-04-05',
        }),
      counter,
    );
    const preview = await timed(
      () =>
        payments.preview(world.prime, {
          primeContractId: world.primeContractId,
          periodStart: '2024-04-01',
          periodEnd: '2024-04-30',
        }),
      counter,
    );
    const paymentRun = await timed(
      () =>
        payments.run(world.prime, randomUUID(), {
          primeContractId: world.primeContractId,
          periodStart: '2024-04-01',
          periodEnd: '2024-04-30',
        }),
      counter,
    );
    const approve = await timed(async () => {
      for (const payment of paymentRun.result.body.payments)
        await payments.approve(world.primeChecker, randomUUID(), payment.id, {});
    }, counter);
    const markPaid = await timed(async () => {
      for (const payment of paymentRun.result.body.payments)
        await payments.markPaid(world.prime, randomUUID(), payment.id, {
          paidReference: `BENCH-${payment.id.slice(0, 8)}`,
          paidOn: '2024-04-20',
        });
    }, counter);
    const previewMatchesRun =
      preview.result.totals.amountPence ===
      String(paymentRun.result.body.payments.reduce((sum, p) => sum + BigInt(p.amountPence), 0n));

    const lines = await client.query<{ n: string; total: string }>(
      `SELECT count(*)::text AS n, sum(l.amount_pence)::text AS total FROM subcontractor_payment_line l JOIN subcontractor_payment p ON p.id = l.subcontractor_payment_id WHERE p.prime_contract_id = $1`,
      [world.primeContractId],
    );
    const claimLines = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM subcontractor_payment_line l JOIN subcontractor_payment p ON p.id = l.subcontractor_payment_id WHERE p.prime_contract_id = $1 AND l.claim_id IS NOT NULL`,
      [world.primeContractId],
    );
    const paidClaims = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM claim WHERE prime_contract_id = $1 AND status = 'PAID'`,
      [world.primeContractId],
    );
    const transitions = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM claim_transition WHERE prime_contract_id = $1 AND to_status = 'PAID'`,
      [world.primeContractId],
    );
    await client.end();
    await close();

    const rows = [
      ['remittance run (claims → remittance lines)', run],
      [
        'mark remittance paid (claims → PAID + transitions + ledger + each subcontracted claim’s entitlement stored)',
        paid,
      ],
      [
        'payment run preview (the run’s statements in a rolled-back savepoint; payments + every line read back)',
        preview,
      ],
      ['subcontractor payment run (12 subcontracts, all terms kinds)', paymentRun],
      ['approve the 12 payments (a second prime user: maker-checker)', approve],
      ['mark the 12 payments paid (ledger + paid line recorded on each entitlement)', markPaid],
    ] as const;
    const report = `# Payment run — ${claims.toLocaleString('en-GB')} approved claims

Generated by \`npx tsx --tsconfig apps/api/tsconfig.json bench/payment-run.ts --claims ${claims}\` on ${new Date().toISOString().slice(0, 10)} (${process.platform}, Node ${process.version}).
Throw-away embedded PostgreSQL (fsync off), migrated from prisma/migrations; data generated by set-based SQL in ${(generateMs / 1000).toFixed(1)} s
(the scale generator does not yet produce approved claims with remittances). One prime contract, 12 subcontracts
(PBR_SHARE ×6, MILESTONE_TARIFF ×2, HYBRID ×2, SERVICE_FEE ×2), ${claims.toLocaleString('en-GB')} APPROVED job-outcome claims at £1,200.
Each step runs through the API's own service (party-scoped transaction as \`waymark_app\`, idempotency key, audit);
statements are counted by wrapping the pool's and its clients' \`query\` (BEGIN/COMMIT, SET ROLE and audit included).

| step | time (ms) | SQL statements |
|---|---:|---:|
${rows.map(([label, r]) => `| ${label} | ${r.ms.toFixed(0)} | ${r.statements} |`).join('\n')}

Result: ${paidClaims.rows[0]!.n} claims PAID with ${transitions.rows[0]!.n} transition rows; the payment run wrote
${run.result.body.remittance.claimCount.toLocaleString('en-GB')} remitted claims → ${claimLines.rows[0]!.n} per-claim lines (+ scheduled fees) = ${lines.rows[0]!.n} lines in
${paymentRun.result.body.payments.length} payments totalling ${lines.rows[0]!.total}p; the preview's total ${previewMatchesRun ? 'equals' : 'DIFFERS FROM'} the run's.
Single runs on a shared machine (2 cores, other engineers' work running): read the times as orders of magnitude.

The statement count does not grow with the number of claims: the payment run is three set-based statements
(lines into a temporary table, payments, lines) plus per-subcontract audit events; marking paid is one
UPDATE … RETURNING → INSERT claim_transition statement for all claims.
`;
    const out = path.join(__dirname, 'results', `payment-run-${claims}.md`);
    fs.writeFileSync(out, report);
    console.log(report);
    console.log(`wrote ${out}`);
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
