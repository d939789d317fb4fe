// `npm run audit:verify`: recomputes every link of every audit hash chain (one
// per organisation), checks each chain's head and every anchored head, and
// names the first broken event. Exit code 1 when anything does not verify.
import { Pool } from 'pg';
import { verifyAuditChain } from '../apps/api/src/common/audit/audit-chain';
import { readDatabaseEnv, resolveDatabase } from '../packages/db/src/index';

async function main(): Promise<void> {
  const database = await resolveDatabase(readDatabaseEnv());
  const pool = new Pool({ connectionString: database.url, max: 1 });
  try {
    const result = await verifyAuditChain(pool);
    if (result.isValid) {
      console.log(
        `audit chains verified: ${result.eventsChecked} events in ${result.chainsChecked} chains, every hash, link and chain head intact; ${result.anchorsChecked} anchors, every pinned head present`,
      );
    } else {
      console.error(
        `audit chain BROKEN${result.firstBrokenSeq ? ` at event ${result.firstBrokenSeq}` : ''}: ${result.reason} (${result.eventsChecked} events verified before it)`,
      );
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
