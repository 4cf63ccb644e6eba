/**
 * Why an input file was refused. Each reason maps to one user-facing message
 * (see `describeInputError`), and the CLI to one exit code.
 */
export type InputErrorReason =
  | 'file-not-found'
  | 'unknown-encoding'
  | 'unknown-delimiter'
  | 'invalid-encoding'
  | 'empty-file'
  | 'unterminated-quote'
  | 'unexpected-character-after-quote'
  | 'missing-column'
  | 'unknown-column'
  | 'too-few-fields'
  | 'too-many-fields'
  | 'unparseable-timestamp'
  | 'empty-case-id'
  | 'empty-activity'
  | 'duplicate-case-key'
  | 'unknown-time-zone'
  | 'malformed-xml'
  | 'entities-not-allowed'
  | 'missing-attribute'
  | 'corrupt-gzip'
  | 'too-large-uncompressed'
  | 'not-a-workbook'
  | 'unknown-sheet'
  | 'malformed-json'
  | 'missing-object-type'
  | 'unknown-object-type'
  | 'unparseable-duration'
  | 'missing-owner'
  | 'empty-step-name'
  | 'duplicate-step-order'
  | 'unknown-step-reference'
  | 'unknown-step-kind'
  | 'invalid-model'
  | 'not-bpmn'
  | 'missing-element'
  | 'duplicate-id';

/** A located problem in an input file: which file, line, column and value. */
export interface InputError {
  reason: InputErrorReason;
  file: string;
  /** 1-based physical line (the header is line 1); absent when not about a line. */
  line?: number;
  /** Column name from the header, when the problem is in one field. */
  column?: string;
  /** 1-based position of the field in its row. */
  columnNumber?: number;
  /** 1-based character position in the line, for text formats without fields (XML). */
  lineColumn?: number;
  /** The offending text (shortened to 100 characters). */
  value?: string;
  /** What was expected instead, in words. */
  expected?: string;
}

export type ReadResult<T> = ({ ok: true } & T) | { ok: false; error: InputError };

/** Thrown inside readers to stop at the first error; readers turn it into `{ ok: false }`. */
export class InputFailure extends Error {
  readonly detail: InputError;
  constructor(detail: InputError) {
    super(describeInputError(detail));
    this.detail = detail;
  }
}

const MESSAGES: Record<InputErrorReason, string> = {
  'missing-owner': 'the step has no owner',
  'file-not-found': 'file not found',
  'unknown-encoding': 'unknown encoding',
  'unknown-delimiter': 'unknown delimiter',
  'invalid-encoding': 'bytes that are not valid in the encoding',
  'empty-file': 'the file is empty (no header row)',
  'unterminated-quote': 'a quoted field is never closed',
  'unexpected-character-after-quote': 'unexpected text after a closing quote',
  'missing-column': 'a required column was not found',
  'unknown-column': 'no such column',
  'too-few-fields': 'the row has fewer fields than the header',
  'too-many-fields':
    'the row has more fields than the header (a delimiter inside an unquoted value?)',
  'unparseable-timestamp': 'the timestamp cannot be read',
  'empty-case-id': 'the case id is empty',
  'empty-activity': 'the activity is empty',
  'duplicate-case-key': 'the same case key appears twice',
  'unknown-time-zone': 'unknown time zone',
  'malformed-xml': 'the XML is not well-formed',
  'entities-not-allowed':
    'the file declares XML entities, which are not read (they can make a small file expand without end)',
  'missing-attribute': 'a required attribute is missing',
  'corrupt-gzip': 'the gzip data is damaged or cut short',
  'too-large-uncompressed': 'the compressed file holds more data than allowed',
  'not-a-workbook': 'the file is not an Excel workbook',
  'unknown-sheet': 'no such sheet',
  'malformed-json': 'the JSON cannot be read',
  'missing-object-type': 'an object-centric log needs an object type to follow',
  'unknown-object-type': 'no objects of that type',
  'unparseable-duration': 'the duration cannot be read',
  'empty-step-name': 'the step has no name',
  'duplicate-step-order': 'two steps have the same order number',
  'unknown-step-reference': 'no step with that order number or name',
  'unknown-step-kind': 'unknown step kind',
  'invalid-model': 'the process model is not valid',
  'not-bpmn': 'the file is not BPMN 2.0 XML',
  'missing-element': 'it refers to an element the file does not have',
  'duplicate-id': 'two elements have the same id',
};

/** One line, e.g. `deals.csv:14, column "CreatedDate" (4): the timestamp cannot be read: "31/02/2023"; expected …`. */
export function describeInputError(error: InputError): string {
  let where = error.file;
  if (error.line !== undefined) {
    where += `:${error.line}`;
    if (error.lineColumn !== undefined) where += `:${error.lineColumn}`;
  }
  if (error.column !== undefined) {
    where += `, column "${error.column}"`;
    if (error.columnNumber !== undefined) where += ` (${error.columnNumber})`;
  }
  let text = `${where}: ${MESSAGES[error.reason]}`;
  if (error.value !== undefined) text += `: "${error.value}"`;
  if (error.expected !== undefined) text += `; expected ${error.expected}`;
  return text;
}

/** A file that could not be opened: missing, or (the error's code) not readable. */
export function unreadableFile(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return {
    reason: 'file-not-found',
    file,
    ...(code !== 'ENOENT' ? { value: String(code) } : {}),
    expected: 'a readable file',
  };
}

/** Shortens an offending value for messages. */
export function clipValue(value: string): string {
  return value.length > 100 ? `${value.slice(0, 97)}...` : value;
}
