import { DomainError } from '../errors/domain-error.js';
import { applyPercentage } from '../money/apply-percentage.js';
import { formatPence } from '../money/format-pence.js';
import { type DayDate, type MilestoneCode } from '../vocabulary.js';
import { contractYearOf } from './contract-year-of.js';
import { findVersionInForce } from './find-version-in-force.js';
import { TariffError } from './tariff.errors.js';
import { type CapKind, type PaymentModel } from './tariff.types.js';

export interface PriceMilestoneInput {
  model: PaymentModel;
  paymentGroup: string;
  milestoneCode: MilestoneCode;
  /** The date the milestone fell: the tariff in force on this date applies. */
  milestoneDate: DayDate;
  occurrence: number;
  contractStartDate: DayDate;
  alreadyPaidForParticipantPence: bigint;
  alreadyPaidForContractPence: bigint;
  /** The prime contract's value cap, applied with the model's contract cap (the lower wins). */
  contractValueCapPence?: bigint;
}

export interface MilestonePrice {
  amountPence: bigint;
  /** Tariff price for the occurrence before taper and caps. */
  basePence: bigint;
  tariffVersion: string;
  contractYear: number;
  explanation: string;
  cappedBy?: CapKind;
}

export function priceMilestone(input: PriceMilestoneInput): MilestonePrice {
  const { model, paymentGroup, milestoneCode, milestoneDate, occurrence } = input;
  if (!model.paymentGroups.includes(paymentGroup)) {
    throw new DomainError(
      TariffError.GROUP_NOT_IN_MODEL,
      `payment group ${paymentGroup} is not in model ${model.id}`,
      {
        paymentGroup,
        allowed: model.paymentGroups,
      },
    );
  }
  const version = findVersionInForce({ versions: model.versions, onDate: milestoneDate });
  if (!version) {
    throw new DomainError(
      TariffError.NO_TARIFF_IN_FORCE,
      `no tariff of model ${model.id} is in force on ${milestoneDate}`,
      {
        milestoneDate,
        versions: model.versions.map(({ version: v, effectiveFrom, effectiveTo }) => ({
          version: v,
          effectiveFrom,
          effectiveTo,
        })),
      },
    );
  }
  const tariff = version.tariffs.find(
    (t) => t.paymentGroup === paymentGroup && t.milestoneCode === milestoneCode,
  );
  if (!tariff) {
    throw new DomainError(
      TariffError.MILESTONE_NOT_IN_MODEL,
      `${milestoneCode} is not paid for group ${paymentGroup} under tariff ${version.version}`,
      {
        milestoneCode,
        paymentGroup,
        allowed: version.tariffs
          .filter((t) => t.paymentGroup === paymentGroup)
          .map((t) => t.milestoneCode),
      },
    );
  }
  const amounts = tariff.amountPence;
  const maxOccurrences =
    typeof amounts === 'bigint' ? (tariff.maxOccurrences ?? 1) : amounts.length;
  if (!Number.isInteger(occurrence) || occurrence < 1 || occurrence > maxOccurrences) {
    throw new DomainError(
      TariffError.OCCURRENCE_OUT_OF_RANGE,
      `${milestoneCode} occurrence ${occurrence} is outside 1–${maxOccurrences}`,
      { occurrence, min: 1, max: maxOccurrences },
    );
  }
  if (input.alreadyPaidForParticipantPence < 0n || input.alreadyPaidForContractPence < 0n) {
    throw new DomainError(
      TariffError.NEGATIVE_ALREADY_PAID,
      'amounts already paid cannot be negative',
      {
        alreadyPaidForParticipantPence: String(input.alreadyPaidForParticipantPence),
        alreadyPaidForContractPence: String(input.alreadyPaidForContractPence),
      },
    );
  }

  const basePence = typeof amounts === 'bigint' ? amounts : (amounts[occurrence - 1] ?? 0n);
  const contractYear = contractYearOf({
    contractStartDate: input.contractStartDate,
    date: milestoneDate,
  });
  const steps = [
    `${paymentGroup} ${milestoneCode} #${occurrence} under ${version.version}: ${formatPence(basePence)}`,
  ];

  let amountPence = basePence;
  const taper = tariff.taperBasisPointsByContractYear;
  if (taper && taper.length > 0) {
    const basisPoints = taper[Math.min(contractYear, taper.length) - 1] ?? 10_000;
    amountPence = applyPercentage(basePence, basisPoints);
    steps.push(
      `contract year ${contractYear} taper ${(basisPoints / 100).toFixed(2)}% → ${formatPence(amountPence)}`,
    );
  }

  let cappedBy: CapKind | undefined;
  const caps = version.caps ?? {};
  const limits: [CapKind, bigint | undefined, bigint][] = [
    ['PARTICIPANT_CAP', caps.perParticipantPence, input.alreadyPaidForParticipantPence],
    [
      'CONTRACT_CAP',
      lowerOf(caps.perContractPence, input.contractValueCapPence),
      input.alreadyPaidForContractPence,
    ],
  ];
  for (const [kind, cap, alreadyPaid] of limits) {
    if (cap === undefined) continue;
    const left = cap > alreadyPaid ? cap - alreadyPaid : 0n;
    if (amountPence <= left) continue;
    amountPence = left;
    cappedBy = kind;
    steps.push(
      `${kind === 'PARTICIPANT_CAP' ? 'participant' : 'contract'} cap ${formatPence(cap)} leaves ${formatPence(left)}`,
    );
  }

  return {
    amountPence,
    basePence,
    tariffVersion: version.version,
    contractYear,
    explanation: steps.join('; '),
    ...(cappedBy ? { cappedBy } : {}),
  };
}

function lowerOf(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
