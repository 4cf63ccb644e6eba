import type ExcelJS from 'exceljs';
import type { CsvTable } from '../csv/read-csv-table.ts';
import { InputFailure, type ReadResult } from '../input-error/index.ts';
import { readWorkbookSheet } from './read-workbook-sheet.ts';
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
  try {
    return {
      ok: true,
      table: await readWorkbookSheet(path, options.sheet, (name, rows) =>
        readRows(path, name, rows),
      ),
    };
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    throw error;
  }
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
