import { z } from 'zod';
import { laneReferencesOf, stepReferencesOf } from '../rules/rule.ts';
import { createRulesSchema } from '../rules/rule-schema.ts';
import {
  PROCESS_MODEL_SCHEMA_VERSION,
  type ProcessModel,
  STEP_KINDS,
  type StepKind,
} from './process-model.ts';

const localizedText = z
  .object({ zh: z.string().min(1).optional(), en: z.string().min(1).optional() })
  .strict()
  .refine((text) => text.zh !== undefined || text.en !== undefined, {
    message: 'a name in zh or en',
  });

const durationSummary = {
  meanMs: z.number(),
  medianMs: z.number(),
  p90Ms: z.number(),
};

const durationEstimate = z
  .object({
    value: z.number().nonnegative(),
    unit: z.enum(['minute', 'hour', 'day', 'week']),
    basis: z.enum(['working', 'calendar']),
    text: z.string().optional(),
  })
  .strict();

const rulesSchema = createRulesSchema(durationEstimate, localizedText);

const step = z
  .object({
    id: z.string().min(1),
    name: localizedText,
    kind: z.enum(STEP_KINDS as [StepKind, ...StepKind[]]),
    laneId: z.string().min(1).optional(),
    gateway: z.enum(['exclusive', 'inclusive', 'parallel', 'event-based', 'complex']).optional(),
    inputs: z.array(z.string()),
    outputs: z.array(z.string()),
    systems: z.array(z.string()),
    estimated: durationEstimate.optional(),
    deadline: durationEstimate.optional(),
    measured: z
      .object({
        count: z.number().int().nonnegative(),
        measure: z.enum(['until-next', 'since-previous', 'processing']),
        calendar: z.object(durationSummary).strict(),
        working: z
          .object({
            ...durationSummary,
            calendarName: z.string(),
            workingDayMs: z.number().positive(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    cases: z.number().int().nonnegative().optional(),
    notes: z.string().optional(),
    origin: z
      .object({ kind: z.enum(['merge', 'split']), stepIds: z.array(z.string()) })
      .strict()
      .optional(),
    source: z.string().optional(),
  })
  .strict();

const processModelSchema = z
  .object({
    schemaVersion: z.literal(PROCESS_MODEL_SCHEMA_VERSION),
    id: z.string().min(1),
    name: localizedText,
    version: z
      .object({
        number: z.number().int().positive(),
        stage: z.enum(['as-is', 'to-be']),
        label: z.string().optional(),
        derivedFrom: z
          .object({ modelId: z.string(), number: z.number().int().positive() })
          .strict()
          .optional(),
      })
      .strict(),
    lanes: z.array(
      z
        .object({
          id: z.string().min(1),
          name: localizedText,
          department: z.string().optional(),
        })
        .strict(),
    ),
    steps: z.array(step),
    flows: z.array(
      z
        .object({
          id: z.string().min(1),
          from: z.string().min(1),
          to: z.string().min(1),
          condition: z.string().optional(),
          kind: z.enum(['sequence', 'message']).optional(),
          count: z.number().int().nonnegative().optional(),
          source: z.string().optional(),
        })
        .strict(),
    ),
    unknownElements: z.array(
      z
        .object({
          element: z.string(),
          id: z.string().optional(),
          name: z.string().optional(),
          location: z.string().optional(),
        })
        .strict(),
    ),
    notes: z.string().optional(),
    // Optional, so models saved before rules existed stay valid at schema 1.
    rules: rulesSchema.optional(),
  })
  .strict();

/** One problem found in a saved model: where (a JSON path) and what was expected. */
export interface ModelProblem {
  path: string;
  message: string;
}

export type ParsedModel =
  | { ok: true; model: ProcessModel }
  | { ok: false; problems: ModelProblem[] };

/**
 * A migration brings a saved model from schema version `from` to `from + 1`.
 * The list grows with every change to the saved form, so that any file saved
 * since the first version still opens.
 */
export interface ModelMigration {
  from: number;
  migrate(document: Record<string, unknown>): Record<string, unknown>;
}

/** Migrations of the saved form, oldest first (none yet: version 1 is the first). */
export const MODEL_MIGRATIONS: readonly ModelMigration[] = [];

/**
 * Brings a saved document up to the current schema version by running the
 * migrations after its own version in turn. Documents without a version, or
 * from a newer Pipewise, are refused.
 */
export function migrateProcessModel(
  document: unknown,
  migrations: readonly ModelMigration[] = MODEL_MIGRATIONS,
  currentVersion: number = PROCESS_MODEL_SCHEMA_VERSION,
): { ok: true; document: Record<string, unknown> } | { ok: false; problems: ModelProblem[] } {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, problems: [{ path: '', message: 'expected a JSON object' }] };
  }
  let current = document as Record<string, unknown>;
  const version = current.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      problems: [{ path: 'schemaVersion', message: 'expected a schema version (1, 2, …)' }],
    };
  }
  if (version > currentVersion) {
    return {
      ok: false,
      problems: [
        {
          path: 'schemaVersion',
          message: `saved by a newer Pipewise (schema ${version}; this one reads up to ${currentVersion})`,
        },
      ],
    };
  }
  for (let from = version; from < currentVersion; from++) {
    const migration = migrations.find((candidate) => candidate.from === from);
    if (!migration) {
      return {
        ok: false,
        problems: [{ path: 'schemaVersion', message: `no migration from schema ${from}` }],
      };
    }
    current = { ...migration.migrate(current), schemaVersion: from + 1 };
  }
  return { ok: true, document: current };
}

/**
 * Reads a saved model (parsed JSON): migrates it to the current schema,
 * checks its shape, then its references (every flow and lane reference
 * names an existing element; ids are unique). Problems name the JSON path.
 */
export function parseProcessModel(document: unknown): ParsedModel {
  const migrated = migrateProcessModel(document);
  if (!migrated.ok) return migrated;
  const parsed = processModelSchema.safeParse(migrated.document);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    };
  }
  const model = parsed.data as ProcessModel;
  const problems = findReferenceProblems(model);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, model };
}

/**
 * What is wrong with `rule` as one of `model`'s rules (replacing a rule with
 * its id): its form, then duplicate ids and what it names that the model
 * lacks. Empty when it may be saved.
 */
export function findRuleProblems(model: ProcessModel, rule: unknown): ModelProblem[] {
  const parsed = rulesSchema.element.safeParse(rule);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => ({
      path: ['rule', ...issue.path].join('.'),
      message: issue.message,
    }));
  const candidate = parsed.data as NonNullable<ProcessModel['rules']>[number];
  const rules = model.rules ?? [];
  const at = rules.findIndex((existing) => existing.id === candidate.id);
  const withRule = at < 0 ? [...rules, candidate] : rules.with(at, candidate);
  const index = at < 0 ? rules.length : at;
  return findReferenceProblems({ ...model, rules: withRule })
    .filter((problem) => problem.path.startsWith(`rules.${index}.`))
    .map((problem) => ({ ...problem, path: problem.path.replace(`rules.${index}`, 'rule') }));
}

/** Duplicate ids and references to missing steps or lanes. */
export function findReferenceProblems(model: ProcessModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const earlier = seen.get(id);
    if (earlier !== undefined)
      problems.push({ path, message: `id "${id}" is already used at ${earlier}` });
    else seen.set(id, path);
  };
  for (const [k, lane] of model.lanes.entries()) claim(lane.id, `lanes.${k}.id`);
  for (const [k, step] of model.steps.entries()) claim(step.id, `steps.${k}.id`);
  for (const [k, flow] of model.flows.entries()) claim(flow.id, `flows.${k}.id`);

  const laneIds = new Set(model.lanes.map((lane) => lane.id));
  const stepIds = new Set(model.steps.map((step) => step.id));
  model.steps.forEach((step, k) => {
    if (step.laneId !== undefined && !laneIds.has(step.laneId))
      problems.push({ path: `steps.${k}.laneId`, message: `no lane "${step.laneId}"` });
  });
  model.flows.forEach((flow, k) => {
    if (!stepIds.has(flow.from))
      problems.push({ path: `flows.${k}.from`, message: `no step "${flow.from}"` });
    if (!stepIds.has(flow.to))
      problems.push({ path: `flows.${k}.to`, message: `no step "${flow.to}"` });
  });
  for (const [k, rule] of (model.rules ?? []).entries()) {
    claim(rule.id, `rules.${k}.id`);
    for (const ref of stepReferencesOf(rule))
      if (!stepIds.has(ref.stepId))
        problems.push({ path: `rules.${k}.${ref.path}`, message: `no step "${ref.stepId}"` });
    for (const ref of laneReferencesOf(rule))
      if (!laneIds.has(ref.laneId))
        problems.push({ path: `rules.${k}.${ref.path}`, message: `no lane "${ref.laneId}"` });
  }
  return problems;
}
