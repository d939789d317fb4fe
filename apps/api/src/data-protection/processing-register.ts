// The documented register of processing per party kind (UK GDPR Art. 30):
// which categories of personal data each kind of party processes on a
// programme, and why. Static by design — it describes what Waymark lets each
// party do; docs/data-protection.md explains each entry.
import { type OrganisationKind } from '@waymark/domain';

export type ProcessingRole = 'CONTROLLER' | 'PROCESSOR' | 'SUB_PROCESSOR' | 'SOURCE';
export type ProgrammePartyKind = Exclude<OrganisationKind, 'PLATFORM'>;

export interface ProcessingRegisterEntry {
  role: ProcessingRole;
  categories: readonly string[];
  specialCategories: readonly string[];
  purposes: readonly string[];
}

export const PROCESSING_REGISTER: Record<ProgrammePartyKind, ProcessingRegisterEntry> = {
  COMMISSIONER: {
    role: 'CONTROLLER',
    categories: [
      'pseudonymous participant reference',
      'NI number (keyed hash for matching)',
      'benefit type',
      'date of birth',
      'referral and journey history',
      'claims and evidence',
      'earnings data (data matching)',
    ],
    specialCategories: ['health, disability and offending (auditors, audited per read)'],
    purposes: [
      'commissioning and contract management',
      'approving and paying claims',
      'assurance: sampling, data matching, clawback',
      'audit under funding rules (e.g. ESF to 2034)',
      'answering data subject requests',
    ],
  },
  PRIME: {
    role: 'PROCESSOR',
    categories: [
      'pseudonymous participant reference',
      'NI number (keyed hash; never in clear)',
      'benefit type',
      'date of birth',
      'needs assessment',
      'referral and journey history',
      'claims and evidence',
    ],
    specialCategories: ['health, disability and offending (auditors only, audited per read)'],
    purposes: [
      'accepting and allocating referrals',
      'supply chain management',
      'validating and submitting claims',
      'paying subcontractors',
      'recording data subject requests',
    ],
  },
  SUBCONTRACTOR: {
    role: 'SUB_PROCESSOR',
    categories: [
      'pseudonymous participant reference',
      'NI number in clear (delivering caseworkers, audited)',
      'benefit type',
      'date of birth',
      'needs assessment',
      'activities, milestones and jobs',
      'claims and evidence',
    ],
    specialCategories: [
      'health, disability and offending (delivering caseworkers, audited per read)',
    ],
    purposes: [
      'delivering employment support',
      'needs assessment and action planning',
      'recording milestones',
      'claiming outcome payments',
    ],
  },
  REFERRAL_PARTNER: {
    role: 'SOURCE',
    categories: ['NI number', 'benefit type', 'date of birth', 'referral details'],
    specialCategories: ['health, disability and offending, as disclosed at referral'],
    purposes: ['referring participants to the programme'],
  },
};
