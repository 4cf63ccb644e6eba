import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProcessModel, parseProcessModel } from '@pipewise/engine/process-model';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeFiguresWithDuckDb,
  type OracleFigures,
  type OracleLog,
} from '../oracle/compute-figures-with-duckdb.ts';
import { runCaptured } from '../testing/run-captured.ts';

// `pipewise model discover` on the shared real logs, against DuckDB computing
// the same flows and step durations in SQL from the file alone, and against
// golden files (checked by hand once) that catch any change of the result.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const sharedData = process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
const eventLogs = path.join(sharedData, 'eventlogs');
const hasSharedData = existsSync(eventLogs);
if (!hasSharedData && process.env.CI)
  throw new Error(`The shared event logs are missing at ${eventLogs}; CI must run these tests.`);
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));

async function discover(args: string[]): Promise<ProcessModel> {
  const { code, stdout, stderr } = await runCaptured([
    'model',
    'discover',
    ...args,
    '--tz',
    'UTC',
    '--no-progress',
  ]);
  if (code !== 0) throw new Error(`pipewise exited with ${code}: ${stderr}`);
  const parsed = parseProcessModel(JSON.parse(stdout));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.model;
}

const xesColumns = {
  case: 'case:concept:name',
  activity: 'concept:name',
  timestamp: 'time:timestamp',
  resource: 'org:resource',
};

for (const { name, log, args, collapseRepeats, goldenFile } of [
  {
    name: 'the Salesforce OpportunityHistory export (stage changes only)',
    log: {
      file: path.join(eventLogs, 'salesforce/OpportunityHistory.csv'),
      encoding: 'latin-1',
      columns: {
        case: 'OpportunityId',
        activity: 'StageName',
        timestamp: 'CreatedDate',
        resource: 'CreatedById',
      },
    },
    args: ['--collapse-repeats'],
    collapseRepeats: true,
    goldenFile: 'salesforce-discovered.json',
  },
  {
    name: 'the pm4py running example',
    log: {
      file: path.join(eventLogs, 'pm4py/running-example.csv'),
      encoding: 'utf-8',
      columns: xesColumns,
    },
    args: [],
    collapseRepeats: false,
    goldenFile: 'running-example-discovered.json',
  },
  {
    name: 'the pm4py receipt log',
    log: {
      file: path.join(eventLogs, 'pm4py/receipt.csv'),
      encoding: 'utf-8',
      columns: xesColumns,
    },
    args: [],
    collapseRepeats: false,
    goldenFile: undefined,
  },
] satisfies {
  name: string;
  log: OracleLog;
  args: string[];
  collapseRepeats: boolean;
  goldenFile?: string;
}[]) {
  describe.skipIf(!hasSharedData)(`pipewise model discover on ${name}`, () => {
    let model: ProcessModel;
    let oracle: OracleFigures;
    beforeAll(async () => {
      model = await discover([log.file, ...args]);
      oracle = await computeFiguresWithDuckDb(log, { collapseRepeats });
    });
    const activityOf = (stepId: string) =>
      stepId === 'start' || stepId === 'end'
        ? stepId
        : model.steps.find((step) => step.id === stepId)!.source!;

    it('has a step per activity, with its number of cases', () => {
      expect(
        model.steps
          .slice(1, -1)
          .map((step) => [step.source, step.cases])
          .toSorted(),
      ).toEqual(oracle.activityStats.map((row) => [row.activity, row.cases]).toSorted());
    });

    it('has every directly-follows arc as a flow with its count, and the start and end flows', () => {
      const flows = model.flows.map((flow) => [
        activityOf(flow.from),
        activityOf(flow.to),
        flow.count,
      ]);
      const expected = [
        ...oracle.dfg.map((arc) => [arc.from, arc.to, arc.count]),
        ...oracle.start.map((row) => ['start', row.activity, row.count]),
        ...oracle.end.map((row) => [row.activity, 'end', row.count]),
      ];
      expect(flows.toSorted()).toEqual(expected.toSorted());
    });

    it('measures each step as the time until the next event, as SQL does', () => {
      const measured = model.steps
        .filter((step) => step.measured)
        .map((step) => ({
          activity: step.source,
          count: step.measured!.count,
          medianMs: step.measured!.calendar.medianMs,
          p90Ms: step.measured!.calendar.p90Ms,
        }));
      expect(measured.toSorted((a, b) => (a.activity! < b.activity! ? -1 : 1))).toEqual(
        oracle.timeUntilNext.map(({ activity, count, medianMs, p90Ms }) => ({
          activity,
          count,
          medianMs,
          p90Ms,
        })),
      );
      for (const step of model.steps.filter((candidate) => candidate.measured)) {
        const row = oracle.timeUntilNext.find((candidate) => candidate.activity === step.source)!;
        expect(Math.abs(step.measured!.calendar.meanMs - row.meanMs)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, row.meanMs),
        );
      }
    });

    if (goldenFile !== undefined) {
      it('is the model checked by hand and kept as a golden file', () => {
        const expected = JSON.parse(readFileSync(golden(goldenFile), 'utf8'));
        expect(JSON.parse(JSON.stringify(model))).toEqual(expected);
      });
    }
  });
}
