import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  addProcessingTimes,
  addWorkingTime,
  analyzeLog,
  analyzeSegments,
  CALENDARS,
  type CaseFilter,
  createWorkingTime,
  type DirectlyFollowsArc,
  type DurationStats,
  type EventLog,
  filterCases,
  findCasesThrough,
  findSlowestHandOff,
  resolveTimeZone,
  type SlowerHandOff,
  workingDayMs,
} from '@pipewise/engine';
import { discoverProcessModel } from '@pipewise/engine/process-model';
import {
  chooseFormat,
  describeInputError,
  memorySource,
  readCsvTable,
  readEventLogFile,
  readXlsxTable,
  recognizeColumns,
} from '@pipewise/formats';
import {
  type Dataset,
  deleteDataset,
  findDataset,
  importDataset,
  listDatasets,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANALYSTS, callerOf, EDITORS, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { JobFailure } from '../jobs/job-runner.ts';
import { EVENT_LOG_FILES, receiveUpload } from './receive-upload.ts';
import { IdParams } from './schemas.ts';

/** File names an event log may have; anything else is refused before it is read. */
const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_ROWS = 20;

const MappingSchema = z.object({
  case: z.string().max(500).optional(),
  activity: z.string().max(500).optional(),
  timestamp: z.string().max(500).optional(),
  resource: z.string().max(500).optional(),
});

type AnalysisOptionsInput = Omit<z.infer<typeof AnalysisOptions>, 'background'>;

/** A background analysis's input. */
interface AnalysisInput {
  datasetId: string;
  options: AnalysisOptionsInput;
}

/** The same options give the same figures: the key of an analysis's kept answer. */
const analysisKey = (organizationId: string, datasetId: string, options: AnalysisOptionsInput) =>
  `${organizationId}/${datasetId}/${JSON.stringify(options)}`;

/** One segment's figures in an analysis with `segmentBy`. */
interface SegmentFigures {
  value: string | null;
  cases: number;
  events: number;
  caseDuration: DurationStats;
  slowestHandOff: SlowerHandOff | null;
}

/** An import job's input: the uploaded file waiting in the uploads folder, and the form's fields. */
interface ImportInput {
  file: string;
  fileName: string;
  name: string;
  projectId: string | null;
  sheet: string | null;
  mapping: z.infer<typeof MappingSchema>;
  timeZone: string;
  calendar: z.infer<typeof CalendarName>;
}

const DatasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string().nullable(),
  sourceFile: z.string(),
  format: z.string(),
  eventCount: z.number(),
  caseCount: z.number(),
  mapping: z.record(z.string(), z.unknown()),
  importReport: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

const toJson = (dataset: Dataset): z.infer<typeof DatasetSchema> => ({
  id: dataset.id,
  name: dataset.name,
  projectId: dataset.project_id,
  sourceFile: dataset.source_file,
  format: dataset.format,
  eventCount: dataset.event_count,
  caseCount: dataset.case_count,
  mapping: dataset.mapping,
  importReport: dataset.import_report,
  createdAt: dataset.created_at.toISOString(),
});

export const CaseFilterSchema: z.ZodType<CaseFilter> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('period'),
    mode: z.enum(['active', 'starting', 'ending', 'contained']),
    fromMs: z.number(),
    toMs: z.number(),
  }),
  z.object({
    kind: z.literal('attribute'),
    name: z.string(),
    values: z.array(z.string()),
    isExcluded: z.boolean(),
  }),
  z.object({ kind: z.literal('activity'), activity: z.string(), isPresent: z.boolean() }),
  z.object({ kind: z.literal('start-activity'), activities: z.array(z.string()) }),
  z.object({ kind: z.literal('end-activity'), activities: z.array(z.string()) }),
  z.object({ kind: z.literal('top-variants'), count: z.number().int().positive() }),
  z.object({ kind: z.literal('variant-coverage'), share: z.number().gt(0).max(1) }),
  z.object({ kind: z.literal('case-duration'), minMs: z.number(), maxMs: z.number() }),
]);

const CalendarName = z.enum(['cn', 'mon-fri']);

/** The calendar a dataset was imported with: its working time unless a request names another. */
export function calendarOf(dataset: Dataset, calendar?: 'cn' | 'mon-fri', timeZone?: string) {
  const stored = (dataset.calendar ?? {}) as { name?: string; timeZone?: string };
  const name = calendar ?? (stored.name === 'mon-fri' ? 'mon-fri' : 'cn');
  const zone = timeZone ?? stored.timeZone ?? 'Asia/Shanghai';
  return { name, timeZone: zone, workingTime: createWorkingTime(CALENDARS[name]!, zoneOf(zone)) };
}

const AnalysisOptions = z.object({
  filters: z.array(CaseFilterSchema).max(50).default([]),
  time: z.enum(['calendar', 'working']).default('calendar'),
  calendar: CalendarName.optional().describe('default: the dataset’s calendar'),
  timeZone: z.string().optional().describe('default: the dataset’s time zone'),
  variantLimit: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(100)
    .describe(
      'how many of the most frequent variants to list (a large log has tens of thousands); variantCount gives them all',
    ),
  segmentBy: z
    .string()
    .max(500)
    .optional()
    .describe(
      'a case attribute (team, region, rep…): the answer adds per value its cases, case duration and slowestHandOff (the hand-off slowest compared with all cases; docs/metrics.md)',
    ),
  background: z
    .boolean()
    .default(false)
    .describe(
      'compute as a background job: answers 202 with a job to poll (its result is the analysis), or 200 at once when the same analysis is already kept',
    ),
});

function parseField<T>(schema: z.ZodType<T>, text: string | undefined, name: string): T {
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid-request', `field "${name}" is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(
      400,
      'invalid-request',
      `field "${name}": ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

function zoneOf(name: string) {
  const zone = resolveTimeZone(name);
  if (!zone.ok) throw new HttpError(400, 'unknown-time-zone', `unknown time zone "${name}"`);
  return zone.zone;
}

export async function datasetRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, config, jobs, cache } = base.pipewise;
  const db = store.db;
  const uploads = path.join(config.dataDir, 'uploads');

  app.get(
    '/api/datasets',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['datasets'],
        summary: 'Imported event logs',
        response: { 200: z.array(DatasetSchema) },
      },
    },
    async (request) => (await listDatasets(db, callerOf(request).organizationId)).map(toJson),
  );

  app.get(
    '/api/datasets/:id',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['datasets'],
        summary: 'One dataset',
        params: IdParams,
        response: { 200: DatasetSchema },
      },
    },
    async (request) => {
      const dataset = await findDataset(db, callerOf(request).organizationId, request.params.id);
      if (!dataset) throw notFound('dataset');
      return toJson(dataset);
    },
  );

  app.delete(
    '/api/datasets/:id',
    {
      config: { access: EDITORS },
      schema: { tags: ['datasets'], summary: 'Delete a dataset and its events', params: IdParams },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (!(await deleteDataset(db, caller.organizationId, request.params.id, caller.userId)))
        throw notFound('dataset');
      cache.forget(caller.organizationId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/datasets/preview',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['datasets'],
        summary:
          'Mapping preview: the columns of an uploaded table, the mapping Pipewise guesses, and the first rows',
        consumes: ['multipart/form-data'],
      },
    },
    async (request) => {
      const upload = await receiveUpload(request, uploads, EVENT_LOG_FILES);
      try {
        const format = chooseFormat(upload.fileName);
        if (format === 'xes' || format === 'ocel') {
          return {
            format,
            headers: [],
            rows: [],
            mapping: null,
            note: 'XES and OCEL files name their case, activity and time themselves',
          };
        }
        let headers: string[];
        let rows: string[][];
        if (format === 'xlsx') {
          const read = await readXlsxTable(
            upload.file,
            upload.fields.sheet ? { sheet: upload.fields.sheet } : {},
          );
          if (!read.ok)
            throw new HttpError(
              400,
              read.error.reason,
              describeInputError({ ...read.error, file: upload.fileName }),
            );
          headers = read.table.headers;
          rows = read.table.rows
            .slice(0, PREVIEW_ROWS)
            .map((row) => row.map((cell) => String(cell ?? '')));
        } else {
          const descriptor = openSync(upload.file, 'r');
          const buffer = Buffer.alloc(PREVIEW_BYTES);
          const length = readSync(descriptor, buffer, 0, PREVIEW_BYTES, 0);
          closeSync(descriptor);
          let bytes = buffer.subarray(0, length);
          if (length === PREVIEW_BYTES) bytes = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
          const read = readCsvTable(memorySource(upload.fileName, bytes));
          if (!read.ok) throw new HttpError(400, read.error.reason, describeInputError(read.error));
          headers = read.table.headers;
          rows = read.table.rows.slice(0, PREVIEW_ROWS);
        }
        const guess = recognizeColumns(headers);
        const name = (index: number) => (index >= 0 ? (headers[index] ?? null) : null);
        return {
          format,
          headers,
          rows,
          mapping: guess.ok
            ? {
                case: name(guess.mapping.case),
                activity: name(guess.mapping.activity),
                timestamp: name(guess.mapping.timestamp),
                resource: name(guess.mapping.resource),
                caseAttributes: guess.mapping.caseAttributes.map((attribute) => attribute.name),
                preset: guess.mapping.preset,
              }
            : null,
          note: guess.ok
            ? null
            : `choose the ${guess.ok === false && 'role' in guess ? guess.role : ''} column`,
        };
      } finally {
        rmSync(upload.file, { force: true });
      }
    },
  );

  // An import's input names the uploaded file: the process that runs it must
  // see the uploads folder (one process, or a folder the processes share).
  await jobs.define<ImportInput>(
    'import-dataset',
    async (input, { organizationId, createdBy, progress }) => {
      try {
        if (!existsSync(input.file))
          throw new JobFailure(
            `${input.fileName}: the uploaded file is not on the server that took the import; with several server processes, PIPEWISE_DATA must be a folder they share`,
          );
        const read = await readEventLogFile(input.file, {
          timeZone: zoneOf(input.timeZone),
          columns: input.mapping,
          // A compressed upload may expand to ten times the upload limit, no more.
          maxUncompressedBytes: config.uploadLimitMb * 10 * 1024 * 1024,
          ...(input.sheet ? { sheet: input.sheet } : {}),
          onProgress: (done, total) => progress((0.5 * done) / Math.max(1, total)),
        });
        if (!read.ok) {
          const error = { ...read.error, file: input.fileName };
          throw new JobFailure(describeInputError(error), error);
        }
        const dataset = await importDataset(
          db,
          {
            organizationId,
            projectId: input.projectId,
            name: input.name,
            sourceFile: input.fileName,
            format: read.report.format,
            mapping: {
              ...read.report.columns,
              preset: read.report.preset,
              timeZone: input.timeZone,
            },
            calendar: { name: input.calendar, timeZone: input.timeZone },
            importReport: { ...read.report, file: input.fileName },
            createdBy,
          },
          read.log,
          (written, total) => progress(0.5 + (0.5 * written) / Math.max(1, total)),
        );
        // The first analysis uses the log just read instead of loading it back.
        cache.put(organizationId, dataset.id, read.log);
        return { datasetId: dataset.id, events: dataset.event_count, cases: dataset.case_count };
      } finally {
        rmSync(input.file, { force: true });
      }
    },
    // Imports wait for the one connection on PGlite anyway.
    { concurrency: 2 },
  );

  app.post(
    '/api/datasets',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['datasets'],
        summary:
          'Import an event log (multipart: file, and optional fields name, projectId, mapping (JSON: case, activity, timestamp, resource column names), timeZone (default Asia/Shanghai), calendar (cn or mon-fri: the working time its analyses use by default), sheet). Answers 202 with a job to poll.',
        consumes: ['multipart/form-data'],
        response: { 202: z.object({ jobId: z.string() }) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const upload = await receiveUpload(request, uploads, EVENT_LOG_FILES);
      try {
        const mapping =
          parseField(MappingSchema.optional(), upload.fields.mapping, 'mapping') ?? {};
        const timeZoneName = upload.fields.timeZone ?? 'Asia/Shanghai';
        zoneOf(timeZoneName); // refused here (400), not in the job
        const calendarName =
          parseField(
            CalendarName.optional(),
            upload.fields.calendar === undefined
              ? undefined
              : JSON.stringify(upload.fields.calendar),
            'calendar',
          ) ?? 'cn';
        const projectId = upload.fields.projectId || null;
        if (projectId) {
          const project = await db
            .selectFrom('projects')
            .select('id')
            .where('organization_id', '=', caller.organizationId)
            .where('id', '=', projectId)
            .executeTakeFirst()
            .catch(() => undefined);
          if (!project) throw notFound('project');
        }
        const input: ImportInput = {
          file: upload.file,
          fileName: upload.fileName,
          name: upload.fields.name || upload.fileName,
          projectId,
          sheet: upload.fields.sheet ?? null,
          mapping,
          timeZone: timeZoneName,
          calendar: calendarName,
        };
        const jobId = await jobs.start(
          caller.organizationId,
          'import-dataset',
          caller.userId,
          input,
        );
        return reply.status(202).send({ jobId });
      } catch (error) {
        rmSync(upload.file, { force: true });
        throw error;
      }
    },
  );

  app.get(
    '/api/jobs/:id',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['datasets'],
        summary: 'A background job: status, progress (0–1), and its result or error',
        params: IdParams,
        response: {
          200: z.object({
            id: z.string(),
            kind: z.string(),
            status: z.enum(['queued', 'running', 'succeeded', 'failed']),
            progress: z.number(),
            result: z.unknown(),
            error: z.unknown(),
          }),
        },
      },
    },
    async (request) => {
      const job = await jobs.find(callerOf(request).organizationId, request.params.id);
      if (!job) throw notFound('job');
      return {
        id: job.id,
        kind: job.kind,
        status: job.status,
        progress: job.progress,
        result: job.result,
        error: job.error,
      };
    },
  );

  // Analyses of a dataset that does not change: the same options give the same
  // figures, so the answer (already serialized) is kept for repeated requests.
  const analyses = new Map<string, string>();
  /** Background analyses being computed, by the same key: their job ids. */
  const runningAnalyses = new Map<string, string>();
  const ANALYSES_RUNNING_PER_ORGANIZATION = 4;
  const ANALYSES_KEPT = 64;

  const loadLog = async (organizationId: string, datasetId: string) => {
    const log = await cache.get(db, organizationId, datasetId);
    if (!log) throw notFound('dataset');
    return log;
  };

  /** Computes an analysis, keeps its answer (already serialized) and returns it. */
  const analyze = async (
    organizationId: string,
    dataset: Dataset,
    key: string,
    options: AnalysisOptionsInput,
  ): Promise<string> => {
    const { filters, time, calendar, timeZone, variantLimit } = options;
    const log = await loadLog(organizationId, dataset.id);
    const filtered = filterCases(log, filters);
    if (!filtered.ok) {
      throw new HttpError(
        400,
        'unknown-case-attribute',
        `no case attribute "${filtered.attribute}"`,
        {
          available: filtered.available,
        },
      );
    }
    const chosen = calendarOf(dataset, calendar, timeZone);
    const workingTime = time === 'working' ? chosen.workingTime : undefined;
    const analyzeFully = (part: EventLog) => {
      const base = addProcessingTimes(part, analyzeLog(part));
      return workingTime ? addWorkingTime(part, base, workingTime) : base;
    };
    const analysis = analyzeFully(filtered.log);
    let segments: SegmentFigures[] | undefined;
    if (options.segmentBy !== undefined) {
      const breakdown = analyzeSegments(filtered.log, options.segmentBy, analyzeFully);
      if (!breakdown.ok)
        throw new HttpError(
          400,
          'unknown-case-attribute',
          `no case attribute "${breakdown.attribute}"`,
          { available: breakdown.available },
        );
      // Compared in the time the analysis is in (docs/metrics.md, slowestHandOff).
      const inChosenTime = (arcs: readonly DirectlyFollowsArc[]) =>
        workingTime ? arcs.map((arc) => (arc.working ? { ...arc, ...arc.working } : arc)) : arcs;
      const overall = inChosenTime(analysis.dfg);
      segments = breakdown.breakdown.segments.map(({ value, analysis: part }) => ({
        value,
        cases: part.cases,
        events: part.events,
        caseDuration: part.caseDuration,
        slowestHandOff: findSlowestHandOff(inChosenTime(part.dfg), overall) ?? null,
      }));
    }
    const answer = JSON.stringify({
      datasetId: dataset.id,
      time: workingTime
        ? {
            kind: 'working',
            calendar: chosen.name,
            timeZone: chosen.timeZone,
            dayMs: workingDayMs(chosen.workingTime.calendar),
          }
        : { kind: 'calendar' },
      filters: filtered.steps,
      ...analysis,
      variantCount: analysis.variants.length,
      variants: analysis.variants.slice(0, variantLimit),
      // What filters and segments can name: each case attribute and its values (200 at most; valueCount says how many).
      caseAttributes: log.caseAttributes.map((attribute) => ({
        name: attribute.name,
        values: attribute.values.slice(0, 200),
        valueCount: attribute.values.length,
      })),
      ...(segments ? { segmentBy: options.segmentBy, segments } : {}),
    });
    analyses.set(key, answer);
    if (analyses.size > ANALYSES_KEPT) analyses.delete(analyses.keys().next().value as string);
    return answer;
  };

  /**
   * Drops the organization's background analyses that have finished (in this
   * process or another) from `runningAnalyses`.
   */
  const forgetFinishedAnalyses = async (organizationId: string) => {
    const entries = [...runningAnalyses].filter(([key]) => key.startsWith(`${organizationId}/`));
    if (entries.length === 0) return;
    const unfinished = await db
      .selectFrom('jobs')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where(
        'id',
        'in',
        entries.map(([, id]) => id),
      )
      .where('status', 'in', ['queued', 'running'])
      .execute();
    const stillRunning = new Set(unfinished.map((row) => row.id));
    for (const [key, id] of entries) if (!stillRunning.has(id)) runningAnalyses.delete(key);
  };

  await jobs.define<AnalysisInput>(
    'analysis',
    async ({ datasetId, options }, { organizationId }) => {
      const dataset = await findDataset(db, organizationId, datasetId);
      if (!dataset) throw new JobFailure('the dataset was deleted');
      try {
        return JSON.parse(
          await analyze(
            organizationId,
            dataset,
            analysisKey(organizationId, datasetId, options),
            options,
          ),
        );
      } catch (error) {
        if (error instanceof HttpError) throw new JobFailure(error.message, error.details);
        throw error;
      }
    },
    { concurrency: ANALYSES_RUNNING_PER_ORGANIZATION },
  );

  app.post(
    '/api/datasets/:id/analysis',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['datasets'],
        summary:
          'The engine’s figures for the dataset (process map, variants, bottlenecks, pass rates…) after filters, in calendar or working time; definitions in docs/metrics.md',
        params: IdParams,
        body: AnalysisOptions,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { background, ...options } = request.body;
      const key = analysisKey(caller.organizationId, request.params.id, options);
      // Not found before anything else; and a deleted dataset's answers go with it.
      const dataset = await findDataset(db, caller.organizationId, request.params.id);
      if (!dataset) throw notFound('dataset');
      const kept = analyses.get(key);
      if (kept !== undefined) return reply.type('application/json').send(kept);
      if (background) {
        await forgetFinishedAnalyses(caller.organizationId);
        // The same analysis already being computed: the caller gets that job.
        const running = runningAnalyses.get(key);
        if (running) return reply.status(202).send({ jobId: running });
        const ofOrganization = [...runningAnalyses.keys()].filter((other) =>
          other.startsWith(`${caller.organizationId}/`),
        ).length;
        if (ofOrganization >= ANALYSES_RUNNING_PER_ORGANIZATION) {
          reply.header('retry-after', '5');
          throw new HttpError(
            429,
            'too-many-analyses',
            `${ofOrganization} analyses of this organization are running; wait for one to finish`,
          );
        }
        const jobId = await jobs.start(caller.organizationId, 'analysis', caller.userId, {
          datasetId: dataset.id,
          options,
        } satisfies AnalysisInput);
        runningAnalyses.set(key, jobId);
        return reply.status(202).send({ jobId });
      }
      return reply
        .type('application/json')
        .send(await analyze(caller.organizationId, dataset, key, options));
    },
  );

  app.post(
    '/api/datasets/:id/cases',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['datasets'],
        summary:
          'The cases behind a figure of the map: those with an activity, or in which one activity is directly followed by another; slowest first (the hand-off’s time, or the case’s duration)',
        params: IdParams,
        body: z.object({
          filters: z.array(CaseFilterSchema).max(50).default([]),
          passage: z.union([
            z.object({ activity: z.string() }),
            z.object({ from: z.string(), to: z.string() }),
          ]),
          limit: z.number().int().positive().max(1000).default(100),
        }),
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { filters, passage, limit } = request.body;
      const log = await loadLog(caller.organizationId, request.params.id);
      const filtered = filterCases(log, filters);
      if (!filtered.ok)
        throw new HttpError(
          400,
          'unknown-case-attribute',
          `no case attribute "${filtered.attribute}"`,
        );
      const found = findCasesThrough(filtered.log, passage).map((found) => ({
        caseId: found.caseId,
        times: found.times,
        ...(found.firstHandOffMs !== undefined ? { handOffMs: found.firstHandOffMs } : {}),
        startMs: found.startMs,
        endMs: found.endMs,
        durationMs: found.endMs - found.startMs,
      }));
      found.sort((x, y) => (y.handOffMs ?? y.durationMs) - (x.handOffMs ?? x.durationMs));
      return { count: found.length, cases: found.slice(0, limit) };
    },
  );

  app.post(
    '/api/datasets/:id/discover',
    {
      config: { access: ANALYSTS },
      schema: {
        tags: ['datasets'],
        summary:
          'Propose an as-is process model from the dataset (steps, flows above a threshold, lanes, measured durations)',
        params: IdParams,
        body: z.object({
          filters: z.array(CaseFilterSchema).max(50).default([]),
          minFlowCount: z.number().int().positive().optional(),
          flowCoverage: z.number().gt(0).max(1).optional(),
          calendar: CalendarName.optional().describe('default: the dataset’s calendar'),
          timeZone: z.string().optional().describe('default: the dataset’s time zone'),
        }),
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { filters, minFlowCount, flowCoverage, calendar, timeZone } = request.body;
      const log = await loadLog(caller.organizationId, request.params.id);
      const dataset = await findDataset(db, caller.organizationId, request.params.id);
      if (!dataset) throw notFound('dataset');
      const filtered = filterCases(log, filters);
      if (!filtered.ok)
        throw new HttpError(
          400,
          'unknown-case-attribute',
          `no case attribute "${filtered.attribute}"`,
        );
      return discoverProcessModel(filtered.log, {
        workingTime: calendarOf(dataset, calendar, timeZone).workingTime,
        ...(minFlowCount !== undefined ? { minFlowCount } : {}),
        ...(flowCoverage !== undefined ? { flowCoverage } : {}),
      });
    },
  );
}
