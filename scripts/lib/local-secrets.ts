import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readDatabaseEnv } from '../../packages/db/src/index';

export type LocalSecrets = Record<'AUTH_SECRET' | 'PII_HMAC_KEY' | 'PII_ENCRYPTION_KEY', string>;

/**
 * Per-checkout secrets kept under .data/secrets/ (gitignored), so `npm start`
 * runs the production build without setup and keeps sessions and encrypted
 * NI numbers readable across restarts. Values in the environment win.
 */
export function localSecrets(): LocalSecrets {
  const secret = (name: keyof LocalSecrets, make: () => string): string => {
    const fromEnv = process.env[name];
    if (fromEnv) return fromEnv;
    const file = path.join(readDatabaseEnv().dataDir, 'secrets', name);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, make(), { mode: 0o600 });
    }
    return fs.readFileSync(file, 'utf8').trim();
  };
  return {
    AUTH_SECRET: secret('AUTH_SECRET', () => randomBytes(48).toString('base64url')),
    PII_HMAC_KEY: secret('PII_HMAC_KEY', () => randomBytes(32).toString('base64')),
    PII_ENCRYPTION_KEY: secret('PII_ENCRYPTION_KEY', () => randomBytes(32).toString('base64')),
  };
}

/** The NI number keys in the form the seed takes. */
export function piiKeys(secrets: LocalSecrets): { hmacKey: Buffer; encryptionKey: Buffer } {
  return {
    hmacKey: Buffer.from(secrets.PII_HMAC_KEY, 'base64'),
    encryptionKey: Buffer.from(secrets.PII_ENCRYPTION_KEY, 'base64'),
  };
}
