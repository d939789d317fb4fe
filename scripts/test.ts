// `npm test`: build (cached by turbo), typecheck, lint, then every Jest suite
// (unit, database, API end-to-end, browser) against a real PostgreSQL. Ends
// with one plain line "N passed, N failed" over everything that ran.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, run } from './lib/processes';

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numRuntimeErrorTestSuites: number;
  numTotalTests: number;
}

const turbo = path.join(repoRoot, 'node_modules/.bin/turbo');
const jest = path.join(repoRoot, 'node_modules/.bin/jest');
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

async function main(): Promise<void> {
  const started = Date.now();
  const checks: { name: string; ok: boolean }[] = [];
  const step = async (name: string, command: string, args: string[]) => {
    const t0 = Date.now();
    process.stdout.write(`\n▶ ${name}\n`);
    const ok = (await run(command, args, { env })) === 0;
    process.stdout.write(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)\n`);
    checks.push({ name, ok });
    return ok;
  };

  await step('build', turbo, ['run', 'build', '--output-logs=errors-only']);
  if (process.env.CI) {
    // A build regenerates openapi.json; in CI the committed contract must already match.
    await step('API contract committed', 'git', [
      'diff',
      '--exit-code',
      '--stat',
      '--',
      'apps/api/openapi.json',
      'packages/api-client/src/generated',
    ]);
  }
  // The API document must pass both linters with no errors (redocly.yaml, .spectral.yaml); warnings are allowed.
  await step('OpenAPI lint (redocly)', path.join(repoRoot, 'node_modules/.bin/redocly'), [
    'lint',
    'apps/api/openapi.json',
    '--format=summary',
  ]);
  await step('OpenAPI lint (spectral)', path.join(repoRoot, 'node_modules/.bin/spectral'), [
    'lint',
    'apps/api/openapi.json',
    '--fail-severity=error',
  ]);
  await step('typecheck', turbo, ['run', 'typecheck', '--output-logs=errors-only']);
  await step('typecheck (root scripts and tests)', path.join(repoRoot, 'node_modules/.bin/tsc'), [
    '-p',
    'tsconfig.json',
  ]);
  await step('lint', turbo, ['run', 'lint', '--output-logs=errors-only']);
  await step('lint (root scripts and tests)', path.join(repoRoot, 'node_modules/.bin/eslint'), [
    '.',
    '--max-warnings',
    '0',
  ]);
  // Formatting is checked, not just configured (tooling/prettier; `npm run format` fixes it).
  await step('format (prettier --check)', path.join(repoRoot, 'node_modules/.bin/prettier'), [
    '--check',
    '--log-level=warn',
    '.',
  ]);
  // Unused files, exports and dependencies, and imports of undeclared dependencies (knip.jsonc).
  await step('unused code and dependencies (knip)', path.join(repoRoot, 'node_modules/.bin/knip'), [
    '--no-progress',
  ]);

  const resultsFile = path.join(repoRoot, '.data', 'jest-results.json');
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  process.stdout.write('\n▶ tests (jest: domain, db, api, api-client, repo, browser)\n');
  await run(jest, ['--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
    env,
  });

  let summary: JestSummary | undefined;
  if (fs.existsSync(resultsFile))
    summary = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as JestSummary;
  const failedChecks = checks.filter((check) => !check.ok);
  const passed = (summary?.numPassedTests ?? 0) + checks.length - failedChecks.length;
  // A suite that crashed before running its tests counts as a failure, so it cannot hide.
  const failed =
    (summary?.numFailedTests ?? 0) +
    (summary?.numRuntimeErrorTestSuites ?? 0) +
    failedChecks.length +
    (summary ? 0 : 1);

  process.stdout.write('\n── summary ──\n');
  for (const check of checks) process.stdout.write(`${check.ok ? '✔' : '✘'} ${check.name}\n`);
  if (summary) {
    process.stdout.write(
      `jest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped, ${summary.numRuntimeErrorTestSuites} suites crashed\n`,
    );
  } else {
    process.stdout.write('jest: produced no results (crashed before running)\n');
  }
  process.stdout.write(`time: ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

void main();
