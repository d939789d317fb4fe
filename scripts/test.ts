// `npm test`: build (cached by turbo), typecheck, lint, then every Jest suite
// (unit, database, API end-to-end, browser) against a real PostgreSQL. Ends
// with one plain line "N passed, N failed" over everything that ran.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, run } from './lib/processes';

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numRuntimeErrorTestSuites: number;
  numTotalTests: number;
}

const bin = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);
const turbo = bin('turbo');
const jest = bin('jest');
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/** A check's command; its output is kept and printed whole when it ends, so checks can run side by side. */
interface Check {
  name: string;
  command: string;
  args: string[];
}

function runCaptured(check: Check): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

// After the build, every check reads only the sources and the built OpenAPI document, and
// none depends on another; most are one single-threaded process, so they run side by side
// (at least two at a time) rather than one after another: uncached, 156 s → 112 s on a
// shared 2-core machine. Longest first, so the short ones fill in behind.
const STATIC_CHECKS: Check[] = [
  // --only: the build above already ran; two turbo runs side by side must not both restore it.
  { name: 'lint', command: turbo, args: ['run', 'lint', '--only', '--output-logs=errors-only'] },
  {
    name: 'typecheck',
    command: turbo,
    args: ['run', 'typecheck', '--only', '--output-logs=errors-only'],
  },
  // Formatting is checked, not just configured (tooling/prettier; `npm run format` fixes it).
  {
    name: 'format (prettier --check)',
    command: bin('prettier'),
    args: ['--check', '--log-level=warn', '.'],
  },
  {
    name: 'typecheck (root scripts and tests)',
    command: bin('tsc'),
    args: ['-p', 'tsconfig.json'],
  },
  {
    name: 'lint (root scripts and tests)',
    command: bin('eslint'),
    args: ['.', '--max-warnings', '0'],
  },
  // Unused files, exports and dependencies, and imports of undeclared dependencies (knip.jsonc).
  { name: 'unused code and dependencies (knip)', command: bin('knip'), args: ['--no-progress'] },
  // The API document must pass both linters with no errors (redocly.yaml, .spectral.yaml); warnings are allowed.
  {
    name: 'OpenAPI lint (spectral)',
    command: bin('spectral'),
    args: ['lint', 'apps/api/openapi.json', '--fail-severity=error'],
  },
  {
    name: 'OpenAPI lint (redocly)',
    command: bin('redocly'),
    args: ['lint', 'apps/api/openapi.json', '--format=summary'],
  },
];

async function main(): Promise<void> {
  const started = Date.now();
  const checks: { name: string; ok: boolean }[] = [];
  const step = async (
    name: string,
    command: string,
    args: string[],
    extraEnv: Record<string, string> = {},
  ) => {
    const t0 = Date.now();
    process.stdout.write(`\n▶ ${name}\n`);
    const ok = (await run(command, args, { env: { ...env, ...extraEnv } })) === 0;
    process.stdout.write(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)\n`);
    checks.push({ name, ok });
    return ok;
  };

  // The typecheck step below covers the portal, so its build need not check types first (next.config.ts).
  await step('build', turbo, ['run', 'build', '--output-logs=errors-only'], {
    WAYMARK_TYPECHECK_AFTER_BUILD: '1',
  });
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

  const t0 = Date.now();
  const outcomes: boolean[] = [];
  let next = 0;
  const worker = async () => {
    while (next < STATIC_CHECKS.length) {
      const index = next++;
      const check = STATIC_CHECKS[index]!;
      const checkStarted = Date.now();
      const { ok, output } = await runCaptured(check);
      const seconds = ((Date.now() - checkStarted) / 1000).toFixed(1);
      process.stdout.write(
        `\n▶ ${check.name}\n${output}${ok ? '✔' : '✘'} ${check.name} (${seconds}s)\n`,
      );
      outcomes[index] = ok;
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, os.availableParallelism()) }, worker));
  STATIC_CHECKS.forEach((check, index) => checks.push({ name: check.name, ok: outcomes[index]! }));
  process.stdout.write(`\nstatic checks: ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);

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
