// The part of a database schema that both Prisma and Postgres can describe,
// in one comparable shape. Types are spelled as Postgres's format_type()
// prints them, without quotes (`timestamp(6) with time zone`, `Role[]`).

export interface ColumnShape {
  type: string;
  nullable: boolean;
}

export interface IndexShape {
  columns: string[];
  /** Access method: btree, gin, gist, hash, brin, … */
  method: string;
}

export interface TableShape {
  columns: Map<string, ColumnShape>;
  /** Null when the table has no primary key. */
  primaryKey: string[] | null;
  /** Column lists of full (non-partial, non-expression) unique indexes and constraints. */
  uniques: string[][];
  /** Full (non-partial, non-expression), non-unique indexes. */
  indexes: IndexShape[];
}

export interface SchemaShape {
  tables: Map<string, TableShape>;
  /** Enum type name → labels. */
  enums: Map<string, string[]>;
}
