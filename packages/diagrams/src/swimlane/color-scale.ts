/**
 * A sequential colour scale for per-step figures (durations, waiting,
 * rework): pale yellow for the lowest, orange, then soft red for the
 * highest; light enough that dark text stays readable on every colour.
 */
export const SCALE_STOPS: readonly string[] = ['#fff9db', '#ffc078', '#ff8787'];

export interface ValueRange {
  min: number;
  max: number;
}

/** The lowest and highest finite values, or null when there is none. */
export function findRange(values: Iterable<number>): ValueRange | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : null;
}

function parseHex(color: string): [number, number, number] {
  return [1, 3, 5].map((at) => Number.parseInt(color.slice(at, at + 2), 16)) as [
    number,
    number,
    number,
  ];
}

function toHex(channel: number): string {
  return Math.round(Math.min(255, Math.max(0, channel)))
    .toString(16)
    .padStart(2, '0');
}

/** The colour of `value` on the scale, linear in the value between the range's ends (the middle when they are equal). */
export function scaleColor(value: number, range: ValueRange): string {
  const fraction =
    range.max === range.min
      ? 0.5
      : Math.min(1, Math.max(0, (value - range.min) / (range.max - range.min)));
  const position = fraction * (SCALE_STOPS.length - 1);
  const index = Math.min(SCALE_STOPS.length - 2, Math.floor(position));
  const local = position - index;
  const from = parseHex(SCALE_STOPS[index]!);
  const to = parseHex(SCALE_STOPS[index + 1]!);
  return `#${from.map((channel, k) => toHex(channel + (to[k]! - channel) * local)).join('')}`;
}
