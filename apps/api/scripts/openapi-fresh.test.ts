// The committed OpenAPI document and the generated client must match the
// code. When this fails: `npm run build -w @waymark/api && npm run generate -w @waymark/api-client`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApiPath, renderOpenApi } from './write-openapi';

const repoRoot = path.resolve(__dirname, '../../..');

describe('generated API contract', () => {
  it('openapi.json is up to date with the controllers and DTOs', async () => {
    const rendered = await renderOpenApi();
    expect(fs.readFileSync(openApiPath(), 'utf8')).toBe(rendered);
  });

  it('renders nullable fields as nullable, not as arrays (the createZodDto repair)', async () => {
    const document = JSON.parse(await renderOpenApi()) as {
      components: {
        schemas: Record<
          string,
          { properties?: Record<string, { type?: unknown; anyOf?: unknown[] }> }
        >;
      };
    };
    const cursors = Object.entries(document.components.schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([property]) => property === 'nextCursor')
        .map(([, value]) => ({ name, value })),
    );
    expect(cursors.length).toBeGreaterThan(0);
    for (const { name, value } of cursors) {
      expect({ name, type: value.type }).not.toEqual({ name, type: 'array' });
      expect(JSON.stringify(value)).toContain('null');
    }
  });

  it('packages/api-client types are generated from the committed openapi.json', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'api-client-')), 'schema.ts');
    // npx resolves the workspace's own openapi-typescript, wherever npm placed it.
    execFileSync('npx', ['--no-install', 'openapi-typescript', openApiPath(), '-o', out], {
      cwd: path.join(repoRoot, 'packages/api-client'),
      stdio: 'pipe',
    });
    const committed = fs.readFileSync(
      path.join(repoRoot, 'packages/api-client/src/generated/schema.ts'),
      'utf8',
    );
    expect(committed).toBe(fs.readFileSync(out, 'utf8'));
  });
});
