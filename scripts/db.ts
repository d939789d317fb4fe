// `npm run db:migrate | db:seed | db:reset` against DATABASE_URL, or the
// embedded server under .data/ when it is unset.
import { Client } from 'pg';
import { migrate, readDatabaseEnv, resolveDatabase } from '../packages/db/src/index';
import { seedDemoData } from '../packages/db/src/seed/index';
import { localSecrets, piiKeys } from './lib/local-secrets';

const USAGE = 'usage: tsx scripts/db.ts migrate|seed|reset';

async function main(): Promise<void> {
  const command = process.argv[2];
  if (!command || !['migrate', 'seed', 'reset'].includes(command)) throw new Error(USAGE);
  const database = await resolveDatabase(readDatabaseEnv());
  try {
    if (command === 'reset') {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      // Everything Waymark owns lives in the public schema.
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      await client.end();
      console.log('dropped every table in the public schema');
    }
    const { applied } = await migrate({
      databaseUrl: database.url,
      log: (line) => console.log(line),
    });
    console.log(
      applied.length ? `${applied.length} migration(s) applied` : 'migrations already current',
    );
    if (command === 'seed' || command === 'reset') {
      const result = await seedDemoData({
        databaseUrl: database.url,
        pii: piiKeys(localSecrets()),
        log: (line) => console.log(line),
      });
      console.log(
        result.seeded ? 'demo data seeded' : 'demo data already present (seed is idempotent)',
      );
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
