// The data subject request state machine: REQUESTED → APPROVED | REFUSED,
// APPROVED → EXECUTED. Pure, so the rule reads in one place.
export type DataSubjectRequestStatus = 'REQUESTED' | 'APPROVED' | 'REFUSED' | 'EXECUTED';

const NEXT: Record<DataSubjectRequestStatus, readonly DataSubjectRequestStatus[]> = {
  REQUESTED: ['APPROVED', 'REFUSED'],
  APPROVED: ['EXECUTED'],
  REFUSED: [],
  EXECUTED: [],
};

export function allowedNextStatuses(
  from: DataSubjectRequestStatus,
): readonly DataSubjectRequestStatus[] {
  return NEXT[from];
}

export function canMoveDataSubjectRequest(
  from: DataSubjectRequestStatus,
  to: DataSubjectRequestStatus,
): boolean {
  return NEXT[from].includes(to);
}
