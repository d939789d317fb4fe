import { addDays } from '../dates/add-days.js';
import { addMonths } from '../dates/add-months.js';
import { DomainError } from '../errors/domain-error.js';
import { allocateProportionally } from '../money/allocate-proportionally.js';
import { applyPercentage } from '../money/apply-percentage.js';
import { type DayDate } from '../vocabulary.js';
import { TermsError } from './terms.errors.js';
import { type ScheduledPayment, type SubcontractTerms } from './subcontract-terms.types.js';

/**
 * Payments falling due in [periodStart, periodEnd] (inclusive) that do not depend on claims:
 * SERVICE_FEE — one fee per period in arrears, due periodEnd + SLA days; GRANT — each instalment
 * on its date; HYBRID — the upfront share split into equal monthly instalments (largest remainder)
 * due from startDate. PBR_SHARE and MILESTONE_TARIFF have none.
 */
export function schedulePeriodicPayments({
  terms,
  periodStart,
  periodEnd,
}: {
  terms: SubcontractTerms;
  periodStart: DayDate;
  periodEnd: DayDate;
}): ScheduledPayment[] {
  if (periodEnd < periodStart) {
    throw new DomainError(
      TermsError.INVALID_PERIOD,
      `period ends ${periodEnd} before it starts ${periodStart}`,
      {
        periodStart,
        periodEnd,
      },
    );
  }
  const inWindow = (date: DayDate) => date >= periodStart && date <= periodEnd;
  const payment = (dueDate: DayDate, grossPence: bigint, description: string): ScheduledPayment => {
    const managementFeePence = applyPercentage(grossPence, terms.managementFeeBasisPoints);
    return {
      dueDate,
      grossPence,
      managementFeePence,
      netPence: grossPence - managementFeePence,
      description,
    };
  };

  switch (terms.kind) {
    case 'PBR_SHARE':
    case 'MILESTONE_TARIFF':
      return [];
    case 'GRANT':
      return terms.instalments
        .filter((instalment) => inWindow(instalment.dueDate))
        .map((instalment) =>
          payment(
            instalment.dueDate,
            instalment.amountPence,
            `grant instalment due ${instalment.dueDate}`,
          ),
        );
    case 'SERVICE_FEE': {
      if (!Number.isInteger(terms.periodMonths) || terms.periodMonths < 1) {
        throw new DomainError(
          TermsError.INVALID_PERIOD,
          `periodMonths must be a whole number ≥ 1, got ${terms.periodMonths}`,
          {
            periodMonths: terms.periodMonths,
          },
        );
      }
      const payments: ScheduledPayment[] = [];
      for (let index = 0; ; index += 1) {
        const serviceStart = addMonths(terms.startDate, index * terms.periodMonths);
        const serviceEnd = addDays(
          addMonths(terms.startDate, (index + 1) * terms.periodMonths),
          -1,
        );
        if (terms.endDate !== undefined && serviceStart > terms.endDate) break;
        const dueDate = addDays(serviceEnd, terms.paymentSlaDays);
        if (dueDate > periodEnd) break;
        if (inWindow(dueDate)) {
          payments.push(
            payment(
              dueDate,
              terms.feePerPeriodPence,
              `service fee ${serviceStart} to ${serviceEnd}`,
            ),
          );
        }
      }
      return payments;
    }
    case 'HYBRID': {
      if (!Number.isInteger(terms.upfrontInstalments) || terms.upfrontInstalments < 1) {
        throw new DomainError(
          TermsError.INVALID_PERIOD,
          `upfrontInstalments must be ≥ 1, got ${terms.upfrontInstalments}`,
          {
            upfrontInstalments: terms.upfrontInstalments,
          },
        );
      }
      const upfrontPence = applyPercentage(terms.contractValuePence, terms.upfrontBasisPoints);
      const parts = allocateProportionally(
        upfrontPence,
        Array<number>(terms.upfrontInstalments).fill(1),
      );
      return parts.flatMap((grossPence, index) => {
        const dueDate = addMonths(terms.startDate, index);
        return inWindow(dueDate)
          ? [
              payment(
                dueDate,
                grossPence,
                `upfront instalment ${index + 1} of ${terms.upfrontInstalments}`,
              ),
            ]
          : [];
      });
    }
  }
}
