// Parses a bank statement / remittance advice CSV: a header row naming date,
// reference and amount (any order, any case; extra columns ignored). Every bad
// row is reported by line number; nothing is imported unless all are good.
import { parse } from 'csv-parse/sync';
import { hasControlCharacters, isPlausiblePence, ProgrammeDay } from '../common/dto/primitives';
import { type FieldError } from '../common/errors/app-error';
import { type BankLineInput } from './reconciliation.repository';

const AMOUNT = /^(-)?£?(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/;

/** "£1,234.5" → 123450n; exact, no float. */
export function poundsToPence(text: string): bigint | undefined {
  const match = AMOUNT.exec(text.trim());
  if (!match) return undefined;
  const pence =
    BigInt(match[2]!.replace(/,/g, '')) * 100n + BigInt((match[3] ?? '0').padEnd(2, '0'));
  return match[1] ? -pence : pence;
}

export function parseBankStatementCsv(csv: string): {
  lines: BankLineInput[];
  errors: FieldError[];
} {
  let records: string[][];
  try {
    const parsed: string[][] = parse(csv, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
    records = parsed;
  } catch (error) {
    return {
      lines: [],
      errors: [{ field: 'body.csv', message: `is not readable CSV: ${(error as Error).message}` }],
    };
  }
  const header = (records[0] ?? []).map((cell) => cell.toLowerCase());
  const column = (name: string) => header.indexOf(name);
  const missing = ['date', 'reference', 'amount'].filter((name) => column(name) === -1);
  if (missing.length > 0)
    return {
      lines: [],
      errors: [
        {
          field: 'body.csv.line 1',
          message: `header must name the columns date, reference, amount (missing ${missing.join(', ')})`,
        },
      ],
    };
  const lines: BankLineInput[] = [];
  const errors: FieldError[] = [];
  records.slice(1).forEach((record, index) => {
    const lineNumber = index + 2;
    const paidOn = record[column('date')] ?? '';
    const reference = record[column('reference')] ?? '';
    const amountPence = poundsToPence(record[column('amount')] ?? '');
    const date = ProgrammeDay.safeParse(paidOn);
    if (!date.success)
      errors.push({
        field: `body.csv.line ${lineNumber}.date`,
        message: date.error.issues[0]?.message ?? 'must be a date YYYY-MM-DD',
      });
    if (reference === '' || reference.length > 140)
      errors.push({
        field: `body.csv.line ${lineNumber}.reference`,
        message: 'must be 1–140 characters',
      });
    else if (hasControlCharacters(reference))
      errors.push({
        field: `body.csv.line ${lineNumber}.reference`,
        message: 'must not contain control characters',
      });
    if (amountPence === undefined)
      errors.push({
        field: `body.csv.line ${lineNumber}.amount`,
        message: 'must be pounds with up to 2 decimals, e.g. 1234.56',
      });
    else if (!isPlausiblePence(amountPence))
      errors.push({
        field: `body.csv.line ${lineNumber}.amount`,
        message: 'must be within ±£10,000,000,000',
      });
    else lines.push({ lineNumber, paidOn, reference, amountPence });
  });
  if (records.length < 2)
    errors.push({ field: 'body.csv', message: 'has no rows after the header' });
  return { lines, errors };
}
