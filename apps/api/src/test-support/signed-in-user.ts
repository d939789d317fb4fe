// The people a test acts as: a user of an organisation (a new one of `kind`
// unless given) signed in through the real API. Every test world makes its
// people here, so there is one way to be somebody in a test.
import { type OrganisationKind, type Role } from '@waymark/domain';
import { anOrganisation, aUser, type Sql } from '@waymark/db/test-support';
import { signIn } from './http';

export interface SignedInUser {
  /** The user's id. */
  id: string;
  organisationId: string;
  email: string;
  /** A bearer access token. */
  token: string;
}

export async function aSignedInUser(
  baseUrl: string,
  db: Sql,
  options: { organisationId?: string; kind?: OrganisationKind; roles?: Role[] } = {},
): Promise<SignedInUser> {
  const organisationId =
    options.organisationId ?? (await anOrganisation(db, { kind: options.kind })).id;
  const user = await aUser(db, { organisationId, roles: options.roles ?? ['CASEWORKER'] });
  const { accessToken } = await signIn(baseUrl, user.email, user.password);
  return { id: user.id, organisationId, email: user.email, token: accessToken };
}
