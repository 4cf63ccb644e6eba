import type ExcelJS from 'exceljs';
import { InputFailure } from '../input-error/index.ts';

/**
 * Streams a workbook until it reaches the wanted sheet (the first, or the one
 * named `sheet`) and hands its rows to `read`. Throws `InputFailure` when the
 * file is not a workbook or has no such sheet (naming the sheets it has).
 * exceljs is loaded here, not at start-up: it takes ~0.2 s to load, which every
 * other command would pay; styles: 'cache' turns date-formatted cells into Dates.
 */
export async function readWorkbookSheet<T>(
  path: string,
  sheet: string | undefined,
  read: (name: string, rows: AsyncIterable<ExcelJS.Row>) => Promise<T>,
): Promise<T> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const sheetNames: string[] = [];
  let found: { value: T } | undefined;
  try {
    // The workbook is read to its end, other sheets' rows consumed unread:
    // leaving exceljs's iteration early races its clean-up of the temporary
    // files it spools sheets to (an ENOENT thrown later, seen once in CI).
    for await (const worksheet of workbook) {
      const name =
        (worksheet as unknown as { name?: string }).name ?? `Sheet${sheetNames.length + 1}`;
      sheetNames.push(name);
      if (found === undefined && (sheet === undefined || name === sheet)) {
        found = { value: await read(name, worksheet) };
        continue;
      }
      for await (const _row of worksheet) {
        // Skipped: another sheet.
      }
    }
  } catch (error) {
    if (error instanceof InputFailure) throw error;
    throw new InputFailure({
      reason: 'not-a-workbook',
      file: path,
      value: error instanceof Error ? error.message : String(error),
      expected: 'an Excel .xlsx workbook (a .csv renamed to .xlsx is not one: use its real name)',
    });
  }
  if (found) return found.value;
  throw new InputFailure({
    reason: sheet !== undefined ? 'unknown-sheet' : 'empty-file',
    file: path,
    ...(sheet !== undefined ? { value: sheet } : {}),
    expected:
      sheet !== undefined
        ? `one of the sheets: ${sheetNames.map((n) => `"${n}"`).join(', ')}`
        : 'a sheet',
  });
}
