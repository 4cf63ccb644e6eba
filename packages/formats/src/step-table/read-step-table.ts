import {
  checkProcessModel,
  createProcessModel,
  DURATION_ESTIMATE_FORMATS,
  type Flow,
  inferStepKind,
  type Lane,
  type LocalizedText,
  type ModelWarning,
  makeStep,
  nameOf,
  type ProcessModel,
  parseDurationEstimate,
  type Step,
  type StepKind,
} from '@pipewise/engine/process-model';
import { clipValue, type InputError, InputFailure } from '../input-error/index.ts';

/** The columns of a step table, each recognised by its usual headers in English and Chinese. */
export const STEP_TABLE_COLUMNS = {
  order: [
    'order',
    'no',
    'no.',
    '#',
    'seq',
    'sequence',
    'step no',
    'step no.',
    '序号',
    '顺序',
    '步骤序号',
    '编号',
  ],
  step: ['step', 'step name', 'name', 'activity', '环节', '环节名称', '步骤', '步骤名称', '活动'],
  stepEn: ['step (en)', 'name (en)', 'english name', '英文名称', '英文名'],
  stepZh: ['step (zh)', 'name (zh)', 'chinese name', '中文名称', '中文名'],
  kind: ['kind', 'type', 'step type', '类型', '环节类型'],
  owner: ['owner', 'role', 'responsible', 'owner role', '负责人', '责任人', '角色', '负责角色'],
  department: ['department', 'dept', 'team', '部门', '团队', '所属部门'],
  inputs: ['inputs', 'input', '输入', '输入物'],
  outputs: ['outputs', 'output', '输出', '输出物'],
  systems: ['systems', 'system', 'tools', 'tool', '系统', '工具', '使用系统', '涉及系统'],
  estimated: [
    'estimated duration',
    'estimate',
    'duration',
    'time',
    'estimated time',
    '预计耗时',
    '耗时',
    '时长',
    '预计时长',
    '预估耗时',
    '用时',
  ],
  next: ['next', 'next steps', 'next step', 'goes to', '下一步', '后续环节', '下一环节'],
  notes: ['notes', 'note', 'comments', 'remarks', '备注', '说明'],
  painPoints: ['pain points', 'pain point', 'problems', '痛点', '问题点', '存在问题'],
} as const;

export type StepTableColumn = keyof typeof STEP_TABLE_COLUMNS;

const KIND_WORDS: Record<string, StepKind> = {
  task: 'task',
  任务: 'task',
  approval: 'approval',
  审批: 'approval',
  'hand-off': 'hand-off',
  handoff: 'hand-off',
  交接: 'hand-off',
  wait: 'wait',
  等待: 'wait',
  decision: 'decision',
  判断: 'decision',
  决策: 'decision',
  subprocess: 'subprocess',
  子流程: 'subprocess',
};

/** A table read as strings: a CSV file or a sheet (see `readCsvTable`, `readXlsxTable`). */
export interface StringTable {
  file: string;
  headers: string[];
  rows: string[][];
  lines: number[];
}

/**
 * Turns a step list (one row per step: order, step, owner, department,
 * inputs, outputs, systems, estimated duration, notes; optional kind and
 * next) into an as-is model. Steps follow the order column (else the rows);
 * each owner is a lane; flows go from each step to the next one, or to the
 * steps its "next" cell names; a start and an end are added. Any cell that
 * cannot be read stops the import with its place (all or nothing); a
 * questionable model (say two steps of one name in a lane) comes with
 * warnings. Columns: docs/process-model.md#from-a-table.
 */
export function readStepTable(
  table: StringTable,
  options: StepTableOptions = {},
):
  | {
      ok: true;
      model: ProcessModel;
      warnings: ModelWarning[];
      columns: Partial<Record<StepTableColumn, string>>;
    }
  | { ok: false; error: InputError; errors: InputError[] } {
  try {
    return { ok: true, ...buildModel(table, options) };
  } catch (error) {
    if (error instanceof StepTableFailure)
      return { ok: false, error: error.errors[0]!, errors: error.errors };
    if (error instanceof InputFailure)
      return { ok: false, error: error.detail, errors: [error.detail] };
    throw error;
  }
}

export interface StepTableOptions {
  id?: string;
  name?: LocalizedText;
  /** Every step must name its owner (the survey form asks for one per step). */
  requireOwner?: boolean;
}

/** Every problem of a table, found in one pass: people fix them all at once. */
class StepTableFailure extends Error {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(`${errors.length} problems in the step table`);
    this.errors = errors;
  }
}

function buildModel(table: StringTable, options: StepTableOptions) {
  const columnOf = recognize(table);
  // Problems of single rows and cells are collected, and the row goes on being
  // read, so that one upload shows every cell to fix.
  const problems: InputError[] = [];
  const at = (row: string[], column: StepTableColumn) => {
    const index = columnOf[column];
    return index === undefined ? '' : (row[index] ?? '').trim();
  };
  const where = (k: number, column: StepTableColumn) => ({
    file: table.file,
    line: table.lines[k]!,
    column: table.headers[columnOf[column]!]!,
    columnNumber: columnOf[column]! + 1,
  });

  // Rows in step order: by the order column when there is one (stable for ties it refuses).
  const rowOrder = table.rows.map((_, k) => k);
  const orderNumber = new Map<number, number>();
  if (columnOf.order !== undefined) {
    const seen = new Map<number, number>();
    for (const k of rowOrder) {
      const text = at(table.rows[k]!, 'order');
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) {
        problems.push({
          ...where(k, 'order'),
          reason: 'unknown-step-reference',
          value: clipValue(text),
          expected: "a number giving the step's place (1, 2, 3…)",
        });
        continue;
      }
      if (seen.has(value)) {
        problems.push({
          ...where(k, 'order'),
          reason: 'duplicate-step-order',
          value: text,
          expected: `a number not used before (line ${table.lines[seen.get(value)!]} has it)`,
        });
        continue;
      }
      seen.set(value, k);
      orderNumber.set(k, value);
    }
    rowOrder.sort(
      (x, y) =>
        (orderNumber.get(x) ?? Number.POSITIVE_INFINITY) -
          (orderNumber.get(y) ?? Number.POSITIVE_INFINITY) || x - y,
    );
  }

  const lanes: Lane[] = [];
  const laneIdOf = new Map<string, string>();
  const steps: Step[] = [makeStep('start', { en: 'Start', zh: '开始' }, 'start')];
  const stepIdOfRow = new Map<number, string>();
  for (const [position, k] of rowOrder.entries()) {
    const row = table.rows[k]!;
    const name = stepName(row, at);
    if (name === undefined) {
      problems.push({
        ...where(
          k,
          columnOf.step !== undefined
            ? 'step'
            : columnOf.stepEn !== undefined
              ? 'stepEn'
              : 'stepZh',
        ),
        reason: 'empty-step-name',
        value: '',
        expected: 'a step name on every row',
      });
      continue;
    }
    const owner = at(row, 'owner');
    if (owner === '' && options.requireOwner) {
      problems.push({
        ...(columnOf.owner !== undefined
          ? where(k, 'owner')
          : { file: table.file, line: table.lines[k]! }),
        reason: 'missing-owner',
        value: '',
        expected: 'the role that does the step (one swimlane per owner)',
      });
    }
    let laneId: string | undefined;
    if (owner !== '') {
      laneId = laneIdOf.get(owner);
      if (laneId === undefined) {
        laneId = `lane${lanes.length + 1}`;
        laneIdOf.set(owner, laneId);
        const department = at(row, 'department');
        lanes.push({
          id: laneId,
          name: nameOf(owner),
          ...(department !== '' ? { department } : {}),
        });
      }
    }
    const kindText = at(row, 'kind');
    let kind: StepKind;
    if (kindText === '') kind = inferStepKind(name.zh ?? name.en ?? '');
    else {
      const known = KIND_WORDS[kindText.toLowerCase()];
      if (known === undefined) {
        problems.push({
          ...where(k, 'kind'),
          reason: 'unknown-step-kind',
          value: clipValue(kindText),
          expected:
            'task, approval, hand-off, wait, decision or subprocess (任务, 审批, 交接, 等待, 判断, 子流程)',
        });
      }
      kind = known ?? 'task';
    }
    const estimateText = at(row, 'estimated');
    const estimated = estimateText === '' ? undefined : parseDurationEstimate(estimateText);
    if (estimateText !== '' && estimated === undefined) {
      problems.push({
        ...where(k, 'estimated'),
        reason: 'unparseable-duration',
        value: clipValue(estimateText),
        expected: DURATION_ESTIMATE_FORMATS,
      });
    }
    const id = `s${orderNumber.get(k) ?? position + 1}`.replace(/[^\w-]/g, '_');
    stepIdOfRow.set(k, id);
    // Pain points go into the step's notes, under the form's own column name.
    const painPoints = at(row, 'painPoints');
    const notes = [
      at(row, 'notes'),
      painPoints === '' ? '' : `${table.headers[columnOf.painPoints!]!.trim()}: ${painPoints}`,
    ]
      .filter(Boolean)
      .join('\n');
    steps.push(
      makeStep(id, name, kind, {
        ...(laneId !== undefined ? { laneId } : {}),
        inputs: splitList(at(row, 'inputs')),
        outputs: splitList(at(row, 'outputs')),
        systems: splitList(at(row, 'systems')),
        ...(estimated ? { estimated } : {}),
        ...(notes !== '' ? { notes } : {}),
        source: `${table.file}:${table.lines[k]}`,
      }),
    );
  }
  steps.push(makeStep('end', { en: 'End', zh: '结束' }, 'end'));

  const flows: Flow[] = [];
  const addFlow = (from: string, to: string) => {
    if (!flows.some((flow) => flow.from === from && flow.to === to))
      flows.push({ id: `${from}->${to}`, from, to });
  };
  if (rowOrder.length > 0) addFlow('start', stepIdOfRow.get(rowOrder[0]!)!);
  for (const [position, k] of rowOrder.entries()) {
    const from = stepIdOfRow.get(k)!;
    const following = rowOrder[position + 1];
    const nextText = at(table.rows[k]!, 'next');
    if (nextText === '') {
      addFlow(from, following === undefined ? 'end' : stepIdOfRow.get(following)!);
      continue;
    }
    for (const target of splitList(nextText)) {
      const to = resolveStep(target, k);
      if (to !== undefined) addFlow(from, to);
    }
  }
  if (problems.length > 0) throw new StepTableFailure(problems);

  function resolveStep(target: string, k: number): string | undefined {
    if (/^(?:end|结束|完成)$/iu.test(target)) return 'end';
    const byOrder = Number(target);
    if (Number.isFinite(byOrder)) {
      const row =
        [...orderNumber].find(([, value]) => value === byOrder)?.[0] ??
        (columnOf.order === undefined ? rowOrder[byOrder - 1] : undefined);
      if (row !== undefined) return stepIdOfRow.get(row)!;
    } else {
      const named = steps.find((step) => step.name.zh === target || step.name.en === target);
      if (named && named.kind !== 'start') return named.id;
    }
    problems.push({
      ...where(k, 'next'),
      reason: 'unknown-step-reference',
      value: clipValue(target),
      expected: `the order number or name of a step in the table, or "end"`,
    });
    return undefined;
  }

  const model: ProcessModel = {
    ...createProcessModel(
      options.id ?? 'as-is',
      options.name ?? { en: 'As-is process', zh: '现状流程' },
    ),
    lanes,
    steps,
    flows,
  };
  const columns = Object.fromEntries(
    Object.entries(columnOf).map(([column, index]) => [column, table.headers[index!]!]),
  ) as Partial<Record<StepTableColumn, string>>;
  return { model, warnings: checkProcessModel(model), columns };
}

/** Which column holds what, by header; a step name column is required. */
function recognize(table: StringTable): Partial<Record<StepTableColumn, number>> {
  const columnOf: Partial<Record<StepTableColumn, number>> = {};
  table.headers.forEach((header, index) => {
    const text = header.trim().toLowerCase().replace(/\s+/g, ' ');
    for (const [column, names] of Object.entries(STEP_TABLE_COLUMNS) as [
      StepTableColumn,
      readonly string[],
    ][]) {
      if (columnOf[column] === undefined && names.includes(text)) {
        columnOf[column] = index;
        return;
      }
    }
  });
  if (
    columnOf.step === undefined &&
    columnOf.stepEn === undefined &&
    columnOf.stepZh === undefined
  ) {
    throw new InputFailure({
      reason: 'missing-column',
      file: table.file,
      line: 1,
      value: 'step',
      expected: `a column naming the steps (${STEP_TABLE_COLUMNS.step.join(', ')}); columns are: ${table.headers.map((h) => `"${h}"`).join(', ')}`,
    });
  }
  return columnOf;
}

function stepName(
  row: string[],
  at: (row: string[], column: StepTableColumn) => string,
): LocalizedText | undefined {
  const main = at(row, 'step');
  const en = at(row, 'stepEn');
  const zh = at(row, 'stepZh');
  const name: LocalizedText = main === '' ? {} : nameOf(main);
  if (en !== '') name.en = en;
  if (zh !== '') name.zh = zh;
  return name.en === undefined && name.zh === undefined ? undefined : name;
}

/** A cell listing several things: separated by commas, semicolons, 、 or line breaks. */
function splitList(text: string): string[] {
  return text
    .split(/[,;，；、\n]/u)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
