import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  neutralizeFormula,
  readScoringSheet,
  restoreNeutralized,
  scoringSheetXlsx,
} from './scoring-sheet.ts';

const STEPS = [
  { id: 'quote', name: { zh: '报价', en: 'Quote' } },
  { id: 'review', name: { zh: '=HYPERLINK("http://x","合同评审")', en: 'Contract review' } },
];

/** The sheet as downloaded, changed by `edit` as a rater would in Excel, saved again. */
async function edited(edit: (sheet: ExcelJS.Worksheet) => void, language: 'zh' | 'en' = 'zh') {
  const bytes = await scoringSheetXlsx({
    language,
    title: '现状评分',
    rater: '王建国',
    steps: STEPS,
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  sheet.unprotect();
  edit(sheet);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('the scoring sheet', () => {
  it('lists the round’s steps with the four dimension columns and a comment, in the language asked', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await scoringSheetXlsx({
        language: 'en',
        title: 'As-is',
        rater: 'Ann',
        steps: STEPS,
        saved: [{ stepId: 'quote', scores: { efficiency: 2 }, comment: '=1+1' }],
      })) as unknown as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Scoring');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Step ID',
      'Step',
      'Efficiency (1-5)',
      'Effectiveness (1-5)',
      'Compliance (1-5)',
      'Customer experience (1-5)',
      'Comment',
    ]);
    expect(sheet.getRow(2).getCell(2).value).toBe('Quote');
    expect(sheet.getRow(2).getCell(3).value).toBe(2);
    // Text that would start a formula is kept as text with a leading apostrophe.
    expect(sheet.getRow(2).getCell(7).value).toBe("'=1+1");
    // The step cells are locked, the score cells are not, and only 1–5 are allowed in them.
    expect(sheet.getRow(2).getCell(2).protection?.locked).not.toBe(false);
    expect(sheet.getRow(2).getCell(3).protection?.locked).toBe(false);
    expect(sheet.getRow(3).getCell(4).dataValidation).toMatchObject({
      type: 'whole',
      formulae: [1, 5],
    });
  });

  it('neutralizes formula starters in step names written in Chinese too', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await scoringSheetXlsx({
        language: 'zh',
        title: '@round',
        rater: '+rater',
        steps: STEPS,
      })) as unknown as ArrayBuffer,
    );
    expect(workbook.worksheets[0]!.getRow(3).getCell(2).value).toBe(
      `'=HYPERLINK("http://x","合同评审")`,
    );
    const help = workbook.worksheets[1]!;
    expect(help.getRow(1).getCell(2).value).toBe("'@round");
    expect(help.getRow(2).getCell(2).value).toBe("'+rater");
  });

  it('reads back what the rater filled in, scores as numbers or as text, comments as typed', async () => {
    const bytes = await edited((sheet) => {
      sheet.getRow(2).getCell(3).value = 2;
      sheet.getRow(2).getCell(6).value = '4';
      sheet.getRow(2).getCell(7).value = "'=SUM(A1)";
      sheet.getRow(3).getCell(5).value = 5;
      sheet.getRow(3).getCell(7).value = '没有时限';
    });
    expect(await readScoringSheet(bytes, STEPS, 'zh')).toEqual({
      ok: true,
      entries: [
        {
          stepId: 'quote',
          scores: {
            efficiency: 2,
            effectiveness: null,
            compliance: null,
            'customer-experience': 4,
          },
          comment: '=SUM(A1)',
        },
        {
          stepId: 'review',
          scores: {
            efficiency: null,
            effectiveness: null,
            compliance: 5,
            'customer-experience': null,
          },
          comment: '没有时限',
        },
      ],
    });
  });

  it('lists every problem with sheet, row, column and value: merged cells, an extra column, bad scores, an unknown step', async () => {
    const bytes = await edited((sheet) => {
      sheet.getRow(2).getCell(3).value = 6;
      sheet.getRow(2).getCell(4).value = 2.5;
      sheet.getRow(2).getCell(5).value = '好';
      sheet.mergeCells('F3:G3');
      sheet.getRow(1).getCell(8).value = '权重';
      sheet.getRow(4).values = ['removed-in-v2', '旧环节', 3];
    });
    const read = await readScoringSheet(bytes, STEPS, 'zh');
    expect(read).toEqual({
      ok: false,
      errors: [
        { reason: 'merged-cells', sheet: '评分表', row: 3, column: 'F', value: 'F3:G3' },
        { reason: 'extra-column', sheet: '评分表', row: 1, column: '权重', value: '权重' },
        { reason: 'invalid-score', sheet: '评分表', row: 2, column: '效率（1-5）', value: '6' },
        { reason: 'invalid-score', sheet: '评分表', row: 2, column: '效果（1-5）', value: '2.5' },
        { reason: 'invalid-score', sheet: '评分表', row: 2, column: '合规（1-5）', value: '好' },
        {
          reason: 'unknown-step',
          sheet: '评分表',
          row: 4,
          column: '环节编号',
          value: 'removed-in-v2',
        },
      ],
    });
  });

  it('names a missing column and a data column without a header; a repeated step; a file that is no workbook', async () => {
    const bytes = await edited((sheet) => {
      sheet.spliceColumns(7, 1);
      sheet.getRow(2).getCell(9).value = 'x';
      sheet.getRow(3).values = ['quote', '报价', 3];
      sheet.getRow(4).values = ['quote', '报价', 3];
    }, 'en');
    const read = await readScoringSheet(bytes, STEPS, 'en');
    expect(read).toEqual({
      ok: false,
      errors: [
        { reason: 'extra-column', sheet: 'Scoring', row: 1, column: 'I', value: '' },
        { reason: 'missing-column', sheet: 'Scoring', row: 1, column: 'Comment' },
      ],
    });
    const repeated = await edited((sheet) => {
      sheet.getRow(3).values = ['quote', '报价', 3];
    });
    expect(await readScoringSheet(repeated, STEPS, 'zh')).toEqual({
      ok: false,
      errors: [
        { reason: 'duplicate-step', sheet: '评分表', row: 3, column: '环节编号', value: 'quote' },
      ],
    });
    expect(await readScoringSheet(new TextEncoder().encode('a,b\n1,2'), STEPS, 'zh')).toEqual({
      ok: false,
      errors: [{ reason: 'not-a-workbook', sheet: '' }],
    });
  });
});

describe('neutralizeFormula', () => {
  it('prefixes text that starts like a formula and gives it back unchanged on the way in', () => {
    for (const text of ['=1+1', '+86 138', '-5', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutralizeFormula(text)).toBe(`'${text}`);
      expect(restoreNeutralized(neutralizeFormula(text))).toBe(text);
    }
    expect(neutralizeFormula('合同评审')).toBe('合同评审');
    expect(restoreNeutralized("'quoted")).toBe("'quoted");
  });
});
