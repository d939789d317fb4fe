import path from 'node:path';
import { startEmbeddedPostgres } from './embedded-server';
import { Client } from 'pg';

export interface ResolvedDatabase {
  /** Connection string the application uses. */
  url: string;
  /** True when this process started the server (and must stop it). */
  isEmbedded: boolean;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'waymark';

/**
 * Connects to DATABASE_URL when given; otherwise starts (or restarts) the
 * embedded PostgreSQL under `<dataDir>/pg` and makes sure the `waymark`
 * database exists. Stopping is idempotent and leaves the data in place.
 */
export async function resolveDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  onLog?: (line: string) => void;
}): Promise<ResolvedDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, isEmbedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(options.dataDir, 'pg'),
    onLog: options.onLog,
  });
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE_NAME);
  const url = new URL(server.adminUrl);
  url.pathname = `/${EMBEDDED_DATABASE_NAME}`;
  return { url: url.toString(), isEmbedded: true, stop: () => server.stop() };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
