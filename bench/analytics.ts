// Analytics dashboards at scale (issue 9, W7 benchmarks).
//
//   npx tsx scripts/generate.ts --referrals 2000000   # once
//   npx tsx --tsconfig apps/api/tsconfig.json bench/analytics.ts [--repeat 3] [--skip-full]
//
// Against the generated database, in one run: (1) the cost of refreshing the
// analytics fact tables — full, incremental (the nightly job) and one prime
// contract (after a payment run); (2) each dashboard through AnalyticsService
// (the code the HTTP route calls, inside the commissioner's row-level-security
// scope, over the fact tables) against the plain aggregate SQL over the raw
// tables that answers the same question for the same programme. Medians of
// --repeat runs. Writes bench/results/analytics-<referrals>.md.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { migrate, readDatabaseEnv, resolveDatabase } from '@waymark/db';
import {
  AnalyticsRefreshService,
  type RefreshReport,
} from '../apps/api/src/analytics/analytics-refresh.service';
import { AnalyticsRepository } from '../apps/api/src/analytics/analytics.repository';
import { AnalyticsService } from '../apps/api/src/analytics/analytics.service';
import { systemClock } from '../apps/api/src/common/clock/clock';
import { ReadDatabase } from '../apps/api/src/common/db/read-database';
import { type Principal } from '../apps/api/src/common/auth/principal';

const DEAD = `('PRIME_REJECTED', 'REJECTED', 'WITHDRAWN', 'CLAWED_BACK')`;

// The same questions on the raw tables ($1 = programme id; $2 = today − 30 days where used).
const RAW: Record<string, { sql: string; params: (programmeId: string) => unknown[] }> = {
  'spend by prime': {
    sql: `WITH rem AS (
        SELECT date_trunc('month', rm.paid_on) AS m, pc.prime_id AS k, sum(rl.amount_pence) AS p
        FROM remittance rm JOIN remittance_line rl ON rl.remittance_id = rm.id JOIN prime_contract pc ON pc.id = rm.prime_contract_id
        WHERE rm.status = 'PAID' AND rm.programme_id = $1 GROUP BY 1, 2),
      pass AS (
        SELECT date_trunc('month', sp.paid_on) AS m, pc.prime_id AS k, sum(l.amount_pence) AS p, sum(l.management_fee_pence) AS f
        FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id JOIN prime_contract pc ON pc.id = sp.prime_contract_id
        WHERE sp.status = 'PAID' AND sp.programme_id = $1 GROUP BY 1, 2),
      sector AS (
        SELECT o.sector_type, o.turnover_band, sum(l.amount_pence) AS p
        FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id
        JOIN subcontract s ON s.id = sp.subcontract_id JOIN organisation o ON o.id = s.subcontractor_id
        WHERE sp.status = 'PAID' AND sp.programme_id = $1 GROUP BY 1, 2)
      SELECT (SELECT count(*) FROM rem FULL JOIN pass USING (m, k)), (SELECT count(*) FROM sector)`,
    params: (programmeId) => [programmeId],
  },
  'spend by payment group': {
    sql: `WITH rem AS (
        SELECT date_trunc('month', rm.paid_on) AS m, t.payment_group_id AS k, sum(rl.amount_pence) AS p
        FROM remittance rm JOIN remittance_line rl ON rl.remittance_id = rm.id JOIN claim c ON c.id = rl.claim_id JOIN tariff t ON t.id = c.tariff_id
        WHERE rm.status = 'PAID' AND rm.programme_id = $1 GROUP BY 1, 2),
      pass AS (
        SELECT date_trunc('month', sp.paid_on) AS m, t.payment_group_id AS k, sum(l.amount_pence) AS p
        FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id
        LEFT JOIN claim c ON c.id = l.claim_id LEFT JOIN tariff t ON t.id = c.tariff_id
        WHERE sp.status = 'PAID' AND sp.programme_id = $1 GROUP BY 1, 2)
      SELECT count(*) FROM rem FULL JOIN pass USING (m, k)`,
    params: (programmeId) => [programmeId],
  },
  'flow-down': {
    sql: `WITH refs AS (
        SELECT r.prime_contract_id, s.subcontractor_id, count(*) AS n FROM referral r JOIN subcontract s ON s.id = r.subcontract_id
        WHERE r.programme_id = $1 AND r.allocated_at IS NOT NULL GROUP BY 1, 2),
      passed AS (
        SELECT sp.prime_contract_id, s.subcontractor_id, sum(l.amount_pence) AS p
        FROM subcontractor_payment sp JOIN subcontractor_payment_line l ON l.subcontractor_payment_id = sp.id JOIN subcontract s ON s.id = sp.subcontract_id
        WHERE sp.status = 'PAID' AND sp.programme_id = $1 GROUP BY 1, 2),
      remitted AS (
        SELECT rm.prime_contract_id, sum(rl.amount_pence) AS p FROM remittance rm JOIN remittance_line rl ON rl.remittance_id = rm.id
        WHERE rm.status = 'PAID' AND rm.programme_id = $1 GROUP BY 1)
      SELECT bc.prime_contract_id, bc.subcontractor_id, bc.planned_referral_share_bp, bc.planned_spend_share_bp, refs.n,
        (SELECT sum(n) FROM refs r2 WHERE r2.prime_contract_id = bc.prime_contract_id), passed.p, remitted.p
      FROM bid_commitment bc JOIN prime_contract pc ON pc.id = bc.prime_contract_id
      LEFT JOIN refs ON refs.prime_contract_id = bc.prime_contract_id AND refs.subcontractor_id = bc.subcontractor_id
      LEFT JOIN passed ON passed.prime_contract_id = bc.prime_contract_id AND passed.subcontractor_id = bc.subcontractor_id
      LEFT JOIN remitted ON remitted.prime_contract_id = bc.prime_contract_id
      WHERE pc.programme_id = $1`,
    params: (programmeId) => [programmeId],
  },
  'payment timeliness': {
    sql: `WITH pay AS (
        SELECT sp.id, sp.subcontract_id, sp.paid_on, s.payment_sla_days AS sla,
          COALESCE((SELECT max(rm.paid_on) FROM subcontractor_payment_line l JOIN remittance_line rl ON rl.claim_id = l.claim_id
                    JOIN remittance rm ON rm.id = rl.remittance_id AND rm.status = 'PAID' WHERE l.subcontractor_payment_id = sp.id),
                   sp.due_on - s.payment_sla_days) AS clock
        FROM subcontractor_payment sp JOIN subcontract s ON s.id = sp.subcontract_id WHERE sp.programme_id = $1)
      SELECT subcontract_id, count(*), count(*) FILTER (WHERE paid_on - clock > sla),
        percentile_disc(0.5) WITHIN GROUP (ORDER BY paid_on - clock), max(paid_on - clock)
      FROM pay GROUP BY 1`,
    params: (programmeId) => [programmeId],
  },
  parking: {
    sql: `WITH f AS (
        SELECT r.id, r.subcontract_id, r.status, r.allocated_at::date AS allocated_on, r.received_at::date AS received_on, r.attached_on,
          (SELECT n.payment_group_id FROM needs_assessment n WHERE n.participant_id = r.participant_id ORDER BY n.assessed_at DESC LIMIT 1) AS payment_group_id,
          a.first_contact_on, a.last_activity_on,
          EXISTS (SELECT 1 FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
                  WHERE c.referral_id = r.id AND mt.code = 'JOB_OUTCOME' AND c.status NOT IN ${DEAD}) AS has_outcome
        FROM referral r
        LEFT JOIN (SELECT referral_id, min(occurred_on) FILTER (WHERE kind IN ('CONTACT', 'APPOINTMENT')) AS first_contact_on, max(occurred_on) AS last_activity_on
                   FROM activity WHERE programme_id = $1 GROUP BY referral_id) a ON a.referral_id = r.id
        WHERE r.programme_id = $1 AND r.status <> 'REJECTED')
      SELECT payment_group_id, subcontract_id, count(*), count(*) FILTER (WHERE attached_on IS NOT NULL),
        percentile_cont(0.5) WITHIN GROUP (ORDER BY first_contact_on - COALESCE(allocated_on, received_on)),
        count(*) FILTER (WHERE status IN ('ALLOCATED', 'ATTACHED') AND COALESCE(last_activity_on, allocated_on, received_on) < $2::date),
        count(*) FILTER (WHERE status = 'EXITED' AND NOT has_outcome), count(*) FILTER (WHERE has_outcome)
      FROM f GROUP BY 1, 2`,
    params: (programmeId) => [
      programmeId,
      new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
    ],
  },
  performance: {
    sql: `SELECT r.prime_contract_id, date_trunc('month', r.attached_on) AS cohort, count(*),
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id
                                       WHERE c.referral_id = r.id AND mt.code = 'JOB_OUTCOME' AND c.status NOT IN ${DEAD}))
      FROM referral r WHERE r.programme_id = $1 AND r.attached_on IS NOT NULL GROUP BY 1, 2`,
    params: (programmeId) => [programmeId],
  },
};

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const repeat = argument('repeat', 3);
  const database = await resolveDatabase(readDatabaseEnv());
  const pool = new Pool({ connectionString: database.url, max: 4 });
  try {
    await migrate({ databaseUrl: database.url });
    const referrals = Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM referral')).rows[0]?.n,
    );
    const programme = (
      await pool.query<{ id: string; commissioner_id: string; n: string }>(
        `SELECT p.id, p.commissioner_id, count(*) AS n FROM referral r JOIN programme p ON p.id = r.programme_id GROUP BY p.id ORDER BY n DESC LIMIT 1`,
      )
    ).rows[0];
    if (!programme) throw new Error('no referrals: run scripts/generate.ts first');
    console.log(`${referrals} referrals; programme ${programme.id} holds ${programme.n}`);

    const jobs = { register: () => undefined } as never;
    const refresher = new AnalyticsRefreshService(pool, jobs);
    const refreshes: RefreshReport[] = [];
    if (!process.argv.includes('--skip-full')) {
      refreshes.push(await refresher.refresh({ full: true }));
      console.log('full refresh', refreshes.at(-1));
    }
    refreshes.push(await refresher.refresh());
    console.log('incremental refresh', refreshes.at(-1));
    const largest = (
      await pool.query<{ id: string }>(
        'SELECT prime_contract_id AS id FROM referral WHERE programme_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
        [programme.id],
      )
    ).rows[0]!.id;
    refreshes.push(await refresher.refreshPrimeContract(largest));
    console.log('prime-contract refresh', refreshes.at(-1));
    const factSizes = (
      await pool.query<{ relname: string; n: string; mb: string }>(
        `SELECT relname, n_live_tup::text AS n, (pg_total_relation_size(relid) / 1048576)::text AS mb FROM pg_stat_user_tables
         WHERE relname IN ('analytics_referral_fact', 'analytics_referral_month', 'analytics_money_month', 'analytics_flow_money_month', 'analytics_payment_fact') ORDER BY relname`,
      )
    ).rows;
    await pool.query(
      'ANALYZE analytics_referral_fact, analytics_referral_month, analytics_money_month, analytics_flow_money_month, analytics_payment_fact',
    );

    // No replica in the bench: every read on the primary, as with DATABASE_READ_URL unset.
    const service = new AnalyticsService(
      new AnalyticsRepository(),
      new ReadDatabase(pool, null, 30),
      systemClock,
    );
    const principal: Principal = {
      via: 'session',
      userId: null,
      apiKeyId: null,
      sessionId: null,
      organisationId: programme.commissioner_id,
      organisationKind: 'COMMISSIONER',
      roles: ['ADMIN'],
    };
    const base = { programmeId: programme.id, format: 'json' as const };
    const dashboards: Record<string, () => Promise<unknown>> = {
      'spend by prime': () => service.spend(principal, { ...base, by: 'prime', limit: 1000 }),
      'spend by payment group': () =>
        service.spend(principal, { ...base, by: 'paymentGroup', limit: 1000 }),
      'flow-down': () => service.flowDown(principal, { ...base, view: 'summary', trend: 'true' }),
      'payment timeliness': () => service.timeliness(principal, base),
      parking: () => service.parking(principal, { ...base, inactiveDays: 30 }),
      performance: () => service.performance(principal, base),
    };
    const results: { name: string; serviceMs: number; rawMs: number }[] = [];
    for (const [name, run] of Object.entries(dashboards)) {
      const raw = RAW[name]!;
      await run(); // warm the plan and cache for both sides alike
      await pool.query(raw.sql, raw.params(programme.id));
      const serviceMs: number[] = [];
      const rawMs: number[] = [];
      for (let i = 0; i < repeat; i++) {
        serviceMs.push(await timed(run));
        rawMs.push(await timed(() => pool.query(raw.sql, raw.params(programme.id))));
      }
      results.push({ name, serviceMs: median(serviceMs), rawMs: median(rawMs) });
      console.log(name, results.at(-1));
    }

    const lines = [
      `# Analytics dashboards — ${referrals.toLocaleString('en-GB')} referrals`,
      '',
      `\`npx tsx --tsconfig apps/api/tsconfig.json bench/analytics.ts --repeat ${repeat}\`, run ${new Date().toISOString().slice(0, 10)} against the embedded`,
      `PostgreSQL 15 (.data/pg) on ${os.cpus().length} cores, for the programme holding ${Number(programme.n).toLocaleString('en-GB')} referrals (the commissioner's whole programme, no other filter).`,
      '',
      '## Dashboards: service (fact tables, commissioner RLS scope) against plain aggregate SQL on the raw tables',
      '',
      `Median of ${repeat} runs each, interleaved, after one warm-up each. Target: service ≤ 2 × raw.`,
      '',
      '| dashboard | service ms | raw SQL ms | service ÷ raw | within 2× |',
      '|---|---:|---:|---:|:---:|',
      ...results.map(
        (r) =>
          `| ${r.name} | ${r.serviceMs.toFixed(0)} | ${r.rawMs.toFixed(0)} | ${(r.serviceMs / r.rawMs).toFixed(3)} | ${r.serviceMs <= 2 * r.rawMs ? 'yes' : 'NO'} |`,
      ),
      '',
      '## Refresh cost of the summary tables',
      '',
      '| mode | since | seconds | referral facts | referral-month rows | money-month rows | flow-down money rows | payment facts |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      ...refreshes.map(
        (r) =>
          `| ${r.mode} | ${r.since ?? '—'} | ${(r.durationMs / 1000).toFixed(1)} | ${r.referralFacts.toLocaleString('en-GB')} | ${r.referralMonths.toLocaleString('en-GB')} | ${r.moneyMonths.toLocaleString('en-GB')} | ${r.flowMoneyMonths.toLocaleString('en-GB')} | ${r.paymentFacts.toLocaleString('en-GB')} |`,
      ),
      '',
      '| fact table | rows | size MB |',
      '|---|---:|---:|',
      ...factSizes.map(
        (f) => `| ${f.relname} | ${Number(f.n).toLocaleString('en-GB')} | ${f.mb} |`,
      ),
      '',
      'FULL rebuilds every fact; INCREMENTAL is what the nightly job runs (open referrals, referrals received/allocated/exited',
      'in the window, money and payments from the month before the last refresh); PRIME_CONTRACT is what a payment run',
      `queues for its contract (here the largest, ${largest}). docs/analytics.md explains the scopes.`,
      '',
    ];
    const file = path.join(__dirname, 'results', `analytics-${referrals}.md`);
    fs.writeFileSync(file, lines.join('\n'));
    console.log(`wrote ${file}`);
  } finally {
    await pool.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
