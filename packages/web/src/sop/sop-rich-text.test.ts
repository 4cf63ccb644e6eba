import { parseSopText } from '@pipewise/engine/process-model';
import type { JSONContent } from '@tiptap/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { docToSopText, sopTextToDoc } from './sop-rich-text.ts';

const text = (value: string, bold = false): JSONContent => ({
  type: 'text',
  text: value,
  ...(bold ? { marks: [{ type: 'bold' }] } : {}),
});
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const list = (type: 'bulletList' | 'orderedList', ...items: JSONContent[][]): JSONContent => ({
  type,
  content: items.map((content) => ({ type: 'listItem', content })),
});

describe('the SOP editor’s document and the stored text', () => {
  it('stores bold as **…**, lists as "- " and "1. " lines, blocks apart by a blank line', () => {
    const doc: JSONContent = {
      type: 'doc',
      content: [
        paragraph(text('收到合同后'), text('当天', true), text('开始审核')),
        list('bulletList', [paragraph(text('核对付款条款'))], [paragraph(text('核对违约责任'))]),
        list('orderedList', [paragraph(text('超过 48 个工作小时：升级法务经理'))]),
      ],
    };
    expect(docToSopText(doc)).toBe(
      '收到合同后**当天**开始审核\n\n- 核对付款条款\n- 核对违约责任\n\n1. 超过 48 个工作小时：升级法务经理',
    );
  });

  it('reads stored text back into the same document', () => {
    const stored =
      '收到合同后**当天**开始审核\n\n- 核对付款条款\n- 核对**违约**责任\n\n1. 通过\n2. 退回';
    expect(docToSopText(sopTextToDoc(stored))).toBe(stored);
    expect(sopTextToDoc('')).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });

  it('flattens a list inside a list item, and drops empty paragraphs and items', () => {
    const doc: JSONContent = {
      type: 'doc',
      content: [
        { type: 'paragraph' },
        list('bulletList', [
          paragraph(text('核对条款')),
          list('orderedList', [paragraph(text('付款'))], [paragraph(text('违约'))]),
        ]),
        list('orderedList', [{ type: 'paragraph' }]),
      ],
    };
    expect(docToSopText(doc)).toBe('- 核对条款\n- 付款\n- 违约\n\n1. ');
  });

  it('keeps any document’s blocks, words and bold through storing and reading back', () => {
    // Words as people type them: letters, Chinese, digits inside, spaces between.
    const word = fc
      .array(fc.constantFrom('合', '同', '审', '核', 'a', 'B', '4', '8', '：', '。'), {
        minLength: 1,
        maxLength: 6,
      })
      .map((chars) => chars.join(''))
      .filter((w) => !/^\d/.test(w));
    const run = fc.record({
      words: fc.array(word, { minLength: 1, maxLength: 3 }),
      bold: fc.boolean(),
    });
    const runs = fc
      .array(run, { minLength: 1, maxLength: 4 })
      // The editor merges neighbouring runs of the same weight; so does this.
      .map((list) =>
        list
          .filter((r, k) => k === 0 || r.bold !== list[k - 1]!.bold)
          .map((r, k) => ({
            ...r,
            words: k === 0 ? r.words : ['', ...r.words],
          })),
      );
    const inline = (rs: { words: string[]; bold: boolean }[]) =>
      rs.map((r) => text(r.words.join(' '), r.bold)).filter((node) => node.text!.trim() !== '');
    const block = fc.oneof(
      runs.map((rs) => paragraph(...inline(rs))),
      fc
        .record({
          type: fc.constantFrom('bulletList' as const, 'orderedList' as const),
          items: fc.array(runs, { minLength: 1, maxLength: 4 }),
        })
        .map(({ type, items }) => list(type, ...items.map((rs) => [paragraph(...inline(rs))]))),
    );
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 5 }), (blocks) => {
        const stored = docToSopText({ type: 'doc', content: blocks });
        // Stored, read into the editor and stored again: the same blocks (two lists of a kind
        // in a row are one list once stored, as in the editor), then the same text.
        const again = docToSopText(sopTextToDoc(stored));
        expect(parseSopText(again)).toEqual(parseSopText(stored));
        expect(docToSopText(sopTextToDoc(again))).toBe(again);
        const words = (value: string) => value.replace(/\*\*/g, '').replace(/\s+/g, '');
        const shown = parseSopText(stored)
          .flatMap((b) => (b.kind === 'paragraph' ? [b.spans] : b.items))
          .flatMap((spans) => spans.map((span) => span.text))
          .join('');
        const typed = JSON.stringify(blocks).match(/"text":"[^"]*"/g) ?? [];
        expect(words(shown)).toBe(words(typed.map((t) => t.slice(8, -1)).join('')));
      }),
      { numRuns: 300 },
    );
  });
});
