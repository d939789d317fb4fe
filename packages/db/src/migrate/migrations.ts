import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface MigrationFile {
  /** Folder name, `<timestamp>_<name>`; migrations apply in its sort order. */
  name: string;
  sql: string;
  checksum: string;
  /**
   * A baseline squashes earlier migrations: `replaces.txt` beside its SQL lists
   * them as `<name> <checksum>` lines. Empty for an ordinary migration.
   */
  replaces: { name: string; checksum: string }[];
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
        throw new Error(
          `Migration folder "${name}" must be named <14-digit timestamp>_<snake_case_name>`,
        );
      }
      const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return {
        name,
        sql,
        checksum: checksumOf(sql),
        replaces: readReplaces(path.join(migrationsDir, name, 'replaces.txt')),
      };
    });
}

function readReplaces(file: string): MigrationFile['replaces'] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name, checksum, ...rest] = line.split(/\s+/);
      if (
        !name ||
        !MIGRATION_FOLDER.test(name) ||
        !checksum ||
        !/^[0-9a-f]{64}$/.test(checksum) ||
        rest.length > 0
      ) {
        throw new Error(`${file}: "${line}" is not "<migration name> <sha-256 checksum>"`);
      }
      return { name, checksum };
    });
}
