// The edge's primitives refuse what PostgreSQL would answer with a 500
// (NUL bytes, year 0000, integers beyond the column) and accept ordinary input.
import {
  AmountPence,
  DateOfBirth,
  int4,
  line,
  ProgrammeDay,
  ProgrammeMonth,
  queryInt4,
  text,
} from './primitives';

describe('text primitives', () => {
  it('refuses a NUL byte and other control characters, keeps newlines and tabs in free text', () => {
    expect(text({ max: 100 }).safeParse('a\u0000b').success).toBe(false);
    expect(text({ max: 100 }).safeParse('a\u001bb').success).toBe(false);
    expect(text({ max: 100 }).safeParse('a\u0085b').success).toBe(false);
    expect(text({ max: 100 }).parse(' first\nsecond\tthird ')).toBe('first\nsecond\tthird');
  });
  it('refuses line breaks in one-line values and enforces length bounds', () => {
    expect(line({ max: 100 }).safeParse('a\nb').success).toBe(false);
    expect(line({ max: 3 }).safeParse('abcd').success).toBe(false);
    expect(line({ max: 3 }).safeParse('   ').success).toBe(false);
    expect(line({ max: 3, min: 0 }).parse('   ')).toBe('');
    expect(line({ max: 10 }).parse('Café ✓')).toBe('Café ✓');
  });
  it('refuses a lone surrogate', () => {
    expect(line({ max: 10 }).safeParse('a\uD800b').success).toBe(false);
    expect(line({ max: 10 }).safeParse('💥').success).toBe(true);
  });
});

describe('day dates', () => {
  it('refuses year 0000 and a date of birth in the year 3000, accepts ordinary days', () => {
    expect(ProgrammeDay.safeParse('0000-01-01').success).toBe(false);
    expect(ProgrammeDay.safeParse('2026-02-30').success).toBe(false);
    expect(ProgrammeDay.parse('2026-04-01')).toBe('2026-04-01');
    expect(DateOfBirth.safeParse('3000-01-01').success).toBe(false);
    expect(DateOfBirth.safeParse('0000-01-01').success).toBe(false);
    expect(DateOfBirth.parse('1985-06-30')).toBe('1985-06-30');
    // One message per bad value, not a format error and a range error.
    expect(DateOfBirth.safeParse('3000-01-01').error?.issues).toHaveLength(1);
    expect(ProgrammeDay.safeParse('not a day').error?.issues).toHaveLength(1);
    expect(ProgrammeMonth.safeParse('0000-01').success).toBe(false);
    expect(ProgrammeMonth.parse('2026-01')).toBe('2026-01');
  });
});

describe('integers and pence', () => {
  it('refuses integers beyond int4', () => {
    expect(int4({ min: 1 }).safeParse(2 ** 31).success).toBe(false);
    expect(int4().safeParse(2 ** 31 - 1).success).toBe(true);
    expect(queryInt4().safeParse('1e22').success).toBe(false);
    expect(queryInt4({ min: 1, max: 200 }).parse('20')).toBe(20);
  });
  it('refuses pence of ±10^22 and accepts ordinary amounts', () => {
    expect(AmountPence.safeParse('10000000000000000000000').success).toBe(false);
    expect(AmountPence.safeParse('-10000000000000000000000').success).toBe(false);
    expect(AmountPence.safeParse('1.5').success).toBe(false);
    expect(AmountPence.parse('-120000')).toBe('-120000');
  });
});
