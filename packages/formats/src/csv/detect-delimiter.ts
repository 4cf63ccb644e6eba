const CANDIDATES = [44, 59, 9, 124]; // , ; tab |

/**
 * Picks the delimiter of a CSV sample: the candidate that appears (outside
 * quotes) the same, non-zero number of times on the most lines, preferring the
 * header's count and, on a tie, the order `,` `;` tab `|`. Returns a byte.
 */
export function detectDelimiter(sample: Uint8Array): number {
  const lines = splitSampleLines(sample, 50);
  let best = 44;
  let bestScore = -1;
  for (const candidate of CANDIDATES) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate));
    const headerCount = counts[0] ?? 0;
    if (headerCount === 0) continue;
    const consistent = counts.filter((count) => count === headerCount).length;
    const score = consistent * 1000 + Math.min(headerCount, 999);
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

/** Delimiter byte for a user's `--delimiter` value (`,` `;` `tab` `\t` `|`), or undefined. */
export function parseDelimiterOption(value: string): number | undefined {
  if (value === 'tab' || value === '\\t' || value === '\t') return 9;
  if (value.length === 1 && value.charCodeAt(0) < 128) return value.charCodeAt(0);
  return undefined;
}

export function describeDelimiter(byte: number): string {
  return byte === 9 ? 'tab' : String.fromCharCode(byte);
}

function splitSampleLines(sample: Uint8Array, maxLines: number): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  let isQuoted = false;
  for (let i = 0; i < sample.length && lines.length < maxLines; i++) {
    const byte = sample[i];
    if (byte === 34) isQuoted = !isQuoted;
    else if (byte === 10 && !isQuoted) {
      lines.push(sample.subarray(start, i));
      start = i + 1;
    }
  }
  // The last line of a sample may be cut short; use it only if it is the only one.
  if (lines.length === 0) lines.push(sample.subarray(start));
  return lines.filter((line) => line.length > 0 && !(line.length === 1 && line[0] === 13));
}

function countOutsideQuotes(line: Uint8Array, byte: number): number {
  let count = 0;
  let isQuoted = false;
  for (const b of line) {
    if (b === 34) isQuoted = !isQuoted;
    else if (b === byte && !isQuoted) count++;
  }
  return count;
}
