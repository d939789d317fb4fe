// Every dashboard exports the rows it shows as CSV or XLSX, for auditors: one
// header row; beside each money column in pence (`…Pence`) a column in pounds
// (`…Pounds`), and beside each basis-point column (`…Bp`) a percentage
// (`…Percent`). In XLSX both are numeric cells (pounds with a £ number format,
// negatives in brackets) so a spreadsheet can add them up. Text cells that a
// spreadsheet would run as a formula are neutralised by the one guard,
// remittances/csv-cell.ts (OWASP CSV injection).
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../common/csv/neutralise-formula';

export type Cell = string | number | boolean | null;
export interface Table {
  /** File and sheet name. */
  name: string;
  columns: string[];
  rows: Record<string, Cell>[];
}

const POUNDS_FORMAT = '"£"#,##0.00;("£"#,##0.00)';
const PERCENT_FORMAT = '0.00"%"';

type Derived = {
  name: string;
  from: string;
  kind: 'pence' | 'pounds' | 'bp' | 'percent' | 'plain';
};

/** The export's columns: each …Pence column followed by its …Pounds, each …Bp by its …Percent. */
function exportColumns(table: Table): Derived[] {
  return table.columns.flatMap((column): Derived[] => {
    if (column.endsWith('Pence'))
      return [
        { name: column, from: column, kind: 'pence' },
        { name: `${column.slice(0, -5)}Pounds`, from: column, kind: 'pounds' },
      ];
    if (column.endsWith('Bp'))
      return [
        { name: column, from: column, kind: 'bp' },
        { name: `${column.slice(0, -2)}Percent`, from: column, kind: 'percent' },
      ];
    return [{ name: column, from: column, kind: 'plain' }];
  });
}

/** Integer pence (as digits) → pounds as an exact decimal string ("-1234.5" → never; "-123450" → "-1234.50"). */
export function penceToPoundsText(pence: string): string {
  const value = BigInt(pence);
  const magnitude = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}

const isPence = (value: Cell): value is string | number =>
  (typeof value === 'string' && /^-?\d+$/.test(value)) ||
  (typeof value === 'number' && Number.isInteger(value));

function cellOf(column: Derived, row: Record<string, Cell>, format: 'csv' | 'xlsx'): Cell {
  const value = row[column.from] ?? null;
  if (value === null) return null;
  switch (column.kind) {
    case 'pence':
      return isPence(value) && format === 'xlsx' ? Number(value) : value;
    case 'pounds': {
      if (!isPence(value)) return null;
      const text = penceToPoundsText(String(value));
      return format === 'xlsx' ? Number(text) : text;
    }
    case 'bp':
      return value;
    case 'percent':
      return typeof value === 'number' ? Number((value / 100).toFixed(2)) : null;
    case 'plain':
      return value;
  }
}

const cellText = (value: Cell): string =>
  value === null ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value);

export function tableToCsv(table: Table): string {
  const columns = exportColumns(table);
  return stringify([
    columns.map((c) => c.name),
    ...table.rows.map((row) => columns.map((column) => cellText(cellOf(column, row, 'csv')))),
  ]);
}

export async function tableToXlsx(table: Table): Promise<Buffer> {
  const columns = exportColumns(table);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31));
  sheet.columns = columns.map((column) => ({
    key: column.name,
    width: Math.max(12, column.name.length + 2),
    style:
      column.kind === 'pounds'
        ? { numFmt: POUNDS_FORMAT }
        : column.kind === 'percent'
          ? { numFmt: PERCENT_FORMAT }
          : {},
  }));
  sheet.getRow(1).values = columns.map((c) => c.name);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of table.rows) {
    sheet.addRow(
      columns.map((column) => {
        const value = cellOf(column, row, 'xlsx');
        return typeof value === 'string' ? neutraliseFormula(value) : value;
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export async function renderTable(
  table: Table,
  format: 'csv' | 'xlsx',
): Promise<{ body: string | Buffer; contentType: string; filename: string }> {
  return {
    body: format === 'csv' ? tableToCsv(table) : await tableToXlsx(table),
    contentType: EXPORT_CONTENT_TYPES[format],
    filename: `${table.name}.${format}`,
  };
}
