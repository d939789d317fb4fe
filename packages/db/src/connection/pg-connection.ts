// Connection strings with several hosts, as libpq reads them:
//   postgresql://user:pw@db-a:5432,db-b:5432/waymark?target_session_attrs=read-write
// node-postgres connects to one host only, so for such a URL every new
// connection (request pool, job queue, migrations) goes through a Client that
// first finds the host that accepts writes — the one pg_auto_failover (or any
// failover tool) has promoted — and remembers it. A connection that breaks, or
// a remembered host that has become read-only, makes the next connection look
// again. While no host accepts writes (the primary is gone, the standby not yet
// promoted) connecting fails with SQLSTATE 08001, which the API answers 503.
// A plain one-host URL is passed to node-postgres unchanged.
import { Client, type ClientConfig } from 'pg';

export type TargetSessionAttrs = 'any' | 'read-write' | 'primary';

export interface HostTarget {
  host: string;
  port: number;
  /** `host:port`, for messages. */
  label: string;
}

export interface ParsedDatabaseUrl {
  hosts: HostTarget[];
  targetSessionAttrs: TargetSessionAttrs;
  /** The URL with only `host` as its host and target_session_attrs removed (what node-postgres can read). */
  urlFor(host: HostTarget): string;
}

const URL_PARTS = /^(postgres(?:ql)?:\/\/)(?:([^@/]*)@)?([^/?#]*)(.*)$/;

/** Splits a (possibly multi-host) postgresql:// URL into its hosts and the rest. */
export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  const match = URL_PARTS.exec(url);
  if (!match) throw new Error('a database URL must start with postgresql://');
  const [, scheme, userInfo, hostList, rest] = match as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
  ];
  const hosts = hostList.split(',').map((entry): HostTarget => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const [host, port] = bracketed
      ? [bracketed[1]!, bracketed[2]]
      : [entry.replace(/:\d+$/, ''), /:(\d+)$/.exec(entry)?.[1]];
    const portNumber = Number(port ?? 5432);
    return { host: host || 'localhost', port: portNumber, label: `${host}:${portNumber}` };
  });
  const [pathPart, query = ''] = rest.split('?', 2) as [string, string | undefined];
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (attrs !== 'any' && attrs !== 'read-write' && attrs !== 'primary')
    throw new Error(
      `target_session_attrs=${attrs} is not supported: use read-write (or primary, or any)`,
    );
  params.delete('target_session_attrs');
  const remainingQuery = params.toString();
  return {
    hosts,
    targetSessionAttrs: attrs,
    urlFor: (target) =>
      `${scheme}${userInfo !== undefined ? `${userInfo}@` : ''}${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}${pathPart}${remainingQuery ? `?${remainingQuery}` : ''}`,
  };
}

/** A connection error with the SQLSTATE libpq would give: no server could be used (class 08). */
export class NoUsableServerError extends Error {
  readonly code = '08001';
  constructor(message: string) {
    super(message);
    this.name = 'NoUsableServerError';
  }
}

const SESSION_STATE_SQL = `SELECT pg_is_in_recovery() AS "inRecovery", current_setting('transaction_read_only') = 'on' AS "readOnly"`;

async function isAcceptable(client: Client, attrs: TargetSessionAttrs): Promise<boolean> {
  if (attrs === 'any') return true;
  const { rows } = await client.query<{ inRecovery: boolean; readOnly: boolean }>(
    SESSION_STATE_SQL,
  );
  const { inRecovery, readOnly } = rows[0]!;
  return attrs === 'primary' ? !inRecovery : !inRecovery && !readOnly;
}

/** Which host to connect to: the remembered one, or the first that qualifies, found by probing each in turn. */
class HostLocator {
  private current: HostTarget | undefined;
  private probing: Promise<HostTarget> | undefined;

  constructor(
    private readonly parsed: ParsedDatabaseUrl,
    private readonly probeTimeoutMs: number,
  ) {}

  get targetSessionAttrs(): TargetSessionAttrs {
    return this.parsed.targetSessionAttrs;
  }

  async locate(): Promise<HostTarget> {
    if (this.current) return this.current;
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    // Each caller gets an error of its own: callers annotate theirs (pg-pool rewrites its stack), none may see another's.
    return this.probing.catch((error: unknown) => {
      throw error instanceof NoUsableServerError ? new NoUsableServerError(error.message) : error;
    });
  }

  /** The host failed or no longer qualifies: the next connection probes again. */
  forget(target: HostTarget): void {
    if (this.current === target) this.current = undefined;
  }

  private async probe(): Promise<HostTarget> {
    const failures: string[] = [];
    for (const target of this.parsed.hosts) {
      const probe = new Client({
        connectionString: this.parsed.urlFor(target),
        connectionTimeoutMillis: this.probeTimeoutMs,
        application_name: 'waymark-probe',
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if (await isAcceptable(probe, this.parsed.targetSessionAttrs)) {
          this.current = target;
          return target;
        }
        failures.push(`${target.label} is read-only`);
      } catch (error) {
        failures.push(`${target.label}: ${(error as Error).message}`);
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
    throw new NoUsableServerError(
      `no database server accepts ${this.parsed.targetSessionAttrs} sessions just now (${failures.join('; ')})`,
    );
  }
}

const locators = new Map<string, HostLocator>();

function locatorFor(url: string, parsed: ParsedDatabaseUrl): HostLocator {
  let locator = locators.get(url);
  if (!locator) {
    const timeout = Number(new URLSearchParams(url.split('?')[1] ?? '').get('connect_timeout'));
    locator = new HostLocator(parsed, timeout > 0 ? timeout * 1000 : 5_000);
    locators.set(url, locator);
  }
  return locator;
}

/** A node-postgres Client that connects to the host its locator picks, checks it qualifies, and reports a broken host. */
function clientClassFor(locator: HostLocator): typeof Client {
  class FailoverClient extends Client {
    override connect(): Promise<Client>;
    override connect(
      callback: ((err: Error) => void) | ((err: null, client: Client) => void),
    ): void;
    override connect(
      callback?: ((err: Error) => void) | ((err: null, client: Client) => void),
    ): Promise<Client> | void {
      const connecting = this.connectToLocatedHost().then(() => this as Client);
      if (!callback) return connecting;
      connecting.then(
        (client) => (callback as (err: null, client: Client) => void)(null, client),
        (error: Error) => (callback as (err: Error) => void)(error),
      );
    }

    private async connectToLocatedHost(): Promise<void> {
      const target = await locator.locate();
      const self = this as unknown as {
        host: string;
        port: number;
        connectionParameters: { host: string; port: number };
      };
      self.host = self.connectionParameters.host = target.host;
      self.port = self.connectionParameters.port = target.port;
      try {
        await super.connect();
      } catch (error) {
        locator.forget(target);
        throw error;
      }
      this.on('error', () => locator.forget(target));
      // The remembered host may have been demoted (or is still fenced read-only after a promotion).
      const qualifies = await isAcceptable(this, locator.targetSessionAttrs).catch(
        (error: unknown) => {
          locator.forget(target);
          throw error;
        },
      );
      if (!qualifies) {
        locator.forget(target);
        await this.end().catch(() => undefined);
        throw new NoUsableServerError(
          `${target.label} no longer accepts ${locator.targetSessionAttrs} sessions`,
        );
      }
    }
  }
  return FailoverClient;
}

export interface PgConnection {
  /** What to give `new Client(...)` / `new Pool(...)` (spread it, then add max, application_name…). */
  config: ClientConfig & { Client?: typeof Client };
  /** The Client class to construct (a pool takes it as its `Client` option, already in `config`). */
  Client: typeof Client;
}

/**
 * node-postgres options for a database URL. One host and no target_session_attrs: `{ connectionString }`
 * with pg's own Client. Several hosts or target_session_attrs: a Client that finds the qualifying host
 * (see the top of this file); every pool and client made from the same URL shares what it has found.
 */
export function pgConnection(url: string): PgConnection {
  const parsed = parseDatabaseUrl(url);
  if (parsed.hosts.length === 1 && parsed.targetSessionAttrs === 'any')
    return { config: { connectionString: url }, Client };
  const FailoverClient = clientClassFor(locatorFor(url, parsed));
  return {
    config: { connectionString: parsed.urlFor(parsed.hosts[0]!), Client: FailoverClient },
    Client: FailoverClient,
  };
}

/** A new (unconnected) client for the URL, multi-host aware. */
export function newPgClient(url: string, extra: ClientConfig = {}): Client {
  const { config, Client: ClientClass } = pgConnection(url);
  const { Client: _ignored, ...clientConfig } = config;
  return new ClientClass({ ...clientConfig, ...extra });
}
