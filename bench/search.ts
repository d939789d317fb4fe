// Global search at scale (issue 17, W12).
//
//   npm run db:generate -- --referrals 200000   # once: fills the embedded database (.data/pg) or DATABASE_URL
//   npm run db:migrate                          # if the database predates the search indexes
//   npx tsx bench/search.ts [--requests 200]
//
// Against the generated database: takes a commissioner, the largest prime and
// the subcontractor with most referrals, and for each runs the API's own
// search statements (apps/api/src/search/search.sql.ts, the same text and
// parameters) inside the same party scope the API opens (waymark_open_scope:
// waymark_app, row-level security, custom plans), for each kind of query — a
// participant reference, an NI number's keyed hash, a referral partner's
// reference, a claim submission reference, a bank reference, part of an
// organisation's name, a record id, and a reference that matches nothing.
// Times a whole search (all six statements in one transaction, as the API
// runs it) and EXPLAINs every statement, listing sequential scans of large
// tables that actually ran. Writes bench/results/search-<N>.md.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { findRepoRoot, readDatabaseEnv, resolveDatabase } from '@waymark/db';
import { argument, summarise } from './lib/measure';

// organisation (~1,100 rows) and subcontract (~1,400) stay small at any number of referrals; a hash join may read them whole.
const LARGE_TABLES = [
  'participant',
  'referral',
  'claim',
  'claim_submission',
  'remittance',
  'remittance_line',
  'subcontractor_payment',
  'subcontractor_payment_line',
];

/** Tables an EXPLAIN (ANALYZE, FORMAT JSON) plan read by sequential scan, in nodes that ran. */
function seqScansRun(plan: unknown, found: string[] = []): string[] {
  if (Array.isArray(plan)) plan.forEach((child) => seqScansRun(child, found));
  else if (plan && typeof plan === 'object') {
    const node = plan as Record<string, unknown>;
    if (
      node['Node Type'] === 'Seq Scan' &&
      Number(node['Actual Loops']) > 0 &&
      LARGE_TABLES.includes(String(node['Relation Name']))
    )
      found.push(String(node['Relation Name']));
    Object.values(node).forEach((child) => seqScansRun(child, found));
  }
  return found;
}

/** Index names an EXPLAIN plan used, in nodes that ran. */
function indexesUsed(plan: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(plan)) plan.forEach((child) => indexesUsed(child, found));
  else if (plan && typeof plan === 'object') {
    const node = plan as Record<string, unknown>;
    if (typeof node['Index Name'] === 'string' && Number(node['Actual Loops']) > 0)
      found.add(node['Index Name']);
    Object.values(node).forEach((child) => indexesUsed(child, found));
  }
  return found;
}

async function main(): Promise<void> {
  const requests = argument('requests', 200);
  const database = await resolveDatabase(readDatabaseEnv());
  const { searchStatements } = await import('../apps/api/src/search/search.repository.js');
  const { readSearchTerms } = await import('../apps/api/src/search/search-terms.js');
  const client = new Client({ connectionString: database.url });
  try {
    // No migrate() here: the bench must not apply other in-progress migrations to a shared database.
    await client.connect();
    const applied = await client.query(
      `SELECT 1 FROM pg_indexes WHERE indexname = 'participant_ni_number_hmac_idx'`,
    );
    if (applied.rowCount === 0)
      throw new Error(
        'the search indexes (migration 20261207300000_global_search) are missing: run `npm run db:migrate` first',
      );
    const one = async <R extends Record<string, unknown>>(
      text: string,
      values: unknown[] = [],
    ): Promise<R> => {
      const row = (await client.query<R>(text, values)).rows[0];
      if (!row) throw new Error(`no row for: ${text}`);
      return row;
    };
    const referrals = Number((await one<{ n: string }>('SELECT count(*) AS n FROM referral')).n);
    const participants = Number(
      (await one<{ n: string }>('SELECT count(*) AS n FROM participant')).n,
    );

    const busiest = await one<{
      subcontract_id: string;
      subcontractor_id: string;
      prime_contract_id: string;
      n: string;
    }>(
      `SELECT r.subcontract_id, s.subcontractor_id, r.prime_contract_id, count(*) AS n FROM referral r JOIN subcontract s ON s.id = r.subcontract_id
        GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 1`,
    );
    const prime = await one<{ prime_id: string; commissioner_id: string }>(
      `SELECT pc.prime_id, p.commissioner_id FROM prime_contract pc JOIN programme p ON p.id = pc.programme_id WHERE pc.id = $1`,
      [busiest.prime_contract_id],
    );
    // Values to look for, all inside the subcontractor's slice (so every caller below may find them).
    const participant = await one<{ id: string; reference: string; ni_number_hmac: Buffer }>(
      `SELECT p.id, p.reference, p.ni_number_hmac FROM referral r JOIN participant p ON p.id = r.participant_id WHERE r.subcontract_id = $1 ORDER BY r.id LIMIT 1`,
      [busiest.subcontract_id],
    );
    const optional = async (text: string, values: unknown[]) =>
      (await client.query<{ value: string }>(text, values)).rows[0]?.value ?? null;
    const externalReference = await optional(
      `SELECT external_reference AS value FROM referral WHERE subcontract_id = $1 AND external_reference IS NOT NULL LIMIT 1`,
      [busiest.subcontract_id],
    );
    const submissionReference = await optional(
      `SELECT reference AS value FROM claim_submission WHERE prime_contract_id = $1 LIMIT 1`,
      [busiest.prime_contract_id],
    );
    const paymentReference = await optional(
      `SELECT paid_reference AS value FROM subcontractor_payment WHERE subcontract_id = $1 AND paid_reference IS NOT NULL LIMIT 1`,
      [busiest.subcontract_id],
    );
    const remittanceReference = await optional(
      `SELECT paid_reference AS value FROM remittance WHERE prime_contract_id = $1 AND paid_reference IS NOT NULL LIMIT 1`,
      [busiest.prime_contract_id],
    );
    const claimId = await optional(
      `SELECT id::text AS value FROM claim WHERE subcontract_id = $1 LIMIT 1`,
      [busiest.subcontract_id],
    );
    const subcontractorName = await optional(
      `SELECT name AS value FROM organisation WHERE id = $1`,
      [busiest.subcontractor_id],
    );

    const key = Buffer.alloc(32); // the NI input below carries its stored hash, so no PII key is needed
    const inputs: { label: string; terms: ReturnType<typeof readSearchTerms> }[] = [
      {
        label: `participant reference (lower case) ${participant.reference}`,
        terms: readSearchTerms(participant.reference.toLowerCase(), 10, key),
      },
      {
        label: 'NI number (its keyed hash)',
        terms: {
          ...readSearchTerms('AB123456C', 10, key),
          niNumberHmac: participant.ni_number_hmac,
        },
      },
      ...(externalReference
        ? [
            {
              label: `referral partner's reference ${externalReference}`,
              terms: readSearchTerms(externalReference, 10, key),
            },
          ]
        : []),
      ...(submissionReference
        ? [
            {
              label: `claim submission reference ${submissionReference}`,
              terms: readSearchTerms(submissionReference, 10, key),
            },
          ]
        : []),
      ...(paymentReference
        ? [
            {
              label: `subcontractor payment bank reference ${paymentReference}`,
              terms: readSearchTerms(paymentReference, 10, key),
            },
          ]
        : []),
      ...(remittanceReference
        ? [
            {
              label: `remittance bank reference ${remittanceReference}`,
              terms: readSearchTerms(remittanceReference, 10, key),
            },
          ]
        : []),
      ...(claimId ? [{ label: 'a claim id', terms: readSearchTerms(claimId, 10, key) }] : []),
      ...(subcontractorName
        ? [
            {
              label: `part of an organisation's name "${subcontractorName.slice(2, 12)}"`,
              terms: readSearchTerms(subcontractorName.slice(2, 12), 10, key),
            },
          ]
        : []),
      {
        label: 'a reference that matches nothing',
        terms: readSearchTerms('P-NOSUCHREF0', 10, key),
      },
    ];
    const callers = [
      { label: 'commissioner', organisationId: prime.commissioner_id },
      { label: 'prime (largest contract)', organisationId: prime.prime_id },
      {
        label: `subcontractor (${Number(busiest.n).toLocaleString('en-GB')} referrals)`,
        organisationId: busiest.subcontractor_id,
      },
    ];

    const inScope = async <T>(organisationId: string, work: () => Promise<T>): Promise<T> => {
      await client.query('BEGIN');
      try {
        await client.query('CALL waymark_open_scope($1, NULL, NULL, NULL, NULL)', [organisationId]);
        return await work();
      } finally {
        await client.query('ROLLBACK');
      }
    };

    const timings: { caller: string; input: string; p50: number; p95: number; found: number }[] =
      [];
    const explains: {
      caller: string;
      input: string;
      kind: string;
      seqScans: string[];
      indexes: string[];
      ms: number;
    }[] = [];
    for (const caller of callers) {
      for (const input of inputs) {
        const statements = searchStatements(input.terms, {
          organisationId: caller.organisationId,
          isPlatform: false,
        });
        let found = 0;
        const ms: number[] = [];
        for (let i = 0; i < Math.max(3, Math.round(requests / inputs.length)); i += 1) {
          const started = performance.now();
          found = await inScope(caller.organisationId, async () => {
            let rows = 0;
            for (const statement of statements)
              rows += (await client.query(statement.text, statement.values)).rowCount ?? 0;
            return rows;
          });
          ms.push(performance.now() - started);
        }
        timings.push({
          caller: caller.label,
          input: input.label,
          found,
          ...summarise(ms.slice(1)),
        });
        for (const statement of statements) {
          const plan = await inScope(caller.organisationId, async () => {
            const { rows } = await client.query<{
              'QUERY PLAN': [{ Plan: unknown; 'Execution Time': number }];
            }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
            return rows[0]!['QUERY PLAN'][0];
          });
          explains.push({
            caller: caller.label,
            input: input.label,
            kind: statement.kind,
            seqScans: [...new Set(seqScansRun(plan.Plan))],
            indexes: [...indexesUsed(plan.Plan)].sort(),
            ms: plan['Execution Time'],
          });
        }
      }
    }

    const fmt = (n: number) => n.toFixed(1);
    const withScans = explains.filter((e) => e.seqScans.length > 0);
    const slowest = [...explains].sort((a, b) => b.ms - a.ms).slice(0, 5);
    const report = [
      `# Global search — ${referrals.toLocaleString('en-GB')} referrals, ${participants.toLocaleString('en-GB')} participants`,
      '',
      `\`npx tsx bench/search.ts --requests ${requests}\`, run ${new Date().toISOString().slice(0, 10)} against ${database.isEmbedded ? 'the embedded PostgreSQL 15 (.data/pg)' : 'DATABASE_URL'} on a shared 2-core machine.`,
      'Each search is the six statements of apps/api/src/search/search.sql.ts in one transaction opened with `waymark_open_scope`, as the API runs them',
      '(the HTTP hop, sign-in and JSON are not included).',
      '',
      '## Whole search (six statements), per caller and query',
      '',
      '| caller | query | rows found | p50 ms | p95 ms |',
      '|---|---|---:|---:|---:|',
      ...timings.map(
        (t) => `| ${t.caller} | ${t.input} | ${t.found} | ${fmt(t.p50)} | ${fmt(t.p95)} |`,
      ),
      '',
      '## EXPLAIN (ANALYZE) under row-level security',
      '',
      `${explains.length} statements explained; sequential scans of large tables that ran: ${withScans.length === 0 ? 'none' : withScans.map((e) => `${e.kind} for ${e.caller}, ${e.input}: ${e.seqScans.join(', ')}`).join('; ')}.`,
      '',
      'Slowest statements:',
      '',
      '| caller | query | kind | execution ms | indexes used |',
      '|---|---|---|---:|---|',
      ...slowest.map(
        (e) => `| ${e.caller} | ${e.input} | ${e.kind} | ${fmt(e.ms)} | ${e.indexes.join(', ')} |`,
      ),
      '',
      'Indexes each kind used, for the prime:',
      '',
      '| query | kind | indexes used | execution ms |',
      '|---|---|---|---:|',
      ...explains
        .filter((e) => e.caller === callers[1]!.label)
        .map((e) => `| ${e.input} | ${e.kind} | ${e.indexes.join(', ') || '—'} | ${fmt(e.ms)} |`),
      '',
    ].join('\n');
    const file = path.join(findRepoRoot(), 'bench/results', `search-${referrals}.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, report);
    console.log(report);
    console.log(`wrote ${path.relative(findRepoRoot(), file)}`);
    if (withScans.length > 0) process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? (error as Error).message);
  process.exit(1);
});
