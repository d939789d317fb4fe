// `node packages/db/dist/seed/cli.js`: seeds the demo programme into DATABASE_URL (docker-compose).
import { readDatabaseEnv } from '../env';
import { seedDemoData } from './index';

async function main(): Promise<void> {
  const { databaseUrl } = readDatabaseEnv();
  if (!databaseUrl) throw new Error('DATABASE_URL is required to seed');
  const result = await seedDemoData({
    databaseUrl,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    result.seeded ? 'demo data seeded\n' : 'demo data already present (seed is idempotent)\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
