// `npm run audit:verify`: recomputes every link of the audit hash chain and
// names the first broken one. Exit code 1 when the chain does not verify.
import { Pool } from 'pg';
import { verifyAuditChain } from '../apps/api/src/common/audit/audit-chain';
import { readDatabaseEnv, resolveDatabase } from '../packages/db/src/index';

async function main(): Promise<void> {
  const database = await resolveDatabase(readDatabaseEnv());
  const pool = new Pool({ connectionString: database.url, max: 1 });
  try {
    const result = await verifyAuditChain(pool);
    if (result.isValid) {
      console.log(`audit chain verified: ${result.eventsChecked} events, every hash and link intact`);
    } else {
      console.error(`audit chain BROKEN at event ${result.firstBrokenSeq}: ${result.reason} (${result.eventsChecked} events verified before it)`);
      process.exitCode = 1;
    }
  } finally {
    await pool.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
