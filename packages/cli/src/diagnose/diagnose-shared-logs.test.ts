import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.ts';

// `pipewise diagnose` on every shared real log, with the options docs/formats.md
// gives for it: it runs, and finds what docs/diagnosis.md records for it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const sharedData = process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
const eventLogs = path.join(sharedData, 'eventlogs');
const hasSharedData = existsSync(eventLogs);
if (!hasSharedData && process.env.CI)
  throw new Error(`The shared event logs are missing at ${eventLogs}; CI must run these tests.`);

const log = (...parts: string[]) => path.join(eventLogs, ...parts);

/** The table of docs/diagnosis.md#on-the-demo-and-the-shared-logs: findings by detector, and those left out. */
const SHARED: [string, string[], Record<string, number>, Record<string, number>][] = [
  [
    'Salesforce',
    [log('salesforce', 'OpportunityHistory.csv')],
    { 'broken-hand-off': 2, 'rework-loop': 5 },
    {},
  ],
  [
    'Salesforce, stage changes only',
    [log('salesforce', 'OpportunityHistory.csv'), '--collapse-repeats'],
    { bottleneck: 2, 'broken-hand-off': 4 },
    {},
  ],
  [
    'Maven CRM deal table',
    [
      log('maven-crm', 'sales_pipeline.csv'),
      '--event-columns',
      'engage_date:Engaged,close_date:{deal_stage}',
    ],
    {},
    {},
  ],
  [
    'receipt by channel',
    [log('pm4py', 'receipt.csv'), '--by', 'channel'],
    { bottleneck: 1, 'segment-bottleneck': 5, 'broken-hand-off': 3, 'rework-loop': 5 },
    { 'segment-bottleneck': 9, 'rework-loop': 2 },
  ],
  ['running example (CSV)', [log('pm4py', 'running-example.csv')], { 'rework-loop': 2 }, {}],
  ['running example (XES)', [log('pm4py', 'running-example.xes')], { 'rework-loop': 2 }, {}],
  [
    'BPIC 2012',
    [log('pm4py', 'bpic2012.xes.gz')],
    { 'broken-hand-off': 5, 'rework-loop': 5 },
    { 'rework-loop': 5 },
  ],
  [
    'interval log',
    [log('pm4py', 'interval_event_log.xes')],
    { bottleneck: 1, 'rework-loop': 1 },
    {},
  ],
  [
    'road traffic',
    [log('pm4py', 'roadtraffic100traces.xes')],
    { bottleneck: 1, 'rework-loop': 1 },
    {},
  ],
  [
    'OCEL 2.0, purchase orders',
    [log('pm4py', 'ocel', 'ocel20_example.jsonocel'), '--object-type', 'Purchase Order'],
    {},
    {},
  ],
  [
    'OCEL 1.0 CSV, orders',
    [log('pm4py', 'ocel', 'ocel_order_simulated.csv'), '--object-type', 'orders'],
    { bottleneck: 1, 'rework-loop': 1 },
    {},
  ],
];

describe.skipIf(!hasSharedData)('pipewise diagnose on the shared logs', () => {
  it.each(SHARED)('%s', async (_name, args, byDetector, leftOut) => {
    const result = await runCaptured(
      ['diagnose', ...args, '--json', '--no-progress', '--tz', 'UTC'],
      { defaultTimeZone: 'UTC' },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      findings: { detector: string }[];
      leftOut: Record<string, number>;
    };
    const counts: Record<string, number> = {};
    for (const finding of report.findings)
      counts[finding.detector] = (counts[finding.detector] ?? 0) + 1;
    expect(counts).toEqual(byDetector);
    expect(report.leftOut).toEqual(leftOut);
  });
});
