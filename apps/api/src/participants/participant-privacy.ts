// Who may see a participant's special category data and NI number
// (DESIGN.md: "visible only to those delivering support to that participant,
// and every read of it is audited").
//
// Decision: "delivering" = a CASEWORKER of the subcontractor the referral is
// currently ALLOCATED or ATTACHED to. The prime manages the chain but does not
// deliver support, so its caseworkers see the pseudonymous reference only.
// AUDITORs of any party that can see the referral may read special category
// data (audited) but never the NI number in clear.
import { type PartyRelation, type ReferralStatus, type Role } from '@waymark/domain';

const DELIVERING_STATUSES: readonly ReferralStatus[] = ['ALLOCATED', 'ATTACHED'];

interface Viewer {
  relation: PartyRelation | null;
  status: ReferralStatus;
  roles: readonly Role[];
}

export function isDeliveringCaseworker(viewer: Viewer): boolean {
  return (
    viewer.relation === 'SUBCONTRACTOR' &&
    DELIVERING_STATUSES.includes(viewer.status) &&
    viewer.roles.includes('CASEWORKER')
  );
}

export function canReadSpecialCategory(viewer: Viewer): boolean {
  return isDeliveringCaseworker(viewer) || viewer.roles.includes('AUDITOR');
}

export function canReadNiNumber(viewer: Viewer): boolean {
  return isDeliveringCaseworker(viewer);
}
