// Writes the OpenAPI document to apps/api/openapi.json at build time. The file
// is committed so API changes show in diffs, and packages/api-client is
// generated from it. No database is touched: pools connect lazily.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/common/config/env';
import { buildOpenApiDocument, createApp } from '../src/app.factory';

export async function renderOpenApi(): Promise<string> {
  // No job workers and no pg-boss: rendering the document must not need a database.
  const config = {
    ...loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
  };
  const app = await createApp({ config, databaseUrl: 'postgresql://openapi@127.0.0.1:1/unused' });
  await app.init();
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

/** apps/api/openapi.json, found from the compiled (dist/scripts) or source (scripts) location alike. */
export function openApiPath(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'openapi.json');
}

if (require.main === module) {
  renderOpenApi()
    .then((document) => {
      const target = openApiPath();
      fs.writeFileSync(target, document);
      process.stdout.write(`wrote ${target}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    });
}
