// Simulates participant journeys: referral → allocation → attachment →
// activities → milestones → claims through their whole lifecycle → remittances,
// subcontractor payments and balanced ledger transfers. Shared by the demo
// seed and the scale generator; every row goes to a RowSink, never to memory
// beyond the current chunk (remittances and payments are small aggregates).
import {
  applyPercentage,
  assignGroupUnder,
  BARRIER_TYPES,
  type BarrierType,
  type ClaimStatus,
  type MilestoneCode,
  type ReferralStatus,
  type Severity,
} from '@waymark/domain';
import { addMonthsToDay, instant, isoDay, monthEnd, monthStart } from './days';
import { type IdFactory } from './ids';
import { encryptNiNumber, hmacNiNumber } from '../pii/ni-number';
import { type Random } from './random';
import { copyBytea, type RowSink } from './row-sink';
import { type SimContract, type SimGroup, type SimSubcontract } from './journey.types';

export interface SimulationOptions {
  asOf: number;
  activitiesPerReferral: number;
  /**
   * Keys to store real-format NI numbers as the API does (HMAC + AES-GCM), so
   * authorised users can see them in the demo. Without keys (the scale
   * generator) the columns hold random bytes of the right shape.
   */
  pii?: { hmacKey: Buffer; encryptionKey: Buffer };
}

/** Deterministic, valid-format NI number for the n-th demo participant (prefix letters HMRC allows). */
export function demoNiNumber(n: number): string {
  const letters = 'ABCEGHJKLMNPRSTWXYZ';
  const first = letters[n % letters.length]!;
  const second = letters[Math.floor(n / letters.length) % letters.length]!;
  const prefix = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(first + second)
    ? `A${second}`
    : first + second;
  return `${prefix}${(n % 1_000_000).toString().padStart(6, '0')}${'ABCD'[n % 4]}`;
}

interface Remittance {
  id: string;
  contract: SimContract;
  periodStart: number;
  paidOn: number;
  totalPence: bigint;
}

interface SubcontractorPayment {
  id: string;
  contract: SimContract;
  subcontract: SimSubcontract;
  periodStart: number;
  dueOn: number;
  netPence: bigint;
}

interface ClaimStep {
  to: ClaimStatus;
  day: number;
  minute: number;
  reason: string | null;
  byUserId: string;
}

const TWO_YEARS_DAYS = 728; // 104 weeks on programme
const SUSTAINMENT_SURVIVAL = 0.93; // chance a job lasts another 4-week period
const PARKED_SHARE = 0.15; // ongoing participants not seen for 30+ days

const REJECT_REASONS = [
  'not eligible: already on another programme',
  'duplicate referral',
  'outside contract area',
];
const EARLY_EXIT_REASONS = [
  'moved out of the contract area',
  'benefit claim ended (not a job)',
  'long-term illness',
  'moved to another provision',
];
const NO_SHOW_REASON = 'did not attend the initial appointment (failure to attach)';
const ACTIVITY_KINDS = [
  ['CONTACT', 40],
  ['APPOINTMENT', 30],
  ['TRAINING', 12],
  ['REVIEW', 10],
  ['PLACEMENT', 3],
  ['OTHER', 5],
] as const;
const ACTIVITY_NOTES: Record<string, readonly string[]> = {
  CONTACT: ['phone check-in', 'text reminder sent', 'email about vacancies'],
  APPOINTMENT: ['one-to-one with keyworker', 'CV session', 'interview preparation'],
  TRAINING: ['CSCS card course', 'digital skills workshop', 'food hygiene level 2'],
  REVIEW: ['action plan reviewed', 'barriers re-assessed'],
  PLACEMENT: ['work trial at local employer', 'volunteering placement'],
  OTHER: ['referred to debt advice', 'housing support referral'],
};
const PRIME_QUERY_SUBJECTS = [
  'Employer letter missing start date',
  'Payslip does not cover the full period',
  'Attachment date differs from our record',
];
const COMMISSIONER_QUERY_SUBJECTS = [
  'HMRC record shows no earnings for the period',
  'Evidence of 26 weeks in work incomplete',
];
const REJECT_CLAIM_REASONS = [
  'no evidence of the milestone',
  'milestone date before prerequisite',
  'duplicate of an earlier claim',
];
const CLAWBACK_REASON = 'sample check failed: earnings not confirmed by tax records';

export class JourneySimulation {
  private readonly remittances = new Map<string, Remittance>();
  private readonly submissions = new Map<string, string>();
  private readonly payments = new Map<string, SubcontractorPayment>();
  private participantCount = 0;

  constructor(
    private readonly rng: Random,
    private readonly id: IdFactory,
    private readonly sink: RowSink,
    private readonly options: SimulationOptions,
  ) {}

  private niNumberColumns(n: number): [string, string] {
    const { pii } = this.options;
    if (!pii) return [copyBytea(this.rng.hex(32)), copyBytea(this.rng.hex(44))];
    const niNumber = demoNiNumber(n);
    return [
      copyBytea(hmacNiNumber(niNumber, pii.hmacKey).toString('hex')),
      copyBytea(encryptNiNumber(niNumber, pii.encryptionKey).toString('hex')),
    ];
  }

  /** One referral and everything that follows from it, received within [fromDay, toDay]. */
  simulateReferral(contract: SimContract, fromDay: number, toDay: number): void {
    const { rng, sink, id, options } = this;
    const { asOf } = options;
    const received = rng.int(fromDay, Math.min(toDay, asOf));
    const n = ++this.participantCount;

    // Who the participant is and which payment group their needs put them in.
    const barriers = this.drawBarriers(contract.model);
    let group: SimGroup;
    let benefitType: string;
    if (contract.model === 'WORK_PROGRAMME') {
      group = rng.weighted(contract.groups.map((g) => [g, g.weight] as const));
      benefitType = group.code;
    } else {
      benefitType = rng.weighted([
        ['JSA', 3],
        ['ESA', 2],
        ['UC', 5],
      ] as const);
      const assigned = assignGroupUnder(contract.rules, {
        assessedOn: isoDay(received),
        barriers,
        benefitType,
      });
      group =
        contract.groups.find((g) => g.code === assigned.paymentGroup) ??
        (contract.groups[0] as SimGroup);
    }
    const participantId = id('participant');
    const age = rng.int(group.ages[0], group.ages[1]);
    const dateOfBirth = received - age * 365 - rng.int(0, 364);
    sink.addRaw(
      'participant',
      [
        participantId,
        contract.programmeId,
        contract.primeContractId,
        `${contract.code}-${n.toString().padStart(7, '0')}`,
        ...this.niNumberColumns(n),
        benefitType,
        isoDay(dateOfBirth),
        instant(received, 480),
      ].join('\t'),
    );

    // Referral lifecycle, stopping wherever "today" falls.
    const partner = rng.pick(contract.referralPartners);
    const referralId = id('referral');
    const transitions: [
      ReferralStatus | null,
      ReferralStatus,
      string | null,
      number,
      string | null,
    ][] = [];
    transitions.push([null, 'RECEIVED', partner.caseworkerUserId, received, null]);
    let status: ReferralStatus = 'RECEIVED';
    let acceptedDay: number | null = null;
    let allocatedDay: number | null = null;
    let attachedDay: number | null = null;
    let exitedDay: number | null = null;
    let exitReason: string | null = null;
    let subcontract: SimSubcontract | null = null;

    const ageDays = asOf - received;
    if (rng.chance(0.03) && received + 1 <= asOf) {
      status = 'REJECTED';
      transitions.push([
        'RECEIVED',
        'REJECTED',
        contract.primeCaseworkerUserId,
        received + 1,
        rng.pick(REJECT_REASONS),
      ]);
    } else if (!(ageDays < 2 && rng.chance(0.6))) {
      acceptedDay = Math.min(received + rng.int(0, 2), asOf);
      status = 'ACCEPTED';
      transitions.push(['RECEIVED', 'ACCEPTED', contract.primeCaseworkerUserId, acceptedDay, null]);
      const allocateOn = acceptedDay + rng.int(0, 2);
      if (allocateOn <= asOf && !(ageDays < 6 && rng.chance(0.5))) {
        subcontract = this.chooseSubcontract(contract, group.code);
        allocatedDay = allocateOn;
        status = 'ALLOCATED';
        transitions.push([
          'ACCEPTED',
          'ALLOCATED',
          contract.primeCaseworkerUserId,
          allocatedDay,
          null,
        ]);
        const attachOn = allocatedDay + rng.int(2, 12);
        if (rng.chance(0.03)) {
          const exitOn = allocatedDay + rng.int(10, 25);
          if (exitOn <= asOf) {
            status = 'EXITED';
            exitedDay = exitOn;
            exitReason = NO_SHOW_REASON;
            transitions.push([
              'ALLOCATED',
              'EXITED',
              subcontract.caseworkerUserId,
              exitOn,
              exitReason,
            ]);
          }
        } else if (attachOn <= asOf) {
          status = 'ATTACHED';
          attachedDay = attachOn;
          transitions.push(['ALLOCATED', 'ATTACHED', subcontract.caseworkerUserId, attachOn, null]);
        }
      }
    }

    if (attachedDay !== null && subcontract !== null) {
      const journey = this.simulateJourney(
        contract,
        group,
        subcontract,
        referralId,
        participantId,
        attachedDay,
        barriers,
        benefitType,
      );
      if (journey.exitedDay !== null) {
        status = 'EXITED';
        exitedDay = journey.exitedDay;
        exitReason = journey.exitReason;
        transitions.push([
          'ATTACHED',
          'EXITED',
          subcontract.caseworkerUserId,
          exitedDay,
          exitReason,
        ]);
      }
    } else if (allocatedDay !== null && subcontract !== null && rng.chance(0.5)) {
      this.addActivity(
        contract,
        referralId,
        'CONTACT',
        Math.min(allocatedDay + 1, asOf),
        'welcome call booked',
        subcontract.caseworkerUserId,
      );
    }

    sink.add('referral', [
      referralId,
      contract.programmeId,
      contract.primeContractId,
      partner.id,
      participantId,
      `${contract.code}-R${n}`,
      status,
      subcontract?.id ?? null,
      subcontract ? 'WEIGHTED_BY_CAPACITY' : null,
      subcontract ? `serves ${group.code}; weighted by capacity and bid share` : null,
      instant(received, 480),
      acceptedDay === null ? null : instant(acceptedDay, 600),
      allocatedDay === null ? null : instant(allocatedDay, 660),
      attachedDay === null ? null : isoDay(attachedDay),
      exitedDay === null ? null : isoDay(exitedDay),
      exitReason,
    ]);
    for (const [from, to, byUserId, day, reason] of transitions) {
      sink.add('referral_transition', [
        id('referral_transition'),
        contract.programmeId,
        contract.primeContractId,
        referralId,
        from,
        to,
        byUserId,
        instant(
          day,
          to === 'RECEIVED' ? 480 : to === 'ACCEPTED' ? 600 : to === 'ALLOCATED' ? 660 : 720,
        ),
        reason,
      ]);
    }
  }

  private drawBarriers(model: SimContract['model']): { type: BarrierType; severity: Severity }[] {
    const { rng } = this;
    const count = model === 'WORK_PROGRAMME' ? rng.int(0, 2) : rng.int(1, 4);
    const barriers: { type: BarrierType; severity: Severity }[] = [];
    for (let i = 0; i < count; i++) {
      const type = rng.pick(BARRIER_TYPES);
      if (barriers.some((b) => b.type === type)) continue;
      barriers.push({
        type,
        severity: rng.weighted([
          [1, 5],
          [2, 3],
          [3, 1.2],
        ] as const),
      });
    }
    return barriers;
  }

  private chooseSubcontract(contract: SimContract, group: string): SimSubcontract {
    const candidates = contract.subcontracts.filter(
      (s) => s.weight > 0 && (s.servesGroups === null || s.servesGroups.includes(group)),
    );
    const pool =
      candidates.length > 0 ? candidates : contract.subcontracts.filter((s) => s.weight > 0);
    return this.rng.weighted(pool.map((s) => [s, s.weight] as const));
  }

  private simulateJourney(
    contract: SimContract,
    group: SimGroup,
    subcontract: SimSubcontract,
    referralId: string,
    participantId: string,
    attached: number,
    barriers: readonly { type: BarrierType; severity: Severity }[],
    benefitType: string,
  ): { lastSeen: number; exitedDay: number | null; exitReason: string | null } {
    const { rng, sink, id, options } = this;
    const { asOf } = options;

    // Needs assessment at attachment: the rule that chose the payment group is kept with it.
    const assignment = assignGroupUnder(contract.rules, {
      assessedOn: isoDay(attached),
      barriers,
      benefitType,
    });
    sink.add('needs_assessment', [
      id('needs_assessment'),
      contract.programmeId,
      contract.primeContractId,
      participantId,
      JSON.stringify(barriers.map((b) => ({ barrier: b.type, severity: b.severity }))),
      group.id,
      assignment.ruleId,
      assignment.explanation,
      subcontract.caseworkerUserId,
      instant(attached, 780),
    ]);
    if (
      barriers.some(
        (b) =>
          (b.type === 'HEALTH' || b.type === 'OFFENDING' || b.type === 'SUBSTANCE_MISUSE') &&
          b.severity >= 2,
      )
    ) {
      sink.add('participant_special_category', [
        participantId,
        contract.programmeId,
        contract.primeContractId,
        JSON.stringify({
          categories: barriers.filter((b) => b.severity >= 2).map((b) => b.type),
          consentRecorded: true,
        }),
        subcontract.caseworkerUserId,
        instant(attached, 790),
      ]);
    }

    // How the two years go: a job (or not), an early exit (or not).
    const programmeEnd = attached + TWO_YEARS_DAYS;
    const outcomeWeeks = contract.jobOutcomeWeeks(group.code);
    const milestones: [MilestoneCode, number, number][] = [['ATTACHMENT', 1, attached]];
    let jobStart: number | null = null;
    let jobOutcome: number | null = null;
    if (rng.chance(group.jobOutcomeRate)) {
      jobStart = attached + rng.int(20, TWO_YEARS_DAYS - outcomeWeeks * 7);
      jobOutcome = jobStart + outcomeWeeks * 7;
    } else if (rng.chance(0.2)) {
      jobStart = attached + rng.int(20, TWO_YEARS_DAYS - 30); // a job that did not last
    }
    let exitedDay: number | null = null;
    let exitReason: string | null = null;
    if (jobStart === null && rng.chance(0.1)) {
      exitedDay = attached + rng.int(30, 600);
      exitReason = rng.pick(EARLY_EXIT_REASONS);
    } else {
      exitedDay = programmeEnd;
      exitReason =
        jobOutcome === null
          ? 'completed 104 weeks on programme'
          : 'completed 104 weeks on programme (in work)';
    }
    const end = exitedDay;
    if (contract.model === 'NEEDS_BASED') {
      const assessed = attached + rng.int(3, 14);
      const plan = assessed + rng.int(3, 21);
      milestones.push(['NEEDS_ASSESSMENT', 1, assessed], ['ACTION_PLAN', 1, plan]);
      let qualifications = 0;
      while (qualifications < 2 && rng.chance(0.3))
        milestones.push(['ACCREDITED_QUALIFICATION', ++qualifications, plan + rng.int(30, 300)]);
      if (rng.chance(0.15)) milestones.push(['WORK_PLACEMENT', 1, plan + rng.int(20, 250)]);
      if (rng.chance(0.2)) milestones.push(['VOLUNTEERING', 1, plan + rng.int(10, 250)]);
      if (jobStart === null && rng.chance(0.03))
        milestones.push(['SELF_EMPLOYMENT_START', 1, plan + rng.int(60, 400)]);
    }
    if (jobStart !== null) milestones.push(['JOB_START', 1, jobStart]);
    if (jobOutcome !== null) {
      milestones.push(['JOB_OUTCOME', 1, jobOutcome]);
      for (let period = 1; period <= 26 && rng.chance(SUSTAINMENT_SURVIVAL); period++) {
        milestones.push(['SUSTAINMENT', period, jobOutcome + period * 28]);
      }
    }

    // The journey log; some ongoing participants have not been seen for a month or more (parking).
    const isOngoing = end > asOf;
    const lastSeen = isOngoing
      ? rng.chance(PARKED_SHARE)
        ? asOf - rng.int(31, 120)
        : asOf - rng.int(0, 21)
      : end;
    const span = Math.max(1, Math.min(lastSeen, asOf) - attached);
    const activityCount = Math.max(
      1,
      Math.round(
        this.options.activitiesPerReferral *
          (0.4 + rng.float() * 1.2) *
          Math.min(1, span / 365 + 0.3),
      ),
    );
    for (let i = 0; i < activityCount; i++) {
      const day =
        i === activityCount - 1
          ? Math.max(attached, Math.min(lastSeen, asOf))
          : attached + rng.int(0, span);
      const kind = rng.weighted(ACTIVITY_KINDS);
      this.addActivity(
        contract,
        referralId,
        kind,
        day,
        rng.pick(ACTIVITY_NOTES[kind] ?? ['']),
        subcontract.caseworkerUserId,
      );
    }

    // Claims: one per milestone occurrence that has fallen due, priced on its date.
    let paidForParticipant = 0n;
    for (const [code, occurrence, day] of milestones) {
      const claimable = code === 'SUSTAINMENT' ? day + 21 : day; // 15 working days after the period
      if (claimable > asOf || (code !== 'JOB_OUTCOME' && code !== 'SUSTAINMENT' && day > end))
        continue;
      const priced = contract.price(group.code, code, occurrence, day);
      if (!priced) continue;
      let amount = priced.amountPence;
      if (contract.capPerParticipantPence !== null) {
        const left = contract.capPerParticipantPence - paidForParticipant;
        if (amount > left) amount = left > 0n ? left : 0n;
      }
      if (amount <= 0n) continue;
      paidForParticipant += amount;
      const milestoneTypeId = contract.milestoneTypeIds[code];
      if (!milestoneTypeId) continue;
      this.simulateClaim(
        contract,
        subcontract,
        referralId,
        milestoneTypeId,
        code,
        occurrence,
        day,
        claimable,
        priced.tariffId,
        amount,
      );
    }
    return isOngoing
      ? { lastSeen, exitedDay: null, exitReason: null }
      : { lastSeen, exitedDay, exitReason };
  }

  private addActivity(
    contract: SimContract,
    referralId: string,
    kind: string,
    day: number,
    notes: string,
    userId: string,
  ): void {
    this.sink.add('activity', [
      this.id('activity'),
      contract.programmeId,
      contract.primeContractId,
      referralId,
      kind,
      isoDay(day),
      notes,
      userId,
      instant(day, 1020),
    ]);
  }

  private simulateClaim(
    contract: SimContract,
    subcontract: SimSubcontract,
    referralId: string,
    milestoneTypeId: string,
    code: MilestoneCode,
    occurrence: number,
    milestoneDay: number,
    claimable: number,
    tariffId: string,
    amountPence: bigint,
  ): void {
    const { rng, options } = this;
    const { asOf } = options;
    const created = claimable + rng.int(0, 6);
    if (created > asOf) return;
    const steps: ClaimStep[] = [
      { to: 'DRAFT', day: created, minute: 540, reason: null, byUserId: subcontract.financeUserId },
    ];
    const queries: {
      subject: string;
      raisedBy: string;
      answeredBy: string;
      raised: number;
      resolved: number | null;
    }[] = [];
    let submissionDay: number | null = null;
    let remittance: Remittance | null = null;
    const step = (
      to: ClaimStatus,
      day: number,
      byUserId: string,
      reason: string | null = null,
    ): boolean => {
      if (day > asOf) return false;
      steps.push({ to, day, minute: 540 + steps.length * 7, reason, byUserId });
      return true;
    };

    (() => {
      if (rng.chance(0.01)) {
        step('WITHDRAWN', created + rng.int(1, 5), subcontract.financeUserId, 'raised in error');
        return;
      }
      let day = created + rng.int(0, 4);
      if (!step('SUBMITTED', day, subcontract.financeUserId)) return;
      if (rng.chance(0.08)) {
        const raised = day + rng.int(1, 4);
        const subject = rng.pick(PRIME_QUERY_SUBJECTS);
        if (!step('PRIME_QUERIED', raised, contract.primeFinanceUserId, subject)) return;
        const answered = raised + rng.int(2, 10);
        queries.push({
          subject,
          raisedBy: contract.primeFinanceUserId,
          answeredBy: subcontract.financeUserId,
          raised,
          resolved: answered <= asOf ? answered : null,
        });
        if (!step('SUBMITTED', answered, subcontract.financeUserId)) return;
        day = answered;
      }
      day += rng.int(2, 12);
      if (rng.chance(0.03)) {
        step('PRIME_REJECTED', day, contract.primeFinanceUserId, rng.pick(REJECT_CLAIM_REASONS));
        return;
      }
      if (!step('PRIME_APPROVED', day, contract.primeFinanceUserId)) return;
      // Primes batch claims to the commissioner on the 1st and 15th.
      const monthFirst = monthStart(day + 1);
      const batch = day + 1 <= monthFirst + 14 ? monthFirst + 14 : addMonthsToDay(monthFirst, 1);
      if (!step('SUBMITTED_TO_COMMISSIONER', batch, contract.primeFinanceUserId)) return;
      submissionDay = batch;
      day = batch;
      if (rng.chance(0.05)) {
        const raised = day + rng.int(3, 10);
        const subject = rng.pick(COMMISSIONER_QUERY_SUBJECTS);
        if (!step('QUERIED', raised, contract.commissionerFinanceUserId, subject)) return;
        const answered = raised + rng.int(3, 10);
        queries.push({
          subject,
          raisedBy: contract.commissionerFinanceUserId,
          answeredBy: contract.primeFinanceUserId,
          raised,
          resolved: answered <= asOf ? answered : null,
        });
        if (!step('SUBMITTED_TO_COMMISSIONER', answered, contract.primeFinanceUserId)) return;
        day = answered;
      }
      day += rng.int(5, 25);
      if (rng.chance(0.02)) {
        step('REJECTED', day, contract.commissionerFinanceUserId, rng.pick(REJECT_CLAIM_REASONS));
        return;
      }
      if (!step('APPROVED', day, contract.commissionerFinanceUserId)) return;
      // Approved claims are remitted monthly, paid on the 12th of the following month.
      remittance = this.remittanceFor(contract, day);
      if (!step('PAID', remittance.paidOn, contract.commissionerFinanceUserId)) return;
      if (rng.chance(0.006))
        step(
          'CLAWED_BACK',
          remittance.paidOn + rng.int(30, 200),
          contract.commissionerFinanceUserId,
          CLAWBACK_REASON,
        );
    })();

    const last = steps[steps.length - 1] as ClaimStep;
    const claimId = this.id('claim');
    const submitted = steps.find((s) => s.to === 'SUBMITTED');
    const decided = steps.find(
      (s) => s.to === 'APPROVED' || s.to === 'REJECTED' || s.to === 'PRIME_REJECTED',
    );
    let submissionId: string | null = null;
    if (submissionDay !== null) submissionId = this.submissionFor(contract, submissionDay);
    const { sink, id } = this;
    sink.add('claim', [
      claimId,
      contract.programmeId,
      contract.primeContractId,
      referralId,
      subcontract.id,
      milestoneTypeId,
      occurrence,
      isoDay(milestoneDay),
      tariffId,
      amountPence,
      last.to,
      submissionId,
      subcontract.financeUserId,
      instant(created, 540),
      submitted ? instant(submitted.day, submitted.minute) : null,
      decided ? instant(decided.day, decided.minute) : null,
    ]);
    let from: ClaimStatus | null = null;
    for (const s of steps) {
      sink.add('claim_transition', [
        id('claim_transition'),
        contract.programmeId,
        contract.primeContractId,
        claimId,
        from,
        s.to,
        s.byUserId,
        instant(s.day, s.minute),
        s.reason,
      ]);
      from = s.to;
    }
    for (const q of queries) {
      const queryId = id('claim_query');
      sink.add('claim_query', [
        queryId,
        contract.programmeId,
        contract.primeContractId,
        claimId,
        q.subject,
        q.raisedBy,
        instant(q.raised, 600),
        q.resolved === null ? null : instant(q.resolved, 630),
      ]);
      sink.add('claim_query_message', [
        id('claim_query_message'),
        queryId,
        q.raisedBy,
        `${q.subject}. Please send supporting evidence.`,
        instant(q.raised, 600),
      ]);
      if (q.resolved !== null) {
        sink.add('claim_query_message', [
          id('claim_query_message'),
          queryId,
          q.answeredBy,
          'Evidence uploaded; resubmitting.',
          instant(q.resolved, 620),
        ]);
      }
    }

    const paidRemittance: Remittance | null = remittance;
    if (paidRemittance === null) return;
    sink.add('remittance_line', [
      id('remittance_line'),
      contract.programmeId,
      contract.primeContractId,
      paidRemittance.id,
      claimId,
      amountPence,
    ]);
    paidRemittance.totalPence += amountPence;
    if (paidRemittance.paidOn > asOf) return;
    if (last.to === 'CLAWED_BACK')
      this.postClawback(contract, paidRemittance, claimId, amountPence, last.day);

    // The prime passes money down once it is paid.
    const gross = this.grossFor(subcontract, code, amountPence);
    if (gross <= 0n) return;
    const payment = this.paymentFor(contract, subcontract, paidRemittance.paidOn);
    const fee = applyPercentage(gross, subcontract.managementFeeBasisPoints);
    payment.netPence += gross - fee;
    sink.add('subcontractor_payment_line', [
      id('subcontractor_payment_line'),
      contract.programmeId,
      contract.primeContractId,
      payment.id,
      claimId,
      `${code} #${occurrence}`,
      gross,
      fee,
      gross - fee,
    ]);
  }

  private grossFor(subcontract: SimSubcontract, code: MilestoneCode, claimPence: bigint): bigint {
    switch (subcontract.termsKind) {
      case 'PBR_SHARE':
        return applyPercentage(claimPence, subcontract.shareBasisPoints);
      case 'MILESTONE_TARIFF':
      case 'HYBRID':
        return subcontract.ratesPence[code] ?? 0n;
      case 'SERVICE_FEE':
      case 'GRANT':
        return 0n;
    }
  }

  private remittanceFor(contract: SimContract, approvedDay: number): Remittance {
    const periodStart = monthStart(approvedDay);
    const key = `${contract.primeContractId}:${periodStart}`;
    let remittance = this.remittances.get(key);
    if (!remittance) {
      remittance = {
        id: this.id('remittance'),
        contract,
        periodStart,
        paidOn: addMonthsToDay(periodStart, 1) + 11,
        totalPence: 0n,
      };
      this.remittances.set(key, remittance);
    }
    return remittance;
  }

  private submissionFor(contract: SimContract, day: number): string {
    const key = `${contract.primeContractId}:${day}`;
    let submissionId = this.submissions.get(key);
    if (!submissionId) {
      submissionId = this.id('claim_submission');
      this.submissions.set(key, submissionId);
      this.sink.add('claim_submission', [
        submissionId,
        contract.programmeId,
        contract.primeContractId,
        `${contract.code}-SUB-${isoDay(day)}`,
        contract.primeFinanceUserId,
        instant(day, 600),
      ]);
    }
    return submissionId;
  }

  /** The subcontractor payment covering the month `day` falls in, due `paymentSlaDays` after it. */
  paymentFor(
    contract: SimContract,
    subcontract: SimSubcontract,
    day: number,
  ): SubcontractorPayment {
    const periodStart = monthStart(day);
    const key = `${subcontract.id}:${periodStart}`;
    let payment = this.payments.get(key);
    if (!payment) {
      payment = {
        id: this.id('subcontractor_payment'),
        contract,
        subcontract,
        periodStart,
        dueOn: day + subcontract.paymentSlaDays,
        netPence: 0n,
      };
      this.payments.set(key, payment);
    }
    return payment;
  }

  /** A scheduled fee (service fee, grant or hybrid upfront instalment) with no claim behind it. */
  addScheduledFee(
    contract: SimContract,
    subcontract: SimSubcontract,
    day: number,
    description: string,
    grossPence: bigint,
  ): void {
    if (day > this.options.asOf) return;
    const payment = this.paymentFor(contract, subcontract, day);
    const fee = applyPercentage(grossPence, subcontract.managementFeeBasisPoints);
    payment.netPence += grossPence - fee;
    this.sink.add('subcontractor_payment_line', [
      this.id('subcontractor_payment_line'),
      contract.programmeId,
      contract.primeContractId,
      payment.id,
      null,
      description,
      grossPence,
      fee,
      grossPence - fee,
    ]);
  }

  private postTransfer(
    contract: SimContract,
    description: string,
    links: { remittanceId?: string; paymentId?: string },
    day: number,
    byUserId: string,
    from: string,
    to: string,
    amountPence: bigint,
  ): void {
    const { sink, id } = this;
    const transactionId = id('ledger_transaction');
    const at = instant(day, 900);
    sink.add('ledger_transaction', [
      transactionId,
      contract.programmeId,
      contract.primeContractId,
      description,
      links.remittanceId ?? null,
      links.paymentId ?? null,
      at,
      byUserId,
    ]);
    sink.add('ledger_entry', [
      id('ledger_entry'),
      contract.programmeId,
      contract.primeContractId,
      transactionId,
      from,
      -amountPence,
      at,
    ]);
    sink.add('ledger_entry', [
      id('ledger_entry'),
      contract.programmeId,
      contract.primeContractId,
      transactionId,
      to,
      amountPence,
      at,
    ]);
  }

  private postClawback(
    contract: SimContract,
    remittance: Remittance,
    claimId: string,
    amountPence: bigint,
    day: number,
  ): void {
    this.postTransfer(
      contract,
      `clawback of claim ${claimId}`,
      { remittanceId: remittance.id },
      day,
      contract.commissionerFinanceUserId,
      contract.primeCashAccountId,
      contract.commissionerCashAccountId,
      amountPence,
    );
  }

  /** Writes remittances, claim submissions already written, subcontractor payments and their ledger transfers. */
  finish(): void {
    const { rng, sink, options } = this;
    const { asOf } = options;
    for (const r of this.remittances.values()) {
      const periodEnd = monthEnd(r.periodStart);
      const status = r.paidOn <= asOf ? 'PAID' : periodEnd < asOf ? 'EXPORTED' : 'DRAFT';
      sink.add('remittance', [
        r.id,
        r.contract.programmeId,
        r.contract.primeContractId,
        isoDay(r.periodStart),
        isoDay(periodEnd),
        status,
        status === 'PAID' ? `BACS-${r.contract.code}-${isoDay(r.paidOn)}` : null,
        status === 'PAID' ? isoDay(r.paidOn) : null,
        instant(periodEnd + 1, 480),
      ]);
      if (status === 'PAID' && r.totalPence > 0n) {
        this.postTransfer(
          r.contract,
          `remittance ${r.contract.code} ${isoDay(r.periodStart).slice(0, 7)}`,
          { remittanceId: r.id },
          r.paidOn,
          r.contract.commissionerFinanceUserId,
          r.contract.commissionerCashAccountId,
          r.contract.primeCashAccountId,
          r.totalPence,
        );
      }
    }
    for (const p of this.payments.values()) {
      const late = rng.chance(p.subcontract.lateChance);
      const paidOn = late
        ? p.dueOn + rng.int(1, 45)
        : p.dueOn - rng.int(0, Math.min(10, p.subcontract.paymentSlaDays));
      const status = paidOn <= asOf ? 'PAID' : p.dueOn - 14 <= asOf ? 'APPROVED' : 'DRAFT';
      // A few payments are short: the prime paid less than the lines add up to (disputed in reconciliation).
      const short = status === 'PAID' && p.netPence > 100_00n && rng.chance(0.04);
      const paidPence = short
        ? p.netPence - applyPercentage(p.netPence, rng.int(500, 2000))
        : p.netPence;
      sink.add('subcontractor_payment', [
        p.id,
        p.contract.programmeId,
        p.contract.primeContractId,
        p.subcontract.id,
        isoDay(p.periodStart),
        isoDay(monthEnd(p.periodStart)),
        isoDay(p.dueOn),
        status,
        status === 'PAID' ? `FP-${p.contract.code}-${isoDay(paidOn)}-${p.id.slice(-6)}` : null,
        status === 'PAID' ? isoDay(paidOn) : null,
        instant(p.periodStart, 480),
      ]);
      if (status === 'PAID' && paidPence > 0n) {
        this.postTransfer(
          p.contract,
          short ? 'subcontractor payment (part payment)' : 'subcontractor payment',
          { paymentId: p.id },
          paidOn,
          p.contract.primeFinanceUserId,
          p.contract.primeCashAccountId,
          p.subcontract.cashAccountId,
          paidPence,
        );
      }
    }
    this.remittances.clear();
    this.payments.clear();
  }
}
