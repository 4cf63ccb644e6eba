import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { analyzeLog, resolveTimeZone } from '@pipewise/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvEventLogFile } from '../csv/read-csv-event-log-file.ts';
import { chooseFormat } from '../event-log-file/read-event-log-file.ts';
import { readXesEventLogFile, type XesReadOptions } from './read-xes-event-log.ts';

const utc = (() => {
  const result = resolveTimeZone('UTC');
  if (!result.ok) throw new Error('UTC');
  return result.zone;
})();
const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-xes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(folder, name);
  writeFileSync(file, content);
  return file;
}

const read = (file: string, options: Partial<XesReadOptions> = {}) =>
  readXesEventLogFile(file, statSync(file).size, { timeZone: utc, ...options });

const SMALL = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <trace>
    <string key="concept:name" value="D1"/>
    <string key="Team" value="华东区销售组"/>
    <event>
      <string key="concept:name" value="线索"/>
      <date key="time:timestamp" value="2024-01-01T09:00:00.000+08:00"/>
      <string key="org:resource" value="张三"/>
      <string key="lifecycle:transition" value="complete"/>
      <list key="notes"><string key="concept:name" value="nested, not the activity"/></list>
    </event>
    <event>
      <string key="concept:name" value="报价"/>
      <date key="time:timestamp" value="2024-01-03T09:00:00.000+08:00"/>
      <string key="lifecycle:transition" value="start"/>
    </event>
    <event>
      <string key="concept:name" value="报价"/>
      <date key="time:timestamp" value="2024-01-04T09:00:00.000+08:00"/>
      <string key="lifecycle:transition" value="complete"/>
    </event>
  </trace>
  <trace>
    <event><string key="concept:name" value="线索"/><date key="time:timestamp" value="2024-01-02T00:00:00Z"/></event>
    <string key="concept:name" value="D2"/>
  </trace>
</log>
`;

describe('readXesEventLogFile', () => {
  it('reads traces as cases and complete events as events, trace attributes as case attributes', async () => {
    const result = await read(write('small.xes', SMALL));
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { log, report } = result;
    expect(log.caseIds).toEqual(['D1', 'D2']);
    expect(log.eventCount).toBe(3);
    expect(Array.from(log.activityOf, (a) => log.activities[a])).toEqual(['线索', '报价', '线索']);
    expect(log.timestampMs[0]).toBe(Date.parse('2024-01-01T01:00:00Z'));
    expect(log.resources).toEqual(['张三']);
    const team = log.caseAttributes.find((a) => a.name === 'Team')!;
    expect(team.values[team.valueIndexOf[0]!]).toBe('华东区销售组');
    expect(report).toMatchObject({
      format: 'xes',
      rows: 4,
      filteredRows: 1,
      columns: { caseAttributes: ['Team'] },
    });
  });

  it('pairs start and complete events: the complete event carries its start', async () => {
    const result = await read(write('pairs.xes', SMALL));
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    // 报价 started 2024-01-03 09:00 +08:00 and completed 2024-01-04 09:00 +08:00.
    expect(result.log.startMs?.[1]).toBe(Date.parse('2024-01-03T01:00:00Z'));
    expect(result.log.startMs?.[0]).toBeNaN();
  });

  it('reads a start_timestamp attribute as the start', async () => {
    const xes =
      '<log><trace><string key="concept:name" value="D1"/><event><string key="concept:name" value="A"/><date key="start_timestamp" value="2024-01-01T08:00:00Z"/><date key="time:timestamp" value="2024-01-01T09:00:00Z"/></event></trace></log>';
    const result = await read(write('interval.xes', xes));
    expect(result.ok && result.log.startMs?.[0]).toBe(Date.parse('2024-01-01T08:00:00Z'));
  });

  it('takes the resource from another attribute (org:group) and keeps chosen event attributes as case attributes', async () => {
    const xes = `<log><trace><string key="concept:name" value="D1"/>
      <event><string key="concept:name" value="A"/><date key="time:timestamp" value="2024-01-01T09:00:00Z"/>
        <string key="org:resource" value="Ann"/><string key="org:group" value="Legal"/><string key="amount" value="100"/></event>
      <event><string key="concept:name" value="B"/><date key="time:timestamp" value="2024-01-02T09:00:00Z"/>
        <string key="org:group" value="Finance"/><string key="amount" value="250"/></event>
    </trace></log>`;
    const result = await read(write('groups.xes', xes), {
      resourceKey: 'org:group',
      eventAttributes: ['amount'],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.log.resources).toEqual(['Legal', 'Finance']);
    const amount = result.log.caseAttributes.find((a) => a.name === 'amount')!;
    // The value on the latest event.
    expect(amount.values[amount.valueIndexOf[0]!]).toBe('250');
    expect(result.report.columns.resource).toBe('org:group');
  });

  it('keeps every lifecycle transition with lifecycle: all', async () => {
    const result = await read(write('small-all.xes', SMALL), { lifecycle: 'all' });
    expect(result.ok && result.log.eventCount).toBe(4);
  });

  it('reads gzip-compressed XES', async () => {
    const result = await read(write('small.xes.gz', gzipSync(SMALL)));
    expect(result.ok && result.report.format).toBe('xes.gz');
    expect(result.ok && result.log.eventCount).toBe(3);
  });

  it('refuses a .xes.gz that expands beyond maxUncompressedBytes (a decompression bomb), saying so', async () => {
    const bomb = `<log>${'<!-- padding -->'.repeat(200_000)}</log>`;
    const file = write('bomb.xes.gz', gzipSync(bomb));
    expect(await read(file, { maxUncompressedBytes: 1_000_000 })).toMatchObject({
      ok: false,
      error: { reason: 'too-large-uncompressed', file },
    });
    // Under the limit, or without one, it is read as usual (and has no <trace>).
    expect(await read(file, { maxUncompressedBytes: 10_000_000 })).toMatchObject({ ok: true });
  });

  it.each([
    ['malformed XML', '<log><trace><event></trace></log>', { reason: 'malformed-xml', line: 1 }],
    [
      'a CSV renamed to .xes',
      'case,activity,timestamp\nD1,Lead,2024-01-01\n',
      { reason: 'malformed-xml' },
    ],
    ['an empty file', '', { reason: 'malformed-xml' }],
    [
      'a billion laughs',
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<log>&lol2;</log>',
      { reason: 'entities-not-allowed' },
    ],
    [
      'an event without a timestamp',
      '<log>\n<trace><string key="concept:name" value="D1"/>\n<event><string key="concept:name" value="A"/></event>\n</trace></log>',
      { reason: 'missing-attribute', line: 3, value: 'time:timestamp' },
    ],
    [
      'a trace without a name',
      '<log>\n<trace>\n<event><string key="concept:name" value="A"/><date key="time:timestamp" value="2024-01-01"/></event></trace></log>',
      { reason: 'missing-attribute', line: 2 },
    ],
    [
      'an unreadable date',
      '<log><trace><string key="concept:name" value="D1"/>\n<event><string key="concept:name" value="A"/><date key="time:timestamp" value="yesterday"/></event></trace></log>',
      { reason: 'unparseable-timestamp', line: 2, value: 'yesterday' },
    ],
  ])('refuses %s with a located error', async (_, content, expected) => {
    expect(await read(write(`bad-${Math.random()}.xes`, content))).toMatchObject({
      ok: false,
      error: expected,
    });
  });

  it('refuses a gzip file cut short', async () => {
    const whole = gzipSync(SMALL.repeat(20));
    const result = await read(write('cut.xes.gz', whole.subarray(0, Math.floor(whole.length / 2))));
    expect(result).toMatchObject({ ok: false, error: { reason: 'corrupt-gzip' } });
  });

  it('skips bad events when asked', async () => {
    const content =
      '<log><trace><string key="concept:name" value="D1"/><event><string key="concept:name" value="A"/><date key="time:timestamp" value="2024-01-01"/></event><event><string key="concept:name" value="B"/></event></trace></log>';
    const result = await read(write('skip.xes', content), { skipInvalid: true });
    expect(result.ok && result.log.eventCount).toBe(1);
    expect(result.ok && result.report.skipped.rows).toBe(1);
  });
});

describe('chooseFormat', () => {
  it('goes by extension, then by content', () => {
    expect(chooseFormat(write('a.xes', 'x'))).toBe('xes');
    expect(chooseFormat(write('a.csv', '<log/>'))).toBe('csv');
    expect(chooseFormat(write('no-extension', '\ufeff  <?xml version="1.0"?><log/>'))).toBe('xes');
    expect(chooseFormat(write('gz-no-extension', gzipSync('<log/>')))).toBe('xes');
    expect(chooseFormat(write('plain', 'case,activity\n'))).toBe('csv');
  });
});

// The shared logs are read in place (their licences keep them out of the repository).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const eventLogs = path.join(
  process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
  'eventlogs',
);
const hasShared = existsSync(eventLogs);
if (!hasShared && process.env.CI) throw new Error(`shared event logs missing at ${eventLogs}`);

describe.skipIf(!hasShared)('the shared XES logs', () => {
  const pm4py = (name: string): string => path.join(eventLogs, 'pm4py', name);

  it('gives running-example.xes exactly the figures of its CSV twin', async () => {
    const xes = await read(pm4py('running-example.xes'));
    const csv = await readCsvEventLogFile(pm4py('running-example.csv'), { timeZone: utc });
    if (!xes.ok || !csv.ok) throw new Error('both should read');
    expect(xes.log.eventCount).toBe(42);
    expect(analyzeLog(xes.log)).toEqual(analyzeLog(csv.log));
  });

  it.each([
    // cases and events as counted in shared/data/eventlogs/README.md
    ['bpic2012.xes.gz', 13_087, 262_200, 'all'],
    ['interval_event_log.xes', 1_266, 8_109, 'all'],
    ['roadtraffic100traces.xes', 100, 390, 'all'],
  ] as const)('reads %s: %i cases, %i events', async (name, cases, events, lifecycle) => {
    const result = await read(pm4py(name), { lifecycle });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect([result.log.caseCount, result.log.eventCount]).toEqual([cases, events]);
  });

  it('keeps the complete events of BPIC 2012 by default', async () => {
    const result = await read(pm4py('bpic2012.xes.gz'));
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.log.eventCount).toBe(COMPLETE_EVENTS_IN_BPIC2012);
    expect(result.report.filteredRows).toBe(262_200 - COMPLETE_EVENTS_IN_BPIC2012);
  });
});

/** Counted independently: `zcat bpic2012.xes.gz | grep -c 'key="lifecycle:transition" value="COMPLETE"'`. */
const COMPLETE_EVENTS_IN_BPIC2012 = 164_506;
