// What an organisation API key may do, chosen when it is created. Each scope
// opens the integration routes a system would call for one job; the policy
// table (policies.ts) names the scope on each capability it opens.
import { type OrganisationKind, type Role } from '../vocabulary.js';
import { isAllowed, listPolicies } from './policies.js';

export const API_KEY_SCOPES = [
  'referrals:write',
  'referrals:read',
  'activities:write',
  'claims:read',
  'payments:read',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The scope in words, for the portal's API-keys page. */
export const API_KEY_SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  'referrals:write': 'Send referrals (one at a time or as a file) and read back the upload results',
  'referrals:read': 'Read referrals and participant journeys',
  'activities:write': 'Record activities on participants’ journeys',
  'claims:read': 'Read claims',
  'payments:read': 'Read payments and remittances',
};

/**
 * Whether a key of this organisation, holding these roles, could use the
 * scope anywhere: some capability opened by the scope admits the party and
 * one of the roles. A scope it could use nowhere is refused at creation.
 */
export function canHoldScope(
  scope: ApiKeyScope,
  key: { organisationKind: OrganisationKind; roles: readonly Role[] },
): boolean {
  return listPolicies().some(({ rule }) => rule.apiKeyScope === scope && isAllowed(rule, key));
}

/** The scopes a key of this organisation and these roles could use. */
export function scopesAvailableTo(key: {
  organisationKind: OrganisationKind;
  roles: readonly Role[];
}): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((scope) => canHoldScope(scope, key));
}
