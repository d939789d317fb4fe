// `npm run db:generate -- --referrals 2000000 [--seed 42] [--activities-per-referral 6]`
// Generates a national-scale Work Programme into DATABASE_URL (or the embedded
// server under .data/), prints rows/s per table and the size on disk, and
// writes bench/results/generate-<N>.md.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { findRepoRoot, migrate, readDatabaseEnv, resolveDatabase } from '../packages/db/src/index';
import { generateScaleData } from '../packages/db/src/generate/index';
import { LARGE_TABLES, TABLE_ORDER } from '../packages/db/src/generate/tables';

function parseArgs(argv: string[]): {
  referrals: number;
  seed: number;
  activitiesPerReferral: number;
} {
  const value = (name: string, fallback: number): number => {
    const index = argv.indexOf(`--${name}`);
    if (index === -1) return fallback;
    const parsed = Number(argv[index + 1]);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new Error(`--${name} must be a non-negative integer`);
    return parsed;
  };
  return {
    referrals: value('referrals', 10_000),
    seed: value('seed', 42),
    activitiesPerReferral: value('activities-per-referral', 6),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = await resolveDatabase(readDatabaseEnv());
  try {
    await migrate({ databaseUrl: database.url });
    console.log(
      `generating ${args.referrals.toLocaleString('en-GB')} referrals (seed ${args.seed}, ~${args.activitiesPerReferral} activities each)…`,
    );
    const result = await generateScaleData({
      databaseUrl: database.url,
      ...args,
      log: (line) => console.log(line),
    });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const dbSize = Number(
      (await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size'))
        .rows[0]?.size,
    );
    const sizes = new Map<string, number>();
    for (const table of TABLE_ORDER) {
      const { rows } = await client.query<{ size: string }>(
        'SELECT pg_total_relation_size($1::regclass) AS size',
        [table],
      );
      sizes.set(table, Number(rows[0]?.size));
    }
    await client.end();

    const lines = [
      '| table | rows | COPY seconds | rows/s | total size (with indexes) |',
      '|---|---:|---:|---:|---:|',
      ...result.tables
        .filter((t) => t.rows > 0)
        .map(
          (t) =>
            `| ${t.table} | ${t.rows.toLocaleString('en-GB')} | ${t.seconds.toFixed(1)} | ${t.seconds > 0 ? Math.round(t.rows / t.seconds).toLocaleString('en-GB') : '—'} | ${mb(sizes.get(t.table) ?? 0)} |`,
        ),
    ];
    const totalRows = result.tables.reduce((sum, t) => sum + t.rows, 0);
    const summary = [
      `total: ${totalRows.toLocaleString('en-GB')} rows in ${result.seconds.toFixed(0)} s (${Math.round(totalRows / result.seconds).toLocaleString('en-GB')} rows/s overall; index and foreign-key rebuild ${result.indexSeconds.toFixed(0)} s)`,
      `database size: ${mb(dbSize)} (pg_database_size, including anything already in it)`,
    ];
    console.log([...lines, '', ...summary].join('\n'));

    const report = [
      `# Scale generator — ${args.referrals.toLocaleString('en-GB')} referrals`,
      '',
      `\`npx tsx scripts/generate.ts --referrals ${args.referrals} --seed ${args.seed} --activities-per-referral ${args.activitiesPerReferral}\`, run ${new Date().toISOString().slice(0, 10)}`,
      `against ${database.isEmbedded ? 'the embedded PostgreSQL 15 (.data/pg, default durability settings)' : 'DATABASE_URL'} on a 2-core machine.`,
      '',
      "One transaction: the large tables' indexes and foreign keys are dropped, rows are streamed through",
      '`COPY … FROM STDIN` in chunks of 20,000 referrals, then indexes and foreign keys are rebuilt (which',
      'validates every reference), ledger balance is checked set-based, and the large tables are vacuumed and analysed (as a live database would be).',
      `Large tables: ${LARGE_TABLES.join(', ')}.`,
      '',
      ...summary.map((s) => `- ${s}`),
      '',
      ...lines,
      '',
    ].join('\n');
    const file = path.join(findRepoRoot(), 'bench/results', `generate-${args.referrals}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, report);
    console.log(`wrote ${path.relative(findRepoRoot(), file)}`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? (error as Error).message);
  process.exit(1);
});
