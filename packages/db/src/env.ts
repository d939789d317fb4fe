// The only place in packages/db (outside tests and scripts) that reads the
// environment. Apps pass their own validated config; CLI scripts use this.
import path from 'node:path';
import { findRepoRoot } from './repo-root';

export interface DatabaseEnv {
  /** Connection string of an external PostgreSQL 15+; when unset an embedded server is started. */
  databaseUrl: string | undefined;
  /** Where the embedded server keeps its data (survives restarts). */
  dataDir: string;
}

export function readDatabaseEnv(env: NodeJS.ProcessEnv = process.env): DatabaseEnv {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const dataDir = env.WAYMARK_DATA_DIR?.trim() || path.join(findRepoRoot(), '.data');
  return { databaseUrl, dataDir };
}
