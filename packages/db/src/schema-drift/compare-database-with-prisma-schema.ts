// W1: proves the hand-written SQL migrations and prisma/schema/*.prisma describe
// the same database, so Prisma Client never queries a column that is not there.
//
// Compared: tables (model @@map), columns (@map), column types (Prisma scalar
// or @db native type → Postgres type; enums → their Postgres enum type; lists
// → arrays), nullability, enum types and their values, primary keys, unique
// constraints/indexes (@unique, @@unique) and plain indexes (@@index, with
// their access method).
//
// Deliberately ignored, because Prisma cannot express them and they live only
// in the SQL migrations:
//   - the migration runner's own table (_waymark_migrations);
//   - CHECK constraints;
//   - partial indexes (WHERE …), e.g. the one-live-claim unique index;
//   - expression indexes (e.g. on lower(x));
//   - triggers and constraint triggers (ledger balance, audit append-only);
//   - row-level security policies, grants, functions, views, sequences;
//   - column defaults, foreign keys (the schema keeps scalar ids, no Prisma
//     relations), index/constraint names, index sort order and INCLUDE columns.
import { readDatabaseSchema } from './read-database-schema';
import { readPrismaSchema } from './read-prisma-schema';
import type { IndexShape, SchemaShape, TableShape } from './schema-shape';

export interface CompareOptions {
  databaseUrl: string;
  schemaPath: string;
  /** Postgres schema to inspect; `public` unless told. */
  databaseSchema?: string;
}

/** Human-readable differences, sorted; empty when the two agree. */
export async function compareDatabaseWithPrismaSchema(options: CompareOptions): Promise<string[]> {
  const [database, prisma] = await Promise.all([
    readDatabaseSchema(options.databaseUrl, options.databaseSchema ?? 'public'),
    readPrismaSchema(options.schemaPath),
  ]);
  return diffSchemas({ database, prisma }).sort();
}

export function diffSchemas({
  database,
  prisma,
}: {
  database: SchemaShape;
  prisma: SchemaShape;
}): string[] {
  const differences: string[] = [];

  for (const name of union(database.enums.keys(), prisma.enums.keys())) {
    const inDatabase = database.enums.get(name);
    const inPrisma = prisma.enums.get(name);
    if (!inDatabase) differences.push(`enum ${name}: in the Prisma schema but not in the database`);
    else if (!inPrisma)
      differences.push(`enum ${name}: in the database but not in the Prisma schema`);
    else {
      for (const value of inPrisma.filter((v) => !inDatabase.includes(v))) {
        differences.push(
          `enum ${name}: value ${value} is in the Prisma schema but not in the database`,
        );
      }
      for (const value of inDatabase.filter((v) => !inPrisma.includes(v))) {
        differences.push(
          `enum ${name}: value ${value} is in the database but not in the Prisma schema`,
        );
      }
    }
  }

  for (const name of union(database.tables.keys(), prisma.tables.keys())) {
    const inDatabase = database.tables.get(name);
    const inPrisma = prisma.tables.get(name);
    if (!inDatabase)
      differences.push(`table ${name}: in the Prisma schema but not in the database`);
    else if (!inPrisma)
      differences.push(`table ${name}: in the database but not in the Prisma schema`);
    else differences.push(...diffTables(name, inDatabase, inPrisma));
  }
  return differences;
}

function diffTables(table: string, database: TableShape, prisma: TableShape): string[] {
  const differences: string[] = [];
  for (const name of union(database.columns.keys(), prisma.columns.keys())) {
    const inDatabase = database.columns.get(name);
    const inPrisma = prisma.columns.get(name);
    const column = `column ${table}.${name}`;
    if (!inDatabase) differences.push(`${column}: in the Prisma schema but not in the database`);
    else if (!inPrisma) differences.push(`${column}: in the database but not in the Prisma schema`);
    else {
      if (inDatabase.type !== inPrisma.type) {
        differences.push(
          `${column}: type is ${inDatabase.type} in the database but ${inPrisma.type} in the Prisma schema`,
        );
      }
      if (inDatabase.nullable !== inPrisma.nullable) {
        differences.push(
          `${column}: ${nullability(inDatabase.nullable)} in the database but ${nullability(inPrisma.nullable)} in the Prisma schema`,
        );
      }
    }
  }

  const databaseKey = database.primaryKey ? list(database.primaryKey) : 'none';
  const prismaKey = prisma.primaryKey ? list(prisma.primaryKey) : 'none';
  if (databaseKey !== prismaKey) {
    differences.push(
      `primary key of ${table}: ${databaseKey} in the database but ${prismaKey} in the Prisma schema`,
    );
  }

  differences.push(
    ...diffLists(`unique ${table}`, database.uniques.map(list), prisma.uniques.map(list)),
  );
  differences.push(
    ...diffLists(
      `index ${table}`,
      database.indexes.map(describeIndex),
      prisma.indexes.map(describeIndex),
    ),
  );
  return differences;
}

function diffLists(label: string, database: string[], prisma: string[]): string[] {
  return [
    ...prisma
      .filter((x) => !database.includes(x))
      .map((x) => `${label}${x}: in the Prisma schema but not in the database`),
    ...database
      .filter((x) => !prisma.includes(x))
      .map((x) => `${label}${x}: in the database but not in the Prisma schema`),
  ];
}

function describeIndex(index: IndexShape): string {
  return index.method === 'btree'
    ? list(index.columns)
    : `${list(index.columns)} using ${index.method}`;
}

function list(columns: string[]): string {
  return `(${columns.join(', ')})`;
}

function nullability(nullable: boolean): string {
  return nullable ? 'nullable' : 'NOT NULL';
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
