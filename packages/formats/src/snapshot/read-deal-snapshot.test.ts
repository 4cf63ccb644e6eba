import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveTimeZone, type TimeZone } from '@pipewise/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEventColumns, readDealSnapshot } from './read-deal-snapshot.ts';

const utc = (resolveTimeZone('UTC') as { ok: true; zone: TimeZone }).zone;
const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-deals-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
};
const columns = (spec: string) => {
  const parsed = parseEventColumns(spec);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.eventColumns;
};

const DEALS = `opportunity_id,sales_agent,deal_stage,engage_date,close_date,close_value
D1,Ann,Won,2024-01-01,2024-01-11,500
D2,Bo,Lost,2024-01-02,2024-01-05,
D3,Ann,Engaging,2024-01-03,,
D4,Bo,Prospecting,,,
`;

describe('readDealSnapshot', () => {
  it('turns each non-empty date into an event; {column} takes the activity from the row', () => {
    const result = readDealSnapshot(write('deals.csv', DEALS), {
      timeZone: utc,
      eventColumns: columns('engage_date:Engaged,close_date:{deal_stage}'),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { log, report } = result;
    // D4 has no date: no events, no case.
    expect(log.caseIds).toEqual(['D1', 'D2', 'D3']);
    expect(Array.from(log.activityOf, (a) => log.activities[a])).toEqual([
      'Engaged',
      'Won',
      'Engaged',
      'Lost',
      'Engaged',
    ]);
    expect(log.timestampMs[1]! - log.timestampMs[0]!).toBe(10 * 86_400_000);
    expect(log.resources).toEqual(['Ann', 'Bo']);
    const value = log.caseAttributes.find((a) => a.name === 'close_value')!;
    expect(value.values[value.valueIndexOf[0]!]).toBe('500');
    expect(report).toMatchObject({
      preset: 'deal-snapshot',
      rows: 4,
      columns: { case: 'opportunity_id', resource: 'sales_agent' },
    });
  });

  it('locates a date it cannot read', () => {
    const result = readDealSnapshot(write('bad.csv', 'id,engage_date\nD1,2024-01-01\nD2,soon\n'), {
      timeZone: utc,
      caseColumn: 'id',
      eventColumns: columns('engage_date:Engaged'),
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        reason: 'unparseable-timestamp',
        line: 3,
        column: 'engage_date',
        columnNumber: 2,
        value: 'soon',
      },
    });
  });

  it('names a column that is not there', () => {
    const result = readDealSnapshot(write('deals2.csv', DEALS), {
      timeZone: utc,
      eventColumns: columns('won_date:Won'),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { reason: 'unknown-column', value: 'won_date' },
    });
  });

  it('refuses a malformed --event-columns', () => {
    expect(parseEventColumns('engage_date:,x')).toMatchObject({ ok: false });
  });
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const maven = path.join(
  process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
  'eventlogs/maven-crm/sales_pipeline.csv',
);
if (!existsSync(maven) && process.env.CI) throw new Error(`shared data missing: ${maven}`);

describe.skipIf(!existsSync(maven))('the Maven CRM deal table', () => {
  it('gives the counts of the shared README: 4,238 won, 2,473 lost, 1,589 still engaging, 500 without dates', () => {
    const result = readDealSnapshot(maven, {
      timeZone: utc,
      eventColumns: columns('engage_date:Engaged,close_date:{deal_stage}'),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { log } = result;
    expect(log.caseCount).toBe(8_800 - 500);
    const count = (name: string): number =>
      log.activityOf.filter((a) => log.activities[a] === name).length;
    expect([count('Engaged'), count('Won'), count('Lost')]).toEqual([8_300, 4_238, 2_473]);
  });
});
