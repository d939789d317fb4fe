// `npm run db:restore -- <file> [--target <database>]`: pg_restore a backup
// into a NEW database on the same server (default `waymark_restore_<time>`),
// leaving the live one alone — inspect it, point DATABASE_URL at it.
//
// `npm run db:restore -- <file> --into-current --yes`: replace the current
// database. The backup is restored into a side database first (so a bad file
// never touches the live data), then connections to the current one are
// ended and the two are swapped by renaming; the old one is kept as
// `<name>_pre_restore_<time>` until you drop it.
import path from 'node:path';
import { connectToDatabase } from '../packages/db/src/backup/backup';
import {
  databaseNameOf,
  restoreIntoCurrent,
  restoreIntoNewDatabase,
} from '../packages/db/src/backup/restore';

const USAGE =
  'usage: npm run db:restore -- <file.dump> [--target <new database name>] | [--into-current --yes]';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--target');
  if (!file) throw new Error(USAGE);
  const intoCurrent = args.includes('--into-current');
  const targetAt = args.indexOf('--target');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  if (intoCurrent && targetAt !== -1)
    throw new Error(`--target and --into-current exclude each other. ${USAGE}`);
  if (intoCurrent && !args.includes('--yes')) {
    throw new Error(
      '--into-current replaces the live database (it is kept under another name, but every session is ended). Add --yes to confirm.',
    );
  }
  const database = await connectToDatabase();
  try {
    const resolved = path.resolve(file);
    if (intoCurrent) {
      const { keptAs, durationMs } = await restoreIntoCurrent({
        currentUrl: database.url,
        file: resolved,
        stamp,
      });
      console.log(
        `restored ${resolved} into ${databaseNameOf(database.url)} in ${(durationMs / 1000).toFixed(1)} s`,
      );
      console.log(`the previous database is kept as ${keptAs} (DROP DATABASE it once satisfied)`);
    } else {
      const target = targetAt === -1 ? `waymark_restore_${stamp}` : args[targetAt + 1]!;
      const { url, durationMs } = await restoreIntoNewDatabase({
        serverUrl: database.url,
        file: resolved,
        database: target,
      });
      console.log(
        `restored ${resolved} into the new database ${target} in ${(durationMs / 1000).toFixed(1)} s`,
      );
      console.log(`use it with: DATABASE_URL=${url.replace(/:[^:@/]*@/, ':***@')}`);
    }
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`restore failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
