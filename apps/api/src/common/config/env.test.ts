import { ConfigError, loadConfig } from './env';

describe('configuration', () => {
  it('applies documented defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3001,
      host: '127.0.0.1',
      migrateOnStart: true,
      databaseUrl: undefined,
    });
  });

  it('names every bad variable and what it expected', () => {
    expect.assertions(4);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT:');
      expect(message).toContain('DATABASE_URL: must be a postgresql:// connection string');
      expect(message).toContain('LOG_LEVEL:');
    }
  });

  it('requires real secrets and keys in production', () => {
    const keys = {
      PII_HMAC_KEY: Buffer.alloc(32, 1).toString('base64'),
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
    };
    expect(() => loadConfig({ NODE_ENV: 'production', ...keys })).toThrow(
      /AUTH_SECRET: is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) })).toThrow(
      /PII_HMAC_KEY: is required[\s\S]*PII_ENCRYPTION_KEY: is required/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'short', ...keys })).toThrow(
      /AUTH_SECRET: must be at least 32 characters/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AUTH_SECRET: 'x'.repeat(32),
        ...keys,
        PII_HMAC_KEY: 'c2hvcnQ=',
      }),
    ).toThrow(/PII_HMAC_KEY: must be 32 bytes/);
    const config = loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32), ...keys });
    expect(config.authSecret).toBe('x'.repeat(32));
    expect(config.piiHmacKey).toEqual(Buffer.alloc(32, 1));
  });

  it('reads the OCDS open data publisher, and has none in production until it is configured', () => {
    const keys = {
      AUTH_SECRET: 'x'.repeat(32),
      PII_HMAC_KEY: Buffer.alloc(32, 1).toString('base64'),
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
    };
    expect(loadConfig({ NODE_ENV: 'production', ...keys }).openData).toBeNull();
    const publisher = {
      OCDS_PUBLISHER_NAME: 'Department for Work and Pensions',
      OCDS_PUBLIC_BASE_URL: 'https://waymark.gov.uk/api/',
      OCDS_PUBLICATION_POLICY_URL: 'https://waymark.gov.uk/open-data-policy',
    };
    expect(
      loadConfig({
        NODE_ENV: 'production',
        ...keys,
        ...publisher,
        OCDS_PUBLISHER_SCHEME: 'GB-GOR',
        OCDS_PUBLISHER_UID: 'D10',
        OCDS_OCID_PREFIX: 'ocds-abc123',
      }).openData,
    ).toEqual({
      publisherName: 'Department for Work and Pensions',
      publisherScheme: 'GB-GOR',
      publisherUid: 'D10',
      publisherUri: undefined,
      publicBaseUrl: 'https://waymark.gov.uk/api',
      publicationPolicyUrl: 'https://waymark.gov.uk/open-data-policy',
      ocidPrefix: 'ocds-abc123',
    });
    expect(() =>
      loadConfig({ OCDS_PUBLISHER_SCHEME: 'XI-waymark', OCDS_OCID_PREFIX: 'wmk' }),
    ).toThrow(
      /OCDS_PUBLISHER_SCHEME: must be an org-id.guide list code[\s\S]*OCDS_OCID_PREFIX: must be an OCID prefix/,
    );
    expect(loadConfig({}).openData).toMatchObject({
      publisherName: 'Waymark (development)',
      publicBaseUrl: 'http://127.0.0.1:3001',
    });
  });

  it('behind a transaction pooler, demands a direct connection for migrations and the job queue', () => {
    const pooler = 'postgresql://app:secret@pgbouncer:6432/waymark';
    expect(() => loadConfig({ DATABASE_POOLER: 'transaction', DATABASE_URL: pooler })).toThrow(
      /DATABASE_DIRECT_URL: is required when DATABASE_POOLER=transaction/,
    );
    expect(() => loadConfig({ DATABASE_POOLER: 'transaction' })).toThrow(
      /DATABASE_URL: is required when DATABASE_POOLER=transaction/,
    );
    expect(() => loadConfig({ DATABASE_POOLER: 'session' })).toThrow(/DATABASE_POOLER:/);
    const config = loadConfig({
      DATABASE_POOLER: 'transaction',
      DATABASE_URL: pooler,
      DATABASE_DIRECT_URL: 'postgresql://app:secret@db:5432/waymark',
      DATABASE_POOL_MAX: '20',
    });
    expect(config).toMatchObject({
      databasePooler: 'transaction',
      databaseUrl: pooler,
      databaseDirectUrl: 'postgresql://app:secret@db:5432/waymark',
      databasePoolMax: 20,
    });
    expect(loadConfig({})).toMatchObject({
      databasePooler: 'none',
      databaseDirectUrl: undefined,
      databasePoolMax: 10,
    });
  });

  it('reads on the primary unless a replica is named, with a lag bound of 30 s by default', () => {
    expect(loadConfig({})).toMatchObject({
      databaseReadUrl: undefined,
      databaseReadMaxLagSeconds: 30,
    });
    expect(
      loadConfig({
        DATABASE_READ_URL: 'postgresql://reader:secret@replica:5432/waymark',
        DATABASE_READ_MAX_LAG_SECONDS: '5',
      }),
    ).toMatchObject({
      databaseReadUrl: 'postgresql://reader:secret@replica:5432/waymark',
      databaseReadMaxLagSeconds: 5,
    });
    expect(() => loadConfig({ DATABASE_READ_URL: 'replica:5432' })).toThrow(/DATABASE_READ_URL:/);
    expect(() => loadConfig({ DATABASE_READ_MAX_LAG_SECONDS: '-1' })).toThrow(
      /DATABASE_READ_MAX_LAG_SECONDS:/,
    );
  });
});
