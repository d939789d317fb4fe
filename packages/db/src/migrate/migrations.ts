import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  /** Folder name, `<timestamp>_<name>`; migrations apply in its sort order. */
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATION_FOLDER = /^\d{14}_[a-z0-9_]+$/;

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads `prisma/migrations/<timestamp>_<name>/migration.sql` in order. */
export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      if (!MIGRATION_FOLDER.test(name)) {
        throw new Error(`Migration folder "${name}" must be named <14-digit timestamp>_<snake_case_name>`);
      }
      const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    });
}
