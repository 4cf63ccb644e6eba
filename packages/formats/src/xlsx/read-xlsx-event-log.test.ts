import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTimeZone } from '@pipewise/engine';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventLogFile } from '../event-log-file/read-event-log-file.ts';
import { readXlsxEventLogFile } from './read-xlsx-event-log.ts';

const shanghai = (() => {
  const result = resolveTimeZone('Asia/Shanghai');
  if (!result.ok) throw new Error('zone');
  return result.zone;
})();
const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-xlsx-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const workbookPath = path.join(folder, 'deals.xlsx');

beforeAll(async () => {
  // Written with exceljs, as Excel or WPS would: a date cell, a text date, Chinese headers.
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['本表为商机阶段历史']);
  const history = workbook.addWorksheet('阶段历史');
  history.addRow(['商机编号', '阶段', '时间', '负责人', 'case:团队']);
  history.addRow(['SJ001', '线索', new Date(Date.UTC(2024, 0, 2, 9, 0)), '张三', '华东区销售组']);
  history.addRow(['SJ001', '报价', '2024-01-05 14:30', '张三', '华东区销售组']);
  history.addRow(['SJ002', '线索', new Date(Date.UTC(2024, 0, 3, 10, 0)), '李四', '']);
  history.addRow([]);
  history.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
  await workbook.xlsx.writeFile(workbookPath);
});

describe('readXlsxEventLogFile', () => {
  it('reads the chosen sheet: Chinese headers, date cells as wall-clock time, text dates', async () => {
    const result = await readXlsxEventLogFile(workbookPath, {
      timeZone: shanghai,
      sheet: '阶段历史',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { log, report } = result;
    expect(log.caseIds).toEqual(['SJ001', 'SJ002']);
    // 09:00 on the sheet is 09:00 in Shanghai: 01:00 UTC.
    expect(log.timestampMs[0]).toBe(Date.parse('2024-01-02T01:00:00Z'));
    expect(log.timestampMs[1]).toBe(Date.parse('2024-01-05T06:30:00Z'));
    expect(Array.from(log.activityOf, (a) => log.activities[a])).toEqual(['线索', '报价', '线索']);
    const team = log.caseAttributes.find((a) => a.name === '团队')!;
    expect(team.values[team.valueIndexOf[0]!]).toBe('华东区销售组');
    expect(team.valueIndexOf[1]).toBe(0xffff_ffff);
    expect(report).toMatchObject({ format: 'xlsx', sheet: '阶段历史', preset: 'chinese', rows: 3 });
  });

  it('says which sheets there are when the chosen one is missing', async () => {
    const result = await readXlsxEventLogFile(workbookPath, {
      timeZone: shanghai,
      sheet: 'Sheet9',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { reason: 'unknown-sheet', value: 'Sheet9' },
    });
    expect(!result.ok && result.error.expected).toContain('"阶段历史"');
  });

  it('finds no event columns on a sheet of notes, and says so', async () => {
    const result = await readXlsxEventLogFile(workbookPath, { timeZone: shanghai });
    expect(result).toMatchObject({ ok: false, error: { reason: 'missing-column', line: 1 } });
  });

  it('refuses a CSV renamed to .xlsx', async () => {
    const renamed = path.join(folder, 'renamed.xlsx');
    writeFileSync(renamed, 'case,activity,timestamp\nD1,Lead,2024-01-01\n');
    expect(await readXlsxEventLogFile(renamed, { timeZone: shanghai })).toMatchObject({
      ok: false,
      error: { reason: 'not-a-workbook', file: renamed },
    });
  });

  it('is chosen for .xlsx files and for zip content', async () => {
    const result = await readEventLogFile(workbookPath, { timeZone: shanghai, sheet: '阶段历史' });
    expect(result.ok && result.report.format).toBe('xlsx');
  });
});
