import { randomUUID } from 'node:crypto';
import { type PoolClient } from 'pg';
import { anOrganisation, createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import {
  anchorAuditChains,
  appendAuditEvent,
  type AuditEventContent,
  hashAuditEvent,
  verifyAuditChain,
} from './audit-chain';

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

/** A fresh database per test: tampering leaves it broken on purpose. */
async function aDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

const anEvent = (
  organisationId: string | null,
  overrides: Partial<AuditEventContent> = {},
): AuditEventContent => ({
  occurred_at: new Date('2026-12-07T10:00:00Z'),
  actor_user_id: null,
  actor_organisation_id: organisationId,
  action: 'activity.log',
  entity_type: 'activity',
  entity_id: randomUUID(),
  programme_id: null,
  data: { note: randomUUID() },
  ...overrides,
});

async function inTransaction<T>(
  db: TestDatabase,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } finally {
    client.release();
  }
}

/** Appends one event in its own transaction and returns its seq. */
async function append(db: TestDatabase, organisationId: string | null): Promise<string> {
  const entityId = randomUUID();
  await inTransaction(db, (client) =>
    appendAuditEvent(client, anEvent(organisationId, { entity_id: entityId })),
  );
  return (
    await db.pool.query<{ seq: string }>('SELECT seq::text FROM audit_event WHERE entity_id = $1', [
      entityId,
    ])
  ).rows[0]!.seq;
}

const organisationName = async (db: TestDatabase, id: string) =>
  (await db.pool.query<{ name: string }>('SELECT name FROM organisation WHERE id = $1', [id]))
    .rows[0]!.name;

async function tamper(db: TestDatabase, sql: string, values: unknown[] = []): Promise<void> {
  await db.pool.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
  await db.pool.query(sql, values);
  await db.pool.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
}

describe('audit chains, one per acting organisation', () => {
  it('numbers each organisation’s events from 1 in its own chain, each linked to the one before, and verifies', async () => {
    const db = await aDatabase();
    const [a, b] = [(await anOrganisation(db.pool)).id, (await anOrganisation(db.pool)).id];
    for (const organisationId of [a, b, a, null, a]) await append(db, organisationId);
    const { rows } = await db.pool.query<{
      organisation: string | null;
      chain_seq: string;
      linked: boolean;
    }>(
      `SELECT c.organisation_id AS organisation, e.chain_seq::text,
              coalesce(e.prev_hash = lag(e.hash) OVER (PARTITION BY e.chain_id ORDER BY e.chain_seq), e.prev_hash IS NULL) AS linked
         FROM audit_event e JOIN audit_chain c ON c.id = e.chain_id ORDER BY e.seq`,
    );
    expect(rows).toEqual([
      { organisation: a, chain_seq: '1', linked: true },
      { organisation: b, chain_seq: '1', linked: true },
      { organisation: a, chain_seq: '2', linked: true },
      { organisation: null, chain_seq: '1', linked: true },
      { organisation: a, chain_seq: '3', linked: true },
    ]);
    expect(await verifyAuditChain(db.pool)).toMatchObject({
      isValid: true,
      eventsChecked: 5,
      chainsChecked: 3,
      firstBrokenSeq: null,
    });
  });

  it('lets two organisations append at the same time — neither waits for the other — while a second writer of the same organisation waits its turn', async () => {
    const db = await aDatabase();
    const [a, b] = [(await anOrganisation(db.pool)).id, (await anOrganisation(db.pool)).id];
    await append(db, a);
    await append(db, b);
    const [first, other, same] = await Promise.all([
      db.pool.connect(),
      db.pool.connect(),
      db.pool.connect(),
    ]);
    const pid = async (client: PoolClient) =>
      (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const blockersOf = async (backend: number) =>
      (await db.pool.query<{ pids: number[] }>('SELECT pg_blocking_pids($1) AS pids', [backend]))
        .rows[0]!.pids;
    /** Resolves once the append has finished or the server reports it blocked; no clock involved. */
    const appendedOrBlocked = async (
      appending: Promise<unknown>,
      backend: number,
    ): Promise<{ outcome: 'appended' | 'blocked'; blockers: number[] }> => {
      let settled = false;
      void appending.then(() => (settled = true));
      for (;;) {
        const blockers = await blockersOf(backend);
        if (settled) return { outcome: 'appended', blockers };
        if (blockers.length > 0) return { outcome: 'blocked', blockers };
      }
    };
    try {
      const [firstPid, otherPid, samePid] = [await pid(first), await pid(other), await pid(same)];
      for (const client of [first, other, same]) await client.query('BEGIN');
      await appendAuditEvent(first, anEvent(a)); // holds a's chain until it commits

      const otherAppend = appendAuditEvent(other, anEvent(b));
      expect(await appendedOrBlocked(otherAppend, otherPid)).toEqual({
        outcome: 'appended',
        blockers: [],
      });

      const sameAppend = appendAuditEvent(same, anEvent(a));
      expect(await appendedOrBlocked(sameAppend, samePid)).toEqual({
        outcome: 'blocked',
        blockers: [firstPid],
      });

      await first.query('COMMIT');
      await sameAppend;
      await other.query('COMMIT');
      await same.query('COMMIT');
    } finally {
      for (const client of [first, other, same]) client.release();
    }
    const chains = await db.pool.query<{ organisation_id: string; length: string }>(
      'SELECT organisation_id, length::text FROM audit_chain WHERE organisation_id = ANY($1) ORDER BY length',
      [[a, b]],
    );
    expect(chains.rows).toEqual([
      { organisation_id: b, length: '2' },
      { organisation_id: a, length: '3' },
    ]);
    expect(await verifyAuditChain(db.pool)).toMatchObject({ isValid: true, eventsChecked: 5 });
  });

  it('hashes in the database exactly as verification does, whatever the content holds, in one statement per event once the chain exists', async () => {
    const db = await aDatabase();
    const organisationId = (await anOrganisation(db.pool)).id;
    const awkward = [
      { note: 'quotes " and \\ backslashes, \u00e9t\u00e9, emoji \ud83d\ude80, a tab\there' },
      {
        chainId: '999',
        chainSeq: '999',
        nested: { list: [1, 'two', null, { z: true, a: false }] },
      },
      { note: '"chainId":"1","chainSeq":"1"' },
    ];
    await append(db, organisationId); // creates the organisation's chain
    const statements: string[] = [];
    await inTransaction(db, async (client) => {
      const counted = new Proxy(client, {
        get: (target, property, receiver) =>
          property === 'query'
            ? (...args: unknown[]) => {
                statements.push(String(args[0]));
                return (target.query as (...a: unknown[]) => unknown)(...args);
              }
            : (Reflect.get(target, property, receiver) as unknown),
      });
      for (const data of awkward)
        await appendAuditEvent(counted, anEvent(organisationId, { data }));
    });
    expect(statements).toHaveLength(awkward.length);

    const { rows } = await db.pool.query<
      AuditEventContent & {
        chain_id: string;
        chain_seq: string;
        prev_hash: Buffer | null;
        hash: Buffer;
      }
    >(
      `SELECT occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, programme_id, data,
              chain_id::text, chain_seq::text, prev_hash, hash
         FROM audit_event WHERE actor_organisation_id = $1 ORDER BY chain_seq`,
      [organisationId],
    );
    expect(rows.map((row) => row.data)).toEqual([expect.anything(), ...awkward]);
    for (const row of rows)
      expect(
        hashAuditEvent(row.prev_hash, row, {
          chainId: row.chain_id,
          chainSeq: row.chain_seq,
        }).equals(row.hash),
      ).toBe(true);
    expect(await verifyAuditChain(db.pool)).toMatchObject({ isValid: true, eventsChecked: 4 });
  });

  it('names the altered event, and its organisation’s chain, when one row of one chain is changed', async () => {
    const db = await aDatabase();
    const [a, b] = [(await anOrganisation(db.pool)).id, (await anOrganisation(db.pool)).id];
    await append(db, a);
    await append(db, b);
    await append(db, a);
    const altered = await append(db, b);
    await append(db, a);
    await append(db, b);
    await tamper(db, `UPDATE audit_event SET data = '{"note": "rewritten"}' WHERE seq = $1`, [
      altered,
    ]);
    const verification = await verifyAuditChain(db.pool);
    expect(verification).toMatchObject({
      isValid: false,
      firstBrokenSeq: altered,
      eventsChecked: 3,
    });
    expect(verification.reason).toBe(
      `the stored hash does not match the event content (the event was altered), in the chain of ${await organisationName(db, b)}`,
    );
  });

  it('names the next event of the same chain when an event is removed from the middle of it', async () => {
    const db = await aDatabase();
    const [a, b] = [(await anOrganisation(db.pool)).id, (await anOrganisation(db.pool)).id];
    await append(db, a);
    const removed = await append(db, a);
    await append(db, b);
    const next = await append(db, a);
    await tamper(db, 'DELETE FROM audit_event WHERE seq = $1', [removed]);
    const verification = await verifyAuditChain(db.pool);
    expect(verification).toMatchObject({ isValid: false, firstBrokenSeq: next });
    expect(verification.reason).toMatch(
      /^the link to the previous event does not match \(an event was removed or reordered\), in the chain of /,
    );
  });

  it('catches a chain cut back at its end: by its head record, and by the anchor even when the head record is rewritten too', async () => {
    const db = await aDatabase();
    const a = (await anOrganisation(db.pool)).id;
    const kept = await append(db, a);
    const last = await append(db, a);
    await tamper(db, 'DELETE FROM audit_event WHERE seq = $1', [last]);
    expect(await verifyAuditChain(db.pool)).toMatchObject({ isValid: false, firstBrokenSeq: last });

    const anchored = await aDatabase();
    const organisation = (await anOrganisation(anchored.pool)).id;
    const first = await append(anchored, organisation);
    const second = await append(anchored, organisation);
    expect(
      (await anchorAuditChains(anchored.pool, new Date('2026-12-07T10:01:00Z')))?.heads,
    ).toEqual([expect.objectContaining({ length: '2', eventSeq: second })]);
    await tamper(anchored, 'DELETE FROM audit_event WHERE seq = $1', [second]);
    // Covering tracks: the chain's head record made to agree with what is left.
    await anchored.pool.query(
      `UPDATE audit_chain SET length = 1, head_seq = $2, head_hash = (SELECT hash FROM audit_event WHERE seq = $2) WHERE organisation_id = $1`,
      [organisation, first],
    );
    const verification = await verifyAuditChain(anchored.pool);
    expect(verification).toMatchObject({ isValid: false, firstBrokenSeq: second });
    expect(verification.reason).toMatch(
      /^event 2 of the chain, pinned by anchor \d+ of 2026-12-07T10:01:00.000Z, is missing or changed/,
    );
    expect(kept).not.toBe(last);
  });

  it('anchors only the chains that grew since their last anchor, each anchor chained to the one before; an altered anchor is named', async () => {
    const db = await aDatabase();
    const [a, b] = [(await anOrganisation(db.pool)).id, (await anOrganisation(db.pool)).id];
    await append(db, a);
    await append(db, b);
    const first = await anchorAuditChains(db.pool, new Date('2026-12-07T10:01:00Z'));
    expect(first?.heads).toHaveLength(2);
    expect(await anchorAuditChains(db.pool, new Date('2026-12-07T10:02:00Z'))).toBeNull();
    const grown = await append(db, b);
    const second = await anchorAuditChains(db.pool, new Date('2026-12-07T10:03:00Z'));
    expect(second?.heads).toEqual([expect.objectContaining({ length: '2', eventSeq: grown })]);
    const link = await db.pool.query<{ linked: boolean }>(
      'SELECT prev_hash = $1 AS linked FROM audit_anchor WHERE seq = $2',
      [first!.hash, second!.seq],
    );
    expect(link.rows[0]!.linked).toBe(true);
    expect(await verifyAuditChain(db.pool)).toMatchObject({
      isValid: true,
      anchorsChecked: 2,
      chainsChecked: 2,
    });

    await db.pool.query('ALTER TABLE audit_anchor DISABLE TRIGGER USER');
    await db.pool.query(
      `UPDATE audit_anchor SET anchored_at = anchored_at + interval '1 day' WHERE seq = $1`,
      [first!.seq],
    );
    await db.pool.query('ALTER TABLE audit_anchor ENABLE TRIGGER USER');
    expect(await verifyAuditChain(db.pool)).toMatchObject({
      isValid: false,
      reason: `anchor ${first!.seq}: the stored hash does not match the anchor content (the anchor was altered)`,
    });
  });

  it('verifies events written before per-organisation chains as the start of the platform chain, and continues it', async () => {
    const db = await aDatabase();
    // Two events in the old form (no chain, the original hash), as the migration found them.
    let prev: Buffer | null = null;
    for (const note of ['old one', 'old two']) {
      const event = anEvent(null, { data: { note } });
      const hash: Buffer = hashAuditEvent(prev, event);
      await db.pool.query(
        `INSERT INTO audit_event (occurred_at, action, entity_type, entity_id, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          event.occurred_at,
          event.action,
          event.entity_type,
          event.entity_id,
          event.data,
          prev,
          hash,
        ],
      );
      prev = hash;
    }
    await db.pool.query(
      'UPDATE audit_chain SET length = 2, head_seq = (SELECT max(seq) FROM audit_event), head_hash = $1 WHERE id = 0',
      [prev],
    );
    await append(db, null);
    const continued = await db.pool.query<{ chain_seq: string; linked: boolean }>(
      'SELECT chain_seq::text, prev_hash = $1 AS linked FROM audit_event WHERE chain_id = 0',
      [prev],
    );
    expect(continued.rows).toEqual([{ chain_seq: '3', linked: true }]);
    expect(await verifyAuditChain(db.pool)).toMatchObject({
      isValid: true,
      eventsChecked: 3,
      chainsChecked: 1,
    });
  });
});
