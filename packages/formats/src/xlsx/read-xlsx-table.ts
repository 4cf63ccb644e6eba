import type ExcelJS from 'exceljs';
import type { CsvTable } from '../csv/read-csv-table.ts';
import { InputFailure, type ReadResult } from '../input-error/index.ts';
import { cellText } from './read-xlsx-event-log.ts';

/** A sheet as strings, like `CsvTable` (`lines` are the sheet's row numbers). */
export type SheetTable = Omit<CsvTable, 'encoding' | 'delimiter'> & { sheet: string };

/**
 * Reads one sheet of a workbook (the first, or `sheet`) into strings: the
 * first row names the columns, rows of empty cells are left out. Date cells
 * become `YYYY-MM-DDTHH:mm:ss` text. For small side tables such as step
 * lists; event logs stream through `readXlsxEventLogFile`.
 */
export async function readXlsxTable(
  path: string,
  options: { sheet?: string } = {},
): Promise<ReadResult<{ table: SheetTable }>> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const sheetNames: string[] = [];
  try {
    for await (const sheet of workbook) {
      const name = (sheet as unknown as { name?: string }).name ?? `Sheet${sheetNames.length + 1}`;
      sheetNames.push(name);
      if (options.sheet !== undefined && name !== options.sheet) continue;
      return { ok: true, table: await readRows(path, name, sheet) };
    }
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    return {
      ok: false,
      error: {
        reason: 'not-a-workbook',
        file: path,
        value: error instanceof Error ? error.message : String(error),
        expected: 'an Excel .xlsx workbook (a .csv renamed to .xlsx is not one: use its real name)',
      },
    };
  }
  return {
    ok: false,
    error: {
      reason: options.sheet !== undefined ? 'unknown-sheet' : 'empty-file',
      file: path,
      ...(options.sheet !== undefined ? { value: options.sheet } : {}),
      expected:
        options.sheet !== undefined
          ? `one of the sheets: ${sheetNames.map((n) => `"${n}"`).join(', ')}`
          : 'a sheet',
    },
  };
}

async function readRows(
  path: string,
  sheet: string,
  rows: AsyncIterable<ExcelJS.Row>,
): Promise<SheetTable> {
  let headers: string[] | undefined;
  const table: SheetTable = { file: path, sheet, headers: [], rows: [], lines: [] };
  for await (const row of rows) {
    // row.values is 1-based: values[1] is column A.
    const values = (row.values as unknown[]).slice(1).map((value) => cellText(value));
    if (headers === undefined) {
      headers = values.map((value) => value.trim());
      table.headers = headers;
      continue;
    }
    if (values.every((value) => value.trim() === '')) continue;
    table.rows.push(values);
    table.lines.push(row.number);
  }
  if (headers === undefined) {
    throw new InputFailure({
      reason: 'empty-file',
      file: path,
      expected: `a header row in sheet "${sheet}"`,
    });
  }
  return table;
}
