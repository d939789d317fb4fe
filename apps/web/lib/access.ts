// What the signed-in person may do, from the same policy table the API
// enforces (@waymark/domain POLICIES): navigation and action buttons ask here,
// so a link or button shows exactly when the API would let it work.
import { type AccessRule, isAllowed, POLICIES } from '@waymark/domain';
import type { OrganisationKind, Role } from './api';

export { POLICIES };

/** Whether someone of this organisation kind and these roles may use the capability. */
export function can(
  user: { roles: readonly Role[]; organisation: { kind: OrganisationKind } },
  rule: AccessRule,
): boolean {
  return isAllowed(rule, { organisationKind: user.organisation.kind, roles: user.roles });
}
