import { type OrganisationKind, type Role } from '@waymark/domain';

/** Who is calling: a signed-in user (cookie or bearer token) or an organisation API key. */
export interface Principal {
  via: 'session' | 'api-key';
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
}

export function auditActor(principal: Principal): { actorUserId: string | null; actorOrganisationId: string } {
  return { actorUserId: principal.userId, actorOrganisationId: principal.organisationId };
}
