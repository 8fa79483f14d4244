export type CsvValue = string | number | boolean | null | Readonly<Record<string, unknown>>;

/** RFC 4180 quoting, and a leading quote for values a spreadsheet would run as a formula. */
export const csvCell = (value: CsvValue): string => {
  const text = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** A header line of `columns`, then one line per row (CR LF line ends, a final CR LF). */
export const toCsv = <Row extends Readonly<Record<Column, CsvValue>>, Column extends keyof Row & string>(
  columns: readonly Column[],
  rows: readonly Row[],
): string =>
  [columns.join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))].join('\r\n') +
  '\r\n';
