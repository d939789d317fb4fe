import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import './error-areas';
import { allErrorCodes } from './common/errors/error-codes';

/** Every <area>.errors.ts under src, as the import path error-areas.ts would use. */
function errorFiles(directory = __dirname): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return errorFiles(full);
    return entry.name.endsWith('.errors.ts')
      ? [`./${path.relative(__dirname, full).replace(/\.ts$/, '')}`]
      : [];
  });
}

describe('error areas', () => {
  it('loads every area that declares error codes, so each is registered before the first request', () => {
    const loaded = readFileSync(path.join(__dirname, 'error-areas.ts'), 'utf8');
    const files = errorFiles();
    expect(files.length).toBeGreaterThan(15);
    expect(files.filter((file) => !loaded.includes(`import '${file}';`))).toEqual([]);
  });

  it('registers the codes of areas the registry never imports (claims, auth, idempotency)', () => {
    expect(allErrorCodes()).toEqual(
      expect.arrayContaining([
        'CLAIM_TRANSITION_NOT_ALLOWED',
        'INVALID_CREDENTIALS',
        'IDEMPOTENCY_KEY_REUSED',
      ]),
    );
  });
});
