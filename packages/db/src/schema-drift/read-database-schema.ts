// The schema as Postgres has it, from pg_catalog.
import { Client } from 'pg';
import { MIGRATIONS_TABLE } from '../migrate/migrate';
import type { SchemaShape, TableShape } from './schema-shape';

interface ColumnRow {
  table_name: string;
  column_name: string;
  type: string;
  nullable: boolean;
}
interface EnumRow {
  type_name: string;
  labels: string[];
}
interface IndexRow {
  table_name: string;
  is_primary: boolean;
  is_unique: boolean;
  method: string;
  columns: string[];
}

const COLUMNS_SQL = `
  SELECT c.relname AS table_name, a.attname AS column_name,
         format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> $2
  ORDER BY c.relname, a.attnum`;

const ENUMS_SQL = `
  SELECT t.typname AS type_name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
  FROM pg_type t
  JOIN pg_enum e ON e.enumtypid = t.oid
  JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = $1
  GROUP BY t.typname`;

// Partial indexes (indpred) and expression indexes (indexprs) are left out:
// Prisma cannot express them, so they live only in SQL. INCLUDE columns are
// not key columns and are left out too.
const INDEXES_SQL = `
  SELECT c.relname AS table_name, x.indisprimary AS is_primary, x.indisunique AS is_unique,
         am.amname AS method,
         ARRAY(
           SELECT a.attname::text
           FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
           WHERE k.ord <= x.indnkeyatts
           ORDER BY k.ord
         ) AS columns
  FROM pg_index x
  JOIN pg_class c ON c.oid = x.indrelid
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_am am ON am.oid = i.relam
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> $2
    AND x.indpred IS NULL AND x.indexprs IS NULL`;

export async function readDatabaseSchema(
  databaseUrl: string,
  schema: string,
): Promise<SchemaShape> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // format_type() qualifies a type outside the search path (drift_probe."Colour"); look from inside.
    await client.query(`SELECT set_config('search_path', $1, false)`, [schema]);
    const columns = await client.query<ColumnRow>(COLUMNS_SQL, [schema, MIGRATIONS_TABLE]);
    const enums = await client.query<EnumRow>(ENUMS_SQL, [schema]);
    const indexes = await client.query<IndexRow>(INDEXES_SQL, [schema, MIGRATIONS_TABLE]);

    const tables = new Map<string, TableShape>();
    const tableNamed = (name: string): TableShape => {
      let table = tables.get(name);
      if (!table) {
        table = { columns: new Map(), primaryKey: null, uniques: [], indexes: [] };
        tables.set(name, table);
      }
      return table;
    };
    for (const row of columns.rows) {
      tableNamed(row.table_name).columns.set(row.column_name, {
        type: normaliseType(row.type),
        nullable: row.nullable,
      });
    }
    for (const row of indexes.rows) {
      const table = tableNamed(row.table_name);
      if (row.is_primary) table.primaryKey = row.columns;
      else if (row.is_unique) table.uniques.push(row.columns);
      else table.indexes.push({ columns: row.columns, method: row.method });
    }
    return { tables, enums: new Map(enums.rows.map((row) => [row.type_name, row.labels])) };
  } finally {
    await client.end();
  }
}

/** format_type() quotes mixed-case names and omits the default precision (6) of timestamps. */
function normaliseType(type: string): string {
  return type
    .replace(/"/g, '')
    .replace(/^(timestamp|time) (with|without) time zone/, '$1(6) $2 time zone');
}
