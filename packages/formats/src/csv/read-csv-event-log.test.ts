import { type EventLog, resolveTimeZone } from '@pipewise/engine';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../byte-source/index.ts';
import { type CsvEventLogOptions, readCsvEventLog } from './read-csv-event-log.ts';

const utc = (() => {
  const result = resolveTimeZone('UTC');
  if (!result.ok) throw new Error('UTC');
  return result.zone;
})();

function read(text: string | Uint8Array, options: Partial<CsvEventLogOptions> = {}) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return readCsvEventLog(memorySource('deals.csv', bytes), { timeZone: utc, ...options });
}

function readLog(text: string, options: Partial<CsvEventLogOptions> = {}): EventLog {
  const result = read(text, options);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.log;
}

/** The events of each case as `activity@HH:mm` strings. */
function eventsByCase(log: EventLog): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (let c = 0; c < log.caseCount; c++) {
    const events: string[] = [];
    for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
      events.push(
        `${log.activities[log.activityOf[i]!]}@${new Date(log.timestampMs[i]!).toISOString().slice(11, 16)}`,
      );
    }
    result[log.caseIds[c]!] = events;
  }
  return result;
}

describe('readCsvEventLog', () => {
  it('orders events by case and time, keeping file order for equal times', () => {
    const log = readLog(
      [
        'case,activity,timestamp,resource',
        'D2,Proposal,2024-01-02 10:00,Ann',
        'D1,Won,2024-01-03 09:00,Bo',
        'D1,Lead,2024-01-01 09:00,Bo',
        'D1,Call,2024-01-02 09:00,Bo',
        'D1,Email,2024-01-02 09:00,Bo',
        'D2,Lead,2024-01-01 08:00,',
      ].join('\n'),
    );
    expect(eventsByCase(log)).toEqual({
      D2: ['Lead@08:00', 'Proposal@10:00'],
      D1: ['Lead@09:00', 'Call@09:00', 'Email@09:00', 'Won@09:00'],
    });
    expect(log.resources).toEqual(['Ann', 'Bo']);
  });

  it('compares values without surrounding spaces and skips rows of empty cells', () => {
    const result = read(
      'case,activity,timestamp,resource\nD1, Lead ,2024-01-01 09:00,Ann\n D1 ,Lead,2024-01-02 09:00,Ann \n,,,\n   \n',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(eventsByCase(result.log)).toEqual({ D1: ['Lead@09:00', 'Lead@09:00'] });
    expect(result.log.resources).toEqual(['Ann']);
    expect(result.report.rows).toBe(2);
  });

  it('reports what it read', () => {
    const result = read('\ufeff商机编号;阶段;时间;负责人\nA1;线索;2024-01-01 09:00;张三\n');
    expect(result.ok && result.report).toMatchObject({
      file: 'deals.csv',
      encoding: 'utf-8',
      delimiter: ';',
      preset: 'chinese',
      columns: { case: '商机编号', activity: '阶段', timestamp: '时间', resource: '负责人' },
      rows: 1,
      timeZone: 'UTC',
    });
  });

  it('keeps only stage rows of a Salesforce field history, adding the first stage at creation', () => {
    const csv = [
      'Id,OpportunityId,CreatedById,CreatedDate,Field,OldValue,NewValue',
      'h1,O1,U1,2024-01-01T09:00:00.000+0000,created,,',
      'h2,O1,U1,2024-01-02T09:00:00.000+0000,StageName,Prospecting,Qualification',
      'h3,O1,U2,2024-01-03T09:00:00.000+0000,Amount,100,200',
      'h4,O1,U2,2024-01-05T09:00:00.000+0000,StageName,Qualification,Closed Won',
    ].join('\n');
    const result = read(csv);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    // The first stage (Prospecting, the OldValue of the first change) is added at creation.
    expect(eventsByCase(result.log)).toEqual({
      O1: ['Prospecting@09:00', 'Qualification@09:00', 'Closed Won@09:00'],
    });
    expect(result.log.timestampMs[0]).toBe(Date.parse('2024-01-01T09:00:00Z'));
    expect(result.report.addedInitialStages).toBe(1);
    expect(result.report.filteredRows).toBe(2);
    expect(result.report.rowFilter).toEqual({ column: 'Field', equals: 'StageName' });
  });

  it('keeps a case attribute from event rows at its latest value, whatever the row order', () => {
    const rows = ['D1,Lead,2024-01-01,East', 'D1,Won,2024-01-09,West', 'D1,Call,2024-01-05,North'];
    for (const order of [rows, rows.slice().reverse()]) {
      const log = readLog(
        ['case:concept:name,concept:name,time:timestamp,case:region', ...order].join('\n'),
      );
      const region = log.caseAttributes.find((a) => a.name === 'region')!;
      expect(region.values[region.valueIndexOf[0]!]).toBe('West');
    }
  });

  it('stops at the first bad timestamp with file, line, column and value', () => {
    const result = read(
      'case,activity,timestamp\nD1,Lead,2024-01-01\nD1,Won,31/02/2024\nD2,Lead,junk\n',
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        reason: 'unparseable-timestamp',
        file: 'deals.csv',
        line: 3,
        column: 'timestamp',
        columnNumber: 3,
        value: '31/02/2024',
      },
    });
  });

  it.each([
    [
      'a row with too few fields',
      'case,activity,timestamp\nD1,Lead\n',
      { reason: 'too-few-fields', line: 2 },
    ],
    [
      'a row with extra values',
      'case,activity,timestamp\nD1,Lead,2024-01-01,oops\n',
      { reason: 'too-many-fields', line: 2 },
    ],
    [
      'an empty case id',
      'case,activity,timestamp\n,Lead,2024-01-01\n',
      { reason: 'empty-case-id', column: 'case' },
    ],
    [
      'an empty activity',
      'case,activity,timestamp\nD1,,2024-01-01\n',
      { reason: 'empty-activity', column: 'activity' },
    ],
    [
      'a missing column',
      'case,activity,owner\nD1,Lead,Ann\n',
      { reason: 'missing-column', value: 'timestamp' },
    ],
    ['no header', '', { reason: 'empty-file' }],
    [
      'an unclosed quote',
      'case,activity,timestamp\n"D1,Lead,2024-01-01\n',
      { reason: 'unterminated-quote', line: 2 },
    ],
  ])('refuses %s', (_, csv, expected) => {
    expect(read(csv)).toMatchObject({ ok: false, error: expected });
  });

  it('refuses bytes that are not valid in the chosen encoding, with their place', () => {
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode('case,activity,timestamp\nD1,Neg'),
      0xf3,
      ...new TextEncoder().encode(',2024-01-01\n'),
    ]);
    expect(read(bytes, { encoding: 'utf-8' })).toMatchObject({
      ok: false,
      error: { reason: 'invalid-encoding', line: 2, column: 'activity' },
    });
  });

  it('skips bad rows when asked, and says how many and which', () => {
    const result = read(
      'case,activity,timestamp\nD1,Lead,2024-01-01\nD2,Lead,never\nD3,,2024-01-01\nD1,Won,2024-01-02\n',
      {
        skipInvalid: true,
      },
    );
    if (!result.ok) throw new Error('expected ok');
    expect(result.log.eventCount).toBe(2);
    expect(result.log.caseIds).toEqual(['D1']);
    expect(result.report.skipped.rows).toBe(2);
    expect(result.report.skipped.examples.map((e) => [e.reason, e.line])).toEqual([
      ['unparseable-timestamp', 3],
      ['empty-activity', 4],
    ]);
  });

  it('skips a row with text after a closing quote when asked, up to the end of its line', () => {
    const csv =
      'case,activity,timestamp\nD1,Lead,2024-01-01\nD2,"Lead"x,2024-01-01\nD1,Won,2024-01-02\n';
    expect(read(csv)).toMatchObject({
      ok: false,
      error: { reason: 'unexpected-character-after-quote', line: 3 },
    });
    const result = read(csv, { skipInvalid: true });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(eventsByCase(result.log)).toEqual({ D1: ['Lead@00:00', 'Won@00:00'] });
    expect(result.report.rows).toBe(3);
    expect(result.report.skipped.examples).toMatchObject([
      { reason: 'unexpected-character-after-quote', line: 3, column: 'activity' },
    ]);
  });

  it('drops a case whose only rows were skipped for an invalid resource', () => {
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode(
        'case,activity,timestamp,resource\nD1,Lead,2024-01-01,Ann\nD2,Lead,2024-01-01,R',
      ),
      0xff,
      ...new TextEncoder().encode('\n'),
    ]);
    const result = read(bytes, { encoding: 'utf-8', skipInvalid: true });
    if (!result.ok) throw new Error('expected ok');
    expect(result.log.caseIds).toEqual(['D1']);
    expect(result.log.caseCount).toBe(1);
  });
});
