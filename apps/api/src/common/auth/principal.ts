import { type ApiKeyScope, type OrganisationKind, type Role } from '@waymark/domain';
import { AppError } from '../errors/app-error';
import { CommonError } from '../errors/error-codes';

/** Who is calling: a signed-in user (cookie or bearer token) or an organisation API key. */
export interface Principal {
  via: 'session' | 'api-key';
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  /** What an API key may do (chosen at its creation); absent for people, whose roles decide. */
  apiKeyScopes?: readonly ApiKeyScope[];
  /** For an API key: the administrator who created it and answers for what it records. */
  apiKeyCreatedByUserId?: string | null;
}

export function auditActor(principal: Principal): {
  actorUserId: string | null;
  actorOrganisationId: string;
} {
  return { actorUserId: principal.userId, actorOrganisationId: principal.organisationId };
}

/**
 * The person a record names as its author (recorded_by_user_id and the like):
 * the signed-in user, or for an API key the administrator who created the key
 * — a system writes on behalf of the organisation, and someone there answers
 * for it. The audit event still names no user for a key (auditActor).
 */
export function recordingUserId(principal: Principal): string {
  const userId = principal.userId ?? principal.apiKeyCreatedByUserId;
  if (!userId)
    throw new AppError(
      CommonError.FORBIDDEN,
      'This action must be taken by a signed-in person, or by an API key whose creator still has an account.',
    );
  return userId;
}
