import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { problemRegisterXlsx, type RegisterRow } from './problem-register-xlsx.ts';

function row(overrides: Partial<RegisterRow>): RegisterRow {
  return {
    title: '合同评审没有处理时限',
    description: '法务审核无明确时限',
    steps: ['合同评审'],
    type: '效率低',
    rootCause: '管理机制',
    severity: 4,
    owner: '李娜',
    status: '待处理',
    source: '检测',
    casesAffected: 202,
    waitingHours: 60,
    evidence: '中位数 3.3 个工作日',
    interviewAnswers: '',
    createdAt: new Date('2026-11-28T03:00:00Z'),
    ...overrides,
  };
}

async function read(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
  return workbook;
}

describe('problemRegisterXlsx', () => {
  it('writes one row per problem and a Pareto sheet by total waiting time', async () => {
    const workbook = await read(
      await problemRegisterXlsx(
        [
          row({}),
          row({ title: '客户资料录入三次', waitingHours: 30, steps: ['录入CRM', '录入ERP'] }),
          row({ title: '签约后无售后交接', waitingHours: null }),
          row({ title: '报价返工', waitingHours: 10 }),
        ],
        'zh',
      ),
    );
    const sheet = workbook.getWorksheet('问题清单')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('问题');
    expect(sheet.getRow(3).values).toEqual(
      expect.arrayContaining([2, '客户资料录入三次', '录入CRM、录入ERP', 4, 202, 30]),
    );
    const pareto = workbook.getWorksheet('帕累托')!;
    // 60 + 30 + 10 = 100 hours; the problem without a figure is left out.
    const bars = [2, 3, 4].map((r) => pareto.getRow(r).values as unknown[]);
    expect(bars.map((values) => values.slice(1))).toEqual([
      ['合同评审没有处理时限', 60, 0.6, 0.6],
      ['客户资料录入三次', 30, 0.3, 0.9],
      ['报价返工', 10, 0.1, 1],
    ]);
    expect(pareto.rowCount).toBe(4);
  });

  it('keeps a title typed as a formula as text, in both sheets', async () => {
    const workbook = await read(
      await problemRegisterXlsx(
        [row({ title: '=HYPERLINK("http://x","y")', owner: '+1', description: '@SUM(A1)' })],
        'en',
      ),
    );
    const sheet = workbook.getWorksheet('Problem register')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Problem');
    const cells = sheet.getRow(2).values as unknown[];
    expect(cells).toContain('\'=HYPERLINK("http://x","y")');
    expect(cells).toContain("'+1");
    expect(cells).toContain("'@SUM(A1)");
    for (const cell of cells)
      expect(typeof cell === 'object' && cell && 'formula' in cell).toBe(false);
    expect(workbook.getWorksheet('Pareto')!.getRow(2).getCell(1).value).toBe(
      '\'=HYPERLINK("http://x","y")',
    );
  });
});
