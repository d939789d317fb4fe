// `npm run db:backup [-- --out <file>]`: pg_dump (custom format) of the running
// database — DATABASE_URL, or the embedded server under .data/pg — to
// .data/backups/<timestamp>.dump, printing the path and size. pg_dump comes
// from Debian's postgresql-client-15 (same major version as the server).
import path from 'node:path';
import {
  backupDatabase,
  connectToDatabase,
  defaultBackupFile,
  formatBytes,
} from '../packages/db/src/backup/backup';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--out');
  const file = path.resolve(at === -1 ? defaultBackupFile() : process.argv[at + 1]!);
  const database = await connectToDatabase();
  try {
    const backup = await backupDatabase({ databaseUrl: database.url, file });
    console.log(`backup written: ${backup.file}`);
    console.log(
      `size: ${formatBytes(backup.sizeBytes)} (${backup.sizeBytes} bytes) in ${(backup.durationMs / 1000).toFixed(1)} s`,
    );
    console.log(`restore with: npm run db:restore -- ${path.relative(process.cwd(), backup.file)}`);
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`backup failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
