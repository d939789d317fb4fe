// Bulk referral import against its own floor, in one run (issue 20, W17).
//
//   npx tsx bench/referral-import.ts --rows 100000
//
// 1. Generates a deterministic CSV of --rows referrals under .data/bench/.
// 2. Alternates, --rounds times (3), from empty tables each time:
//    - the floor the issue defines: parse the same file, HMAC + AES-GCM every
//      NI number (the import's own functions), then COPY the prepared
//      participant, referral and referral_transition rows straight into the
//      real tables — same constraints, foreign keys, indexes, triggers and
//      role as the import (committed, then truncated);
//    - the import: the real job on the stored file (worker thread: stream
//      parse → HMAC + AES-GCM → COPY text; main thread: one COPY into
//      staging → set-based validation → INSERT … SELECT participants,
//      referrals, transitions → audit), sampling this process's RSS every 10 ms;
//    - and, for scale, a raw COPY of the file into an unindexed table.
// 3. Writes bench/results/referral-import-<rows>.md with medians; ratio =
//    floor ÷ import (target ≥ 0.8).
//
// Uses DATABASE_URL when set, otherwise a throw-away embedded PostgreSQL
// (fsync off, like the test server) under .data/bench/pg.
import 'reflect-metadata';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  ensureDatabase,
  findRepoRoot,
  migrate,
  quoteIdent,
  startEmbeddedPostgres,
} from '@waymark/db';
import { spawnSync } from 'node:child_process';
import {
  BENEFIT_TYPES,
  REFERRAL_FILE_COLUMN_NAMES,
} from '../apps/api/src/referral-imports/referral-file-format';
import { argument } from './lib/measure';

/**
 * The API's classes use Nest's parameter decorators, which tsx compiles only
 * for files its tsconfig includes (the root one covers bench/, not apps/api/src):
 * re-run under the API's tsconfig, and load the API modules dynamically.
 */
const API_TSCONFIG = path.join(__dirname, '..', 'apps', 'api', 'tsconfig.json');
if (!process.env.TSX_TSCONFIG_PATH) {
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: API_TSCONFIG },
  });
  process.exit(child.status ?? 1);
}

const TARGET_RATIO = 0.8;

/** NI prefixes HMRC issues (no D, F, I, Q, U, V; none of the excluded pairs). */
const PREFIXES = [
  'AB',
  'CE',
  'EH',
  'GJ',
  'HK',
  'JL',
  'KM',
  'LP',
  'MR',
  'PS',
  'RT',
  'SW',
  'TX',
  'WY',
  'YZ',
  'ZA',
];

/** Row n of the deterministic file: distinct NI numbers and references, dates in both accepted formats. */
function row(n: number): string {
  const ni = `${PREFIXES[n % PREFIXES.length]}${String(Math.floor(n / PREFIXES.length)).padStart(6, '0')}${'ABCD'[n % 4]}`;
  const year = 1960 + (n % 45);
  const month = (n % 12) + 1;
  const day = (n % 28) + 1;
  const dateOfBirth =
    n % 2 === 0
      ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
      : `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
  return `JCP-BENCH-${String(n).padStart(7, '0')},${ni},${dateOfBirth},${BENEFIT_TYPES[n % 4]}\n`;
}

async function generateCsv(file: string, rows: number): Promise<number> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  async function* lines() {
    yield `${REFERRAL_FILE_COLUMN_NAMES.join(',')}\n`;
    let chunk = '';
    for (let n = 1; n <= rows; n++) {
      chunk += row(n);
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(lines, out);
  return (await fs.stat(file)).size;
}

async function database(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'pg'),
      durable: false,
    });
    adminUrl = server.adminUrl;
    stop = () => server.stop();
  }
  const name = 'waymark_bench_referral_import';
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate({ databaseUrl: url.toString() });
  return { url: url.toString(), stop };
}

/** A programme, prime contract and referral partner with one caseworker to import as. */
async function world(pool: Pool) {
  const one = async (sql: string, values: unknown[]) =>
    (await pool.query<{ id: string }>(sql, values)).rows[0]!.id;
  const commissioner = await one(
    `INSERT INTO organisation (name, kind) VALUES ('Bench commissioner', 'COMMISSIONER') RETURNING id`,
    [],
  );
  const prime = await one(
    `INSERT INTO organisation (name, kind) VALUES ('Bench prime', 'PRIME') RETURNING id`,
    [],
  );
  const partner = await one(
    `INSERT INTO organisation (name, kind) VALUES ('Bench jobcentre', 'REFERRAL_PARTNER') RETURNING id`,
    [],
  );
  const user = await one(
    `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles) VALUES ($1, 'bench@example.test', 'Bench', 'x', '{CASEWORKER}') RETURNING id`,
    [partner],
  );
  const programme = await one(
    `INSERT INTO programme (commissioner_id, name, starts_on) VALUES ($1, 'Bench programme', '2026-04-01') RETURNING id`,
    [commissioner],
  );
  const area = await one(
    `INSERT INTO contract_area (programme_id, name) VALUES ($1, 'Bench area') RETURNING id`,
    [programme],
  );
  const model = await one(
    `INSERT INTO payment_model (programme_id, name) VALUES ($1, 'Bench model') RETURNING id`,
    [programme],
  );
  const primeContract = await one(
    `INSERT INTO prime_contract (programme_id, contract_area_id, prime_id, payment_model_id, reference, value_cap_pence, starts_on, ends_on)
     VALUES ($1, $2, $3, $4, 'BENCH-PC', 100000000, '2026-04-01', '2031-03-31') RETURNING id`,
    [programme, area, prime, model],
  );
  return { programme, primeContract, partner, user };
}

async function rawCopy(pool: Pool, file: string): Promise<number> {
  await pool.query(
    'CREATE UNLOGGED TABLE IF NOT EXISTS bench_raw_referral (external_reference text, ni_number text, date_of_birth text, benefit_type text)',
  );
  await pool.query('TRUNCATE bench_raw_referral');
  const client = await pool.connect();
  try {
    const started = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom('COPY bench_raw_referral FROM STDIN (FORMAT csv, HEADER true)')),
    );
    return performance.now() - started;
  } finally {
    client.release();
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the floor needs to write rows the way the import does. */
interface FloorTools {
  readRecords: (source: Readable, format: 'CSV') => AsyncIterable<{ cells: string[] }>;
  normaliseNiNumber: (value: string) => string;
  hmacNiNumber: (niNumber: string, key: Buffer) => Buffer;
  encryptNiNumber: (niNumber: string, key: Buffer, iv: Buffer) => Buffer;
  newIds: () => { take(bytes: number): Buffer; next(): string };
  keys: { piiHmacKey: Buffer; piiEncryptionKey: Buffer };
}

interface FloorRun {
  ms: number;
  prepareMs: number;
  participantMs: number;
  referralMs: number;
  transitionMs: number;
}

/** A file date (YYYY-MM-DD or DD/MM/YYYY, as the bench writes them) as an ISO day. */
function isoDay(value: string): string {
  if (value.includes('-')) return value;
  const [day, month, year] = value.split('/');
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/** COPY text built 2,000 rows at a time, each finished chunk kept as a Buffer. */
class ChunkedRows {
  private readonly done: Buffer[] = [];
  private text = '';
  private rows = 0;

  add(line: string): void {
    this.text += line;
    this.rows += 1;
    if (this.rows < 2000) return;
    this.done.push(Buffer.from(this.text));
    this.text = '';
    this.rows = 0;
  }

  chunks(): Buffer[] {
    return this.text === '' ? this.done : [...this.done, Buffer.from(this.text)];
  }
}

/**
 * The issue's floor, one round: parse the file, key and encrypt every NI
 * number with the import's functions (pooled IVs, UUIDv7 ids as the import
 * makes them), format the three tables' rows, then COPY them straight into
 * participant, referral and referral_transition in one transaction (the
 * real, constrained, indexed tables, with their triggers, as the same role
 * as the import) and commit. No staging, no validation, no duplicate checks,
 * no audit, no progress: the least work that gets the same rows in. One
 * thread, prepare then COPY — the import is the one asked to overlap them.
 */
async function floorRun(
  pool: Pool,
  file: string,
  target: { programme: string; primeContract: string; partner: string; user: string },
  tools: FloorTools,
): Promise<FloorRun> {
  const started = performance.now();
  const ids = tools.newIds();
  // Prepared rows are kept as one Buffer per 2,000 rows (off the JS heap): 300,000 separate strings
  // made the garbage collector, not the preparing, the floor's largest cost.
  const participants = new ChunkedRows();
  const referrals = new ChunkedRows();
  const transitions = new ChunkedRows();
  const at = new Date().toISOString();
  let isHeader = true;
  for await (const record of tools.readRecords(createReadStream(file), 'CSV')) {
    if (isHeader) {
      isHeader = false;
      continue;
    }
    const [externalReference, rawNiNumber, dateOfBirth, benefitType] = record.cells as [
      string,
      string,
      string,
      string,
    ];
    const niNumber = tools.normaliseNiNumber(rawNiNumber);
    const hmac = tools.hmacNiNumber(niNumber, tools.keys.piiHmacKey);
    const sealed = tools.encryptNiNumber(niNumber, tools.keys.piiEncryptionKey, ids.take(12));
    const participantId = ids.next();
    const referralId = ids.next();
    const transitionId = ids.next();
    const reference = `P-${ids.take(8).toString('hex').toUpperCase()}`;
    participants.add(
      `${participantId}\t${target.programme}\t${target.primeContract}\t${reference}\t\\\\x${hmac.toString('hex')}\t\\\\x${sealed.toString('hex')}\t${benefitType.toUpperCase()}\t${isoDay(dateOfBirth)}\n`,
    );
    referrals.add(
      `${referralId}\t${target.programme}\t${target.primeContract}\t${target.partner}\t${participantId}\t${externalReference}\tRECEIVED\n`,
    );
    transitions.add(
      `${transitionId}\t${target.programme}\t${target.primeContract}\t${referralId}\t\\N\tRECEIVED\t${target.user}\t${at}\tbulk import\n`,
    );
  }
  const prepared = performance.now();
  const client = await pool.connect();
  try {
    const copy = async (sql: string, rows: ChunkedRows) => {
      const from = performance.now();
      await pipeline(Readable.from(rows.chunks()), client.query(copyFrom(sql)));
      return performance.now() - from;
    };
    await client.query('BEGIN');
    const participantMs = await copy(
      'COPY participant (id, programme_id, prime_contract_id, reference, ni_number_hmac, ni_number_ciphertext, benefit_type, date_of_birth) FROM STDIN',
      participants,
    );
    // The import's guard against the quadratic foreign-key plan (analyseIfGrowing in
    // referral-import-staging.repository.ts): without it this floor's referral COPY ran for
    // minutes once earlier rounds had left statistics of a full table behind.
    const analyse = async (table: string) => {
      const from = performance.now();
      await client.query(`ANALYZE ${table} (id, programme_id, prime_contract_id)`);
      return performance.now() - from;
    };
    const participantAnalyseMs = await analyse('participant');
    const referralMs = await copy(
      'COPY referral (id, programme_id, prime_contract_id, referral_partner_id, participant_id, external_reference, status) FROM STDIN',
      referrals,
    );
    const referralAnalyseMs = await analyse('referral');
    const transitionMs = await copy(
      'COPY referral_transition (id, programme_id, prime_contract_id, referral_id, from_status, to_status, by_user_id, at, reason) FROM STDIN',
      transitions,
    );
    await client.query('COMMIT');
    return {
      ms: performance.now() - started,
      prepareMs: prepared - started,
      participantMs: participantMs + participantAnalyseMs,
      referralMs: referralMs + referralAnalyseMs,
      transitionMs,
    };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Every round starts from the same empty programme: the previous round's rows stop counting as live. */
async function emptyTables(pool: Pool): Promise<void> {
  await pool.query('TRUNCATE referral_transition, referral, participant CASCADE');
  await pool.query('DELETE FROM referral_import_error');
  await pool.query('UPDATE referral_import SET imported_count = 0');
}

async function main(): Promise<void> {
  const rows = argument('rows', 100_000);
  const rounds = argument('rounds', 3);
  const root = findRepoRoot();
  const benchDir = path.join(root, '.data', 'bench');
  const file = path.join(benchDir, `referral-import-${rows}.csv`);
  const fileBytes = await generateCsv(file, rows);
  console.log(`generated ${rows} rows (${mib(fileBytes)}) → ${path.relative(root, file)}`);

  const loadAtStart = os.loadavg()[0]!;
  const db = await database(benchDir);
  const pool = new Pool({ connectionString: db.url, max: 4 });
  // Stopping the embedded server ends idle connections from its side: not an error here.
  pool.on('error', () => undefined);
  try {
    const target = await world(pool);
    const { programme, primeContract, partner, user } = target;

    const { Logger } = await import('@nestjs/common');
    Logger.overrideLogger(false);
    const { AuditService } = await import('../apps/api/src/common/audit/audit.service.js');
    const { loadConfig } = await import('../apps/api/src/common/config/env.js');
    const { withTransaction } = await import('../apps/api/src/common/db/transaction.js');
    const { LocalDiskStorage } = await import('../apps/api/src/common/storage/file-storage.js');
    const { encryptNiNumber, hmacNiNumber, normaliseNiNumber } =
      await import('../apps/api/src/common/pii/ni-number.js');
    const { readRecords } = await import('../apps/api/src/referral-imports/read-referral-file.js');
    const { ReferralImportJob } =
      await import('../apps/api/src/referral-imports/referral-import.job.js');
    const { ReferralImportStagingRepository } =
      await import('../apps/api/src/referral-imports/referral-import-staging.repository.js');
    const { ReferralImportsRepository } =
      await import('../apps/api/src/referral-imports/referral-imports.repository.js');
    const { RandomPool, SequentialIds } =
      await import('../apps/api/src/referral-imports/sequential-ids.js');
    const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    const floorTools: FloorTools = {
      readRecords,
      normaliseNiNumber,
      hmacNiNumber,
      encryptNiNumber,
      newIds: () => {
        const random = new RandomPool();
        const ids = new SequentialIds(random);
        return { take: (bytes) => random.take(bytes), next: () => ids.next() };
      },
      keys: { piiHmacKey: config.piiHmacKey, piiEncryptionKey: config.piiEncryptionKey },
    };
    const storage = new LocalDiskStorage(path.join(benchDir, 'storage'));
    const stored = await storage.put(createReadStream(file), {
      prefix: 'referral-imports',
      maxBytes: 100 * 1024 * 1024,
    });
    const imports = new ReferralImportsRepository(pool);
    const job = new ReferralImportJob(
      imports,
      new ReferralImportStagingRepository(),
      new AuditService(pool),
      pool,
      storage,
      config,
    );

    // Alternate the baseline and the import, so both see the same moments of a shared machine; medians below.
    const rawRuns: number[] = [];
    const floorRuns: FloorRun[] = [];
    const importRuns: {
      ms: number;
      stagedMs: number;
      validatedMs: number;
      writtenMs: number;
      rssBefore: number;
      rssPeak: number;
    }[] = [];
    let written = { referrals: '0', transitions: '0', participants: '0' };
    for (let round = 1; round <= rounds; round++) {
      const rawMs = await rawCopy(pool, file);
      rawRuns.push(rawMs);
      // The floor and the import each start from the same empty programme.
      await emptyTables(pool);
      const floor = await floorRun(pool, file, target, floorTools);
      floorRuns.push(floor);
      await emptyTables(pool);
      // A fresh copy of the file per round: the job deletes nothing, but each import row names its own storage key.
      const key =
        round === 1
          ? stored.key
          : (
              await storage.put(createReadStream(file), {
                prefix: 'referral-imports',
                maxBytes: 100 * 1024 * 1024,
              })
            ).key;
      const created = await withTransaction(pool, (client) =>
        imports.insertImport(client, {
          programmeId: programme,
          primeContractId: primeContract,
          referralPartnerId: partner,
          uploadedByOrganisationId: partner,
          uploadedByUserId: user,
          mode: 'ALL_OR_NOTHING',
          fileName: path.basename(file),
          fileStorageKey: key,
          fileSha256: Buffer.from(stored.sha256, 'hex'),
          fileSizeBytes: stored.sizeBytes,
        }),
      );
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }, 10);
      const started = performance.now();
      const stats = await job.run(created.id);
      const ms = performance.now() - started;
      clearInterval(sampler);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      if (!stats || stats.counts.imported !== rows)
        throw new Error(`import did not write every row: ${JSON.stringify(stats)}`);
      written = (
        await pool.query<{ referrals: string; transitions: string; participants: string }>(
          `SELECT (SELECT count(*) FROM referral) AS referrals, (SELECT count(*) FROM referral_transition) AS transitions, (SELECT count(*) FROM participant) AS participants`,
        )
      ).rows[0]!;
      importRuns.push({
        ms,
        stagedMs: stats.stagedMs,
        validatedMs: stats.validatedMs,
        writtenMs: stats.writtenMs,
        rssBefore,
        rssPeak,
      });
      console.log(
        `round ${round}: raw COPY ${rawMs.toFixed(0)} ms; floor ${floor.ms.toFixed(0)} ms; import ${ms.toFixed(0)} ms`,
        { floor, stats },
      );
    }

    // Floors, measured in the same run: work the import must do, each on its own.
    let parseMs = performance.now();
    let parsed = 0;
    for await (const _record of readRecords(createReadStream(file), 'CSV')) parsed++;
    parseMs = performance.now() - parseMs;
    const random = new RandomPool();
    let cryptoMs = performance.now();
    for (let n = 1; n <= rows; n++) {
      const ni = `AB${String(n).padStart(6, '0')}C`;
      hmacNiNumber(ni, config.piiHmacKey);
      encryptNiNumber(ni, config.piiEncryptionKey, random.take(12));
    }
    cryptoMs = performance.now() - cryptoMs;
    console.log({ parseMs, parsed, cryptoMs });

    const rawMs = median(rawRuns);
    const floorMs = median(floorRuns.map((r) => r.ms));
    const floorPart = (key: Exclude<keyof FloorRun, 'ms'>) => median(floorRuns.map((r) => r[key]));
    const importMs = median(importRuns.map((r) => r.ms));
    const phase = (key: 'stagedMs' | 'validatedMs' | 'writtenMs') =>
      median(importRuns.map((r) => r[key]));
    const rssPeak = Math.max(...importRuns.map((r) => r.rssPeak));
    const rssBefore = importRuns[0]!.rssBefore;
    const rate = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en-GB');
    const ratio = floorMs / importMs;
    const roundRatios = floorRuns.map((floor, i) => floor.ms / importRuns[i]!.ms);
    const loadAtEnd = os.loadavg()[0]!;
    const cores = os.cpus().length;
    const { rows: versions } = await pool.query<{ server_version: string }>('SHOW server_version');
    const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
    const report = `# Bulk referral import — ${rows.toLocaleString('en-GB')} rows

Run: \`npx tsx bench/referral-import.ts --rows ${rows}\` on ${new Date().toISOString().slice(0, 10)} ·
${cores} CPU cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, PostgreSQL ${versions[0]!.server_version}
(${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded, fsync off'}). File: ${mib(fileBytes)} CSV, generated deterministically
(distinct valid NI numbers, half the dates ISO and half DD/MM/YYYY, four benefit types).

**The machine was shared** with other engineers' builds and tests and a 2M-referral data
generation (1-minute load average ${loadAtStart.toFixed(1)} at the start and ${loadAtEnd.toFixed(1)} at the end, on ${cores} cores),
so absolute times are noisy and compare only within this run: the floor and the import alternate,
${rounds} rounds each, each from the same empty programme (tables truncated between runs), and the
table gives medians (every round: floor ${list(floorRuns.map((r) => r.ms))} ms; import ${list(importRuns.map((r) => r.ms))} ms;
ratio per round ${roundRatios.map((r) => r.toFixed(2)).join(', ')}).

## The floor (issue 20's definition), and the import against it

The floor is the least work that gets the same rows in: parse the same file, HMAC-SHA-256 and
AES-256-GCM every NI number with the import's own functions (pooled IVs, UUIDv7 ids made as the
import makes them), format the rows, then \`COPY\` the prepared participant, referral and
referral_transition rows straight into the real tables — every constraint, foreign key, index and
trigger on, as the same database role as the import job (the table owner, which row-level
security does not restrict: the job runs past RLS to check duplicates across the programme, and the
floor writes as it does) — in one transaction, committed. Between the COPYs it \`ANALYZE\`s the
key columns of the table just filled, as the import does: without that, a COPY into tables whose
statistics describe an earlier, full table gets the quadratic foreign-key plan (a first run of this
bench without it: round 3's floor \`COPY referral\` was still running after 3½ minutes). No staging,
validation, duplicate checks, audit or progress. One thread: prepare, then COPY.

| | median time | rows/s |
|---|---:|---:|
| **floor, end to end** | **${floorMs.toFixed(0)} ms** | **${rate(floorMs)}** |
| — parse + HMAC + AES-GCM + format the three tables' rows (Node, one thread) | ${floorPart('prepareMs').toFixed(0)} ms | |
| — \`COPY participant\` (4 unique indexes + 3 more, foreign key to the prime contract), then \`ANALYZE\` of its key columns | ${floorPart('participantMs').toFixed(0)} ms | |
| — \`COPY referral\` (18 indexes, 4 foreign keys, 2 statement triggers), then \`ANALYZE\` of its key columns | ${floorPart('referralMs').toFixed(0)} ms | |
| — \`COPY referral_transition\` (2 indexes, 2 foreign keys) | ${floorPart('transitionMs').toFixed(0)} ms | |
| **import, end to end** (the job: parse, key, stage, validate, write, audit — one transaction) | **${importMs.toFixed(0)} ms** | **${rate(importMs)}** |
| — stream-parse + HMAC + AES-GCM on a worker thread, pipelined with one COPY into staging (progress every 250 ms) | ${phase('stagedMs').toFixed(0)} ms | ${rate(phase('stagedMs'))} |
| — set-based validation (required, NI regex, dates, codes, duplicates in file and programme) | ${phase('validatedMs').toFixed(0)} ms | |
| — INSERT … SELECT participants, referrals, transitions (sorted, ids from staging), counts, audit event | ${phase('writtenMs').toFixed(0)} ms | |
| for scale: raw \`COPY … FROM STDIN (FORMAT csv)\` of the file into an unindexed UNLOGGED table | ${rawMs.toFixed(0)} ms | ${rate(rawMs)} |
| for scale: csv-parse the file alone / HMAC + AES-GCM of ${rows.toLocaleString('en-GB')} NI numbers alone (Node, one thread) | ${parseMs.toFixed(0)} / ${cryptoMs.toFixed(0)} ms | |

- **Ratio, floor ÷ import end to end: ${ratio.toFixed(2)}×** (target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'not met'}).
- Peak RSS of the bench process during the imports: **${mib(rssPeak)}** (${mib(rssBefore)} before the first import; +${mib(rssPeak - rssBefore)}), sampled every 10 ms with \`process.memoryUsage().rss\` (the worker thread's heap counts: it is the same process). This is not the import's footprint: the floor runs in the same process just before each import and holds every prepared row of the file (which only a bench can afford), and RSS does not shrink back when that is collected. The import's own memory is bounded by construction: the file is ${mib(fileBytes)} and never held; the worker runs at most 4 chunks of 2,000 rows ahead of the COPY.
- Written per import: ${written.participants} participants, ${written.referrals} referrals, ${written.transitions} transitions; 0 rows rejected.

## How the ${cores} cores are used

- **Import:** the job's main thread hands the stored file's bytes to a staging **worker thread**
  (\`node:worker_threads\`; \`referral-staging.worker.ts\`) as its parser asks for them; the
  worker csv-parses, normalises, HMACs and encrypts every NI number, makes the ids and formats the
  COPY text, 2,000 rows a chunk, at most 4 chunks ahead; the main thread streams each chunk into
  the one \`COPY\` into staging. So while PostgreSQL's backend (one core) parses and stores chunk
  *n*, the worker (the other core) prepares chunk *n + 1*. Validation and the writes are
  PostgreSQL's alone (one backend, one transaction: PostgreSQL 15 does not run an \`INSERT\` in
  parallel), and Node waits. Workers are kept between imports (ended after a minute idle), so
  round 1 also paid for starting one (a thread plus csv-parse, zod and the domain package: about
  0.6 s of module loading at this load).
- **Floor:** one Node thread prepares every row, then one backend COPYs them: the two never
  overlap. A floor that overlapped them would be lower; this one is the issue's definition, done
  the plain way.
- On a machine this loaded (other processes wanted more than both cores throughout), overlap buys
  little: what counts is the total CPU each side spends, so the import's extra work (the COPY into
  a temporary staging table, validation, and the second pass from staging into the tables) adds to
  its time nearly in full.

## What changed since the last run

The last run (2026-11-25, load average 4: 12,197 ms end to end) was compared with a raw COPY, not
with this floor; issue 20 put the import at about 0.41× this floor. Milliseconds do not compare
across runs on this machine (load 4 then, ${loadAtStart.toFixed(0)}–${loadAtEnd.toFixed(0)} now): compare ratios.


- **Parse + crypto on a worker thread, pipelined with the staging COPY** (above). Before, one
  thread parsed, keyed, encrypted and formatted a chunk, then waited for PostgreSQL to take it.
- **Workers kept between imports; exceljs loaded on the first XLSX only.** A fresh worker per
  import loaded exceljs (1.9 s on this loaded machine), zod (0.3 s) and the domain package (0.35 s)
  every time — as much as staging 10,000 rows; a CSV import never needs exceljs.
- **The in-transaction \`ANALYZE\` (the guard against the quadratic foreign-key plan) covers only
  \`(id, programme_id, prime_contract_id)\`**, the columns every foreign key into participant and
  referral looks up: a column list also skips the statistics of referral's dozen expression
  indexes. The floor needs the same guard (see above), so it does the same. (Not timed on its
  own: at this load the difference is inside the noise.)
- Kept: every constraint, foreign key, index and trigger on the three tables; one all-or-nothing
  transaction; per-row rejection reasons; duplicates in the file and in the programme; the audit
  event; progress every 250 ms; the NI number never stored in clear (it exists only in the
  worker's memory while its chunk is made and in the transaction's temporary staging table);
  row-level security as before (the job runs as the table owner, past RLS, to see duplicates
  across the programme; the floor writes as the same role).
`;
    const out = path.join(root, 'bench', 'results', `referral-import-${rows}.md`);
    await fs.writeFile(out, report);
    console.log(`\n${report}\nwritten to ${path.relative(root, out)}`);
  } finally {
    await pool.end();
    await db.stop();
  }
}

if (process.env.TSX_TSCONFIG_PATH) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
