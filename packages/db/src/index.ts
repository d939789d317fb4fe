export { readDatabaseEnv, type DatabaseEnv } from './env';
export { findRepoRoot, defaultMigrationsDir } from './repo-root';
export { startEmbeddedPostgres, findFreePort, type RunningServer } from './embedded-server';
export {
  resolveDatabase,
  ensureDatabase,
  quoteIdent,
  EMBEDDED_DATABASE_NAME,
  type ResolvedDatabase,
} from './database';
export {
  migrate,
  migrationStatus,
  MigrationIntegrityError,
  MIGRATIONS_TABLE,
  type MigrationStatus,
} from './migrate/migrate';
export { createPrismaClient, PrismaClient } from './prisma';
export {
  decryptNiNumber,
  encryptNiNumber,
  hmacNiNumber,
  isValidNiNumber,
  maskNiNumber,
  normaliseNiNumber,
} from './pii/ni-number';
export { seedDemoData, DEMO_LOGINS, DEMO_PASSWORD } from './seed/index';
export { backupDatabase, connectToDatabase, defaultBackupFile, type Backup } from './backup/backup';
export { restoreIntoNewDatabase, restoreIntoCurrent, withDatabaseName } from './backup/restore';
export {
  pgConnection,
  newPgClient,
  parseDatabaseUrl,
  NoUsableServerError,
  type PgConnection,
} from './connection/pg-connection';
