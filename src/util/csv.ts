// CSV for spreadsheets: RFC 4180 fields and records, made safe to open. A cell that a spreadsheet would
// read as a formula (starting with = + - @, or a tab or CR that some strip before looking) gets a
// leading apostrophe, so data from DNS or an input file can never run as a formula (CSV injection).

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: neutralised if it could be a formula, then quoted (quotes doubled) when RFC 4180 needs it. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, ended by CRLF as RFC 4180 §2 says. */
export function csvRecord(fields: ReadonlyArray<string | number | null>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
