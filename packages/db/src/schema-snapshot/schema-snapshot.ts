// The database's current state in one committed place (issue 19, W16).
// `npm run db:schema` migrates a fresh database and writes
//   prisma/schema.sql            — pg_dump --schema-only, regrouped so every
//                                  table is followed by its defaults,
//                                  constraints, indexes, triggers, row-level
//                                  security switch, policies and grants;
//   docs/row-level-security.md   — per table, who sees which rows, read from
//                                  pg_policies.
// Both are deterministic; schema-snapshot.test.ts regenerates them from the
// test template and fails when the committed copies differ, the way
// openapi.json is checked, so every migration shows as a reviewable change.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_TABLE } from '../migrate/migrate';
import { findRepoRoot } from '../repo-root';

export const SCHEMA_SQL_FILE = path.join('prisma', 'schema.sql');
export const ROW_LEVEL_SECURITY_FILE = path.join('docs', 'row-level-security.md');

export function schemaSnapshotPaths(root = findRepoRoot()): {
  schemaSql: string;
  rowLevelSecurity: string;
} {
  return {
    schemaSql: path.join(root, SCHEMA_SQL_FILE),
    rowLevelSecurity: path.join(root, ROW_LEVEL_SECURITY_FILE),
  };
}

/** pg_dump's plain schema-only output for one database (pg_dump from postgresql-client-15). */
export function pgDumpSchema(databaseUrl: string, extraArgs: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'pg_dump',
      ['--schema-only', '--no-owner', '--no-password', ...extraArgs, `--dbname=${databaseUrl}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('pg_dump not found: apt-get install -y postgresql-client-15')
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`pg_dump exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

export interface DumpEntry {
  name: string;
  type: string;
  sql: string;
}

const ENTRY_HEADER =
  /^--\n-- (?:Data for )?Name: (.+?); Type: (.+?); Schema: .*?; Owner: .*\n--\n/gm;

/** Splits pg_dump's plain output into its table-of-contents entries (the `-- Name: …; Type: …` blocks). */
export function splitDump(dump: string): DumpEntry[] {
  const headers = [...dump.matchAll(ENTRY_HEADER)];
  return headers.map((header, i) => {
    const start = header.index + header[0].length;
    const end = headers[i + 1]?.index ?? dump.length;
    const sql = dump
      .slice(start, end)
      // pg_dump 15.14+ brackets its output with \restrict <random key>; not schema, and different each run.
      .replace(/^\\(un)?restrict .*$/gm, '')
      .replace(/^--\n-- PostgreSQL database dump complete\n--\n/m, '')
      .trim();
    return { name: header[1]!, type: header[2]!, sql };
  });
}

const GLOBAL_SECTIONS: { title: string; types: string[] }[] = [
  { title: 'Extensions', types: ['EXTENSION'] },
  { title: 'Types', types: ['TYPE', 'DOMAIN'] },
  { title: 'Functions', types: ['FUNCTION', 'PROCEDURE', 'AGGREGATE'] },
];

// The order of a table's own entries: shape first, then what guards it.
const TABLE_PARTS = [
  'TABLE',
  'VIEW',
  'MATERIALIZED VIEW',
  'SEQUENCE',
  'SEQUENCE OWNED BY',
  'DEFAULT',
  'CONSTRAINT',
  'FK CONSTRAINT',
  'INDEX',
  'TRIGGER',
  'ROW SECURITY',
  'POLICY',
  'COMMENT',
  'ACL',
];

const unquote = (identifier: string): string =>
  identifier.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');

/** The table an entry belongs to, or null for a schema-wide object. */
function owningTable(entry: DumpEntry, sequenceTables: Map<string, string>): string | null {
  const firstWord = unquote(entry.name.split(' ')[0]!);
  switch (entry.type) {
    case 'TABLE':
    case 'VIEW':
    case 'MATERIALIZED VIEW':
    case 'CONSTRAINT':
    case 'FK CONSTRAINT':
    case 'POLICY':
    case 'TRIGGER':
    case 'DEFAULT':
    case 'ROW SECURITY':
      return firstWord;
    case 'INDEX': {
      const on = /\bON (?:ONLY )?((?:public\.)?(?:"[^"]+"|\w+))/.exec(entry.sql);
      return on ? unquote(on[1]!) : null;
    }
    case 'SEQUENCE':
    case 'SEQUENCE OWNED BY': {
      const identity = /^ALTER TABLE (?:ONLY )?((?:public\.)?(?:"[^"]+"|\w+))/.exec(entry.sql);
      if (identity) return unquote(identity[1]!);
      return sequenceTables.get(entry.name) ?? null;
    }
    case 'COMMENT':
    case 'ACL': {
      const [kind, ...rest] = entry.name.split(' ');
      const object = rest.join(' ');
      if (kind === 'TABLE' || kind === 'VIEW') return unquote(object);
      if (kind === 'COLUMN') return unquote(object.split('.')[0]!);
      if (kind === 'SEQUENCE') return sequenceTables.get(object) ?? null;
      return null;
    }
    default:
      return null;
  }
}

/** Which table owns each sequence (from `ALTER SEQUENCE … OWNED BY table.column`). */
function sequenceOwners(entries: DumpEntry[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const entry of entries) {
    const owned = /OWNED BY ((?:public\.)?(?:"[^"]+"|\w+))\./.exec(entry.sql);
    if (owned) owners.set(entry.name, unquote(owned[1]!));
  }
  return owners;
}

const rank = (type: string): number => {
  const index = TABLE_PARTS.indexOf(type);
  return index === -1 ? TABLE_PARTS.length : index;
};

/**
 * pg_dump's output regrouped for reading: extensions, types and functions,
 * then one section per table (alphabetical) holding everything attached to
 * it. A reference document, not a restore script: the order ignores
 * dependencies. Schema-wide grants and default privileges close the file.
 */
export function organiseDump(dump: string): string {
  const entries = splitDump(dump).filter(
    (entry) => entry.type !== 'SCHEMA' || entry.name !== 'public',
  );
  const sequenceTables = sequenceOwners(entries);
  const tables = new Map<string, DumpEntry[]>();
  const global = new Map<string, DumpEntry[]>();
  const rest: DumpEntry[] = [];
  for (const entry of entries) {
    const table = owningTable(entry, sequenceTables);
    if (table !== null) {
      tables.set(table, [...(tables.get(table) ?? []), entry]);
      continue;
    }
    const section = GLOBAL_SECTIONS.find((s) => s.types.includes(entry.type));
    // Comments and grants on an extension or function follow it.
    const target =
      section ?? GLOBAL_SECTIONS.find((s) => s.types.includes(entry.name.split(' ')[0]!));
    if (target) global.set(target.title, [...(global.get(target.title) ?? []), entry]);
    else rest.push(entry);
  }

  const out: string[] = [
    '-- GENERATED by `npm run db:schema` (packages/db/src/schema-snapshot) from a freshly migrated database.',
    '-- Do not edit: change the schema with a migration in prisma/migrations, then regenerate.',
    '-- The current state of the database, grouped for reading (not a restore script: the order ignores',
    '-- dependencies). Each table is followed by its constraints, indexes, triggers, row-level security',
    '-- and policies. docs/row-level-security.md summarises the policies per party.',
  ];
  const section = (title: string, items: DumpEntry[]) => {
    out.push('', '', `-- ═════════ ${title} ═════════`);
    for (const item of items) out.push('', stripSchema(item.sql));
  };
  for (const { title } of GLOBAL_SECTIONS) section(title, global.get(title) ?? []);
  for (const table of [...tables.keys()].sort()) {
    const items = tables
      .get(table)!
      .slice()
      .sort((a, b) => rank(a.type) - rank(b.type));
    section(`table ${table}`, items);
  }
  if (rest.length > 0) section('Schema-wide', rest);
  return `${out.join('\n')}\n`;
}

/** Everything lives in `public`; the prefix pg_dump adds is noise to a reader. */
// Default privileges name the migrating role, which differs between servers.
const stripSchema = (sql: string): string =>
  sql.replace(/\bpublic\.(?=["\w])/g, '').replace(/ FOR ROLE \S+ IN SCHEMA /g, ' IN SCHEMA ');

export interface PolicyRow {
  table: string;
  policy: string;
  permissive: string;
  roles: string[];
  command: string;
  using: string | null;
  withCheck: string | null;
}

export interface TableSecurity {
  table: string;
  enabled: boolean;
  forced: boolean;
  policies: PolicyRow[];
}

export async function readRowLevelSecurity(databaseUrl: string): Promise<TableSecurity[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table: string; enabled: boolean; forced: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE '\\_waymark\\_%'
        ORDER BY c.relname`,
    );
    const policies = await client.query<PolicyRow>(
      `SELECT tablename AS table, policyname AS policy, permissive, roles::text[] AS roles, cmd AS command,
              qual AS using, with_check AS "withCheck"
         FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename, policyname`,
    );
    return tables.rows.map((t) => ({
      ...t,
      policies: policies.rows.filter((p) => p.table === t.table),
    }));
  } finally {
    await client.end();
  }
}

// Who each helper function used in policies lets in, for the plain-words
// column. Each is defined under Functions in prisma/schema.sql.
const HELPER_MEANINGS: [RegExp, string][] = [
  [
    /waymark_scoped_prime_contracts\(\)/,
    'the prime holding the prime contract and the commissioner of its programme',
  ],
  [/waymark_scoped_subcontracts\(\)/, 'the subcontractor holding the subcontract'],
  [/waymark_subcontracted_claims\(\)/, 'the subcontractor whose subcontract the claim is under'],
  [/waymark_subcontracted_remittances\(\)/, 'a subcontractor with a claim on the remittance'],
  [
    /waymark_counterparty_ledger_accounts\(\)/,
    "both sides of a ledger transaction on the caller's contracts",
  ],
  [
    /waymark_is_delegated_referral\(/,
    'the subcontractor or referral partner the referral is delegated to',
  ],
  [
    /waymark_is_visible_participant\(/,
    "a subcontractor or referral partner holding one of the participant's referrals",
  ],
  [/waymark_commissioned_programmes\(\)/, 'the commissioner of the programme'],
  [
    /waymark_programme_parties_include_current\(/,
    'every party to the programme (commissioner, primes, subcontractors, referral partners)',
  ],
  [/commissioner_id = waymark_current_organisation\(\)/, 'the commissioner of the programme'],
  [/waymark_current_organisation\(\)/, 'the organisation the row names'],
  [/current_setting\('waymark\.(\w+)'/, 'the session setting waymark.$1'],
];

/** The parties one policy expression lets in, in plain words. */
function describeExpression(raw: string): string {
  const expression = raw.replace(/\s+/g, ' ');
  if (expression.trim() === 'true') return 'everyone';
  // `child_id IN (SELECT parent.id FROM parent)`: the parent's policy decides.
  const meanings = [...expression.matchAll(/\w+ IN \( SELECT (\w+)\.id FROM (\w+)\)/g)].map(
    (m) => `whoever sees its ${m[2]!} row`,
  );
  let rest = expression;
  for (const [pattern, meaning] of HELPER_MEANINGS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const text = meaning.replace('$1', match[1] ?? '');
    if (!meanings.includes(text)) meanings.push(text);
    // A specific reading (the commissioner) consumes its text, so the generic one below does not repeat it.
    rest = rest.replace(new RegExp(pattern.source, 'g'), '');
  }
  return meanings.length === 0 ? 'see the expression' : meanings.join('; or ');
}

/** One line of plain words for a policy: who it lets read, and (when different) who it lets write. */
export function describePolicy(policy: PolicyRow): string {
  const reads = policy.using === null ? null : describeExpression(policy.using);
  const writes = policy.withCheck === null ? null : describeExpression(policy.withCheck);
  if (writes === null || writes === reads) return reads ?? 'nobody';
  if (reads === null) return `writes: ${writes}`;
  return `reads: ${reads}. Writes: ${writes}`;
}

const COMMAND_WORDS: Record<string, string> = {
  ALL: 'read and write',
  SELECT: 'read',
  INSERT: 'insert',
  UPDATE: 'update',
  DELETE: 'delete',
};

const cell = (text: string | null): string =>
  text === null ? '—' : `\`${text.replace(/\s+/g, ' ').replace(/\|/g, '\\|')}\``;

export function renderRowLevelSecurity(tables: TableSecurity[]): string {
  const withRls = tables.filter((t) => t.enabled);
  const without = tables.filter((t) => !t.enabled);
  const out: string[] = [
    '<!-- GENERATED by `npm run db:schema` (packages/db/src/schema-snapshot); do not edit. -->',
    '# Row-level security: who sees which rows',
    '',
    'Read from `pg_policies` of a freshly migrated database; the full policy text is in',
    '`prisma/schema.sql` under each table. The API connects as the owner and switches to the',
    "`waymark_app` role per request with the caller's organisation in session settings",
    '(`apps/api/src/common/db/party-scope.ts`); every policy below applies to that role.',
    'A permissive policy adds rows (any one suffices); a restrictive one must also hold.',
    '',
    `${withRls.length} tables have row-level security; ${without.length} have none (listed at the end).`,
  ];
  for (const table of withRls) {
    out.push('', `## ${table.table}`, '');
    out.push(
      `Row-level security ${table.forced ? 'enabled and forced (applies to the owner too)' : 'enabled'}.`,
      '',
    );
    if (table.policies.length === 0) {
      out.push('No policy: the `waymark_app` role sees no rows.');
      continue;
    }
    out.push(
      '| Policy | Kind | Roles | Who it lets in | USING | WITH CHECK |',
      '|---|---|---|---|---|---|',
    );
    for (const p of table.policies) {
      const kind = `${p.permissive === 'PERMISSIVE' ? 'permissive' : 'restrictive'}, ${COMMAND_WORDS[p.command] ?? p.command}`;
      out.push(
        `| ${p.policy} | ${kind} | ${p.roles.join(', ')} | ${describePolicy(p)} | ${cell(p.using)} | ${cell(p.withCheck)} |`,
      );
    }
  }
  out.push('', '## Tables without row-level security', '');
  out.push(
    "Reached only through the API's own queries (reference data, jobs, audit), or not granted to `waymark_app`:",
    '',
    without.map((t) => `\`${t.table}\``).join(', '),
  );
  return `${out.join('\n')}\n`;
}

/** Both generated files for a migrated database. */
export async function generateSchemaSnapshot(
  databaseUrl: string,
): Promise<{ schemaSql: string; rowLevelSecurity: string }> {
  const [dump, security] = await Promise.all([
    pgDumpSchema(databaseUrl, [`--exclude-table=${MIGRATIONS_TABLE}`]),
    readRowLevelSecurity(databaseUrl),
  ]);
  return { schemaSql: organiseDump(dump), rowLevelSecurity: renderRowLevelSecurity(security) };
}
