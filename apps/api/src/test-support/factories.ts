// Factories with overrides and unique names, so test files (and tests in a
// file) never collide. They write straight to the test database.
import { randomUUID } from 'node:crypto';
import { type OrganisationKind, type Role } from '@waymark/domain';
import { type Pool } from 'pg';
import { hashPassword } from '../auth/password-hasher';

export const TEST_PASSWORD = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;
const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export async function anOrganisation(
  pool: Pool,
  overrides: { kind?: OrganisationKind; name?: string } = {},
) {
  const kind = overrides.kind ?? 'SUBCONTRACTOR';
  const name = overrides.name ?? `${kind.toLowerCase()} ${randomUUID().slice(0, 8)}`;
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO organisation (name, kind) VALUES ($1, $2) RETURNING id',
    [name, kind],
  );
  return { id: rows[0]!.id, name, kind };
}

export async function aUser(
  pool: Pool,
  overrides: {
    organisationId: string;
    roles?: Role[];
    email?: string;
    isActive?: boolean;
    displayName?: string;
  },
) {
  const email = overrides.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  const roles = overrides.roles ?? ['CASEWORKER'];
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO app_user (organisation_id, email, display_name, password_hash, roles, is_active) VALUES ($1, $2, $3, $4, $5::"Role"[], $6) RETURNING id`,
    [
      overrides.organisationId,
      email,
      overrides.displayName ?? 'Test User',
      await testPasswordHash(),
      roles,
      overrides.isActive ?? true,
    ],
  );
  return { id: rows[0]!.id, email, password: TEST_PASSWORD, roles };
}

/** An organisation of the given kind with one user holding the given roles. */
export async function aMember(
  pool: Pool,
  options: { kind?: OrganisationKind; roles?: Role[] } = {},
) {
  const organisation = await anOrganisation(pool, { kind: options.kind });
  const user = await aUser(pool, {
    organisationId: organisation.id,
    roles: options.roles ?? ['ADMIN'],
  });
  return { organisation, user };
}
