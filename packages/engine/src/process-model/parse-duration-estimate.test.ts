import { describe, expect, it } from 'vitest';
import { parseDurationEstimate } from './parse-duration-estimate.ts';

describe('durations as people state them', () => {
  it.each([
    ['3 working days', 3, 'day', 'working'],
    ['3 business days', 3, 'day', 'working'],
    ['2 work weeks', 2, 'week', 'working'],
    ['3 days', 3, 'day', 'calendar'],
    ['3d', 3, 'day', 'calendar'],
    ['48h', 48, 'hour', 'calendar'],
    ['48 Hours', 48, 'hour', 'calendar'],
    ['1.5 hrs', 1.5, 'hour', 'calendar'],
    ['30 min', 30, 'minute', 'calendar'],
    ['90m', 90, 'minute', 'calendar'],
    ['1 week', 1, 'week', 'calendar'],
    ['2-3 days', 2.5, 'day', 'calendar'],
    ['2 to 4 working days', 3, 'day', 'working'],
    ['30 分钟', 30, 'minute', 'calendar'],
    ['30分钟', 30, 'minute', 'calendar'],
    ['2小时', 2, 'hour', 'calendar'],
    ['1.5 个小时', 1.5, 'hour', 'calendar'],
    ['3 天', 3, 'day', 'calendar'],
    ['3个工作日', 3, 'day', 'working'],
    ['3 工作日', 3, 'day', 'working'],
    ['三个工作日', 3, 'day', 'working'],
    ['两天', 2, 'day', 'calendar'],
    ['十五分钟', 15, 'minute', 'calendar'],
    ['二十四小时', 24, 'hour', 'calendar'],
    ['半天', 0.5, 'day', 'calendar'],
    ['半个工作日', 0.5, 'day', 'working'],
    ['半小时', 0.5, 'hour', 'calendar'],
    ['2~3天', 2.5, 'day', 'calendar'],
    ['1 周', 1, 'week', 'calendar'],
  ] as const)('"%s" is %d %s(s) of %s time', (text, value, unit, basis) => {
    expect(parseDurationEstimate(text)).toEqual({ value, unit, basis, text });
  });

  it.each([
    'three-ish days',
    'a few days',
    'soon',
    '3',
    'days',
    '3 months',
    '5-2 days',
    '',
    '   ',
    '大约三天左右',
  ])('"%s" is not a duration', (text) => {
    expect(parseDurationEstimate(text)).toBeUndefined();
  });
});
