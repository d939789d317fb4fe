// Seeds people straight into the test database: the portal tests start from
// an organisation admin who can sign in, as an onboarded organisation would.
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { factory, type TestDatabase } from '@waymark/db/test-support';

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
}

// The API's own parameters (argon2id, 19 MiB, t=2), so sign-in verifies it as any other.
const hashPassword = (password: string) =>
  hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });

export async function anOrganisationWithAdmin(
  database: TestDatabase,
  options: { kind?: string; roles?: string[] } = {},
): Promise<SeededUser> {
  const suffix = randomUUID().slice(0, 8);
  const organisationName = `Northern Pathways ${suffix}`;
  const organisationId = await factory.anOrganisation(database.pool, {
    name: organisationName,
    kind: options.kind ?? 'PRIME',
  });
  const password = `tall lantern river ${suffix}`;
  const email = `admin-${suffix}@example.org`;
  const displayName = 'Priya Shah';
  const id = await factory.aUser(database.pool, {
    organisation_id: organisationId,
    email,
    display_name: displayName,
    password_hash: await hashPassword(password),
    roles: options.roles ?? ['ADMIN'],
  });
  return { id, email, password, displayName, organisationId, organisationName };
}
