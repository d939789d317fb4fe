// The scale generator's slope (issue 20, W17): seconds per 10,000 referrals at
// two sizes, each into a fresh throw-away embedded PostgreSQL. Flat means the
// load does not slow down as the tables grow.
//
//   npx tsx bench/generate-slope.ts [--small 10000] [--large 40000]
//
// Writes bench/results/generate-slope.md.
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from '../packages/db/src/index';
import { generateScaleData } from '../packages/db/src/generate/index';
import { startDrillDatabase } from '../test/resilience/lib/harness';
import { argument } from './lib/measure';

async function timeGeneration(
  referrals: number,
): Promise<{ referrals: number; seconds: number; claimSeconds: number; claims: number }> {
  const db = await startDrillDatabase();
  try {
    await migrate({ databaseUrl: db.url });
    const result = await generateScaleData({
      databaseUrl: db.url,
      referrals,
      seed: 42,
      activitiesPerReferral: 6,
    });
    const claim = result.tables.find((table) => table.table === 'claim');
    return {
      referrals,
      seconds: result.seconds,
      claimSeconds: claim?.seconds ?? 0,
      claims: claim?.rows ?? 0,
    };
  } finally {
    await db.stop();
  }
}

async function main(): Promise<void> {
  const sizes = [argument('small', 10_000), argument('large', 40_000)];
  const runs = [];
  for (const referrals of sizes) {
    const run = await timeGeneration(referrals);
    console.log(
      `${referrals} referrals: ${run.seconds.toFixed(1)} s (${((run.seconds / referrals) * 10_000).toFixed(1)} s per 10k); claims COPY ${run.claimSeconds.toFixed(2)} s for ${run.claims}`,
    );
    runs.push(run);
  }
  const [small, large] = runs as [(typeof runs)[number], (typeof runs)[number]];
  const perTenK = (run: typeof small) => (run.seconds / run.referrals) * 10_000;
  const markdown = `# Scale generator slope

\`npx tsx bench/generate-slope.ts --small ${small.referrals} --large ${large.referrals}\`, run ${new Date().toISOString().slice(0, 10)} on a 2-core machine shared
with other work (noisy). Each size into a fresh throw-away embedded PostgreSQL 15; whole generation (build, COPY, index and key rebuild, checks).

| referrals | seconds | seconds per 10k referrals | claim rows | claim COPY seconds | claim rows/s |
|---:|---:|---:|---:|---:|---:|
${runs.map((run) => `| ${run.referrals.toLocaleString('en-GB')} | ${run.seconds.toFixed(1)} | ${perTenK(run).toFixed(1)} | ${run.claims.toLocaleString('en-GB')} | ${run.claimSeconds.toFixed(2)} | ${run.claimSeconds > 0 ? Math.round(run.claims / run.claimSeconds).toLocaleString('en-GB') : '—'} |`).join('\n')}

Per-10k ratio, large ÷ small: **${(perTenK(large) / perTenK(small)).toFixed(2)}** (1.0 = flat).
`;
  const file = path.join(__dirname, 'results', 'generate-slope.md');
  fs.writeFileSync(file, markdown);
  console.log(markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
