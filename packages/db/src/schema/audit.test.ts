import { createHash, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { databaseErrorOf } from '../test-support/fixtures';

let db: TestDatabase;
let firstSeq: string;
let firstHash: Buffer;
beforeAll(async () => {
  db = await createTestDatabase();
  const inserted = await appendEvent(null);
  firstSeq = inserted.seq;
  firstHash = inserted.hash;
});
afterAll(async () => {
  await db.drop();
});

async function appendEvent(prevHash: Buffer | null): Promise<{ seq: string; hash: Buffer }> {
  const hash = createHash('sha256').update(randomUUID()).digest();
  const { rows } = await db.pool.query<{ seq: string }>(
    `INSERT INTO audit_event (action, entity_type, entity_id, data, prev_hash, hash)
     VALUES ('claim.submitted', 'claim', $1, '{}', $2, $3) RETURNING seq`,
    [randomUUID(), prevHash, hash],
  );
  return { seq: rows[0]!.seq, hash };
}

describe('audit_event', () => {
  it('rejects UPDATE', async () => {
    const error = await databaseErrorOf(
      db.pool.query(`UPDATE audit_event SET action = 'rewritten' WHERE seq = $1`, [firstSeq]),
    );
    expect(error.constraint).toBe('audit_event_append_only');
    expect(error.message).toBe('audit_event is append-only: UPDATE is not allowed');
  });

  it('rejects DELETE', async () => {
    const error = await databaseErrorOf(
      db.pool.query(`DELETE FROM audit_event WHERE seq = $1`, [firstSeq]),
    );
    expect(error.constraint).toBe('audit_event_append_only');
  });

  it('rejects TRUNCATE', async () => {
    const error = await databaseErrorOf(db.pool.query(`TRUNCATE audit_event`));
    expect(error.constraint).toBe('audit_event_append_only');
  });

  it('rejects a fork: two events naming the same predecessor', async () => {
    await appendEvent(firstHash);
    const error = await databaseErrorOf(appendEvent(firstHash));
    expect(error.constraint).toBe('audit_event_prev_hash_key');
  });

  it('rejects a second first event', async () => {
    const error = await databaseErrorOf(appendEvent(null));
    expect(error.constraint).toBe('audit_event_one_genesis');
  });
});
