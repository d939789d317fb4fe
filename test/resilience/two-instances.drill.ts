// `npm run drill:two-instances`: two production API processes start at the
// same moment on one EMPTY database (throw-away embedded PostgreSQL). Both
// migrate at start-up: each migration must be recorded once. Then referral
// imports are uploaded through both instances alternately; each job must run
// exactly once (one "job started" across both logs, one completion audit
// event, one COMPLETED import with the file's rows written once).
// Writes bench/results/two-instances.md; exit code 1 when a check fails.

import path from 'node:path';
import { readMigrationFiles } from '../../packages/db/src/migrate/migrations';
import { defaultMigrationsDir } from '../../packages/db/src/index';
import {
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
} from './lib/harness';

const IMPORTS = 8;
const ROWS_PER_IMPORT = 2_000;

async function main(): Promise<void> {
  const started = Date.now();
  const db = await startDrillDatabase();
  const storageDir = path.join(db.dataDir, 'storage');
  const checks: { check: string; ok: boolean; detail: string }[] = [];
  const instances: ApiProcess[] = [];
  try {
    // Same moment, same empty database.
    instances.push(
      ...(await Promise.all(
        ['api-a', 'api-b'].map((name) => startApi({ name, databaseUrl: db.url, storageDir })),
      )),
    );
    await Promise.all(instances.map((instance) => waitReady(instance, 120_000)));
    const files = readMigrationFiles(defaultMigrationsDir());
    const migrations = await db.pool.query<{ name: string; n: string }>(
      `SELECT name, count(*) AS n FROM _waymark_migrations GROUP BY name`,
    );
    const appliedTwice = migrations.rows.filter((row) => Number(row.n) !== 1);
    checks.push({
      check: 'both instances started and answer /ready',
      ok: true,
      detail: instances.map((i) => i.url).join(', '),
    });
    checks.push({
      check: 'each migration recorded exactly once',
      ok: migrations.rowCount === files.length && appliedTwice.length === 0,
      detail: `${migrations.rowCount} rows for ${files.length} migration files; applied twice: ${appliedTwice.length}`,
    });

    await seed(db);
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
both with \`MIGRATE_ON_START=true\` and job workers on; then ${IMPORTS} referral files of ${ROWS_PER_IMPORT} rows uploaded through both instances alternately.

| check | outcome | detail |
|---|---|---|
${checks.map((check) => `| ${check.check} | ${check.ok ? 'pass' : '**FAIL**'} | ${check.detail} |`).join('\n')}

**${ok ? 'All checks passed.' : 'Some checks FAILED.'}**
`;
  console.log(markdown);
  console.log(`written to ${writeResult('two-instances.md', markdown)}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
