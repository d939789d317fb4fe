import { PrismaPg } from '@prisma/adapter-pg';
import { type Pool } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export { PrismaClient };
export type * from './generated/prisma/client';

/**
 * Prisma Client 7 over node-postgres (the driver adapter; no query engine
 * binary). Pass the application's own pg Pool to share its connections and
 * its error handling; a connection string makes a private pool.
 */
export function createPrismaClient(
  connection: string | Pool,
  options: { max?: number } = {},
): PrismaClient {
  const adapter = new PrismaPg(
    typeof connection === 'string'
      ? { connectionString: connection, max: options.max ?? 10 }
      : connection,
  );
  return new PrismaClient({ adapter });
}
