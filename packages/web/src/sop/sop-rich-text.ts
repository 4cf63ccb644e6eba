import { parseSopText, type TextSpan } from '@pipewise/engine/process-model';
import type { JSONContent } from '@tiptap/core';

/**
 * The SOP editor shows a step's text formatted (bold, bulleted and numbered
 * lists) while the text is stored in the Markdown subset that every output
 * reads (`parseSopText`: Word, print, the server). These two functions are
 * the bridge: stored text → editor document → stored text gives back the
 * same blocks.
 */
export function sopTextToDoc(text: string): JSONContent {
  const inline = (spans: TextSpan[]): JSONContent[] =>
    spans.map((span) => ({
      type: 'text',
      text: span.text,
      ...(span.bold ? { marks: [{ type: 'bold' }] } : {}),
    }));
  const paragraph = (spans: TextSpan[]): JSONContent =>
    spans.length > 0 ? { type: 'paragraph', content: inline(spans) } : { type: 'paragraph' };
  const content = parseSopText(text).map(
    (block): JSONContent =>
      block.kind === 'paragraph'
        ? paragraph(block.spans)
        : {
            type: block.ordered ? 'orderedList' : 'bulletList',
            content: block.items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
          },
  );
  return { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
}

/**
 * The editor's document as stored SOP text: paragraphs apart by a blank line,
 * list items as `- ` or `1. ` lines, bold as `**…**`. A list inside a list
 * item (Tab in the editor) becomes items of the outer list: the subset, like
 * the Word export, has one level.
 */
export function docToSopText(doc: JSONContent): string {
  const blocks: string[] = [];
  for (const node of doc.content ?? []) {
    if (node.type === 'bulletList' || node.type === 'orderedList') {
      const items = listItemTexts(node);
      if (items.length === 0) continue;
      const isOrdered = node.type === 'orderedList';
      blocks.push(items.map((item, k) => `${isOrdered ? `${k + 1}.` : '-'} ${item}`).join('\n'));
    } else {
      const text = inlineText(node).trim();
      if (text !== '') blocks.push(text);
    }
  }
  return blocks.join('\n\n');
}

/** The texts of a list's items, nested lists flattened in order. */
function listItemTexts(list: JSONContent): string[] {
  const items: string[] = [];
  for (const item of list.content ?? []) {
    const own: string[] = [];
    const nested: string[] = [];
    for (const child of item.content ?? []) {
      if (child.type === 'bulletList' || child.type === 'orderedList')
        nested.push(...listItemTexts(child));
      else own.push(inlineText(child).trim());
    }
    items.push(own.filter((text) => text !== '').join(' '), ...nested);
  }
  return items;
}

/** A paragraph's text with `**` around bold runs. */
function inlineText(node: JSONContent): string {
  if (node.type === 'text') {
    const text = node.text ?? '';
    return node.marks?.some((mark) => mark.type === 'bold') && text.trim() !== ''
      ? `**${text}**`
      : text;
  }
  return (node.content ?? []).map(inlineText).join('');
}
