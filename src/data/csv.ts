/**
 * CSV (RFC 4180) for every export: messages, chart lines. Cells that a spreadsheet would run as a formula
 * (text starting with = + - @, a tab or a carriage return) get a leading apostrophe (OWASP's advice), so
 * a payload from a stranger cannot become a formula on the reader's machine. Plain numbers stay numbers.
 */

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as CSV text, CRLF line ends, with a final line end. */
export function csvText(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
