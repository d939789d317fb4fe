// The embedded PostgreSQL for `npm start`, run as its own process in its own
// process group (start.ts spawns it detached). Ctrl-C in a terminal signals
// the whole foreground group at once: were PostgreSQL in it, it would shut
// down while the API still served, and every open connection would log an
// error. Here only start.ts hears Ctrl-C; it stops the API first, then asks
// this process to stop the database (SIGTERM, or its stdin closing when
// start.ts itself dies). It writes one JSON line, { "url": … }, once ready.
import { readDatabaseEnv, resolveDatabase } from '../../packages/db/src/index';

async function main(): Promise<void> {
  const database = await resolveDatabase({ ...readDatabaseEnv(), databaseUrl: undefined });
  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  // Detached, so a terminal's Ctrl-C never arrives here; should one be sent directly, stop as for SIGTERM.
  process.on('SIGINT', () => void stop());
  // start.ts holds our stdin: when it exits, however it died, the pipe closes and the database stops.
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: database.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `the embedded PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
