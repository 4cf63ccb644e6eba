import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeLog, resolveTimeZone } from '@pipewise/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvEventLogFile } from './read-csv-event-log-file.ts';

const zone = (() => {
  const result = resolveTimeZone('UTC');
  if (!result.ok) throw new Error('UTC');
  return result.zone;
})();
const folder = mkdtempSync(join(tmpdir(), 'pipewise-split-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function writeCsv(name: string, lines: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A log whose cases span the whole file, with quoted notes that hold line breaks. */
function salesRows(count: number): string[] {
  const rows = ['case,activity,timestamp,resource,note'];
  const stages = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won'];
  for (let i = 0; i < count; i++) {
    const deal = `D${(i * 7919) % 97}`;
    const stage = stages[i % stages.length];
    const minute = String(i % 60).padStart(2, '0');
    const note = i % 13 === 0 ? '"called, ""twice""\nthen e-mailed"' : 'ok';
    rows.push(
      `${deal},${stage},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:${minute},Rep ${i % 5},${note}`,
    );
  }
  return rows;
}

const both = async (path: string, extra: object = {}) => {
  const one = await readCsvEventLogFile(path, { timeZone: zone, threads: 1, ...extra });
  const two = await readCsvEventLogFile(path, {
    timeZone: zone,
    threads: 2,
    parallelMinBytes: 0,
    ...extra,
  });
  return { one, two };
};

describe('readCsvEventLogFile on two threads', () => {
  it('gives exactly the log and report of a one-thread read', async () => {
    const { one, two } = await both(writeCsv('sales.csv', salesRows(5000)));
    if (!one.ok || !two.ok) throw new Error('expected both reads to succeed');
    expect(two.log.caseIds).toEqual(one.log.caseIds);
    expect(two.log.activities).toEqual(one.log.activities);
    expect(Array.from(two.log.timestampMs)).toEqual(Array.from(one.log.timestampMs));
    expect(Array.from(two.log.activityOf)).toEqual(Array.from(one.log.activityOf));
    expect(analyzeLog(two.log)).toEqual(analyzeLog(one.log));
    expect(two.report).toEqual(one.report);
  });

  it('locates an error in the second half by its line in the whole file', async () => {
    const rows = salesRows(4000);
    rows[3500] = 'D1,Won,not a date,Rep 1,ok';
    const { one, two } = await both(writeCsv('bad-late.csv', rows));
    expect(one.ok).toBe(false);
    // Quoted notes span two lines, so the physical line is past row 3501.
    expect(two).toEqual(one);
    expect(!two.ok && two.error).toMatchObject({
      reason: 'unparseable-timestamp',
      value: 'not a date',
    });
  });

  it('merges skipped rows of both halves in file order', async () => {
    const rows = salesRows(4000);
    rows[10] = 'D1,Lead,never,Rep 1,ok';
    rows[3990] = 'D2,Lead,also never,Rep 1,ok';
    const { one, two } = await both(writeCsv('skips.csv', rows), { skipInvalid: true });
    if (!one.ok || !two.ok) throw new Error('expected both reads to succeed');
    expect(two.report.skipped).toEqual(one.report.skipped);
    expect(two.report.skipped.rows).toBe(2);
  });

  it('reads the file again on one thread when the middle line break is inside quotes', async () => {
    // One huge quoted note in the middle: the split point falls inside it.
    const rows = ['case,activity,timestamp,resource,note'];
    for (let i = 0; i < 50; i++) rows.push(`D${i},Lead,2024-01-01 10:00,Rep,ok`);
    rows.push(`D0,Call,2024-01-02 10:00,Rep,"${'line\n'.repeat(2000)}end"`);
    for (let i = 0; i < 50; i++) rows.push(`D${i},Won,2024-01-03 10:00,Rep,ok`);
    const { one, two } = await both(writeCsv('quoted-middle.csv', rows));
    if (!one.ok || !two.ok) throw new Error('expected both reads to succeed');
    expect(two.log.eventCount).toBe(101);
    expect(analyzeLog(two.log)).toEqual(analyzeLog(one.log));
  });

  it('says when the file does not exist', async () => {
    expect(
      await readCsvEventLogFile(join(folder, 'missing.csv'), { timeZone: zone }),
    ).toMatchObject({
      ok: false,
      error: { reason: 'file-not-found' },
    });
  });
});
