import { EventLogBuilder } from '@pipewise/engine';
import { describe, expect, it } from 'vitest';
import type { CsvTable } from '../csv/read-csv-table.ts';
import { joinCaseAttributes } from './join-case-attributes.ts';

function logOf(caseIds: string[]) {
  const builder = new EventLogBuilder();
  caseIds.forEach((id, k) => {
    builder.add(id, 'Lead', k);
  });
  return builder.build();
}

function table(headers: string[], rows: string[][]): CsvTable {
  return {
    file: 'opportunities.csv',
    encoding: 'utf-8',
    delimiter: ',',
    headers,
    rows,
    lines: rows.map((_, k) => k + 2),
  };
}

describe('joinCaseAttributes', () => {
  it('joins every other column onto the cases by key, leaving gaps as missing', () => {
    const result = joinCaseAttributes(
      logOf(['O1', 'O2', 'O3']),
      table(
        ['Id', 'Team', 'Amount'],
        [
          ['O2', 'East', '500'],
          ['O1', 'West', ''],
          ['O9', 'North', '1'],
        ],
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const team = result.log.caseAttributes.find((a) => a.name === 'Team')!;
    expect([0, 1, 2].map((c) => team.values[team.valueIndexOf[c]!] ?? null)).toEqual([
      'West',
      'East',
      null,
    ]);
    const amount = result.log.caseAttributes.find((a) => a.name === 'Amount')!;
    expect(amount.values[amount.valueIndexOf[1]!]).toBe('500');
    expect(amount.valueIndexOf[0]).toBe(0xffff_ffff);
    expect(result.report).toEqual({
      file: 'opportunities.csv',
      key: 'Id',
      attributes: ['Team', 'Amount'],
      rows: 3,
      matchedRows: 2,
      casesWithoutRow: 1,
    });
  });

  it('finds the key by the usual names or by the event file’s case column', () => {
    const result = joinCaseAttributes(
      logOf(['A']),
      table(['team', '商机编号'], [['华东区销售组', 'A']]),
    );
    expect(result.ok && result.report.key).toBe('商机编号');
  });

  it('refuses a key that appears twice, naming both lines', () => {
    const result = joinCaseAttributes(
      logOf(['O1']),
      table(
        ['Id', 'Team'],
        [
          ['O1', 'East'],
          ['O1', 'West'],
        ],
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { reason: 'duplicate-case-key', line: 3, column: 'Id', value: 'O1' },
    });
    expect(!result.ok && result.error.expected).toContain('line 2');
  });

  it('refuses an unknown --case-key', () => {
    expect(joinCaseAttributes(logOf(['O1']), table(['Id'], [['O1']]), 'DealId')).toMatchObject({
      ok: false,
      error: { reason: 'unknown-column', value: 'DealId' },
    });
  });
});
