import fs from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { generateSchemaSnapshot, schemaSnapshotPaths } from './schema-snapshot';

// The test template is migrated by the same runner as production (jest global setup).
let db: TestDatabase;
let generated: { schemaSql: string; rowLevelSecurity: string };
beforeAll(async () => {
  db = await createTestDatabase();
  generated = await generateSchemaSnapshot(db.url);
});
afterAll(async () => {
  await db.drop();
});

const STALE =
  'is stale: a migration changed the schema. Run `npm run db:schema` and commit the result.';

describe('schema snapshot (prisma/schema.sql, docs/row-level-security.md)', () => {
  it('the committed prisma/schema.sql is what the migrations produce', () => {
    const committed = fs.readFileSync(schemaSnapshotPaths().schemaSql, 'utf8');
    if (committed !== generated.schemaSql) throw new Error(`prisma/schema.sql ${STALE}`);
    expect(committed).toContain('CREATE TABLE claim (');
  });

  it('the committed docs/row-level-security.md is what the policies say', () => {
    const committed = fs.readFileSync(schemaSnapshotPaths().rowLevelSecurity, 'utf8');
    if (committed !== generated.rowLevelSecurity)
      throw new Error(`docs/row-level-security.md ${STALE}`);
    expect(committed).toContain('## claim\n');
  });

  it('places every policy, index and trigger in the section of the table it is on', async () => {
    const sections = generated.schemaSql.split(/^-- ═════════ /m);
    const { rows } = await db.pool.query<{ table: string; object: string; kind: string }>(`
      SELECT tablename AS table, 'CREATE POLICY ' || policyname || ' ON ' || tablename AS object, 'policy' AS kind FROM pg_policies WHERE schemaname = 'public'
      UNION ALL
      SELECT c.relname, 'INDEX ' || i.relname || ' ON ', 'index' FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relname <> '_waymark_migrations' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)
      UNION ALL
      SELECT c.relname, 'TRIGGER ' || t.tgname || ' ', 'trigger' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal`);
    expect(rows.filter((r) => r.kind === 'policy').length).toBeGreaterThan(50);
    const misplaced = rows.filter((row) => {
      const section = sections.find((s) => s.startsWith(`table ${row.table} ═`));
      return !section?.includes(row.object);
    });
    expect(misplaced).toEqual([]);
  });
});
