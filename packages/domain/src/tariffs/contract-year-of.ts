import { DomainError } from '../errors/domain-error.js';
import { type DayDate } from '../vocabulary.js';
import { toEpochDay } from '../dates/epoch-day.js';
import { TariffError } from './tariff.errors.js';

/** Contract year 1 runs from the start date to the day before its first anniversary, and so on. */
export function contractYearOf({
  contractStartDate,
  date,
}: {
  contractStartDate: DayDate;
  date: DayDate;
}): number {
  toEpochDay(contractStartDate);
  toEpochDay(date);
  if (date < contractStartDate) {
    throw new DomainError(
      TariffError.DATE_BEFORE_CONTRACT_START,
      `${date} is before the contract start ${contractStartDate}`,
      {
        date,
        contractStartDate,
      },
    );
  }
  const years = Number(date.slice(0, 4)) - Number(contractStartDate.slice(0, 4));
  const beforeAnniversary = date.slice(5) < contractStartDate.slice(5);
  return years - (beforeAnniversary ? 1 : 0) + 1;
}
