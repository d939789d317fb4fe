// The API's configuration, read once at start-up and validated with zod.
// This is the only file in the API that reads process.env (lint-enforced).
import { z } from 'zod';

const isProduction = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'production';

const Base64Key = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32,
    'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
  );

/** Development-only keys, so a fresh checkout runs without setup; production must supply its own. */
const DEVELOPMENT_KEYS = {
  hmac: Buffer.alloc(32, 'waymark-dev-hmac-key').toString('base64'),
  encryption: Buffer.alloc(32, 'waymark-dev-encryption-key').toString('base64'),
};

export const ConfigSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'])
      .default('development')
      .describe('Runtime mode; production demands real secrets.'),
    HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Interface the API listens on (0.0.0.0 in containers).'),
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3001)
      .describe('Port the API listens on.'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
      .optional()
      .describe(
        'PostgreSQL 15+ connection string. When unset, an embedded PostgreSQL is started under WAYMARK_DATA_DIR.',
      ),
    DATABASE_POOLER: z
      .enum(['none', 'transaction'])
      .default('none')
      .describe(
        'What DATABASE_URL points at: the database itself (none), or a pooler in transaction mode such as PgBouncer (transaction): then no statement is named (prepared per connection) and nothing relies on a connection between transactions.',
      ),
    DATABASE_DIRECT_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
      .optional()
      .describe(
        'A direct (session) connection to the same database, for what holds a connection across transactions: migrations and the job queue with its leases (session advisory locks). Required when DATABASE_POOLER=transaction; default DATABASE_URL.',
      ),
    DATABASE_POOL_MAX: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe(
        'Connections this instance opens to DATABASE_URL for requests (the pg pool, shared by Prisma).',
      ),
    DATABASE_READ_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
      .optional()
      .describe(
        'A streaming replica of DATABASE_URL for the heavy reads (analytics, dashboards, statements, exports). Unset: every read uses DATABASE_URL. Behind a transaction pooler when DATABASE_POOLER=transaction.',
      ),
    DATABASE_READ_MAX_LAG_SECONDS: z.coerce
      .number()
      .min(0)
      .max(86_400)
      .default(30)
      .describe(
        'How far behind the primary the replica may be and still serve reads; further behind (or down), reads use DATABASE_URL.',
      ),
    WAYMARK_DATA_DIR: z
      .string()
      .min(1)
      .optional()
      .describe('Directory for the embedded database and evidence files (default: <repo>/.data).'),
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true')
      .describe(
        'Apply pending migrations at start-up (under an advisory lock, safe with several instances).',
      ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level.'),
    WEB_ORIGIN: z
      .string()
      .url()
      .default('http://localhost:3000')
      .describe('Origin of the portal, allowed by CORS with credentials.'),
    COOKIE_SECURE: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true')
      .describe(
        'Mark session cookies Secure (browsers accept them on http://localhost too). Only turn off for plain-http hosts other than localhost.',
      ),
    TRUST_PROXY: z
      .string()
      .default('loopback')
      .describe(
        'Proxies whose X-Forwarded-For is believed (proxy-addr names or CIDRs, comma-separated): the portal proxies every browser call, so sign-in throttling sees real client addresses.',
      ),
    AUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe('Secret that signs access tokens (required in production).'),
    PII_HMAC_KEY: Base64Key.optional().describe(
      'Key for the keyed HMAC of NI numbers (matching without storing them in clear): 32 bytes, base64. Required in production.',
    ),
    PII_ENCRYPTION_KEY: Base64Key.optional().describe(
      'AES-256-GCM key for NI numbers shown to authorised users: 32 bytes, base64. Required in production.',
    ),
    STORAGE_DIR: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Where evidence files and uploads are stored (default: <WAYMARK_DATA_DIR>/storage).',
      ),
    JOBS_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true')
      .describe('Run background job workers (pg-boss) in this instance.'),
    SMTP_URL: z
      .string()
      .regex(
        /^smtps?:\/\//,
        'must be an smtp:// or smtps:// address, e.g. smtp://user:pass@mail.example.org:587',
      )
      .optional()
      .describe(
        'Mail server for notification emails. When unset, emails stay in the outbox the platform admin reads in the portal.',
      ),
    LIST_COUNT_CAP: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(10_000)
      .describe(
        'Long lists (referrals, caseload) count their whole filter exactly up to this many rows and then say "10,000+": a LIMIT-ed count stays fast at millions of referrals, and page numbers stop there.',
      ),
    DOCUMENT_EXPIRY_NOTICE_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(366)
      .default(30)
      .describe(
        'How many days before a due-diligence document expires the nightly scan tells the organisations concerned (once per document).',
      ),
    MAIL_FROM: z
      .string()
      .trim()
      .min(3)
      .default('Waymark <no-reply@waymark.invalid>')
      .describe('The From address of notification emails.'),
    OCDS_PUBLISHER_NAME: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        'OCDS open data: the organisation publishing the release packages (package publisher.name). Required to publish in production.',
      ),
    OCDS_PUBLISHER_SCHEME: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9]+$/, 'must be an org-id.guide list code such as GB-COH or GB-GOR')
      .optional()
      .describe(
        'OCDS open data: the org-id.guide identifier scheme of the publisher (e.g. GB-COH, GB-CHC, GB-GOR).',
      ),
    OCDS_PUBLISHER_UID: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        'OCDS open data: the publisher’s identifier in that scheme (e.g. its company number).',
      ),
    OCDS_PUBLISHER_URI: z
      .url()
      .optional()
      .describe('OCDS open data: a web address identifying the publisher.'),
    OCDS_PUBLIC_BASE_URL: z
      .url()
      .optional()
      .describe(
        'OCDS open data: the public address under which this API’s /open-data routes are reachable (package uri). Required to publish in production.',
      ),
    OCDS_PUBLICATION_POLICY_URL: z
      .url()
      .optional()
      .describe(
        'OCDS open data: the publisher’s publication policy (package publicationPolicy). Required to publish in production.',
      ),
    OCDS_OCID_PREFIX: z
      .string()
      .regex(
        /^ocds-[a-z0-9]{6}$/,
        'must be an OCID prefix registered with the Open Contracting Partnership (ocds-xxxxxx)',
      )
      .default('ocds-wmk000')
      .describe('OCDS open data: the publisher’s registered OCID prefix.'),
  })
  .superRefine((value, ctx) => {
    if (value.DATABASE_POOLER === 'transaction') {
      if (!value.DATABASE_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'is required when DATABASE_POOLER=transaction (the pooler’s address)',
        });
      if (!value.DATABASE_DIRECT_URL) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_DIRECT_URL'],
          message:
            'is required when DATABASE_POOLER=transaction: migrations and the job queue hold session locks, which a transaction pooler does not keep',
        });
      }
    }
    if (value.NODE_ENV !== 'production') return;
    for (const key of ['AUTH_SECRET', 'PII_HMAC_KEY', 'PII_ENCRYPTION_KEY'] as const) {
      if (!value[key])
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is required when NODE_ENV=production',
        });
    }
  });

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface AppConfig {
  nodeEnv: RawConfig['NODE_ENV'];
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** Where DATABASE_URL points: the database, or a transaction-mode pooler (apps/api/src/common/db/statement-mode.ts). */
  databasePooler: RawConfig['DATABASE_POOLER'];
  /** Session connection for migrations and the job queue; undefined = DATABASE_URL. */
  databaseDirectUrl: string | undefined;
  databasePoolMax: number;
  /** The read replica (apps/api/src/common/db/read-database.ts); undefined = every read on the primary. */
  databaseReadUrl: string | undefined;
  databaseReadMaxLagSeconds: number;
  dataDir: string | undefined;
  migrateOnStart: boolean;
  logLevel: RawConfig['LOG_LEVEL'];
  webOrigin: string;
  authSecret: string;
  cookieSecure: boolean;
  trustProxy: string[];
  piiHmacKey: Buffer;
  piiEncryptionKey: Buffer;
  storageDir: string | undefined;
  jobsEnabled: boolean;
  /** Notification email: sent through smtpUrl, or kept in the outbox when it is unset. */
  mail: { smtpUrl: string | undefined; from: string };
  /** Lists count their whole filter exactly up to this many rows, then answer "this many or more". */
  listCountCap: number;
  /** Days before a due-diligence document expires that its organisations are told, once. */
  documentExpiryNoticeDays: number;
  /** The OCDS publisher; null in production until OCDS_PUBLISHER_NAME, OCDS_PUBLIC_BASE_URL and OCDS_PUBLICATION_POLICY_URL are set. */
  openData: OpenDataPublisherConfig | null;
}

export interface OpenDataPublisherConfig {
  publisherName: string;
  publisherScheme: string | undefined;
  publisherUid: string | undefined;
  publisherUri: string | undefined;
  publicBaseUrl: string;
  publicationPolicyUrl: string;
  ocidPrefix: string;
}

/** Development and test only: a publisher that says what it is; production must configure its own. */
function openDataConfig(raw: RawConfig): OpenDataPublisherConfig | null {
  const development = raw.NODE_ENV !== 'production';
  const name = raw.OCDS_PUBLISHER_NAME ?? (development ? 'Waymark (development)' : undefined);
  const base =
    raw.OCDS_PUBLIC_BASE_URL ?? (development ? `http://${raw.HOST}:${raw.PORT}` : undefined);
  const policy =
    raw.OCDS_PUBLICATION_POLICY_URL ??
    (development && base ? `${base.replace(/\/$/, '')}/open-data/publication-policy` : undefined);
  if (!name || !base || !policy) return null;
  return {
    publisherName: name,
    publisherScheme: raw.OCDS_PUBLISHER_SCHEME,
    publisherUid: raw.OCDS_PUBLISHER_UID,
    publisherUri: raw.OCDS_PUBLISHER_URI,
    publicBaseUrl: base.replace(/\/$/, ''),
    publicationPolicyUrl: policy,
    ocidPrefix: raw.OCDS_OCID_PREFIX,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  return {
    nodeEnv: raw.NODE_ENV,
    host: raw.HOST,
    port: raw.PORT,
    databaseUrl: raw.DATABASE_URL,
    databasePooler: raw.DATABASE_POOLER,
    databaseDirectUrl: raw.DATABASE_DIRECT_URL,
    databasePoolMax: raw.DATABASE_POOL_MAX,
    databaseReadUrl: raw.DATABASE_READ_URL,
    databaseReadMaxLagSeconds: raw.DATABASE_READ_MAX_LAG_SECONDS,
    dataDir: raw.WAYMARK_DATA_DIR,
    migrateOnStart: raw.MIGRATE_ON_START,
    logLevel: raw.LOG_LEVEL,
    webOrigin: raw.WEB_ORIGIN,
    // Development only: a fixed secret so restarts keep sessions; production must set its own.
    authSecret:
      raw.AUTH_SECRET ?? (isProduction(env) ? '' : 'development-only-secret-change-me-0123456789'),
    cookieSecure: raw.COOKIE_SECURE,
    trustProxy: raw.TRUST_PROXY.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    piiHmacKey: Buffer.from(raw.PII_HMAC_KEY ?? DEVELOPMENT_KEYS.hmac, 'base64'),
    piiEncryptionKey: Buffer.from(raw.PII_ENCRYPTION_KEY ?? DEVELOPMENT_KEYS.encryption, 'base64'),
    storageDir: raw.STORAGE_DIR,
    jobsEnabled: raw.JOBS_ENABLED,
    mail: { smtpUrl: raw.SMTP_URL, from: raw.MAIL_FROM },
    listCountCap: raw.LIST_COUNT_CAP,
    documentExpiryNoticeDays: raw.DOCUMENT_EXPIRY_NOTICE_DAYS,
    openData: openDataConfig(raw),
  };
}
