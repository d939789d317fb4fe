// No Docker engine runs here, so prove statically that the compose stack and
// the Dockerfiles agree with the API's configuration schema.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema, loadConfig } from '../apps/api/src/common/config/env';

const root = path.resolve(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};

/** Substitutes ${VAR:?msg} / ${VAR:-default} the way compose would, with the given shell environment. */
function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([?-])([^}]*))?\}/g,
    (_match, name: string, kind?: string, rest?: string) => {
      if (shell[name] !== undefined) return shell[name];
      if (kind === '-') return rest ?? '';
      throw new Error(`compose would refuse to start: ${name} ${rest ?? 'is unset'}`);
    },
  );
}

describe('docker-compose.yml', () => {
  const { services } = compose;

  it('runs PostgreSQL 15, the API, the portal and a mail catcher', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mailpit', 'postgres', 'web']);
    expect(services.postgres?.image).toMatch(/^postgres:15/);
  });

  it('gives the API only variables its config schema knows, and they validate', () => {
    const environment = services.api?.environment ?? {};
    const known = Object.keys(ConfigSchema.shape);
    expect(Object.keys(environment).filter((key) => !known.includes(key))).toEqual([]);
    const resolved = Object.fromEntries(
      Object.entries(environment).map(([key, value]) => [
        key,
        interpolate(value, {
          AUTH_SECRET: 'x'.repeat(48),
          PII_HMAC_KEY: Buffer.alloc(32, 1).toString('base64'),
          PII_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
        }),
      ]),
    );
    const config = loadConfig(resolved);
    expect(config.nodeEnv).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(() => interpolate(environment.AUTH_SECRET ?? '', {})).toThrow(/AUTH_SECRET/);
  });

  it('publishes the ports the services listen on and wires the portal to the API', () => {
    const api = services.api!;
    const web = services.web!;
    expect(api.ports).toContain(`${api.environment?.PORT}:${api.environment?.PORT}`);
    expect(web.ports).toContain(`${web.environment?.PORT}:${web.environment?.PORT}`);
    expect(web.environment?.API_URL).toBe(`http://api:${api.environment?.PORT}`);
    const databaseUrl = new URL(api.environment?.DATABASE_URL ?? '');
    expect(databaseUrl.hostname).toBe('postgres');
    expect(databaseUrl.username).toBe(services.postgres?.environment?.POSTGRES_USER);
    expect(databaseUrl.pathname).toBe(`/${services.postgres?.environment?.POSTGRES_DB}`);
    expect(api.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('sends the API’s notification email to the mail catcher', () => {
    const smtp = new URL(services.api?.environment?.SMTP_URL ?? '');
    expect(smtp.protocol).toBe('smtp:');
    expect(smtp.hostname).toBe('mailpit');
    expect(smtp.port).toBe('1025');
    expect(services.mailpit?.image).toMatch(/^axllent\/mailpit:/);
    expect(services.mailpit?.ports).toContain('8025:8025');
    expect(services.api?.depends_on?.mailpit).toBeDefined();
  });

  it.each(['api', 'web'])(
    'builds %s from a multi-stage Dockerfile that runs as a non-root user',
    (name) => {
      const build = services[name]?.build;
      expect(build?.context).toBe('.');
      const dockerfile = fs.readFileSync(path.join(root, build!.dockerfile), 'utf8');
      const stages = dockerfile.split('\n').filter((line) => /^FROM /.test(line));
      expect(stages.length).toBeGreaterThanOrEqual(2);
      const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      expect(finalStage).toMatch(/^USER (node|\d{3,})$/m);
      expect(finalStage).not.toMatch(/^USER root$/m);
    },
  );
});
