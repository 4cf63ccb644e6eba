import { type CaseAttribute, type EventLog, MISSING, StringTable } from '@pipewise/engine';
import { findHeader } from '../column-mapping/index.ts';
import type { CsvTable } from '../csv/read-csv-table.ts';
import type { InputError, ReadResult } from '../input-error/index.ts';

export interface CaseAttributeReport {
  file: string;
  key: string;
  attributes: string[];
  /** Rows of the file. */
  rows: number;
  /** Rows whose key matched a case of the log. */
  matchedRows: number;
  /** Cases of the log with no row in the file. */
  casesWithoutRow: number;
}

/** Header names tried, in order, when no `--case-key` is given. */
const KEY_NAMES = [
  'Id',
  'OpportunityId',
  'Opportunity ID',
  'Deal ID',
  'Record ID',
  'case:concept:name',
  'case_id',
  'Case ID',
  'case',
  '商机编号',
  '商机ID',
  '案例编号',
  '编号',
];

/**
 * Joins a table of case attributes (one row per case: team, region, amount,
 * owner, outcome…) onto a log by its key column. Every other column becomes a
 * case attribute; empty cells are missing values. A key that appears twice is
 * an error (which row wins would be a guess); rows for unknown cases are
 * counted and ignored.
 */
export function joinCaseAttributes(
  log: EventLog,
  table: CsvTable,
  keyName?: string,
  eventCaseColumn?: string,
): ReadResult<{ log: EventLog; report: CaseAttributeReport }> {
  const candidates =
    keyName !== undefined
      ? [keyName]
      : [...(eventCaseColumn ? [eventCaseColumn] : []), ...KEY_NAMES];
  const keyColumn =
    candidates.map((name) => findHeader(table.headers, name)).find((index) => index >= 0) ?? -1;
  if (keyColumn < 0) {
    const error: InputError = {
      reason: keyName !== undefined ? 'unknown-column' : 'missing-column',
      file: table.file,
      line: 1,
      value: keyName ?? 'case key',
      expected: `a key column naming the case (choose it with --case-key NAME); columns are: ${table.headers.map((h) => `"${h}"`).join(', ')}`,
    };
    return { ok: false, error };
  }

  const caseIndexById = new Map(log.caseIds.map((id, index) => [id, index]));
  const columns = table.headers
    .map((name, column) => ({ name, column }))
    .filter(({ column }) => column !== keyColumn);
  const tables = columns.map(() => new StringTable());
  const valueIndexes = columns.map(() => new Uint32Array(log.caseCount).fill(MISSING));
  const rowOfCase = new Map<number, number>();
  let matchedRows = 0;

  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const key = (row[keyColumn] ?? '').trim();
    const caseIndex = caseIndexById.get(key);
    if (caseIndex === undefined) continue;
    const earlier = rowOfCase.get(caseIndex);
    if (earlier !== undefined) {
      return {
        ok: false,
        error: {
          reason: 'duplicate-case-key',
          file: table.file,
          line: table.lines[r]!,
          column: table.headers[keyColumn]!,
          columnNumber: keyColumn + 1,
          value: key,
          expected: `one row per case (the same key is on line ${table.lines[earlier]})`,
        },
      };
    }
    rowOfCase.set(caseIndex, r);
    matchedRows++;
    columns.forEach(({ column }, k) => {
      const value = (row[column] ?? '').trim();
      if (value !== '') valueIndexes[k]![caseIndex] = tables[k]!.intern(value);
    });
  }

  const joined: CaseAttribute[] = columns.map(({ name }, k) => ({
    name,
    values: tables[k]!.values,
    valueIndexOf: valueIndexes[k]!,
  }));
  const replaced = new Set(joined.map((attribute) => attribute.name));
  return {
    ok: true,
    log: {
      ...log,
      caseAttributes: [...log.caseAttributes.filter((a) => !replaced.has(a.name)), ...joined],
    },
    report: {
      file: table.file,
      key: table.headers[keyColumn]!,
      attributes: columns.map(({ name }) => name),
      rows: table.rows.length,
      matchedRows,
      casesWithoutRow: log.caseCount - matchedRows,
    },
  };
}
