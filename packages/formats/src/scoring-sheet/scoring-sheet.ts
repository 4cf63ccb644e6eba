import {
  isScore,
  SCORE_DIMENSIONS,
  type ScoreDimension,
  type ScoredStep,
  type ScoreSheetEntry,
} from '@pipewise/engine/diagnosis';
import { displayName } from '@pipewise/engine/process-model';
import type ExcelJS from 'exceljs';
import { cellText } from '../xlsx/read-xlsx-event-log.ts';

type Language = 'zh' | 'en';

/** The sheet's columns in order; a column is recognised by its header in either language. */
const COLUMNS = [
  { key: 'stepId', en: 'Step ID', zh: '环节编号', width: 14 },
  { key: 'step', en: 'Step', zh: '环节', width: 28 },
  { key: 'efficiency', en: 'Efficiency (1-5)', zh: '效率（1-5）', width: 16 },
  { key: 'effectiveness', en: 'Effectiveness (1-5)', zh: '效果（1-5）', width: 18 },
  { key: 'compliance', en: 'Compliance (1-5)', zh: '合规（1-5）', width: 16 },
  {
    key: 'customer-experience',
    en: 'Customer experience (1-5)',
    zh: '客户体验（1-5）',
    width: 24,
  },
  { key: 'comment', en: 'Comment', zh: '评语', width: 40 },
] as const;

type ColumnKey = (typeof COLUMNS)[number]['key'];

/** A column's header in the user's language: a dimension, the step id, the step or the comment. */
export function scoringColumnLabel(key: ColumnKey, language: Language): string {
  return COLUMNS.find((column) => column.key === key)?.[language] ?? key;
}

const SHEET_NAMES = { zh: '评分表', en: 'Scoring' } as const;

const HELP: Record<Language, string[][]> = {
  zh: [
    [
      '评分',
      '每个环节在四个维度上打 1–5 分的整数：1 很差，2 较差，3 一般，4 较好，5 很好。不了解的环节可以留空。',
    ],
    ['效率', '做这一步花的时间和人力是否合理：等待、重复录入、来回返工都会拉低效率。'],
    ['效果', '这一步是否达到了它的目的：产出是否准确、完整，能否直接用于下一步。'],
    ['合规', '是否按制度、审批权限和合同要求执行，留有记录。'],
    ['客户体验', '客户在这一步感受如何：响应是否及时、是否需要客户自己多跑一趟。'],
    ['评语', '可选：说明打低分的原因或改进建议。'],
    ['注意', '请不要增加、删除或合并列和单元格；环节编号用于识别环节，请勿修改。'],
  ],
  en: [
    [
      'Scores',
      'Score each step on the four dimensions with a whole number 1–5: 1 very poor, 2 poor, 3 fair, 4 good, 5 very good. Leave a step empty if you do not know it.',
    ],
    [
      'Efficiency',
      'Is the time and effort the step takes reasonable? Waiting, retyping and rework lower it.',
    ],
    [
      'Effectiveness',
      'Does the step achieve its purpose: is its output accurate, complete, usable by the next step?',
    ],
    [
      'Compliance',
      'Is it done by the rules, approval limits and contract terms, with a record kept?',
    ],
    [
      'Customer experience',
      'How does the customer find this step: timely answers, no extra running around?',
    ],
    ['Comment', 'Optional: why a score is low, or what would improve it.'],
    [
      'Note',
      'Do not add, remove or merge columns or cells; the step ID identifies the step, do not change it.',
    ],
  ],
};

/** Characters that make a spreadsheet read a typed-in cell as a formula (OWASP's CSV-injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text made safe to put in a cell: text starting like a formula gets a
 * leading apostrophe, so neither Excel nor WPS evaluates it if the cell is
 * edited or the sheet saved as CSV (a step named "=HYPERLINK(…)" stays text).
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text as written before `neutralizeFormula`: what the rater typed. */
export function restoreNeutralized(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/**
 * A rater's scoring sheet as an Excel workbook: one row per step of the
 * round (its id and name locked, the four score cells limited to whole
 * numbers 1–5, and a comment), filled in with what the rater saved before,
 * and a second sheet explaining the dimensions. The sheet is protected
 * without a password — against slips such as typing over a step or merging
 * cells, not against a determined user — and every text is neutralized
 * against formula injection.
 */
export async function scoringSheetXlsx(input: {
  language: Language;
  title: string;
  rater: string;
  steps: readonly ScoredStep[];
  saved?: readonly ScoreSheetEntry[];
}): Promise<Uint8Array> {
  const { language } = input;
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAMES[language], {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }],
  });
  sheet.columns = COLUMNS.map((column) => ({ header: column[language], width: column.width }));
  sheet.getRow(1).font = { bold: true };
  const saved = new Map((input.saved ?? []).map((entry) => [entry.stepId, entry]));
  for (const step of input.steps) {
    const entry = saved.get(step.id);
    const row = sheet.addRow([
      neutralizeFormula(step.id),
      neutralizeFormula(displayName(step.name, language)),
      ...SCORE_DIMENSIONS.map((dimension) => entry?.scores[dimension] ?? null),
      neutralizeFormula(entry?.comment ?? ''),
    ]);
    for (let column = 3; column <= COLUMNS.length; column++) {
      const cell = row.getCell(column);
      cell.protection = { locked: false };
      if (column < COLUMNS.length) {
        cell.dataValidation = {
          type: 'whole',
          operator: 'between',
          allowBlank: true,
          formulae: [1, 5],
          showErrorMessage: true,
          errorTitle: language === 'zh' ? '分数' : 'Score',
          error: language === 'zh' ? '请填写 1 到 5 的整数' : 'Enter a whole number from 1 to 5',
        };
      } else {
        cell.numFmt = '@';
      }
    }
  }
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
  const help = workbook.addWorksheet(language === 'zh' ? '填写说明' : 'Instructions');
  help.columns = [{ width: 20 }, { width: 90 }];
  help.addRow([language === 'zh' ? '评分轮次' : 'Round', neutralizeFormula(input.title)]);
  help.addRow([language === 'zh' ? '评分人' : 'Rater', neutralizeFormula(input.rater)]);
  help.addRow([]);
  for (const [label, text] of HELP[language]) help.addRow([label, text]);
  help.getColumn(1).font = { bold: true };
  help.getColumn(2).alignment = { wrapText: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * Why an uploaded sheet is refused; each located by sheet, row (1-based, the
 * header is row 1), column (its header, or its letter when it has none) and
 * the value found.
 */
export type ScoringSheetErrorReason =
  | 'not-a-workbook'
  | 'merged-cells'
  | 'missing-column'
  | 'extra-column'
  | 'unknown-step'
  | 'duplicate-step'
  | 'invalid-score';

export interface ScoringSheetError {
  reason: ScoringSheetErrorReason;
  sheet: string;
  row?: number;
  column?: string;
  value?: string;
}

const MESSAGES: Record<ScoringSheetErrorReason, Record<Language, string>> = {
  'not-a-workbook': {
    en: 'The file is not an Excel workbook (.xlsx).',
    zh: '文件不是 Excel 工作簿（.xlsx）。',
  },
  'merged-cells': {
    en: 'Merged cells: unmerge them, each step needs its own row and each score its own cell.',
    zh: '有合并的单元格：请取消合并，每个环节一行、每个分数一个单元格。',
  },
  'missing-column': {
    en: 'A column of the sheet is missing.',
    zh: '缺少评分表的列。',
  },
  'extra-column': {
    en: 'A column the scoring sheet does not have: remove it.',
    zh: '评分表没有这一列，请删除。',
  },
  'unknown-step': {
    en: 'No step with this ID in the round’s process version (removed in a newer version, or the ID was changed).',
    zh: '本轮评分的流程版本中没有这个环节编号（可能在新版本中已删除，或编号被改动）。',
  },
  'duplicate-step': {
    en: 'The same step appears twice.',
    zh: '同一个环节出现了两次。',
  },
  'invalid-score': {
    en: 'A score must be a whole number from 1 to 5 (or empty).',
    zh: '分数必须是 1 到 5 的整数（或留空）。',
  },
};

/** A sheet error in words, in the user's language. */
export function describeScoringSheetError(error: ScoringSheetError, language: Language): string {
  return MESSAGES[error.reason][language];
}

const normalizeHeader = (text: string) => text.replace(/\s+/g, '').toLowerCase();

const HEADER_KEYS = new Map<string, ColumnKey>(
  COLUMNS.flatMap((column) => [
    [normalizeHeader(column.en), column.key],
    [normalizeHeader(column.zh), column.key],
    // Without the "(1-5)": a rater who shortened the header.
    [normalizeHeader(column.en.replace(/\s*\(1-5\)$/, '')), column.key],
    [normalizeHeader(column.zh.replace(/（1-5）$/, '')), column.key],
  ]),
);

const columnLetter = (index: number): string => {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
};

/** A cell's score: a number, or numeric text ("4" typed into a text cell); null when empty. */
function readScore(raw: string): number | null | undefined {
  const text = raw.trim();
  if (text === '') return null;
  const value = Number(text);
  return isScore(value) ? value : undefined;
}

/**
 * Reads a filled-in scoring sheet (the first sheet of the workbook) against
 * the round's steps: every problem is listed — merged cells, missing or extra
 * columns, unknown or repeated steps, scores that are not whole numbers 1–5 —
 * with its sheet, row, column and value; the entries only when there is none.
 */
export async function readScoringSheet(
  file: string | Uint8Array,
  steps: readonly ScoredStep[],
  language: Language,
): Promise<{ ok: true; entries: ScoreSheetEntry[] } | { ok: false; errors: ScoringSheetError[] }> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    if (typeof file === 'string') await workbook.xlsx.readFile(file);
    else await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { ok: false, errors: [{ reason: 'not-a-workbook', sheet: '' }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, errors: [{ reason: 'not-a-workbook', sheet: '' }] };
  const errors: ScoringSheetError[] = [];
  const name = sheet.name;
  const merges = (sheet.model as unknown as { merges?: string[] }).merges ?? [];
  for (const range of merges) {
    const top = range.split(':')[0] ?? range;
    errors.push({
      reason: 'merged-cells',
      sheet: name,
      row: Number(top.replace(/^[A-Z]+/, '')),
      column: top.replace(/\d+$/, ''),
      value: range,
    });
  }
  const header = sheet.getRow(1);
  const positions = new Map<ColumnKey, number>();
  const headerLabel = (key: ColumnKey) => scoringColumnLabel(key, language);
  for (let index = 1; index <= Math.max(sheet.columnCount, header.cellCount); index++) {
    const text = cellText(header.getCell(index).value).trim();
    const key = HEADER_KEYS.get(normalizeHeader(text));
    if (key && !positions.has(key)) {
      positions.set(key, index);
      continue;
    }
    const hasData = text !== '' || columnHasData(sheet, index);
    if (hasData) {
      errors.push({
        reason: 'extra-column',
        sheet: name,
        row: 1,
        column: text || columnLetter(index),
        value: text,
      });
    }
  }
  for (const column of COLUMNS) {
    if (!positions.has(column.key)) {
      errors.push({ reason: 'missing-column', sheet: name, row: 1, column: column[language] });
    }
  }
  if (errors.some((error) => error.reason === 'missing-column')) return { ok: false, errors };
  const known = new Set(steps.map((step) => step.id));
  const seen = new Set<string>();
  const entries: ScoreSheetEntry[] = [];
  const at = (row: ExcelJS.Row, key: ColumnKey) => cellText(row.getCell(positions.get(key)!).value);
  for (let number = 2; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const texts = COLUMNS.map((column) => at(row, column.key).trim());
    if (texts.every((text) => text === '')) continue;
    const stepId = restoreNeutralized(at(row, 'stepId').trim());
    const stepLabel = headerLabel('stepId');
    if (!known.has(stepId)) {
      errors.push({
        reason: 'unknown-step',
        sheet: name,
        row: number,
        column: stepLabel,
        value: stepId,
      });
      continue;
    }
    if (seen.has(stepId)) {
      errors.push({
        reason: 'duplicate-step',
        sheet: name,
        row: number,
        column: stepLabel,
        value: stepId,
      });
    }
    seen.add(stepId);
    const scores: Partial<Record<ScoreDimension, number | null>> = {};
    for (const dimension of SCORE_DIMENSIONS) {
      const raw = at(row, dimension);
      const score = readScore(raw);
      if (score === undefined) {
        errors.push({
          reason: 'invalid-score',
          sheet: name,
          row: number,
          column: headerLabel(dimension),
          value: raw,
        });
      } else scores[dimension] = score;
    }
    const comment = restoreNeutralized(at(row, 'comment').trim());
    entries.push({ stepId, scores, ...(comment ? { comment } : {}) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

/** Whether any cell below the header of a column holds something. */
function columnHasData(sheet: ExcelJS.Worksheet, index: number): boolean {
  for (let number = 2; number <= sheet.rowCount; number++) {
    if (cellText(sheet.getRow(number).getCell(index).value).trim() !== '') return true;
  }
  return false;
}
