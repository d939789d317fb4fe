// The simulator: for a hypothetical participant, the payment group they would fall in and why, and
// every milestone they would earn up to a horizon with its dates and amount, under a set of
// versions (a draft on its own, or a model's published versions). Comparing two runs shows what a
// new version changes before anyone publishes it.
import { addDays } from '../dates/add-days.js';
import { isDomainError } from '../errors/domain-error.js';
import { type Journey } from '../milestones/journey.types.js';
import { totalBarrierScore } from '../payment-groups/assign-payment-group.js';
import { type Barrier } from '../payment-groups/grouping-rule.types.js';
import { type DayDate, type MilestoneCode } from '../vocabulary.js';
import {
  assessJourney,
  assignGroupUnder,
  isPaidOn,
  milestoneNameOf,
  paymentGroupNameOf,
  priceUnder,
  type ProgrammeRules,
} from './programme-rules.js';

export interface HypotheticalParticipant {
  benefitType: string;
  ageYears?: number;
  barriers: readonly Barrier[];
  referralDate: DayDate;
  attachmentDate?: DayDate;
  /** Milestones a caseworker would record (action plan, qualification, …), with their days. */
  recorded?: readonly { code: MilestoneCode; date: DayDate }[];
  jobs?: readonly { startDate: DayDate; endDate?: DayDate }[];
  earnings?: readonly { date: DayDate; amountPence: bigint }[];
  /** Later needs assessments (distance travelled); the first is `barriers` on the attachment day. */
  reassessments?: readonly { date: DayDate; barriers: readonly Barrier[] }[];
}

export interface ScheduledMilestone {
  code: MilestoneCode;
  name: string;
  occurrence: number;
  milestoneDate: DayDate;
  claimableFrom: DayDate;
  claimDeadline: DayDate;
  amountPence: bigint;
  isPaid: boolean;
  tariffVersion: string | null;
  explanation: string;
}

export interface Simulation {
  paymentGroup: string;
  paymentGroupName: string;
  groupExplanation: string;
  schedule: ScheduledMilestone[];
  totalPence: bigint;
  horizon: DayDate;
}

export function simulateParticipant(
  rules: ProgrammeRules,
  input: { participant: HypotheticalParticipant; contractStartDate: DayDate; horizonDays: number },
): Simulation {
  const { participant } = input;
  const start = participant.attachmentDate ?? participant.referralDate;
  const assignment = assignGroupUnder(rules, {
    assessedOn: start,
    barriers: participant.barriers,
    benefitType: participant.benefitType,
    ...(participant.ageYears !== undefined ? { ageYears: participant.ageYears } : {}),
  });
  const paymentGroup = assignment.paymentGroup;
  const journey: Journey = {
    referralDate: participant.referralDate,
    ...(participant.attachmentDate ? { attachmentDate: participant.attachmentDate } : {}),
    events: (participant.recorded ?? []).map((r, i, all) => ({
      code: r.code,
      date: r.date,
      occurrence: all.slice(0, i).filter((o) => o.code === r.code).length + 1,
    })),
    jobs: participant.jobs ?? [],
    earnings: participant.earnings ?? [],
    assessments: [
      { date: start, score: totalBarrierScore(participant.barriers) },
      ...(participant.reassessments ?? []).map((r) => ({
        date: r.date,
        score: totalBarrierScore(r.barriers),
      })),
    ],
    claims: [],
  };
  const horizon = addDays(participant.referralDate, input.horizonDays);
  // Seen from the horizon, everything that fell before it has fallen; an expired deadline does not
  // matter here (a provider claims on time), so EXPIRED counts like CLAIMABLE.
  const fallen = assessJourney(rules, { journey, paymentGroup, today: horizon })
    .filter(
      (a) =>
        (a.status === 'CLAIMABLE' || a.status === 'EXPIRED') &&
        a.milestoneDate &&
        a.claimableFrom &&
        a.claimDeadline,
    )
    .sort((a, b) =>
      (a.claimableFrom ?? '') < (b.claimableFrom ?? '')
        ? -1
        : (a.claimableFrom ?? '') > (b.claimableFrom ?? '')
          ? 1
          : 0,
    );

  let paidSoFar = 0n;
  const schedule = fallen.map((a): ScheduledMilestone => {
    const milestoneDate = a.milestoneDate as DayDate;
    const base = {
      code: a.code,
      name: milestoneNameOf(rules, a.code),
      occurrence: a.occurrence,
      milestoneDate,
      claimableFrom: a.claimableFrom as DayDate,
      claimDeadline: a.claimDeadline as DayDate,
    };
    if (!isPaidOn(rules, { paymentGroup, code: a.code, milestoneDate })) {
      return {
        ...base,
        amountPence: 0n,
        isPaid: false,
        tariffVersion: null,
        explanation: 'not paid under the version in force on this day',
      };
    }
    try {
      const price = priceUnder(rules, {
        paymentGroup,
        code: a.code,
        occurrence: a.occurrence,
        milestoneDate,
        contractStartDate: input.contractStartDate,
        alreadyPaidForParticipantPence: paidSoFar,
        alreadyPaidForContractPence: 0n,
      });
      paidSoFar += price.amountPence;
      return {
        ...base,
        amountPence: price.amountPence,
        isPaid: true,
        tariffVersion: price.tariffVersion,
        explanation: price.explanation,
      };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return {
        ...base,
        amountPence: 0n,
        isPaid: false,
        tariffVersion: null,
        explanation: error.message,
      };
    }
  });
  return {
    paymentGroup,
    paymentGroupName: paymentGroupNameOf(rules, paymentGroup),
    groupExplanation: assignment.explanation,
    schedule,
    totalPence: paidSoFar,
    horizon,
  };
}

export interface ScheduleDifference {
  code: MilestoneCode;
  name: string;
  occurrence: number;
  before: { claimableFrom: DayDate; amountPence: bigint } | null;
  after: { claimableFrom: DayDate; amountPence: bigint } | null;
}

/** Milestone occurrences whose date or amount differ between two simulations (either may lack it). */
export function compareSimulations(
  before: Simulation,
  after: Simulation,
): { differences: ScheduleDifference[]; totalChangePence: bigint } {
  const key = (m: ScheduledMilestone) => `${m.code}#${m.occurrence}`;
  const beforeByKey = new Map(before.schedule.map((m) => [key(m), m]));
  const afterByKey = new Map(after.schedule.map((m) => [key(m), m]));
  const keys = [...new Set([...beforeByKey.keys(), ...afterByKey.keys()])];
  const differences = keys.flatMap((k): ScheduleDifference[] => {
    const b = beforeByKey.get(k);
    const a = afterByKey.get(k);
    if (b && a && b.claimableFrom === a.claimableFrom && b.amountPence === a.amountPence) return [];
    const any = (a ?? b) as ScheduledMilestone;
    return [
      {
        code: any.code,
        name: any.name,
        occurrence: any.occurrence,
        before: b ? { claimableFrom: b.claimableFrom, amountPence: b.amountPence } : null,
        after: a ? { claimableFrom: a.claimableFrom, amountPence: a.amountPence } : null,
      },
    ];
  });
  return { differences, totalChangePence: after.totalPence - before.totalPence };
}
