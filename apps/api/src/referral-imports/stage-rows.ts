// The records of a referral file turned into the staging table's COPY text:
// values trimmed (empty as null), control characters removed and noted, the
// NI number normalised, keyed (HMAC) and encrypted, ids and a participant
// reference made. Pure CPU work: it runs in the staging worker thread
// (referral-staging.worker.ts), so it overlaps PostgreSQL's COPY on the other core.
import { hasControlCharacters, withoutControlCharacters } from '../common/dto/primitives';
import { type FileRecord, UnreadableFileError } from './read-referral-file';
import {
  locateColumns,
  REFERRAL_FILE_COLUMN_NAMES,
  type ReferralFileColumnName,
} from './referral-file-format';
import { RandomPool, SequentialIds } from './sequential-ids';

/** One data row as staged: values trimmed, empty as null; the NI number normalised, with its HMAC and ciphertext. */
export interface StagedRow {
  line: number;
  externalReference: string | null;
  niNumber: string | null;
  niNumberHmac: Buffer | null;
  niNumberCiphertext: Buffer | null;
  dateOfBirth: string | null;
  benefitType: string | null;
  /** Pseudonymous reference for the participant, should the row create one (random, made in Node: cheaper than per-row SQL). */
  participantReference: string;
  /** Ids the row's participant (unless the person already is one), referral and first transition get: ascending, see sequential-ids.ts. */
  participantId: string;
  referralId: string;
  transitionId: string;
  /** Columns whose cell held a control character (removed from the staged value): each fails the row. */
  controlCharacterColumns: readonly string[];
}

/** The NI number functions of @waymark/db (common/pii/ni-number.ts), passed in so the worker loads only that module. */
export interface NiNumberCrypto {
  normaliseNiNumber(value: string): string;
  hmacNiNumber(niNumber: string, key: Buffer): Buffer;
  encryptNiNumber(niNumber: string, key: Buffer, iv: Buffer): Buffer;
}

export interface StagingKeys {
  piiHmacKey: Buffer;
  piiEncryptionKey: Buffer;
}

/** Many rows of COPY text, and how many rows they are. */
export interface StagingChunk {
  text: string;
  rows: number;
}

/** Rows per chunk: large enough that per-message and per-write overhead vanishes, small enough to bound memory. */
const CHUNK_ROWS = 2000;

function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

function copyBytea(value: Buffer | null): string {
  return value === null ? '\\N' : `\\\\x${value.toString('hex')}`;
}

/** The row as a line of the staging table's COPY text (columns in ReferralImportStagingRepository.copyRows order). */
export function toCopyLine(row: StagedRow): string {
  return `${row.line}\t${copyText(row.externalReference)}\t${copyText(row.niNumber)}\t${copyBytea(row.niNumberHmac)}\t${copyBytea(row.niNumberCiphertext)}\t${copyText(row.dateOfBirth)}\t${copyText(row.benefitType)}\t${row.participantReference}\t${row.participantId}\t${row.referralId}\t${row.transitionId}\t${row.controlCharacterColumns.length > 0 ? `{${row.controlCharacterColumns.join(',')}}` : '\\N'}\n`;
}

/**
 * The file's records (header first) as staging COPY text, CHUNK_ROWS rows a
 * chunk. Blank records are skipped; a bad header, an empty file or a file
 * with no referrals is an UnreadableFileError.
 */
export async function* toStagingChunks(
  records: AsyncIterable<FileRecord>,
  options: { keys: StagingKeys; niNumbers: NiNumberCrypto },
): AsyncGenerator<StagingChunk> {
  const random = new RandomPool();
  const ids = new SequentialIds(random);
  let indexes: Record<ReferralFileColumnName, number> | undefined;
  let text = '';
  let rows = 0;
  let total = 0;
  for await (const record of records) {
    if (isBlank(record)) continue;
    if (!indexes) {
      const located = locateColumns(record.cells);
      if (!located.isValid) throw new UnreadableFileError(describeBadHeader(located));
      indexes = located.indexes;
      continue;
    }
    text += toCopyLine(stageRow(record, indexes, { ...options, random, ids }));
    rows += 1;
    if (rows < CHUNK_ROWS) continue;
    yield { text, rows };
    total += rows;
    text = '';
    rows = 0;
  }
  if (!indexes)
    throw new UnreadableFileError(
      `The file is empty: expected a header row (${REFERRAL_FILE_COLUMN_NAMES.join(', ')}) and at least one referral.`,
    );
  if (rows === 0 && total === 0)
    throw new UnreadableFileError('The file has a header row but no referrals.');
  if (rows > 0) yield { text, rows };
}

function stageRow(
  record: FileRecord,
  indexes: Record<ReferralFileColumnName, number>,
  options: {
    keys: StagingKeys;
    niNumbers: NiNumberCrypto;
    random: RandomPool;
    ids: SequentialIds;
  },
): StagedRow {
  const { keys, niNumbers, random, ids } = options;
  // A cell with a control character (a NUL byte, which PostgreSQL refuses in text) fails its row, not
  // the job: the visible rest of the value is staged and the row reported as having the character.
  const controlCharacterColumns: ReferralFileColumnName[] = [];
  const cell = (name: ReferralFileColumnName) => {
    let value = record.cells[indexes[name]]?.trim() ?? '';
    if (hasControlCharacters(value)) {
      controlCharacterColumns.push(name);
      value = withoutControlCharacters(value);
    }
    return value === '' ? null : value;
  };
  const rawNiNumber = cell('ni_number');
  const niNumber = rawNiNumber === null ? null : niNumbers.normaliseNiNumber(rawNiNumber);
  return {
    line: record.line,
    externalReference: cell('external_reference'),
    niNumber,
    // Keyed here so the clear value is only ever in the job transaction's temporary table.
    niNumberHmac: niNumber === null ? null : niNumbers.hmacNiNumber(niNumber, keys.piiHmacKey),
    niNumberCiphertext:
      niNumber === null
        ? null
        : niNumbers.encryptNiNumber(niNumber, keys.piiEncryptionKey, random.take(12)),
    dateOfBirth: cell('date_of_birth'),
    benefitType: cell('benefit_type'),
    participantReference: `P-${random.take(8).toString('hex').toUpperCase()}`,
    participantId: ids.next(),
    referralId: ids.next(),
    transitionId: ids.next(),
    controlCharacterColumns,
  };
}

function isBlank(record: FileRecord): boolean {
  return record.cells.every((cell) => cell.trim() === '');
}

function describeBadHeader(located: { missing: string[]; repeated: string[] }): string {
  const parts: string[] = [];
  if (located.missing.length > 0)
    parts.push(
      `the header row is missing the column${located.missing.length > 1 ? 's' : ''} ${located.missing.join(', ')}`,
    );
  if (located.repeated.length > 0)
    parts.push(`the header row repeats ${located.repeated.join(', ')}`);
  const sentence = parts.join('; and ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}. Expected columns: ${REFERRAL_FILE_COLUMN_NAMES.join(', ')} (see GET /referral-imports/template.csv).`;
}
