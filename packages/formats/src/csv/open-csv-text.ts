import type { ByteSource } from '../byte-source/index.ts';
import {
  bomLengthOf,
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

const SAMPLE_BYTES = 64 * 1024;

/**
 * Reads the first 64 KiB of `source` to settle encoding and delimiter (or
 * checks the user's choices), then returns the whole content as UTF-8.
 * Throws `InputFailure` for an unknown encoding or delimiter.
 */
export function openCsvText(source: ByteSource, options: CsvTextOptions): CsvText {
  const sample = new Uint8Array(SAMPLE_BYTES);
  let sampleLength = 0;
  for (;;) {
    const count = source.read(sample, sampleLength, SAMPLE_BYTES - sampleLength);
    if (count === 0) break;
    sampleLength += count;
    if (sampleLength === SAMPLE_BYTES) break;
  }
  const head = sample.subarray(0, sampleLength);

  let encoding: TextEncodingName;
  let bomLength: number;
  if (options.encoding !== undefined) {
    const chosen = normalizeEncoding(options.encoding);
    if (!chosen) {
      throw new InputFailure({
        reason: 'unknown-encoding',
        file: source.name,
        value: options.encoding,
        expected: 'utf-8, utf-16, utf-16le, utf-16be, gbk, gb18030 or latin1',
      });
    }
    encoding = chosen;
    bomLength = bomLengthOf(head, chosen);
  } else {
    ({ encoding, bomLength } = detectEncoding(head));
  }

  const utf8 = toUtf8Source(replayThenContinue(head, source), encoding, bomLength);
  let delimiter: number;
  if (options.delimiter !== undefined) {
    const chosen = parseDelimiterOption(options.delimiter);
    if (chosen === undefined) {
      throw new InputFailure({
        reason: 'unknown-delimiter',
        file: source.name,
        value: options.delimiter,
        expected: 'a one-character delimiter such as , ; | or "tab"',
      });
    }
    delimiter = chosen;
  } else {
    delimiter = detectDelimiter(sampleAsUtf8(head, encoding, bomLength));
  }
  return { source: utf8, encoding, delimiter };
}

function sampleAsUtf8(head: Uint8Array, encoding: TextEncodingName, bomLength: number): Uint8Array {
  if (encoding === 'utf-8') return head.subarray(bomLength);
  const text = new TextDecoder(encoding === 'latin1' ? 'windows-1252' : encoding).decode(head, {
    stream: true,
  });
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
