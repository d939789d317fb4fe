import { type DayDate, type MilestoneCode } from '../vocabulary.js';

/** Anything versioned by effective date; `effectiveTo` is inclusive and open-ended when absent. */
export interface EffectiveDated {
  readonly effectiveFrom: DayDate;
  readonly effectiveTo?: DayDate;
}

export interface Tariff {
  readonly paymentGroup: string;
  readonly milestoneCode: MilestoneCode;
  /**
   * One price for every occurrence (up to `maxOccurrences`, default 1), or an explicit price per
   * occurrence (index 0 = occurrence 1), e.g. a sustainment total spread across its periods.
   */
  readonly amountPence: bigint | readonly bigint[];
  readonly maxOccurrences?: number;
  /**
   * Multiplier by contract year in basis points (index 0 = year 1); years past the end of the
   * list use its last entry. E.g. the WP attachment fee fell each year and was 0 by year 4.
   */
  readonly taperBasisPointsByContractYear?: readonly number[];
}

export interface TariffCaps {
  readonly perParticipantPence?: bigint;
  readonly perContractPence?: bigint;
}

export interface TariffVersion extends EffectiveDated {
  readonly version: string;
  readonly tariffs: readonly Tariff[];
  readonly caps?: TariffCaps;
}

export interface PaymentModel {
  readonly id: string;
  readonly name: string;
  readonly paymentGroups: readonly string[];
  readonly versions: readonly TariffVersion[];
}

export type CapKind = 'PARTICIPANT_CAP' | 'CONTRACT_CAP';
