/** A text with its selection: what the SOP editor's toolbar changes. */
export interface TextSelection {
  text: string;
  start: number;
  end: number;
}

/**
 * Makes the selection bold (`**…**`), or plain again when it already is;
 * with nothing selected, inserts an empty bold pair with the cursor inside.
 */
export function toggleBold({ text, start, end }: TextSelection): TextSelection {
  const selected = text.slice(start, end);
  const isWrapped =
    start >= 2 && text.slice(start - 2, start) === '**' && text.slice(end, end + 2) === '**';
  if (isWrapped)
    return {
      text: text.slice(0, start - 2) + selected + text.slice(end + 2),
      start: start - 2,
      end: end - 2,
    };
  if (selected.startsWith('**') && selected.endsWith('**') && selected.length >= 4)
    return {
      text: text.slice(0, start) + selected.slice(2, -2) + text.slice(end),
      start,
      end: end - 4,
    };
  return {
    text: `${text.slice(0, start)}**${selected}**${text.slice(end)}`,
    start: start + 2,
    end: end + 2,
  };
}

const BULLET = /^[-*] /;
const NUMBER = /^\d+\. /;

/**
 * Turns the lines the selection touches into a bulleted (`- `) or numbered
 * (`1. `, `2. `…) list, or back into plain lines when they all already are
 * that list. The selection then covers the changed lines.
 */
export function toggleList(
  { text, start, end }: TextSelection,
  kind: 'bulleted' | 'numbered',
): TextSelection {
  // lastIndexOf with −1 still looks at index 0: the first line starts at 0.
  const from = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end > start && text[end - 1] === '\n' ? end - 1 : end);
  const to = lineEnd < 0 ? text.length : lineEnd;
  const lines = text.slice(from, to).split('\n');
  const marker = kind === 'bulleted' ? BULLET : NUMBER;
  const isList = lines.every((line) => marker.test(line));
  const plain = lines.map((line) => line.replace(BULLET, '').replace(NUMBER, ''));
  const changed = isList
    ? plain
    : plain.map((line, k) => (kind === 'bulleted' ? `- ${line}` : `${k + 1}. ${line}`));
  const block = changed.join('\n');
  return {
    text: text.slice(0, from) + block + text.slice(to),
    start: from,
    end: from + block.length,
  };
}
