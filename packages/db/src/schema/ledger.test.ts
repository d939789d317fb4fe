import { type PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import {
  aLedgerAccount,
  aLedgerEntry,
  aLedgerTransaction,
  aPrimeContract,
  databaseErrorOf,
  type PrimeContractWorld,
} from '../test-support/fixtures';

let db: TestDatabase;
let world: PrimeContractWorld;
let cash: string;
let receivable: string;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await aPrimeContract(db.pool);
  cash = await aLedgerAccount(db.pool, world, 'CASH');
  receivable = await aLedgerAccount(db.pool, world, 'RECEIVABLE_FROM_COMMISSIONER');
});
afterAll(async () => {
  await db.drop();
});

async function inTransaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await work(client);
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    await client.query('COMMIT'); // the deferred balance check runs here
  } finally {
    client.release();
  }
}

async function entriesOf(transactionId: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM ledger_entry WHERE transaction_id = $1`,
    [transactionId],
  );
  return Number(rows[0]!.n);
}

describe('ledger constraints', () => {
  it('commits a balanced transaction, even though it is unbalanced between its inserts', async () => {
    let transactionId = '';
    await inTransaction(async (client) => {
      transactionId = await aLedgerTransaction(client, world);
      await aLedgerEntry(client, world, { transactionId, accountId: cash, amountPence: 120_000 });
      await aLedgerEntry(client, world, {
        transactionId,
        accountId: receivable,
        amountPence: -100_000,
      });
      await aLedgerEntry(client, world, {
        transactionId,
        accountId: receivable,
        amountPence: -20_000,
      });
    });
    expect(await entriesOf(transactionId)).toBe(3);
  });

  it('fails an unbalanced transaction at COMMIT and keeps none of it', async () => {
    let transactionId = '';
    let everyInsertSucceeded = false;
    const error = await databaseErrorOf(
      inTransaction(async (client) => {
        transactionId = await aLedgerTransaction(client, world);
        await aLedgerEntry(client, world, { transactionId, accountId: cash, amountPence: 120_000 });
        await aLedgerEntry(client, world, {
          transactionId,
          accountId: receivable,
          amountPence: -119_999,
        });
        everyInsertSucceeded = true;
      }),
    );
    expect(everyInsertSucceeded).toBe(true); // so it was COMMIT that failed
    expect(error.constraint).toBe('ledger_entry_transaction_balanced');
    expect(error.message).toMatch(/does not balance: entries sum to 1 pence/);
    expect(await entriesOf(transactionId)).toBe(0);
  });

  it('rejects a zero entry', async () => {
    const error = await databaseErrorOf(
      inTransaction(async (client) => {
        const transactionId = await aLedgerTransaction(client, world);
        await aLedgerEntry(client, world, { transactionId, accountId: cash, amountPence: 0 });
      }),
    );
    expect(error.constraint).toBe('ledger_entry_amount_pence_non_zero');
  });

  it('rejects changing or deleting a posted entry', async () => {
    let transactionId = '';
    await inTransaction(async (client) => {
      transactionId = await aLedgerTransaction(client, world);
      await aLedgerEntry(client, world, { transactionId, accountId: cash, amountPence: 500 });
      await aLedgerEntry(client, world, {
        transactionId,
        accountId: receivable,
        amountPence: -500,
      });
    });
    const update = await databaseErrorOf(
      db.pool.query(
        `UPDATE ledger_entry SET amount_pence = amount_pence * 2 WHERE transaction_id = $1`,
        [transactionId],
      ),
    );
    expect(update.constraint).toBe('ledger_entry_append_only');
    const remove = await databaseErrorOf(
      db.pool.query(`DELETE FROM ledger_entry WHERE transaction_id = $1`, [transactionId]),
    );
    expect(remove.constraint).toBe('ledger_entry_append_only');
  });
});
