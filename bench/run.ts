// `npm run bench [name…]`: runs the benchmarks under bench/ one after another
// (they share two cores; running them together would measure each other).
// Each writes its own figures to bench/results/. With no names, all run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const benchDir = __dirname;
const available = fs
  .readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.test.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of requested.length > 0 ? requested : available) {
  console.log(`\n▶ bench ${name}`);
  const started = Date.now();
  const result = spawnSync(
    path.join(benchDir, '..', 'node_modules', '.bin', 'tsx'),
    [path.join(benchDir, `${name}.ts`)],
    { stdio: 'inherit' },
  );
  const ok = result.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(0)}s)`);
}
process.exit(failed === 0 ? 0 : 1);
