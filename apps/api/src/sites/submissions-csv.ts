import { stringify } from 'csv-stringify/sync';

/** What a CSV row is made of: one stored submission. */
export interface SubmissionRow {
  form: string;
  page: string;
  data: Record<string, string>;
  createdAt: Date;
}

// A spreadsheet runs a cell that starts with one of these as a formula (a visitor's "=HYPERLINK(...)" would
// run on the person's machine when they open the export); tab and carriage return start one in some too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text a spreadsheet shows as typed: a leading formula character gets an apostrophe before it. */
export const safeCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/**
 * The submissions as CSV (RFC 4180, CRLF, a header row): created_at, form, page, then every field any
 * submission has, sorted, so each column means one thing across forms; a submission without a field leaves its
 * cell empty. Field names are visitors' input too and are guarded like values.
 */
export function submissionsCsv(rows: readonly SubmissionRow[]): string {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r.data)))].sort();
  const header = ['created_at', 'form', 'page', ...fields].map(safeCell);
  const body = rows.map((r) => [r.createdAt.toISOString(), r.form, r.page, ...fields.map((f) => r.data[f] ?? '')].map(safeCell));
  return stringify([header, ...body], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
