import { paretoOf } from '@pipewise/engine/diagnosis';
import { neutralizeFormula } from '../scoring-sheet/scoring-sheet.ts';

type Language = 'zh' | 'en';

/** A problem as the register exports it: labels already in the reader's language. */
export interface RegisterRow {
  title: string;
  description: string;
  steps: string[];
  type: string;
  rootCause: string;
  severity: number;
  owner: string;
  status: string;
  source: string;
  casesAffected: number | null;
  /** Total waiting time the problem holds, in hours (calendar or working, as found). */
  waitingHours: number | null;
  evidence: string;
  interviewAnswers: string;
  createdAt: Date;
}

const HEADERS: Record<Language, string[]> = {
  zh: [
    '序号',
    '问题',
    '描述',
    '涉及环节',
    '问题类型',
    '根因类别',
    '严重度',
    '负责人',
    '状态',
    '来源',
    '影响案例数',
    '累计等待（小时）',
    '数据依据',
    '访谈依据',
    '登记时间',
  ],
  en: [
    'No.',
    'Problem',
    'Description',
    'Steps',
    'Type',
    'Root cause',
    'Severity',
    'Owner',
    'Status',
    'Source',
    'Cases affected',
    'Total waiting (hours)',
    'Evidence',
    'Interview answers',
    'Recorded',
  ],
};
const WIDTHS = [6, 40, 50, 24, 14, 16, 8, 12, 10, 10, 12, 14, 50, 50, 18];

const PARETO_HEADERS: Record<Language, string[]> = {
  zh: ['问题', '累计等待（小时）', '占比', '累计占比'],
  en: ['Problem', 'Total waiting (hours)', 'Share', 'Cumulative share'],
};

/**
 * The problem register as an Excel workbook: one row per problem with every
 * field, and a Pareto sheet (problems by total waiting time, largest first,
 * with their share and running share) when any problem has one. Every text
 * cell is neutralized against formula injection (a title typed as
 * `=HYPERLINK(…)` stays text).
 */
export async function problemRegisterXlsx(
  rows: readonly RegisterRow[],
  language: Language,
): Promise<Uint8Array> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const sheet = workbook.addWorksheet(language === 'zh' ? '问题清单' : 'Problem register', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = HEADERS[language].map((header, k) => ({ header, width: WIDTHS[k] }));
  sheet.getRow(1).font = { bold: true };
  const text = (value: string) => neutralizeFormula(value);
  rows.forEach((row, k) => {
    const added = sheet.addRow([
      k + 1,
      text(row.title),
      text(row.description),
      text(row.steps.join(language === 'zh' ? '、' : ', ')),
      text(row.type),
      text(row.rootCause),
      row.severity,
      text(row.owner),
      text(row.status),
      text(row.source),
      row.casesAffected,
      row.waitingHours === null ? null : Math.round(row.waitingHours * 10) / 10,
      text(row.evidence),
      text(row.interviewAnswers),
      row.createdAt,
    ]);
    added.getCell(15).numFmt = 'yyyy-mm-dd hh:mm';
    added.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADERS.en.length } };

  const bars = paretoOf(rows, (row) => row.waitingHours);
  if (bars.length > 0) {
    const pareto = workbook.addWorksheet(language === 'zh' ? '帕累托' : 'Pareto');
    pareto.columns = PARETO_HEADERS[language].map((header, k) => ({
      header,
      width: k === 0 ? 50 : 16,
    }));
    pareto.getRow(1).font = { bold: true };
    for (const bar of bars) {
      const added = pareto.addRow([
        text(bar.item.title),
        Math.round(bar.value * 10) / 10,
        bar.share,
        bar.cumulativeShare,
      ]);
      added.getCell(3).numFmt = '0.0%';
      added.getCell(4).numFmt = '0.0%';
    }
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
