import { Client } from 'pg';
import { parseDatabaseUrl, pgConnection } from './pg-connection';

describe('parseDatabaseUrl', () => {
  it('reads every host of a libpq multi-host URL and gives node-postgres a one-host URL for each', () => {
    const parsed = parseDatabaseUrl(
      'postgresql://app:s%40cret@db-a:5433,db-b,[::1]:5434/waymark?target_session_attrs=read-write&sslmode=prefer',
    );
    expect(parsed.hosts.map((host) => host.label)).toEqual(['db-a:5433', 'db-b:5432', '::1:5434']);
    expect(parsed.targetSessionAttrs).toBe('read-write');
    expect(parsed.urlFor(parsed.hosts[1]!)).toBe(
      'postgresql://app:s%40cret@db-b:5432/waymark?sslmode=prefer',
    );
    expect(parsed.urlFor(parsed.hosts[2]!)).toBe(
      'postgresql://app:s%40cret@[::1]:5434/waymark?sslmode=prefer',
    );
  });

  it('refuses a target_session_attrs it does not implement, naming it', () => {
    expect(() => parseDatabaseUrl('postgresql://a,b/waymark?target_session_attrs=standby')).toThrow(
      'target_session_attrs=standby is not supported',
    );
  });
});

describe('pgConnection', () => {
  it('passes a one-host URL to node-postgres unchanged', () => {
    const url = 'postgresql://app:pw@db:5432/waymark';
    expect(pgConnection(url)).toEqual({ config: { connectionString: url }, Client });
  });

  it('gives a multi-host URL a Client of its own that starts from the first host', () => {
    const connection = pgConnection(
      'postgresql://app:pw@db-a,db-b/waymark?target_session_attrs=read-write',
    );
    expect(connection.Client).not.toBe(Client);
    expect(connection.config).toEqual({
      connectionString: 'postgresql://app:pw@db-a:5432/waymark',
      Client: connection.Client,
    });
  });
});
