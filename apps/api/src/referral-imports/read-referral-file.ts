// Streams the records of an uploaded referral file, one at a time, so a
// 100k-row file never sits in memory: csv-parse for CSV, exceljs's streaming
// WorkbookReader for XLSX. The first record is the header row. exceljs is
// loaded on the first XLSX file only: it takes longer to load than a CSV
// import's staging worker takes to parse 10,000 rows.
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';

export type ReferralFileFormat = 'CSV' | 'XLSX';

export interface FileRecord {
  /** Line (CSV) or row (XLSX) number in the file; the header is 1. */
  line: number;
  cells: string[];
}

/** The file cannot be read as a referral file; the import fails with this message. */
export class UnreadableFileError extends Error {}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A CSV record larger than this is not a referral: refuse rather than buffer it. */
const MAX_RECORD_BYTES = 64 * 1024;

/** XLSX is a zip (PK\x03\x04); anything else is read as CSV. */
export function detectFormat(firstBytes: Buffer): ReferralFileFormat {
  return firstBytes.subarray(0, 4).equals(ZIP_MAGIC) ? 'XLSX' : 'CSV';
}

export function readRecords(
  source: Readable,
  format: ReferralFileFormat,
): AsyncGenerator<FileRecord> {
  return format === 'XLSX' ? readXlsxRecords(source) : readCsvRecords(source);
}

/** Passes bytes through unchanged, failing on the first invalid UTF-8 sequence. */
function utf8Guard(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        decoder.decode(chunk, { stream: true });
        callback(null, chunk);
      } catch {
        callback(
          new UnreadableFileError(
            'The file is neither an XLSX workbook nor UTF-8 text. Save it as CSV UTF-8 or as an Excel workbook.',
          ),
        );
      }
    },
    flush(callback) {
      try {
        decoder.decode();
        callback();
      } catch {
        callback(
          new UnreadableFileError(
            'The file ends in the middle of a character: it is not valid UTF-8 text.',
          ),
        );
      }
    },
  });
}

async function* readCsvRecords(source: Readable): AsyncGenerator<FileRecord> {
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  // Errors anywhere in the chain destroy the parser, so they surface in the loop below.
  const piping = pipeline(source, utf8Guard(), parser).catch(() => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield { line: info.lines, cells: record };
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`The file is not valid CSV: ${(error as Error).message}`);
  } finally {
    source.destroy();
    await piping;
  }
}

async function* readXlsxRecords(source: Readable): AsyncGenerator<FileRecord> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(source, {
    entries: 'emit',
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  let isFirstSheet = true;
  try {
    for await (const worksheet of workbook) {
      // Only the first worksheet is the referral list; later sheets are drained unread.
      for await (const row of worksheet) {
        if (!isFirstSheet) continue;
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        yield { line: row.number, cells: Array.from(values, cellText) };
      }
      isFirstSheet = false;
    }
  } catch (error) {
    throw new UnreadableFileError(
      `The file looks like an Excel workbook but cannot be read: ${(error as Error).message}`,
    );
  } finally {
    source.destroy();
  }
  if (isFirstSheet) throw new UnreadableFileError('The workbook has no worksheet.');
}

/** The text a cell shows: dates as ISO days, rich text joined, formulas by their result. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  if ('error' in value) return value.error;
  return '';
}
