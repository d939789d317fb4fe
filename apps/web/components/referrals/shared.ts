// Shapes and small helpers for the referral, caseload and supply-chain pages.
import type { components, operations } from '@waymark/api-client';

type Schemas = components['schemas'];
export type Referral = Schemas['ReferralResponseDto']['referral'];
export type ReferralStatus = Referral['status'];
export type CaseloadRow = Schemas['CaseloadDto']['referrals'][number];
export type Flow = Schemas['FlowDto'];
export type Forecast = Schemas['ForecastDto'];
export type Timeline = Schemas['TimelineDto'];
export type NeedsHistory = Schemas['NeedsAssessmentHistoryDto'];
export type ReferralImport = Schemas['ReferralImportResponseDto']['referralImport'];
export type ActivityKind = Schemas['LogActivityBodyDto']['kind'];
export type BarrierType = Schemas['RecordNeedsAssessmentBodyDto']['barriers'][number]['type'];
export type MilestoneCode = Schemas['CreateClaimBodyDto']['milestoneCode'];

/** A GET /caseload sort: a key, `-` before it for descending. */
export type CaseloadSort = NonNullable<
  NonNullable<operations['CaseloadController_list']['parameters']['query']>['sort']
>;
/** GET /caseload's sort keys; the referral table's sorting headers write ?sort=<key> or ?sort=-<key>. */
const CASELOAD_SORT_KEYS = [
  'receivedAt',
  'status',
  'paymentGroup',
  'subcontract',
  'lastContact',
  'lastActivity',
] as const satisfies readonly CaseloadSort[];

/** The ?sort= value when GET /caseload offers it, else newest first. */
export function caseloadSortOf(value: string | undefined): CaseloadSort {
  return CASELOAD_SORT_KEYS.some((key) => value === key || value === `-${key}`)
    ? (value as CaseloadSort)
    : '-receivedAt';
}

export const REFERRAL_STATUSES: ReferralStatus[] = [
  'RECEIVED',
  'ACCEPTED',
  'REJECTED',
  'ALLOCATED',
  'ATTACHED',
  'EXITED',
];

export const BENEFIT_TYPES = [
  'UC',
  'JSA',
  'ESA',
  'IS',
  'IB',
  'PIP',
  'NONE',
  'JSA_18_24',
  'JSA_25_PLUS',
  'JSA_EARLY_ACCESS',
  'JSA_EX_IB',
  'ESA_VOLUNTEERS',
  'ESA_FLOW',
  'ESA_EX_IB',
  'IB_IS',
] as const;

export const ACTIVITY_KINDS: { value: ActivityKind; label: string }[] = [
  { value: 'CONTACT', label: 'Contact' },
  { value: 'APPOINTMENT', label: 'Appointment' },
  { value: 'TRAINING', label: 'Training' },
  { value: 'NOTE', label: 'Note' },
  { value: 'ACTION_PLAN', label: 'Action plan agreed' },
  { value: 'WORK_PLACEMENT', label: 'Work placement' },
  { value: 'ACCREDITED_QUALIFICATION', label: 'Accredited qualification' },
  { value: 'VOLUNTEERING', label: 'Volunteering' },
  { value: 'JOB_START', label: 'Job start' },
  { value: 'JOB_LEAVE', label: 'Job leave' },
  { value: 'SELF_EMPLOYMENT_START', label: 'Self-employment start' },
];

export const BARRIER_TYPES: { value: BarrierType; label: string }[] = [
  { value: 'HEALTH', label: 'Health' },
  { value: 'DISABILITY', label: 'Disability' },
  { value: 'HOUSING', label: 'Housing' },
  { value: 'OFFENDING', label: 'Offending' },
  { value: 'LANGUAGE', label: 'Language' },
  { value: 'BASIC_SKILLS', label: 'Basic skills' },
  { value: 'CARING', label: 'Caring responsibilities' },
  { value: 'SUBSTANCE_MISUSE', label: 'Substance misuse' },
  { value: 'TIME_OUT_OF_WORK', label: 'Time out of work' },
];

/** Basis points as a percentage ("25.0%"). */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  return `${(bp / 100).toFixed(1)}%`;
}

/** Today as an ISO day in UK time. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}
