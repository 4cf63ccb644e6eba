import type { CaseFilter, TimeZone } from '@pipewise/engine';
import { parseTimestampText } from '@pipewise/formats';

/** The filter options of `pipewise analyze`, as parsed by node:util. */
export interface FilterOptions {
  period?: string;
  'period-mode'?: string;
  where?: string[];
  'where-not'?: string[];
  with?: string[];
  without?: string[];
  'starts-with'?: string;
  'ends-with'?: string;
  'min-duration'?: string;
  'max-duration'?: string;
  'top-variants'?: string;
  'variant-coverage'?: string;
}

export type ParsedFilters = { ok: true; filters: CaseFilter[] } | { ok: false; message: string };

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  秒: 1000,
  分: 60_000,
  分钟: 60_000,
  小时: 3_600_000,
  天: 86_400_000,
  周: 7 * 86_400_000,
};

/** A duration such as `30m`, `48h`, `3d`, `2w`, `1.5d`, `3天` in milliseconds, or NaN. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+|[\u4e00-\u9fff]+)\s*$/i.exec(text);
  if (!match) return Number.NaN;
  const unit = UNIT_MS[match[2]!.toLowerCase()];
  return unit === undefined ? Number.NaN : Number(match[1]) * unit;
}

const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * Turns the filter options into engine filters, in a fixed order: period,
 * attribute values, activities present or absent, first and last activity,
 * case duration, and the variant filters last (they count cases that are
 * left after the others).
 */
export function parseFilters(options: FilterOptions, zone: TimeZone): ParsedFilters {
  const filters: CaseFilter[] = [];
  if (options.period !== undefined) {
    const [fromText, toText, ...rest] = options.period.split('..');
    const fromMs = fromText ? parseTimestampText(fromText, zone) : Number.NEGATIVE_INFINITY;
    const toMs = toText ? parseTimestampText(toText, zone) : Number.POSITIVE_INFINITY;
    if (rest.length > 0 || toText === undefined || Number.isNaN(fromMs) || Number.isNaN(toMs)) {
      return {
        ok: false,
        message: `--period takes FROM..TO (dates or times, either may be left out), not "${options.period}"`,
      };
    }
    const mode = options['period-mode'] ?? 'active';
    if (mode !== 'active' && mode !== 'starting' && mode !== 'ending' && mode !== 'contained') {
      return {
        ok: false,
        message: `--period-mode takes active, starting, ending or contained, not "${mode}"`,
      };
    }
    filters.push({ kind: 'period', mode, fromMs, toMs });
  } else if (options['period-mode'] !== undefined) {
    return { ok: false, message: '--period-mode needs --period' };
  }
  for (const [option, isExcluded] of [
    ['where', false],
    ['where-not', true],
  ] as const) {
    for (const condition of options[option] ?? []) {
      const equals = condition.indexOf('=');
      if (equals <= 0)
        return {
          ok: false,
          message: `--${option} takes ATTRIBUTE=VALUE[,VALUE…], not "${condition}"`,
        };
      filters.push({
        kind: 'attribute',
        name: condition.slice(0, equals).trim(),
        values: splitList(condition.slice(equals + 1)),
        isExcluded,
      });
    }
  }
  for (const activity of options.with ?? [])
    filters.push({ kind: 'activity', activity, isPresent: true });
  for (const activity of options.without ?? [])
    filters.push({ kind: 'activity', activity, isPresent: false });
  if (options['starts-with'] !== undefined) {
    filters.push({ kind: 'start-activity', activities: splitList(options['starts-with']) });
  }
  if (options['ends-with'] !== undefined) {
    filters.push({ kind: 'end-activity', activities: splitList(options['ends-with']) });
  }
  if (options['min-duration'] !== undefined || options['max-duration'] !== undefined) {
    const minMs =
      options['min-duration'] === undefined ? 0 : parseDuration(options['min-duration']);
    const maxMs =
      options['max-duration'] === undefined
        ? Number.POSITIVE_INFINITY
        : parseDuration(options['max-duration']);
    if (Number.isNaN(minMs) || Number.isNaN(maxMs)) {
      return { ok: false, message: 'durations are written like 30m, 48h, 3d or 2w' };
    }
    filters.push({ kind: 'case-duration', minMs, maxMs });
  }
  if (options['top-variants'] !== undefined) {
    const count = Number(options['top-variants']);
    if (!Number.isInteger(count) || count < 1) {
      return {
        ok: false,
        message: `--top-variants takes a positive whole number, not "${options['top-variants']}"`,
      };
    }
    filters.push({ kind: 'top-variants', count });
  }
  if (options['variant-coverage'] !== undefined) {
    const percent = Number(options['variant-coverage'].replace(/%$/, ''));
    if (!(percent > 0 && percent <= 100)) {
      return {
        ok: false,
        message: `--variant-coverage takes a percentage such as 80%, not "${options['variant-coverage']}"`,
      };
    }
    filters.push({ kind: 'variant-coverage', share: percent / 100 });
  }
  return { ok: true, filters };
}
