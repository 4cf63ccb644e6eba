/**
 * Text encodings Pipewise reads. `latin1` is decoded as windows-1252 (its
 * superset, as browsers and Excel do); `gb18030` also reads GBK and GB2312.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'latin1';

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** Length of the byte-order mark to skip (0 when there is none). */
  bomLength: number;
}

const ALIASES: Record<string, TextEncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  iso88591: 'latin1',
  'windows-1252': 'latin1',
  cp1252: 'latin1',
};

/** The encoding named by a user (`--encoding GBK`), or undefined if unknown. */
export function normalizeEncoding(label: string): TextEncodingName | undefined {
  return ALIASES[label.trim().toLowerCase()];
}

/** Label for `TextDecoder`. */
export function decoderLabel(encoding: TextEncodingName): string {
  return encoding === 'latin1' ? 'windows-1252' : encoding;
}

/** Length of a byte-order mark at the start of `bytes` for a given encoding. */
export function bomLengthOf(bytes: Uint8Array, encoding: TextEncodingName): number {
  if (encoding === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
  if (encoding === 'utf-16le' && bytes[0] === 0xff && bytes[1] === 0xfe) return 2;
  if (encoding === 'utf-16be' && bytes[0] === 0xfe && bytes[1] === 0xff) return 2;
  return 0;
}

/**
 * Guesses the encoding of a file from its first bytes:
 * 1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
 * 2. many zero bytes at odd (even) positions mean UTF-16 LE (BE) without a mark;
 * 3. text that is valid UTF-8 is UTF-8;
 * 4. otherwise GB18030 when non-ASCII bytes come in runs of two-byte
 *    characters (Chinese), Latin-1 when they stand inside words between ASCII
 *    letters (é, ñ, ção in Western names); see `looksLikeChinese`.
 */
export function detectEncoding(sample: Uint8Array): EncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };

  const utf16 = guessUtf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };

  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    // not UTF-8: tell the two usual single/double-byte encodings apart below
  }

  if (looksLikeChinese(sample) && isDecodable(sample, 'gb18030'))
    return { encoding: 'gb18030', bomLength: 0 };
  return { encoding: 'latin1', bomLength: 0 };
}

/**
 * Weighs runs of non-ASCII bytes. Chinese text in GBK is runs of two-byte
 * characters (even lengths), standing between delimiters, digits or other
 * characters; Western text in Latin-1 has accented letters inside words: runs
 * of one or two bytes with ASCII letters on both sides (`Negociação`: ç and ã
 * form one such run), or of odd length.
 */
function looksLikeChinese(sample: Uint8Array): boolean {
  let chinese = 0;
  let western = 0;
  let i = 0;
  while (i < sample.length) {
    if (sample[i]! < 0x80) {
      i++;
      continue;
    }
    const start = i;
    while (i < sample.length && sample[i]! >= 0x80) i++;
    const length = i - start;
    const isInsideWord = isAsciiLetter(sample[start - 1]) && isAsciiLetter(sample[i]);
    if (length % 2 === 1 || (isInsideWord && length <= 2)) western += length;
    else chinese += length;
  }
  return chinese > western;
}

function isAsciiLetter(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122));
}

function guessUtf16WithoutBom(sample: Uint8Array): TextEncodingName | undefined {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return undefined;
  let zerosAtEven = 0;
  let zerosAtOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) zerosAtEven++;
    if (sample[i + 1] === 0) zerosAtOdd++;
  }
  const half = n / 2;
  if (zerosAtOdd > half * 0.3 && zerosAtEven < half * 0.05) return 'utf-16le';
  if (zerosAtEven > half * 0.3 && zerosAtOdd < half * 0.05) return 'utf-16be';
  return undefined;
}

function isDecodable(sample: Uint8Array, label: string): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}
