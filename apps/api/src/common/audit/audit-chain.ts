// The audit hash chains themselves, free of Nest so scripts (npm run
// audit:verify), the anchoring job and drills use them directly.
//
// One chain per acting organisation (audit_chain; id 0 is the platform chain
// for events with no acting organisation, which continues the single chain
// kept before migration 20261207400000). Appending locks only the chain's
// row, so organisations append in parallel. Each event's hash covers the
// previous event's hash in its chain, its chain and position, and its
// canonical content. Every minute the heads of the chains that grew are
// pinned in audit_anchor, a chain of its own, so a chain cut back past an
// anchored event is caught as well as any edit, removal or reordering.
import { createHash, randomBytes } from 'node:crypto';
import { type Pool, type PoolClient } from 'pg';
import { canonicalJson } from './canonical-json';

/** The platform chain: events with no acting organisation, and every event before per-organisation chains. */
export const PLATFORM_CHAIN = '0';

export interface AuditChainVerification {
  isValid: boolean;
  eventsChecked: number;
  /** First event whose stored hash or link does not match (or that an anchor names and is missing), when invalid. */
  firstBrokenSeq: string | null;
  reason: string | null;
  chainsChecked: number;
  anchorsChecked: number;
}

export interface AuditEventContent {
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  programme_id: string | null;
  data: Record<string, unknown>;
}

interface StoredEvent extends AuditEventContent {
  seq: string;
  chain_id: string | null;
  chain_seq: string | null;
  prev_hash: Buffer | null;
  hash: Buffer;
}

/**
 * Where an event sits: its chain and 1-based position. Null for events written before per-organisation chains (their hash does not
 * cover it).
 */
export interface ChainPosition {
  chainId: string;
  chainSeq: string;
}

/** The canonical text an event's hash covers after its chain's previous hash. */
function eventContent(event: AuditEventContent, position: ChainPosition | null): string {
  return canonicalJson({
    ...(position ? { chainId: position.chainId, chainSeq: position.chainSeq } : {}),
    occurredAt: event.occurred_at.toISOString(),
    actorUserId: event.actor_user_id,
    actorOrganisationId: event.actor_organisation_id,
    action: event.action,
    entityType: event.entity_type,
    entityId: event.entity_id,
    programmeId: event.programme_id,
    data: event.data,
  });
}

export function hashAuditEvent(
  prevHash: Buffer | null,
  event: AuditEventContent,
  position: ChainPosition | null = null,
): Buffer {
  return createHash('sha256')
    .update(prevHash ?? Buffer.alloc(0))
    .update(eventContent(event, position))
    .digest();
}

/**
 * The same canonical text with the chain position left open, for the
 * database to fill in once it has locked the chain: the text before the
 * chain id, between the id and the position, and after the position. Marked
 * with a random token, so no content can be mistaken for the place.
 */
function eventContentAroundPosition(event: AuditEventContent): [string, string, string] {
  const mark = randomBytes(16).toString('hex');
  const text = eventContent(event, { chainId: `${mark}i`, chainSeq: `${mark}s` });
  const [before, rest, ...extraId] = text.split(`${mark}i`);
  const [between, after, ...extraSeq] = (rest ?? '').split(`${mark}s`);
  if (extraId.length > 0 || extraSeq.length > 0 || after === undefined)
    throw new Error('audit event content: the chain position could not be placed');
  return [before!, between!, after];
}

/**
 * Appends one event to its chain in one statement: lock the chain's head
 * row, hash the event onto it (sha256 over the previous hash and the
 * canonical content — the text Node rendered, with the chain id and position
 * the database just read put in its place: exactly what hashAuditEvent and
 * verifyAuditChain compute), insert it and move the head. One round trip
 * where reading the head and writing the event took two, and the chain's
 * lock is taken in the statement that writes, so it is held only from there
 * to the end of the transaction. Returns false when the organisation has no
 * chain yet (nothing was written).
 */
async function appendToChain(client: PoolClient, event: AuditEventContent): Promise<boolean> {
  const [before, between, after] = eventContentAroundPosition(event);
  const chain =
    event.actor_organisation_id === null ? `id = ${PLATFORM_CHAIN}` : 'organisation_id = $3::uuid';
  const { rows } = await client.query(
    `WITH head AS (
       SELECT id, length + 1 AS chain_seq, head_hash FROM audit_chain WHERE ${chain} FOR UPDATE
     ), event AS (
       SELECT id, chain_seq, head_hash AS prev_hash,
              sha256(coalesce(head_hash, ''::bytea) || convert_to($9::text || id::text || $10::text || chain_seq::text || $11::text, 'UTF8')) AS hash
         FROM head
     ), appended AS (
       INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, programme_id, data, chain_id, chain_seq, prev_hash, hash)
       SELECT $1::timestamptz, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::uuid, $8::jsonb, id, chain_seq, prev_hash, hash FROM event
       RETURNING seq, chain_id, chain_seq, hash
     )
     UPDATE audit_chain c SET length = a.chain_seq, head_seq = a.seq, head_hash = a.hash
       FROM appended a WHERE c.id = a.chain_id
     RETURNING c.id`,
    [
      event.occurred_at,
      event.actor_user_id,
      event.actor_organisation_id,
      event.action,
      event.entity_type,
      event.entity_id,
      event.programme_id,
      event.data,
      before,
      between,
      after,
    ],
  );
  return rows.length === 1;
}

/**
 * Appends one event to its organisation's chain inside the caller's
 * transaction (so it commits with the change it records). The chain's row
 * stays locked until that transaction ends: appends to the same chain queue,
 * appends to other chains do not wait.
 */
export async function appendAuditEvent(
  client: PoolClient,
  event: AuditEventContent,
): Promise<void> {
  if (await appendToChain(client, event)) return;
  // First event of this organisation: two writers may race to create its chain; one insert wins, both then append.
  await client.query(
    'INSERT INTO audit_chain (organisation_id) VALUES ($1) ON CONFLICT (organisation_id) DO NOTHING',
    [event.actor_organisation_id],
  );
  if (!(await appendToChain(client, event)))
    throw new Error(
      `audit chain of organisation ${event.actor_organisation_id} could not be created`,
    );
}

interface AnchorHead {
  chainId: string;
  length: string;
  eventSeq: string;
  hash: string;
}

interface StoredAnchor {
  seq: string;
  anchored_at: Date;
  heads: AnchorHead[];
  prev_hash: Buffer | null;
  hash: Buffer;
}

export function hashAuditAnchor(
  prevHash: Buffer | null,
  anchor: { anchored_at: Date; heads: AnchorHead[] },
): Buffer {
  return createHash('sha256')
    .update(prevHash ?? Buffer.alloc(0))
    .update(canonicalJson({ anchoredAt: anchor.anchored_at.toISOString(), heads: anchor.heads }))
    .digest();
}

/** "anchor" in ASCII: one anchoring at a time across instances. */
const ANCHOR_LOCK = 0x616e63686f72;

/**
 * Pins the current head of every chain that grew since it was last anchored
 * in a new audit_anchor row (hash-chained to the one before). Returns the new
 * anchor, or null when no chain grew. Run every minute (AuditModule's job).
 */
export async function anchorAuditChains(
  pool: Pool,
  anchoredAt: Date,
): Promise<{ seq: string; hash: Buffer; heads: AnchorHead[] } | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [ANCHOR_LOCK]);
    const { rows: heads } = await client.query<AnchorHead>(
      `SELECT c.id::text AS "chainId", c.length::text AS length, c.head_seq::text AS "eventSeq", encode(c.head_hash, 'hex') AS hash
         FROM audit_chain c LEFT JOIN audit_chain_anchored a ON a.chain_id = c.id
        WHERE c.head_seq IS NOT NULL AND c.length > coalesce(a.length, 0)
        ORDER BY c.id`,
    );
    if (heads.length === 0) {
      await client.query('COMMIT');
      return null;
    }
    const previous =
      (
        await client.query<{ hash: Buffer }>(
          'SELECT hash FROM audit_anchor ORDER BY seq DESC LIMIT 1',
        )
      ).rows[0]?.hash ?? null;
    const hash = hashAuditAnchor(previous, { anchored_at: anchoredAt, heads });
    const seq = (
      await client.query<{ seq: string }>(
        'INSERT INTO audit_anchor (anchored_at, heads, prev_hash, hash) VALUES ($1, $2, $3, $4) RETURNING seq::text',
        [anchoredAt, JSON.stringify(heads), previous, hash],
      )
    ).rows[0]!.seq;
    await client.query(
      `INSERT INTO audit_chain_anchored (chain_id, length, anchor_seq)
       SELECT (h->>'chainId')::bigint, (h->>'length')::bigint, $2 FROM jsonb_array_elements($1::jsonb) h
       ON CONFLICT (chain_id) DO UPDATE SET length = EXCLUDED.length, anchor_seq = EXCLUDED.anchor_seq`,
      [JSON.stringify(heads), seq],
    );
    await client.query('COMMIT');
    return { seq, hash, heads };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** What a person reads for a chain: its organisation's name, or the platform chain. */
async function chainName(pool: Pick<Pool, 'query'>, chainId: string): Promise<string> {
  if (chainId === PLATFORM_CHAIN)
    return 'the platform chain (no acting organisation, and every event before per-organisation chains)';
  const { rows } = await pool.query<{ name: string | null }>(
    'SELECT o.name FROM audit_chain c LEFT JOIN organisation o ON o.id = c.organisation_id WHERE c.id = $1',
    [chainId],
  );
  return `the chain of ${rows[0]?.name ?? `organisation chain ${chainId}`}`;
}

interface Walked {
  length: bigint;
  hash: Buffer | null;
  seq: string | null;
}

/**
 * Verifies every chain and the anchors (also `npm run audit:verify`):
 * walks all events in order, in pages, recomputing every hash and checking
 * every link and position within its chain; checks each chain's head record
 * against its last event; then walks the anchors' own chain and checks that
 * each anchored head is still there with the same hash. Names the first
 * broken event.
 */
export async function verifyAuditChain(pool: Pool): Promise<AuditChainVerification> {
  // One snapshot: events, chain heads and anchors as of the same moment, whatever is being appended meanwhile.
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const verification = await verifyInSnapshot(client);
    await client.query('COMMIT');
    return verification;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function verifyInSnapshot(pool: Pick<PoolClient, 'query'>): Promise<AuditChainVerification> {
  const pageSize = 5000;
  let afterSeq = '0';
  const chains = new Map<string, Walked>();
  let eventsChecked = 0;
  const broken = async (seq: string, chainId: string, what: string) => ({
    isValid: false,
    eventsChecked,
    firstBrokenSeq: seq,
    reason: `${what}, in ${await chainName(pool, chainId)}`,
    chainsChecked: chains.size,
    anchorsChecked: 0,
  });
  for (;;) {
    const { rows } = await pool.query<StoredEvent>(
      // Order by the bigint column, not the text alias (which would sort 10 before 2).
      `SELECT seq::text, chain_id::text, chain_seq::text, occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, programme_id, data, prev_hash, hash
       FROM audit_event WHERE audit_event.seq > $1 ORDER BY audit_event.seq LIMIT $2`,
      [afterSeq, pageSize],
    );
    for (const row of rows) {
      const chainId = row.chain_id ?? PLATFORM_CHAIN;
      const walked = chains.get(chainId) ?? { length: 0n, hash: null, seq: null };
      const position = walked.length + 1n;
      const linkOk =
        walked.hash === null
          ? row.prev_hash === null
          : row.prev_hash !== null && row.prev_hash.equals(walked.hash);
      const positionOk =
        row.chain_seq === null ? row.chain_id === null : BigInt(row.chain_seq) === position;
      if (!linkOk || !positionOk)
        return broken(
          row.seq,
          chainId,
          'the link to the previous event does not match (an event was removed or reordered)',
        );
      const hash = hashAuditEvent(
        row.prev_hash,
        row,
        row.chain_id === null ? null : { chainId, chainSeq: row.chain_seq! },
      );
      if (!hash.equals(row.hash))
        return broken(
          row.seq,
          chainId,
          'the stored hash does not match the event content (the event was altered)',
        );
      chains.set(chainId, { length: position, hash: row.hash, seq: row.seq });
      eventsChecked++;
    }
    if (rows.length < pageSize) break;
    afterSeq = rows[rows.length - 1]!.seq;
  }

  // Each chain's head record against the walk: a chain cut back since it was last appended to shows here.
  const { rows: heads } = await pool.query<{
    id: string;
    length: string;
    head_seq: string | null;
    head_hash: Buffer | null;
  }>('SELECT id::text, length::text, head_seq::text, head_hash FROM audit_chain ORDER BY id');
  for (const head of heads) {
    const walked = chains.get(head.id) ?? { length: 0n, hash: null, seq: null };
    const matches =
      BigInt(head.length) === walked.length &&
      (head.head_hash === null
        ? walked.hash === null
        : walked.hash !== null && head.head_hash.equals(walked.hash));
    if (!matches)
      return broken(
        head.head_seq ?? walked.seq ?? '0',
        head.id,
        `the chain's head is event ${head.head_seq ?? 'none'} (${head.length} events) but ${walked.length} events were found (events were removed from its end)`,
      );
  }

  // The anchors' own chain, and every head they pinned.
  let anchorsChecked = 0;
  let previous: Buffer | null = null;
  let afterAnchor = '0';
  for (;;) {
    const { rows } = await pool.query<StoredAnchor>(
      'SELECT seq::text, anchored_at, heads, prev_hash, hash FROM audit_anchor WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterAnchor, pageSize],
    );
    for (const anchor of rows) {
      const linkOk =
        previous === null
          ? anchor.prev_hash === null
          : anchor.prev_hash !== null && anchor.prev_hash.equals(previous);
      const anchorBroken = (what: string) => ({
        isValid: false,
        eventsChecked,
        firstBrokenSeq: null,
        reason: `anchor ${anchor.seq}: ${what}`,
        chainsChecked: chains.size,
        anchorsChecked,
      });
      if (!linkOk)
        return anchorBroken(
          'the link to the previous anchor does not match (an anchor was removed or reordered)',
        );
      if (!hashAuditAnchor(anchor.prev_hash, anchor).equals(anchor.hash))
        return anchorBroken(
          'the stored hash does not match the anchor content (the anchor was altered)',
        );
      const pinned = await pool.query<{ seq: string; chain_id: string | null; hash: Buffer }>(
        'SELECT seq::text, chain_id::text, hash FROM audit_event WHERE seq = ANY($1::bigint[])',
        [anchor.heads.map((head) => head.eventSeq)],
      );
      const found = new Map(pinned.rows.map((row) => [row.seq, row]));
      for (const head of anchor.heads) {
        const event = found.get(head.eventSeq);
        const walked = chains.get(head.chainId);
        if (
          !event ||
          (event.chain_id ?? PLATFORM_CHAIN) !== head.chainId ||
          event.hash.toString('hex') !== head.hash ||
          !walked ||
          walked.length < BigInt(head.length)
        ) {
          return broken(
            head.eventSeq,
            head.chainId,
            `event ${head.length} of the chain, pinned by anchor ${anchor.seq} of ${anchor.anchored_at.toISOString()}, is missing or changed (the chain was cut back or rewritten)`,
          );
        }
      }
      previous = anchor.hash;
      anchorsChecked++;
    }
    if (rows.length < pageSize) break;
    afterAnchor = rows[rows.length - 1]!.seq;
  }
  return {
    isValid: true,
    eventsChecked,
    firstBrokenSeq: null,
    reason: null,
    chainsChecked: chains.size,
    anchorsChecked,
  };
}
