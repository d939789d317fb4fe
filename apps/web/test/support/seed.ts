// Seeds people straight into the test database: the portal tests start from
// an organisation admin who can sign in, as an onboarded organisation would.
import { randomUUID } from 'node:crypto';
import { anOrganisation, aUser, type TestDatabase } from '@waymark/db/test-support';

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
}

export async function anOrganisationWithAdmin(
  database: TestDatabase,
  options: { kind?: string; roles?: string[] } = {},
): Promise<SeededUser> {
  const suffix = randomUUID().slice(0, 8);
  const organisation = await anOrganisation(database.pool, {
    name: `Northern Pathways ${suffix}`,
    kind: options.kind ?? 'PRIME',
  });
  const user = await aUser(database.pool, {
    organisationId: organisation.id,
    email: `admin-${suffix}@example.org`,
    displayName: 'Priya Shah',
    password: `tall lantern river ${suffix}`,
    roles: options.roles ?? ['ADMIN'],
  });
  return {
    id: user.id,
    email: user.email,
    password: user.password,
    displayName: user.displayName,
    organisationId: organisation.id,
    organisationName: organisation.name,
  };
}
