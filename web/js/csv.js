// CSV exports of the portal's lists (RFC 4180: fields quoted when they hold a comma, a quote or a line break, quotes
// doubled, CRLF between records). A text cell that starts with = + - @ (or a tab or carriage return) would be read
// as a formula by a spreadsheet, so it gets a leading apostrophe (OWASP "CSV injection"); numbers are left as numbers.
// Written here, not taken from a library: the pages have no build step and no runtime dependency (ADR 0401).
import { saveBlob } from './api.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV text. */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and data rows (arrays of cells) as one CSV text. */
export function toCsv(header, rows) {
  return [header, ...rows].map(row => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Saves the rows as a .csv file; the byte order mark makes spreadsheets read it as UTF-8. */
export function downloadCsv(fileName, header, rows) {
  saveBlob(new Blob(['\uFEFF', toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }), fileName);
}
