import type { ByteSource } from '../byte-source/index.ts';
import {
  bomLengthOf,
  decoderLabel,
  detectEncoding,
  normalizeEncoding,
  type TextEncodingName,
  toUtf8Source,
} from '../encoding/index.ts';
import { InputFailure } from '../input-error/index.ts';
import { detectDelimiter, parseDelimiterOption } from './detect-delimiter.ts';

export interface CsvTextOptions {
  /** `--encoding`: utf-8, utf-16, gbk/gb18030, latin1…; detected when absent. */
  encoding?: string;
  /** `--delimiter`: `,` `;` `tab` `|`; detected when absent. */
  delimiter?: string;
}

export interface CsvText {
  /** The file's content as UTF-8 without byte-order mark. */
  source: ByteSource;
  encoding: TextEncodingName;
  /** Delimiter byte. */
  delimiter: number;
}

/** How much of a file settles its encoding and delimiter. */
export const SAMPLE_BYTES = 64 * 1024;

/** What the first bytes of a CSV file say about reading it. */
export interface CsvSniff {
  encoding: TextEncodingName;
  /** Length of the byte-order mark at the start of the file. */
  bomLength: number;
  /** Delimiter byte. */
  delimiter: number;
}

/**
 * Settles encoding and delimiter from the first bytes of a file, or checks
 * the user's choices. Throws `InputFailure` for an unknown encoding or
 * delimiter name.
 */
export function sniffCsv(head: Uint8Array, options: CsvTextOptions, file: string): CsvSniff {
  let encoding: TextEncodingName;
  let bomLength: number;
  if (options.encoding !== undefined) {
    const chosen = normalizeEncoding(options.encoding);
    if (!chosen) {
      throw new InputFailure({
        reason: 'unknown-encoding',
        file,
        value: options.encoding,
        expected: 'utf-8, utf-16, utf-16le, utf-16be, gbk, gb18030 or latin1',
      });
    }
    encoding = chosen;
    bomLength = bomLengthOf(head, chosen);
  } else {
    ({ encoding, bomLength } = detectEncoding(head));
  }
  let delimiter: number;
  if (options.delimiter !== undefined) {
    const chosen = parseDelimiterOption(options.delimiter);
    if (chosen === undefined) {
      throw new InputFailure({
        reason: 'unknown-delimiter',
        file,
        value: options.delimiter,
        expected: 'a one-character delimiter such as , ; | or "tab"',
      });
    }
    delimiter = chosen;
  } else {
    delimiter = detectDelimiter(sampleAsUtf8(head, encoding, bomLength));
  }
  return { encoding, bomLength, delimiter };
}

/**
 * Reads the first 64 KiB of `source` to settle encoding and delimiter
 * (`sniffCsv`), then returns the whole content as UTF-8.
 */
export function openCsvText(source: ByteSource, options: CsvTextOptions): CsvText {
  const head = readUpTo(source, SAMPLE_BYTES);
  const { encoding, bomLength, delimiter } = sniffCsv(head, options, source.name);
  return {
    source: toUtf8Source(replayThenContinue(head, source), encoding, bomLength),
    encoding,
    delimiter,
  };
}

/** Up to `limit` bytes from the start of what `source` has left. */
export function readUpTo(source: ByteSource, limit: number): Uint8Array {
  const bytes = new Uint8Array(limit);
  let length = 0;
  while (length < limit) {
    const count = source.read(bytes, length, limit - length);
    if (count === 0) break;
    length += count;
  }
  return bytes.subarray(0, length);
}

function sampleAsUtf8(head: Uint8Array, encoding: TextEncodingName, bomLength: number): Uint8Array {
  if (encoding === 'utf-8') return head.subarray(bomLength);
  const text = new TextDecoder(decoderLabel(encoding)).decode(head, { stream: true });
  return new TextEncoder().encode(text);
}

/** A source that yields `head` again, then the rest of `source`. */
function replayThenContinue(head: Uint8Array, source: ByteSource): ByteSource {
  let replayed = 0;
  return {
    name: source.name,
    size: source.size,
    read(target, offset, length) {
      if (replayed < head.length) {
        const count = Math.min(length, head.length - replayed);
        target.set(head.subarray(replayed, replayed + count), offset);
        replayed += count;
        return count;
      }
      return source.read(target, offset, length);
    },
    close: () => source.close(),
  };
}
