// Every row-level security policy that calls a scoping function uses the
// index-friendly `= ANY (ARRAY(SELECT …))` form (see *_rls_array_form).
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('row-level security policy form', () => {
  it('has no policy that feeds a scoping function through IN (SELECT …)', async () => {
    const { rows } = await db.pool.query<{
      tablename: string;
      qual: string | null;
      with_check: string | null;
    }>(`SELECT tablename, qual, with_check FROM pg_policies WHERE schemaname = 'public'`);
    expect(rows.length).toBeGreaterThan(20);
    const slow = rows
      .filter((row) => /IN \( SELECT waymark_/.test(`${row.qual ?? ''} ${row.with_check ?? ''}`))
      .map((row) => row.tablename);
    expect(slow).toEqual([]);
    expect(
      rows.some((row) =>
        /= ANY \(ARRAY\( SELECT waymark_scoped_prime_contracts\(\)/.test(row.qual ?? ''),
      ),
    ).toBe(true);
  });
});
