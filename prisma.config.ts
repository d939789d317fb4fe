// Prisma 7 configuration. Only `prisma generate` is used: migrations are
// hand-written SQL applied by packages/db/src/migrate (the schema engine that
// `prisma migrate` needs cannot be downloaded offline).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
});
