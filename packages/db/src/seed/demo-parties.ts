// The demo programme's cast: fictional organisations and the users who sign in.
import {
  type MilestoneCode,
  type Role,
  type SectorType,
  type SubcontractTier,
  type TermsKind,
  type TurnoverBand,
} from '@waymark/domain';

export interface DemoUser {
  email: string;
  roles: readonly Role[];
  /** Shown in the start-up banner (DEMO_LOGINS) when set. */
  login?: string;
}

export interface DemoOrganisation {
  key: string;
  name: string;
  kind: 'PLATFORM' | 'COMMISSIONER' | 'PRIME' | 'SUBCONTRACTOR' | 'REFERRAL_PARTNER';
  companyNumber?: string;
  charityNumber?: string;
  turnoverBand?: TurnoverBand;
  sectorType?: SectorType;
  specialisms?: readonly string[];
  users: readonly DemoUser[];
}

const staff = (
  domain: string,
  roles: readonly Role[],
  listed: readonly Role[],
  label: string,
): DemoUser[] =>
  roles.map((role) => ({
    email: `${role.toLowerCase()}@${domain}`,
    roles: [role],
    ...(listed.includes(role) ? { login: `${label} — ${role.toLowerCase()}` } : {}),
  }));

const ALL_ROLES: readonly Role[] = ['ADMIN', 'CASEWORKER', 'FINANCE', 'AUDITOR'];

export const DEMO_COMMISSIONER_NAME = 'Mercia Combined Authority';

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    key: 'platform',
    name: 'Waymark Platform Operations',
    kind: 'PLATFORM',
    users: [
      {
        email: 'platform@waymark.test',
        roles: ['ADMIN'],
        login: 'Waymark (platform operator) — admin',
      },
    ],
  },
  {
    key: 'commissioner',
    name: DEMO_COMMISSIONER_NAME,
    kind: 'COMMISSIONER',
    sectorType: 'PUBLIC',
    turnoverBand: 'LARGE',
    users: staff(
      'mercia.test',
      ['ADMIN', 'FINANCE', 'AUDITOR'],
      ['ADMIN', 'FINANCE', 'AUDITOR'],
      'Mercia Combined Authority (commissioner)',
    ),
  },
  {
    key: 'jobcentre',
    name: 'Jobcentre Plus Brindley Street',
    kind: 'REFERRAL_PARTNER',
    sectorType: 'PUBLIC',
    users: staff(
      'brindley-jobcentre.test',
      ['CASEWORKER'],
      ['CASEWORKER'],
      'Jobcentre Plus Brindley Street (referral partner)',
    ),
  },
  {
    key: 'northbridge',
    name: 'Northbridge Employment',
    kind: 'PRIME',
    companyNumber: 'WM100001',
    sectorType: 'PRIVATE',
    turnoverBand: 'LARGE',
    users: staff(
      'northbridge.test',
      ALL_ROLES,
      ALL_ROLES,
      'Northbridge Employment (prime, Work Programme model)',
    ),
  },
  {
    key: 'kestrel',
    name: 'Kestrel Works',
    kind: 'PRIME',
    companyNumber: 'WM100002',
    charityNumber: '1190001',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'LARGE',
    users: staff(
      'kestrel.test',
      ALL_ROLES,
      ['ADMIN', 'CASEWORKER', 'FINANCE'],
      'Kestrel Works (prime, needs-based model)',
    ),
  },
  {
    key: 'anvil',
    name: 'Anvil Training Group',
    kind: 'SUBCONTRACTOR',
    companyNumber: 'WM200001',
    sectorType: 'PRIVATE',
    turnoverBand: 'LARGE',
    specialisms: ['END_TO_END'],
    users: staff(
      'anvil.test',
      ['ADMIN', 'CASEWORKER', 'FINANCE'],
      ['ADMIN', 'CASEWORKER', 'FINANCE'],
      'Anvil Training Group (large subcontractor)',
    ),
  },
  {
    key: 'beacon',
    name: 'Beacon Employment Services',
    kind: 'SUBCONTRACTOR',
    companyNumber: 'WM200002',
    sectorType: 'PRIVATE',
    turnoverBand: 'MEDIUM',
    specialisms: ['END_TO_END'],
    users: staff('beacon.test', ['CASEWORKER', 'FINANCE'], [], ''),
  },
  {
    key: 'foundry',
    name: 'Foundry Futures',
    kind: 'SUBCONTRACTOR',
    charityNumber: '1190101',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'MEDIUM',
    specialisms: ['END_TO_END', 'YOUNG_PEOPLE'],
    users: staff('foundry.test', ['CASEWORKER', 'FINANCE'], [], ''),
  },
  {
    key: 'canalside',
    name: 'Canal Side Community Trust',
    kind: 'SUBCONTRACTOR',
    charityNumber: '1190102',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'SMALL',
    specialisms: ['LOCAL_COMMUNITY', 'HOUSING'],
    users: staff(
      'canalside.test',
      ['ADMIN', 'CASEWORKER', 'FINANCE'],
      ['ADMIN', 'CASEWORKER', 'FINANCE'],
      'Canal Side Community Trust (small charity)',
    ),
  },
  {
    key: 'mindful',
    name: 'Mindful Steps',
    kind: 'SUBCONTRACTOR',
    charityNumber: '1190103',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'SMALL',
    specialisms: ['MENTAL_HEALTH'],
    users: staff('mindfulsteps.test', ['CASEWORKER', 'FINANCE'], [], ''),
  },
  {
    key: 'secondchance',
    name: 'Second Chance Works',
    kind: 'SUBCONTRACTOR',
    charityNumber: '1190104',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'MICRO',
    specialisms: ['EX_OFFENDERS'],
    users: staff('secondchance.test', ['CASEWORKER', 'FINANCE'], [], ''),
  },
  {
    key: 'commontongue',
    name: 'Common Tongue ESOL',
    kind: 'SUBCONTRACTOR',
    charityNumber: '1190105',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'MICRO',
    specialisms: ['ESOL'],
    users: staff('commontongue.test', ['CASEWORKER', 'FINANCE'], [], ''),
  },
  {
    key: 'ownaccount',
    name: 'Own Account Enterprise',
    kind: 'SUBCONTRACTOR',
    charityNumber: '1190106',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'SMALL',
    specialisms: ['SELF_EMPLOYMENT'],
    users: staff('ownaccount.test', ['CASEWORKER', 'FINANCE'], [], ''),
  },
  {
    key: 'hollybush',
    name: 'Hollybush Family Centre',
    kind: 'SUBCONTRACTOR',
    charityNumber: '1190107',
    sectorType: 'VOLUNTARY',
    turnoverBand: 'MICRO',
    specialisms: ['LONE_PARENTS'],
    users: staff('hollybush.test', ['CASEWORKER', 'FINANCE'], [], ''),
  },
];

export interface DemoSubcontract {
  subcontractor: string;
  prime: 'northbridge' | 'kestrel';
  tier: SubcontractTier;
  termsKind: TermsKind;
  shareBasisPoints?: number;
  ratesPence?: Partial<Record<MilestoneCode, bigint>>;
  /** SERVICE_FEE monthly fee, GRANT quarterly instalment, HYBRID contract value. */
  feePence?: bigint;
  managementFeeBasisPoints: number;
  paymentSlaDays: number;
  capacity: number;
  /** Referral weight; 0 = promised in the bid, never sent a referral. */
  weight: number;
  servesGroups: readonly string[] | null;
  lateChance: number;
  plannedSpendShareBasisPoints: number;
  plannedReferralShareBasisPoints: number;
}

export const DEMO_SUBCONTRACTS: readonly DemoSubcontract[] = [
  {
    subcontractor: 'anvil',
    prime: 'northbridge',
    tier: 'END_TO_END',
    termsKind: 'PBR_SHARE',
    shareBasisPoints: 7_000,
    managementFeeBasisPoints: 800,
    paymentSlaDays: 30,
    capacity: 900,
    weight: 50,
    servesGroups: null,
    lateChance: 0.08,
    plannedSpendShareBasisPoints: 4_000,
    plannedReferralShareBasisPoints: 4_000,
  },
  {
    subcontractor: 'beacon',
    prime: 'northbridge',
    tier: 'END_TO_END',
    termsKind: 'PBR_SHARE',
    shareBasisPoints: 6_500,
    managementFeeBasisPoints: 1_000,
    paymentSlaDays: 30,
    capacity: 600,
    weight: 30,
    servesGroups: null,
    lateChance: 0.1,
    plannedSpendShareBasisPoints: 3_000,
    plannedReferralShareBasisPoints: 3_000,
  },
  {
    subcontractor: 'secondchance',
    prime: 'northbridge',
    tier: 'SPECIALIST',
    termsKind: 'MILESTONE_TARIFF',
    ratesPence: { ATTACHMENT: 150_00n, JOB_OUTCOME: 800_00n, SUSTAINMENT: 60_00n },
    managementFeeBasisPoints: 500,
    paymentSlaDays: 14,
    capacity: 120,
    weight: 6,
    servesGroups: ['JSA_25_PLUS', 'JSA_EX_IB'],
    lateChance: 0.3,
    plannedSpendShareBasisPoints: 1_200,
    plannedReferralShareBasisPoints: 1_000,
  },
  {
    subcontractor: 'ownaccount',
    prime: 'northbridge',
    tier: 'SPECIALIST',
    termsKind: 'PBR_SHARE',
    shareBasisPoints: 8_000,
    managementFeeBasisPoints: 500,
    paymentSlaDays: 14,
    capacity: 80,
    weight: 4,
    servesGroups: null,
    lateChance: 0.25,
    plannedSpendShareBasisPoints: 800,
    plannedReferralShareBasisPoints: 800,
  },
  {
    subcontractor: 'hollybush',
    prime: 'northbridge',
    tier: 'SPOT',
    termsKind: 'MILESTONE_TARIFF',
    ratesPence: { ATTACHMENT: 100_00n, JOB_OUTCOME: 600_00n },
    managementFeeBasisPoints: 500,
    paymentSlaDays: 14,
    capacity: 40,
    weight: 0,
    servesGroups: null,
    lateChance: 0.3,
    plannedSpendShareBasisPoints: 1_000,
    plannedReferralShareBasisPoints: 1_200,
  },
  {
    subcontractor: 'foundry',
    prime: 'kestrel',
    tier: 'END_TO_END',
    termsKind: 'HYBRID',
    feePence: 240_000_00n,
    ratesPence: { JOB_START: 400_00n, JOB_OUTCOME: 1_200_00n, SUSTAINMENT: 120_00n },
    managementFeeBasisPoints: 700,
    paymentSlaDays: 21,
    capacity: 700,
    weight: 45,
    servesGroups: null,
    lateChance: 0.1,
    plannedSpendShareBasisPoints: 4_500,
    plannedReferralShareBasisPoints: 4_500,
  },
  {
    subcontractor: 'canalside',
    prime: 'kestrel',
    tier: 'SPECIALIST',
    termsKind: 'MILESTONE_TARIFF',
    ratesPence: {
      ATTACHMENT: 150_00n,
      NEEDS_ASSESSMENT: 80_00n,
      ACTION_PLAN: 80_00n,
      ACCREDITED_QUALIFICATION: 200_00n,
      VOLUNTEERING: 150_00n,
      JOB_START: 500_00n,
      JOB_OUTCOME: 1_500_00n,
      SUSTAINMENT: 150_00n,
    },
    managementFeeBasisPoints: 600,
    paymentSlaDays: 14,
    capacity: 250,
    weight: 25,
    servesGroups: null,
    lateChance: 0.35,
    plannedSpendShareBasisPoints: 2_500,
    plannedReferralShareBasisPoints: 2_500,
  },
  {
    subcontractor: 'mindful',
    prime: 'kestrel',
    tier: 'SPECIALIST',
    termsKind: 'GRANT',
    feePence: 15_000_00n,
    managementFeeBasisPoints: 300,
    paymentSlaDays: 14,
    capacity: 150,
    weight: 15,
    servesGroups: ['C', 'D'],
    lateChance: 0.2,
    plannedSpendShareBasisPoints: 1_500,
    plannedReferralShareBasisPoints: 1_500,
  },
  {
    subcontractor: 'commontongue',
    prime: 'kestrel',
    tier: 'SPECIALIST',
    termsKind: 'SERVICE_FEE',
    feePence: 3_500_00n,
    managementFeeBasisPoints: 300,
    paymentSlaDays: 14,
    capacity: 90,
    weight: 10,
    servesGroups: null,
    lateChance: 0.25,
    plannedSpendShareBasisPoints: 800,
    plannedReferralShareBasisPoints: 1_000,
  },
  {
    subcontractor: 'beacon',
    prime: 'kestrel',
    tier: 'SPOT',
    termsKind: 'PBR_SHARE',
    shareBasisPoints: 6_000,
    managementFeeBasisPoints: 1_000,
    paymentSlaDays: 30,
    capacity: 100,
    weight: 5,
    servesGroups: ['A', 'B'],
    lateChance: 0.1,
    plannedSpendShareBasisPoints: 500,
    plannedReferralShareBasisPoints: 500,
  },
];

/**
 * One demo login per party kind × roles (the sign-in page lists the logins): `who` names the pair
 * ("PRIME FINANCE"); the first login of each pair stands for it.
 */
export const DEMO_LOGIN_ROLES = [
  ...new Map(
    DEMO_ORGANISATIONS.flatMap((organisation) =>
      organisation.users
        .filter((user) => user.login)
        .map((user) => {
          const who = `${organisation.kind} ${user.roles.join('+')}`;
          return [
            who,
            { who, kind: organisation.kind, roles: [...user.roles], email: user.email },
          ] as const;
        }),
    ),
  ).values(),
];

export const FIRST_NAMES = [
  'Amira',
  'Ben',
  'Chloe',
  'Daniel',
  'Ellie',
  'Farhan',
  'Grace',
  'Harpreet',
  'Isaac',
  'Jas',
  'Kiran',
  'Leah',
  'Marcus',
  'Nadia',
  'Owen',
  'Priya',
  'Rhys',
  'Sana',
  'Tom',
  'Yasmin',
];
export const LAST_NAMES = [
  'Ahmed',
  'Bennett',
  'Clarke',
  'Davies',
  'Evans',
  'Hughes',
  'Iqbal',
  'Jones',
  'Khan',
  'Lewis',
  'Morgan',
  'Patel',
  'Roberts',
  'Singh',
  'Taylor',
  'Walker',
  'Williams',
  'Wright',
];
