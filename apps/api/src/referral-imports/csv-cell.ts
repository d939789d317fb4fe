/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or
 * carriage return) as a formula; a leading single quote makes it plain text
 * (OWASP "CSV injection"). Applied to every cell whose content came from an
 * uploaded file.
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
