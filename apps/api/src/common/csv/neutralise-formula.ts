/**
 * CSV-injection guard (OWASP): spreadsheet programs run a cell that starts
 * with = + - @ (or a tab or carriage return) as a formula; a leading single
 * quote makes it plain text. Every text cell of every export, and every cell
 * an import echoes back from an uploaded file, goes through this one function.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
