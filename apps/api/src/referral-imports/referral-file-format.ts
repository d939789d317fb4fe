// The bulk referral file: its columns, the codes it may use and how values are
// read. One definition feeds the validation SQL, the DTO descriptions
// (OpenAPI), the template download and docs/referral-import.md.
import { WORK_PROGRAMME_GROUPS } from '@waymark/domain';

export interface ReferralFileColumn {
  name: string;
  description: string;
  example: string;
}

/** Every column is required; header names match case-insensitively, spaces and hyphens count as underscores. */
export const REFERRAL_FILE_COLUMNS = [
  {
    name: 'external_reference',
    description:
      'Your own id for the referral, at most 64 characters; unique per referral partner (a reused one is rejected, so a file can be re-sent safely).',
    example: 'JCP-MAN-000123',
  },
  {
    name: 'ni_number',
    description:
      'National Insurance number, e.g. AB123456C (spaces allowed, any case). Stored only as a keyed hash and encrypted.',
    example: 'AB123456C',
  },
  {
    name: 'date_of_birth',
    description: 'YYYY-MM-DD or DD/MM/YYYY (an Excel date cell also works); not in the future.',
    example: '1990-07-14',
  },
  { name: 'benefit_type', description: 'One of the benefit type codes (any case).', example: 'UC' },
] as const satisfies readonly ReferralFileColumn[];

export type ReferralFileColumnName = (typeof REFERRAL_FILE_COLUMNS)[number]['name'];
export const REFERRAL_FILE_COLUMN_NAMES: readonly ReferralFileColumnName[] =
  REFERRAL_FILE_COLUMNS.map((column) => column.name);

/**
 * Benefit types a referral may carry: the current benefits, plus the Work
 * Programme's benefit categories, which that programme's grouping rules read
 * as the payment group (packages/domain models/work-programme.model).
 */
export const BENEFIT_TYPES = [
  'UC',
  'JSA',
  'ESA',
  'IS',
  'IB',
  'PIP',
  'NONE',
  ...WORK_PROGRAMME_GROUPS,
] as const;

/**
 * The HMRC NI number pattern of common/pii/ni-number.ts, as a PostgreSQL
 * regular expression (ARE supports the same negative lookahead); a test
 * checks the two agree.
 */
export const NI_NUMBER_SQL_PATTERN =
  '^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$';

export const MAX_EXTERNAL_REFERENCE_LENGTH = 64;

/** Upload ceiling for one referral file. */
export const REFERRAL_FILE_MAX_BYTES = 100 * 1024 * 1024;

export function normaliseHeader(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Where each required column sits in the header row, or the names missing / repeated. */
export function locateColumns(
  header: readonly string[],
):
  | { isValid: true; indexes: Record<ReferralFileColumnName, number> }
  | { isValid: false; missing: string[]; repeated: string[] } {
  const names = header.map(normaliseHeader);
  const missing = REFERRAL_FILE_COLUMN_NAMES.filter((name) => !names.includes(name));
  const repeated = REFERRAL_FILE_COLUMN_NAMES.filter(
    (name) => names.indexOf(name) !== names.lastIndexOf(name),
  );
  if (missing.length > 0 || repeated.length > 0) return { isValid: false, missing, repeated };
  const indexes = Object.fromEntries(
    REFERRAL_FILE_COLUMN_NAMES.map((name) => [name, names.indexOf(name)]),
  ) as Record<ReferralFileColumnName, number>;
  return { isValid: true, indexes };
}

export function templateCsv(): string {
  const header = REFERRAL_FILE_COLUMNS.map((column) => column.name).join(',');
  const example = REFERRAL_FILE_COLUMNS.map((column) => column.example).join(',');
  return `${header}\r\n${example}\r\n`;
}

/** The format, in words, for OpenAPI descriptions. */
export function describeFileFormat(): string {
  const columns = REFERRAL_FILE_COLUMNS.map(
    (column) => `${column.name} (required): ${column.description}`,
  ).join(' ');
  return (
    `CSV (UTF-8, comma-separated, header row first) or XLSX (first worksheet, header row first), at most ${REFERRAL_FILE_MAX_BYTES / 1024 / 1024} MB. ` +
    `Columns, in any order (extra columns are ignored): ${columns} Benefit type codes: ${BENEFIT_TYPES.join(', ')}.`
  );
}
