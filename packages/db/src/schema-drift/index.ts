export { compareDatabaseWithPrismaSchema, diffSchemas, type CompareOptions } from './compare-database-with-prisma-schema';
export type { SchemaShape, TableShape, ColumnShape, IndexShape } from './schema-shape';
