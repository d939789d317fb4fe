/**
 * CSV-injection guard (OWASP): a text cell starting with = + - @ or a control
 * character would run as a formula in a spreadsheet, so it is prefixed with a
 * single quote. Numbers we write ourselves are left alone.
 */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
