import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { addDays } from './add-days.js';
import { addMonths } from './add-months.js';
import { addWeeks } from './add-weeks.js';
import { addWorkingDays } from './add-working-days.js';
import { DateError } from './date.errors.js';
import { daysBetween } from './days-between.js';
import { isDayDate } from './is-day-date.js';
import { isWorkingDay } from './is-working-day.js';

describe('day dates', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2011-12-31', 1)).toBe('2012-01-01');
    expect(addDays('2011-06-01', -1)).toBe('2011-05-31');
  });

  it('adds weeks as seven days each (26 weeks = 182 days, the Work and Health Programme outcome period)', () => {
    expect(addWeeks('2011-06-01', 26)).toBe(addDays('2011-06-01', 182));
  });

  it('clamps month arithmetic to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2011-06-15', 12)).toBe('2012-06-15');
    expect(addMonths('2011-11-30', 3)).toBe('2012-02-29');
  });

  it('counts days between dates, negative when going backwards', () => {
    expect(daysBetween('2011-06-01', '2012-06-01')).toBe(366);
    expect(daysBetween('2012-06-01', '2011-06-01')).toBe(-366);
  });

  it('rejects strings that are not real calendar days', () => {
    expect(isDayDate('2011-02-29')).toBe(false);
    expect(isDayDate('2011-6-1')).toBe(false);
    expect(isDayDate('2012-02-29')).toBe(true);
    expect(() => addDays('2011-13-01', 1)).toThrow(DomainError);
    try {
      addDays('nope', 1);
    } catch (error) {
      expect((error as DomainError).code).toBe(DateError.INVALID_DAY_DATE);
    }
  });

  it('treats weekends and listed bank holidays as non-working days', () => {
    expect(isWorkingDay('2024-06-01')).toBe(false); // Saturday
    expect(isWorkingDay('2024-06-03')).toBe(true); // Monday
    expect(isWorkingDay('2024-05-27', ['2024-05-27'])).toBe(false); // spring bank holiday
  });

  it('adds 15 working days as three working weeks (WP sustainment claim window)', () => {
    expect(addWorkingDays('2024-06-03', 15)).toBe('2024-06-24');
    expect(addWorkingDays('2024-05-24', 1, ['2024-05-27'])).toBe('2024-05-28');
    expect(addWorkingDays('2024-06-01', 0)).toBe('2024-06-01');
  });

  it('keeps daysBetween and addDays inverse to each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -20000, max: 20000 }),
        fc.integer({ min: -5000, max: 5000 }),
        (start, offset) => {
          const from = addDays('1970-01-01', start);
          expect(daysBetween(from, addDays(from, offset))).toBe(offset);
        },
      ),
    );
  });
});
