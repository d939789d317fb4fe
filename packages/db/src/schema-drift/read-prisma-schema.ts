// The schema Prisma Client believes in, from the DMMF (parsed by Prisma's
// wasm engine, so it works offline), mapped to Postgres type spellings.
import fs from 'node:fs';
import path from 'node:path';
import { getDMMF } from '@prisma/internals';
import type { ColumnShape, IndexShape, SchemaShape, TableShape } from './schema-shape';

type Document = Awaited<ReturnType<typeof getDMMF>>;
type Model = Document['datamodel']['models'][number];
type Field = Model['fields'][number];

/** The Postgres type Prisma Migrate would create for a scalar without a @db attribute. */
const DEFAULT_SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Boolean: 'boolean',
  Json: 'jsonb',
  Bytes: 'bytea',
};

export async function readPrismaSchema(schemaPath: string): Promise<SchemaShape> {
  const document = await getDMMF({ datamodel: readSchemaText(schemaPath) });
  const { models, enums } = document.datamodel;

  const enumNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const shape: SchemaShape = {
    tables: new Map(),
    enums: new Map(enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)])),
  };

  for (const model of models) {
    const columnOf = new Map(model.fields.map((f) => [f.name, f.dbName ?? f.name]));
    const toColumns = (fields: readonly { name: string }[] | readonly string[]): string[] =>
      fields.map((f) => {
        const name = typeof f === 'string' ? f : f.name;
        return columnOf.get(name) ?? name;
      });

    const columns = new Map<string, ColumnShape>();
    for (const field of model.fields) {
      if (field.kind !== 'scalar' && field.kind !== 'enum') continue; // relation fields have no column
      columns.set(field.dbName ?? field.name, {
        type: postgresTypeOf(field, enumNames),
        // Prisma cannot declare an optional list; our SQL makes lists NOT NULL DEFAULT '{}'.
        nullable: !field.isRequired && !field.isList,
      });
    }

    const table: TableShape = { columns, primaryKey: null, uniques: [], indexes: [] };
    const modelIndexes = document.datamodel.indexes.filter((index) => index.model === model.name);
    for (const index of modelIndexes) {
      const indexColumns = toColumns(index.fields);
      switch (index.type) {
        case 'id':
          table.primaryKey = indexColumns;
          break;
        case 'unique':
          table.uniques.push(indexColumns);
          break;
        case 'normal':
        case 'fulltext':
          table.indexes.push({
            columns: indexColumns,
            method: (index.algorithm ?? 'BTree').toLowerCase(),
          } satisfies IndexShape);
          break;
      }
    }
    shape.tables.set(model.dbName ?? model.name, table);
  }
  return shape;
}

function postgresTypeOf(field: Field, enumNames: Map<string, string>): string {
  const base =
    field.kind === 'enum' ? (enumNames.get(field.type) ?? field.type) : scalarType(field);
  return field.isList ? `${base}[]` : base;
}

function scalarType(field: Field): string {
  if (!field.nativeType) return DEFAULT_SCALAR_TYPES[field.type] ?? field.type.toLowerCase();
  const [name, args] = field.nativeType;
  const precision = args.length > 0 ? `(${args.join(',')})` : '';
  switch (name) {
    case 'Text':
    case 'Uuid':
    case 'Citext':
    case 'Date':
    case 'Xml':
    case 'Inet':
    case 'Money':
    case 'Oid':
    case 'Boolean':
      return name.toLowerCase();
    case 'Integer':
      return 'integer';
    case 'SmallInt':
      return 'smallint';
    case 'BigInt':
      return 'bigint';
    case 'Real':
      return 'real';
    case 'DoublePrecision':
      return 'double precision';
    case 'Decimal':
      return `numeric${precision}`;
    case 'VarChar':
      return `character varying${precision}`;
    case 'Char':
      return `character${precision}`;
    case 'Json':
      return 'json';
    case 'JsonB':
      return 'jsonb';
    case 'ByteA':
      return 'bytea';
    case 'Timestamptz':
      return `timestamp${precision || '(6)'} with time zone`;
    case 'Timestamp':
      return `timestamp${precision || '(6)'} without time zone`;
    case 'Timetz':
      return `time${precision || '(6)'} with time zone`;
    case 'Time':
      return `time${precision || '(6)'} without time zone`;
    default:
      return `${name.toLowerCase()}${precision}`;
  }
}

/** A schema file, or a folder of them (prisma/schema: one file per area), as one text. */
function readSchemaText(schemaPath: string): string {
  if (!fs.statSync(schemaPath).isDirectory()) return fs.readFileSync(schemaPath, 'utf8');
  return fs
    .readdirSync(schemaPath)
    .filter((name) => name.endsWith('.prisma'))
    .sort()
    .map((name) => fs.readFileSync(path.join(schemaPath, name), 'utf8'))
    .join('\n');
}
