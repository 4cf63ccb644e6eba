import type { DurationEstimate, DurationUnit } from './process-model.ts';

/** What `parseDurationEstimate` accepts, for error messages. */
export const DURATION_ESTIMATE_FORMATS =
  'a number and a unit, such as "3 working days", "48h", "30 min", "1.5 小时", "3 个工作日", "30 分钟", "半天", or a range "2-3 days"';

const UNIT_WORDS: [RegExp, DurationUnit][] = [
  [/^(?:m|mins?|minutes?|分钟|分)$/u, 'minute'],
  [/^(?:h|hrs?|hours?|小时|个小时|钟头|个钟头)$/u, 'hour'],
  [/^(?:d|days?|天|日|个工作日|工作日|工作天)$/u, 'day'],
  [/^(?:w|wks?|weeks?|周|个星期|星期|个工作周|工作周)$/u, 'week'],
];

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * Reads a duration as interview notes and step tables state it. A number (or
 * a range "2-3", whose middle is taken; or a Chinese numeral up to 99; or 半,
 * a half) followed by a unit in English or Chinese. "working", "work",
 * "business" or 工作 make it working time (counted in the calendar's working
 * hours); otherwise it is calendar time. Returns undefined when the text is
 * not such a duration (the caller reports where).
 */
export function parseDurationEstimate(text: string): DurationEstimate | undefined {
  const original = text.trim();
  let rest = original.toLowerCase().replace(/\s+/g, ' ');
  if (rest === '') return undefined;
  let basis: DurationEstimate['basis'] = 'calendar';
  const working = /\b(?:working|work|business)\s+|工作/u;
  if (working.test(rest)) {
    basis = 'working';
    rest = rest.replace(/\b(?:working|work|business)\s+/u, '');
  }
  // 半天 / 半小时 / 半个工作日: a half of the unit.
  const half = /^半(?:个)?\s*(.+)$/u.exec(rest);
  let value: number | undefined;
  let unitText: string;
  if (half) {
    value = 0.5;
    unitText = half[1]!;
  } else {
    const match =
      /^(\d+(?:\.\d+)?)(?:\s*(?:-|–|~|to|至|到)\s*(\d+(?:\.\d+)?))?\s*(.+)$/u.exec(rest) ??
      /^([零一二两三四五六七八九十]+)(?:\s*(?:-|–|~|至|到)\s*([零一二两三四五六七八九十]+))?\s*(.+)$/u.exec(
        rest,
      );
    if (!match) return undefined;
    const low = readNumber(match[1]!);
    const high = match[2] !== undefined ? readNumber(match[2]) : low;
    if (low === undefined || high === undefined || high < low) return undefined;
    value = (low + high) / 2;
    unitText = match[3]!.trim();
    // "1.5个小时", "3个工作日": the measure word 个 goes with the unit.
    if (unitText.startsWith('个') && !/^个(?:小时|钟头|工作日|工作周|星期)$/u.test(unitText))
      unitText = unitText.slice(1);
  }
  if (basis === 'working') unitText = unitText.replace(/^个?工作/u, '');
  unitText = unitText.replace(/^个/u, '');
  const unit = UNIT_WORDS.find(([pattern]) => pattern.test(unitText))?.[1];
  if (unit === undefined) return undefined;
  // 个工作日 / 工作日 say working even after the word was taken off above.
  return { value, unit, basis, text: original };
}

function readNumber(text: string): number | undefined {
  if (/^\d/.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  // 十 = 10, 十五 = 15, 二十 = 20, 二十五 = 25, 三 = 3.
  const tens = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/u.exec(text);
  if (tens)
    return (tens[1] ? CHINESE_DIGITS[tens[1]]! : 1) * 10 + (tens[2] ? CHINESE_DIGITS[tens[2]]! : 0);
  if (text.length === 1 && text in CHINESE_DIGITS) return CHINESE_DIGITS[text];
  return undefined;
}
