import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { resolveTimeZone, type TimeZone } from '@pipewise/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { readOcelEventLogFile } from './read-ocel-event-log.ts';

const utc = (resolveTimeZone('UTC') as { ok: true; zone: TimeZone }).zone;
const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-ocel-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
};

// Two orders and a customer; e2 concerns both orders, so it is an event of each.
const OCEL2_JSON = JSON.stringify({
  objectTypes: [
    { name: 'Order', attributes: [] },
    { name: 'Customer', attributes: [] },
  ],
  eventTypes: [],
  objects: [
    {
      id: 'o1',
      type: 'Order',
      attributes: [
        { name: 'region', time: '2024-01-01T00:00:00Z', value: 'East' },
        { name: 'region', time: '2024-02-01T00:00:00Z', value: 'West' },
      ],
    },
    { id: 'o2', type: 'Order', attributes: [] },
    { id: 'c1', type: 'Customer', attributes: [] },
  ],
  events: [
    {
      id: 'e1',
      type: 'Place',
      time: '2024-01-01T09:00:00Z',
      relationships: [{ objectId: 'o1' }, { objectId: 'c1' }],
    },
    {
      id: 'e2',
      type: 'Ship',
      time: '2024-01-03T09:00:00Z',
      relationships: [{ objectId: 'o1' }, { objectId: 'o2' }],
    },
    { id: 'e3', type: 'Place', time: '2024-01-02T09:00:00Z', relationships: [{ objectId: 'o2' }] },
    { id: 'e4', type: 'Call', time: '2024-01-02T10:00:00Z', relationships: [{ objectId: 'c1' }] },
  ],
});

const OCEL1_JSON = JSON.stringify({
  'ocel:global-log': {},
  'ocel:events': {
    e1: {
      'ocel:activity': 'Place',
      'ocel:timestamp': '2024-01-01T09:00:00Z',
      'ocel:omap': ['o1', 'c1'],
      'ocel:vmap': {},
    },
    e2: {
      'ocel:activity': 'Ship',
      'ocel:timestamp': '2024-01-03T09:00:00Z',
      'ocel:omap': ['o1', 'o2'],
      'ocel:vmap': {},
    },
    e3: {
      'ocel:activity': 'Place',
      'ocel:timestamp': '2024-01-02T09:00:00Z',
      'ocel:omap': ['o2'],
      'ocel:vmap': {},
    },
  },
  'ocel:objects': {
    o1: { 'ocel:type': 'Order', 'ocel:ovmap': { region: 'West' } },
    o2: { 'ocel:type': 'Order', 'ocel:ovmap': {} },
    c1: { 'ocel:type': 'Customer', 'ocel:ovmap': {} },
  },
});

const OCEL2_XML = `<?xml version="1.0"?>
<log>
  <objects>
    <object id="o1" type="Order"><attributes><attribute name="region" time="2024-02-01T00:00:00Z">West</attribute></attributes></object>
    <object id="o2" type="Order"/>
    <object id="c1" type="Customer"/>
  </objects>
  <events>
    <event id="e1" type="Place" time="2024-01-01T09:00:00Z"><objects><relationship object-id="o1"/><relationship object-id="c1"/></objects></event>
    <event id="e2" type="Ship" time="2024-01-03T09:00:00Z"><objects><relationship object-id="o1"/><relationship object-id="o2"/></objects></event>
    <event id="e3" type="Place" time="2024-01-02T09:00:00Z"><objects><relationship object-id="o2"/></objects></event>
  </events>
</log>`;

function eventsByCase(result: ReturnType<typeof readOcelEventLogFile>): Record<string, string[]> {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const { log } = result;
  const byCase: Record<string, string[]> = {};
  for (let c = 0; c < log.caseCount; c++) {
    byCase[log.caseIds[c]!] = [];
    for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++)
      byCase[log.caseIds[c]!]!.push(log.activities[log.activityOf[i]!]!);
  }
  return byCase;
}

describe('readOcelEventLogFile', () => {
  it.each([
    ['OCEL 2.0 JSON', 'log.jsonocel', OCEL2_JSON],
    ['OCEL 1.0 JSON', 'log1.jsonocel', OCEL1_JSON],
    ['OCEL 2.0 XML', 'log.xmlocel', OCEL2_XML],
  ])('flattens %s on an object type: an event of two orders is in both', (_, name, text) => {
    const result = readOcelEventLogFile(write(name, text), { timeZone: utc, objectType: 'Order' });
    expect(eventsByCase(result)).toEqual({ o1: ['Place', 'Ship'], o2: ['Place', 'Ship'] });
    if (!result.ok) return;
    const region = result.log.caseAttributes.find((a) => a.name === 'region')!;
    expect(region.values[region.valueIndexOf[result.log.caseIds.indexOf('o1')]!]).toBe('West');
  });

  it('reads the OCEL 1.0-style CSV of pm4py (lists of ids per object type)', () => {
    const csv = [
      'ocel:eid,ocel:activity,ocel:timestamp,ocel:type:Order,ocel:type:Customer,price',
      `1,Place,2024-01-01T09:00:00Z,"['o1']","['c1']",10`,
      `2,Ship,2024-01-03T09:00:00Z,"['o1','o2']", ,5`,
      `3,Place,2024-01-02T09:00:00Z,"['o2']", ,7`,
    ].join('\n');
    expect(
      eventsByCase(
        readOcelEventLogFile(write('log.csv', csv), { timeZone: utc, objectType: 'Order' }),
      ),
    ).toEqual({
      o1: ['Place', 'Ship'],
      o2: ['Place', 'Ship'],
    });
  });

  it('reads OCEL 2.0 SQLite', () => {
    const file = path.join(folder, 'log.sqlite');
    const database = new DatabaseSync(file);
    database.exec(`
      CREATE TABLE event_map_type (ocel_type TEXT, ocel_type_map TEXT);
      CREATE TABLE object_map_type (ocel_type TEXT, ocel_type_map TEXT);
      CREATE TABLE event (ocel_id TEXT, ocel_type TEXT);
      CREATE TABLE object (ocel_id TEXT, ocel_type TEXT);
      CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
      CREATE TABLE event_Place (ocel_id TEXT, ocel_time TIMESTAMP);
      CREATE TABLE event_Ship (ocel_id TEXT, ocel_time TIMESTAMP);
      CREATE TABLE object_Order (ocel_id TEXT, region TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT);
      INSERT INTO event_map_type VALUES ('Place', 'Place'), ('Ship', 'Ship');
      INSERT INTO object_map_type VALUES ('Order', 'Order');
      INSERT INTO event VALUES ('e1', 'Place'), ('e2', 'Ship'), ('e3', 'Place');
      INSERT INTO object VALUES ('o1', 'Order'), ('o2', 'Order');
      INSERT INTO event_object VALUES ('e1', 'o1', ''), ('e2', 'o1', ''), ('e2', 'o2', ''), ('e3', 'o2', '');
      INSERT INTO event_Place VALUES ('e1', '2024-01-01 09:00:00'), ('e3', '2024-01-02 09:00:00');
      INSERT INTO event_Ship VALUES ('e2', '2024-01-03 09:00:00');
      INSERT INTO object_Order VALUES ('o1', 'West', '2024-02-01 00:00:00', NULL);
    `);
    database.close();
    const result = readOcelEventLogFile(file, { timeZone: utc, objectType: 'Order' });
    expect(eventsByCase(result)).toEqual({ o1: ['Place', 'Ship'], o2: ['Place', 'Ship'] });
    expect(result.ok && result.report.format).toBe('ocel-sqlite');
  });

  it('follows another object type when asked', () => {
    expect(
      eventsByCase(
        readOcelEventLogFile(write('c.jsonocel', OCEL2_JSON), {
          timeZone: utc,
          objectType: 'Customer',
        }),
      ),
    ).toEqual({
      c1: ['Place', 'Call'],
    });
  });

  it('lists the object types when none or an unknown one is chosen', () => {
    const file = write('types.jsonocel', OCEL2_JSON);
    expect(readOcelEventLogFile(file, { timeZone: utc })).toMatchObject({
      ok: false,
      error: { reason: 'missing-object-type' },
    });
    const unknown = readOcelEventLogFile(file, { timeZone: utc, objectType: 'Invoice' });
    expect(unknown).toMatchObject({
      ok: false,
      error: { reason: 'unknown-object-type', value: 'Invoice' },
    });
    expect(!unknown.ok && unknown.error.expected).toContain('"Customer", "Order"');
  });

  it('locates broken JSON and refuses XML entities', () => {
    expect(
      readOcelEventLogFile(write('bad.jsonocel', '{\n"objects": []\n"events": []}'), {
        timeZone: utc,
        objectType: 'Order',
      }),
    ).toMatchObject({
      ok: false,
      error: { reason: 'malformed-json', line: 3 },
    });
    const laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><log>&a;</log>';
    expect(
      readOcelEventLogFile(write('laughs.xmlocel', laughs), { timeZone: utc, objectType: 'Order' }),
    ).toMatchObject({
      ok: false,
      error: { reason: 'entities-not-allowed' },
    });
  });
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const ocelFolder = path.join(
  process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
  'eventlogs/pm4py/ocel',
);
if (!existsSync(ocelFolder) && process.env.CI)
  throw new Error(`shared data missing: ${ocelFolder}`);

describe.skipIf(!existsSync(ocelFolder))('the shared OCEL logs', () => {
  it('follows the 2,000 orders of ocel_order_simulated.csv (counted with Python from its order lists)', () => {
    const result = readOcelEventLogFile(path.join(ocelFolder, 'ocel_order_simulated.csv'), {
      timeZone: utc,
      objectType: 'orders',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.log.caseCount).toBe(2_000);
    expect(result.report.rows).toBe(22_367);
  });

  it('reads the same purchase orders from its JSON, XML and SQLite forms', () => {
    for (const name of [
      'ocel20_example.jsonocel',
      'ocel20_example.xmlocel',
      'ocel20_example.sqlite',
    ]) {
      const byCase = eventsByCase(
        readOcelEventLogFile(path.join(ocelFolder, name), {
          timeZone: utc,
          objectType: 'Purchase Order',
        }),
      );
      expect(Object.keys(byCase).length).toBe(2);
      expect(Object.values(byCase).flat().length).toBe(5);
    }
  });
});
