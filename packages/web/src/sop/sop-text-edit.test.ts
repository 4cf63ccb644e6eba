import { parseSopText } from '@pipewise/engine/process-model';
import { describe, expect, it } from 'vitest';
import { toggleBold, toggleList } from './sop-text-edit.ts';

/** "ab[cd]ef" → the text with the selection between the brackets. */
function at(marked: string) {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  return { text: marked.replace('[', '').replace(']', ''), start, end };
}
function shown({ text, start, end }: { text: string; start: number; end: number }) {
  return `${text.slice(0, start)}[${text.slice(start, end)}]${text.slice(end)}`;
}

describe('the SOP editor toolbar', () => {
  it('makes the selection bold, and plain again', () => {
    const bold = toggleBold(at('收到合同后[当天]开始'));
    expect(shown(bold)).toBe('收到合同后**[当天]**开始');
    expect(parseSopText(bold.text)[0]).toEqual({
      kind: 'paragraph',
      spans: [
        { text: '收到合同后', bold: false },
        { text: '当天', bold: true },
        { text: '开始', bold: false },
      ],
    });
    expect(shown(toggleBold(bold))).toBe('收到合同后[当天]开始');
    expect(shown(toggleBold(at('a[**b**]c')))).toBe('a[b]c');
    // Nothing selected: an empty pair, the cursor inside.
    expect(shown(toggleBold(at('ab[]c')))).toBe('ab**[]**c');
  });

  it('turns the lines touched into a bulleted or numbered list, and back', () => {
    const text = '审核要点\n核对付款条款\n核对违约责任\n完毕';
    const start = text.indexOf('付款');
    const end = text.indexOf('违约') + 1;
    const bulleted = toggleList({ text, start, end }, 'bulleted');
    expect(bulleted.text).toBe('审核要点\n- 核对付款条款\n- 核对违约责任\n完毕');
    expect(shown(bulleted)).toBe('审核要点\n[- 核对付款条款\n- 核对违约责任]\n完毕');
    expect(parseSopText(bulleted.text)[1]).toMatchObject({ kind: 'list', ordered: false });
    expect(toggleList(bulleted, 'bulleted').text).toBe(text);
    // A bulleted list made numbered is renumbered from 1.
    expect(toggleList(bulleted, 'numbered').text).toBe(
      '审核要点\n1. 核对付款条款\n2. 核对违约责任\n完毕',
    );
    // The cursor in one line: that line.
    expect(toggleList(at('一\n[]二\n三'), 'numbered').text).toBe('一\n1. 二\n三');
    // The cursor at the very start, on an empty first line.
    expect(toggleList(at('[]\nfoo'), 'bulleted').text).toBe('- \nfoo');
  });
});
