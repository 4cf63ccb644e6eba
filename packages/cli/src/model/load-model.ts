import { readFileSync } from 'node:fs';
import {
  checkProcessModel,
  type ModelWarning,
  type ProcessModel,
  parseProcessModel,
} from '@pipewise/engine/process-model';
import {
  type InputError,
  openFile,
  readCsvTable,
  readXlsxTable,
  unreadableFile,
} from '@pipewise/formats';
import { decodeXmlBytes, importBpmn, readStepTable } from '@pipewise/formats/process-model';

/** How a model file is read, by its extension. */
export type ModelFileKind = 'json' | 'bpmn' | 'csv' | 'xlsx';

export function modelFileKind(path: string): ModelFileKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.bpmn') || lower.endsWith('.bpmn20.xml') || lower.endsWith('.xml'))
    return 'bpmn';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return undefined;
}

export type LoadedModel =
  | { ok: true; model: ProcessModel; warnings: ModelWarning[] }
  | { ok: false; error: InputError };

/**
 * Reads a process model from any file a model can come from: a saved model
 * (.json), a BPMN 2.0 file (.bpmn, .xml) or a step table (.csv, .xlsx).
 */
export async function loadModel(
  path: string,
  options: { sheet?: string; encoding?: string } = {},
): Promise<LoadedModel> {
  const kind = modelFileKind(path);
  if (kind === 'xlsx') {
    const table = await readXlsxTable(
      path,
      options.sheet !== undefined ? { sheet: options.sheet } : {},
    );
    if (!table.ok) return table;
    return readStepTable(table.table);
  }
  if (kind === 'csv') {
    const opened = openFile(path);
    if (!opened.ok) return opened;
    const table = readCsvTable(
      opened.source,
      options.encoding !== undefined ? { encoding: options.encoding } : {},
    );
    if (!table.ok) return table;
    return readStepTable(table.table);
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, error: unreadableFile(path, error) };
  }
  if (kind === 'bpmn') {
    const decoded = decodeXmlBytes(bytes);
    if (!decoded.ok) {
      return {
        ok: false,
        error: {
          reason: 'unknown-encoding',
          file: path,
          value: decoded.encoding,
          expected: 'an XML file in UTF-8, UTF-16 or an encoding such as ISO-8859-1 or GB18030',
        },
      };
    }
    return importBpmn(decoded.text, { file: path });
  }
  return readSavedModel(new TextDecoder().decode(bytes), path);
}

function readSavedModel(text: string, path: string): LoadedModel {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: {
        reason: 'malformed-json',
        file: path,
        value: error instanceof Error ? error.message : String(error),
        expected: 'a process model saved by Pipewise (JSON)',
      },
    };
  }
  const parsed = parseProcessModel(document);
  if (!parsed.ok) {
    return {
      ok: false,
      error: {
        reason: 'invalid-model',
        file: path,
        value: parsed.problems
          .slice(0, 5)
          .map((problem) => `${problem.path || '(top)'}: ${problem.message}`)
          .join('; '),
        expected: 'a process model as docs/process-model.md describes it',
      },
    };
  }
  return { ok: true, model: parsed.model, warnings: checkProcessModel(parsed.model) };
}
