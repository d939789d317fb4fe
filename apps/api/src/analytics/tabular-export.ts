// Every dashboard exports the rows it shows as CSV or XLSX. Text cells that a
// spreadsheet would run as a formula (starting = + - @, tab or CR) are
// prefixed with a single quote (OWASP CSV injection); numbers we computed are
// written as numbers.
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

const cellText = (value: Cell): string => (value === null ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value));

export function tableToCsv(table: Table): string {
  return stringify([table.columns, ...table.rows.map((row) => table.columns.map((column) => cellText(row[column] ?? null)))]);
}

export async function tableToXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31));
  sheet.addRow(table.columns);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(table.columns.map((column) => {
      const value = row[column] ?? null;
      return typeof value === 'string' ? neutraliseFormula(value) : value;
    }));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export async function renderTable(table: Table, format: 'csv' | 'xlsx'): Promise<{ body: string | Buffer; contentType: string; filename: string }> {
  return {
    body: format === 'csv' ? tableToCsv(table) : await tableToXlsx(table),
    contentType: EXPORT_CONTENT_TYPES[format],
    filename: `${table.name}.${format}`,
  };
}
