import { SetMetadata } from '@nestjs/common';
import { type AccessRule } from '@waymark/domain';

export const ACCESS_POLICY = 'waymark:access-policy';

/**
 * The declarative policy every non-public route carries: a rule of the shared
 * policy table (@waymark/domain POLICIES — the portal's navigation and buttons
 * read the same table): which kinds of party may call it, with which roles,
 * and which API-key scope opens it to system integrations. The caller's
 * relationship to the record itself (a subcontractor's own referrals, a
 * prime's chain…) is then enforced by the service's scoped queries and by
 * row-level security, and a record outside it answers 404.
 */
export interface AccessPolicy extends AccessRule {
  /**
   * Every read and write the route makes runs in `withPartyScope` /
   * `queryInPartyScope`, which re-check the caller's session in the same
   * transaction. The guard may then take the caller from the short-lived
   * principal cache instead of looking the session up (common/auth/principal-cache.ts).
   * Declare it only on routes that touch no data outside a party scope.
   */
  sessionCheckedInScope?: boolean;
  /**
   * The route's reads go through ReadDatabase and may be answered by the read
   * replica, whose copy of sessions may lag: when a replica is configured the
   * guard then always looks the session up on the primary, so a revoked
   * session is refused at once (common/db/read-database.ts).
   */
  readsReplica?: boolean;
}

export const Access = (policy: AccessPolicy) => SetMetadata(ACCESS_POLICY, policy);
