import { describe, expect, it } from 'vitest';
import { escapeXml } from './escape-xml.ts';
import { estimateTextWidth } from './measure-text.ts';
import { wrapText } from './wrap-text.ts';

describe('estimateTextWidth', () => {
  it('counts a Chinese character as 1 em and Latin by its own width', () => {
    expect(estimateTextWidth('合同评审', 10)).toBe(40);
    expect(estimateTextWidth('ｆｕｌｌ', 10)).toBe(40);
    expect(estimateTextWidth('iiii', 10)).toBeCloseTo(11.12);
    expect(estimateTextWidth('MMMM', 10)).toBeCloseTo(34.52);
    // An average lower-case word is about 0.6 em a letter.
    expect(estimateTextWidth('approval', 10) / 80).toBeGreaterThan(0.5);
    expect(estimateTextWidth('approval', 10) / 80).toBeLessThan(0.65);
  });

  it('counts characters outside the basic plane once', () => {
    expect(estimateTextWidth('𠀀', 10)).toBe(10);
  });
});

describe('wrapText', () => {
  it('breaks Latin text between words', () => {
    expect(wrapText('Review the contract terms', 80, 10, 3).lines).toEqual([
      'Review the',
      'contract terms',
    ]);
  });

  it('breaks Chinese between any two characters, but never before "，" or after "（"', () => {
    const { lines } = wrapText('确认客户需求，准备（技术）方案', 60, 10, 5);
    expect(lines.join('')).toBe('确认客户需求，准备（技术）方案');
    for (const line of lines) {
      expect(line.startsWith('，')).toBe(false);
      expect(line.endsWith('（')).toBe(false);
      expect(estimateTextWidth(line, 10)).toBeLessThanOrEqual(60);
    }
  });

  it('cuts a word longer than a line between its characters', () => {
    const { lines } = wrapText('Supercalifragilistic', 50, 10, 5);
    expect(lines.join('')).toBe('Supercalifragilistic');
    for (const line of lines) expect(estimateTextWidth(line, 10)).toBeLessThanOrEqual(50);
  });

  it('ends the last line in "…" when the text needs more lines than allowed', () => {
    const wrapped = wrapText('one two three four five six seven eight', 60, 10, 2);
    expect(wrapped.isTruncated).toBe(true);
    expect(wrapped.lines).toHaveLength(2);
    expect(wrapped.lines[1]!.endsWith('…')).toBe(true);
    expect(estimateTextWidth(wrapped.lines[1]!, 10)).toBeLessThanOrEqual(60);
  });

  it('gives one empty line for empty text', () => {
    expect(wrapText('  ', 50, 10, 3)).toEqual({ lines: [''], isTruncated: false });
  });
});

describe('escapeXml', () => {
  it('escapes markup characters and drops the ones XML forbids', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(escapeXml('审批\u0000\u0008\u001f\ufffe完成')).toBe('审批完成');
    expect(escapeXml('tab\tnew\nline')).toBe('tab\tnew\nline');
    // A lone surrogate goes; a pair (a character outside the basic plane) stays.
    expect(escapeXml('a\ud800b𠀀')).toBe('ab𠀀');
  });
});
