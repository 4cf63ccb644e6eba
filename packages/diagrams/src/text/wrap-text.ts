import { estimateTextWidth, isWideCodePoint } from './measure-text.ts';

export interface WrappedText {
  lines: string[];
  /** True when the text did not fit in `maxLines` and the last line ends in "…". */
  isTruncated: boolean;
}

/** Punctuation that may not start a line (Chinese line-breaking rules, and ASCII's). */
const NO_LINE_START = new Set([...'，。、；：！？）」』》〉】〕…,.;:!?)]}%']);
/** Punctuation that may not end a line. */
const NO_LINE_END = new Set([...'（「『《〈【〔([{']);

/**
 * Breaks text into pieces a line may break between: Latin words (split
 * after "/" and "-" too), single CJK characters (Chinese breaks between any
 * two), and spaces; punctuation stays with its neighbour.
 */
function splitBreakable(text: string): string[] {
  const pieces: string[] = [];
  let word = '';
  const flushWord = () => {
    if (word !== '') pieces.push(word);
    word = '';
  };
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (character === ' ' || character === '\t' || character === '\n' || character === '\u3000') {
      flushWord();
      if (pieces.at(-1) !== ' ') pieces.push(' ');
    } else if (isWideCodePoint(code)) {
      flushWord();
      pieces.push(character);
    } else {
      word += character;
      if (character === '/' || character === '-') flushWord();
    }
  }
  flushWord();
  // Glue punctuation to its neighbour so that no line starts with "，" or ends with "（".
  const glued: string[] = [];
  let carry = '';
  for (const piece of pieces) {
    if (piece !== ' ' && NO_LINE_START.has(piece[0]!) && glued.length > 0 && glued.at(-1) !== ' ') {
      glued[glued.length - 1] += carry + piece;
      carry = '';
    } else if (piece.length === 1 && NO_LINE_END.has(piece)) {
      carry += piece;
    } else {
      glued.push(carry + piece);
      carry = '';
    }
  }
  if (carry !== '') glued.push(carry);
  return glued;
}

/**
 * `text` in lines of at most `maxWidthPx` (estimated, see
 * `estimateTextWidth`), greedily; a word wider than a line is cut between
 * characters. Past `maxLines`, the last line ends in "…".
 */
export function wrapText(
  text: string,
  maxWidthPx: number,
  fontSizePx: number,
  maxLines: number,
): WrappedText {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let hasPendingSpace = false;
  const spaceWidth = estimateTextWidth(' ', fontSizePx);
  const pushLine = () => {
    lines.push(line);
    line = '';
    lineWidth = 0;
  };
  for (const piece of splitBreakable(text.trim())) {
    if (piece === ' ') {
      hasPendingSpace = line !== '';
      continue;
    }
    const width = estimateTextWidth(piece, fontSizePx);
    const gap = hasPendingSpace ? spaceWidth : 0;
    hasPendingSpace = false;
    if (line !== '' && lineWidth + gap + width <= maxWidthPx) {
      line += (gap > 0 ? ' ' : '') + piece;
      lineWidth += gap + width;
      continue;
    }
    if (line !== '') pushLine();
    if (width <= maxWidthPx) {
      line = piece;
      lineWidth = width;
      continue;
    }
    // Longer than a line: cut between characters.
    for (const character of piece) {
      const characterWidth = estimateTextWidth(character, fontSizePx);
      if (line !== '' && lineWidth + characterWidth > maxWidthPx) pushLine();
      line += character;
      lineWidth += characterWidth;
    }
  }
  if (line !== '' || lines.length === 0) pushLine();
  if (lines.length <= maxLines) return { lines, isTruncated: false };
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = withEllipsis(kept[maxLines - 1]!, maxWidthPx, fontSizePx);
  return { lines: kept, isTruncated: true };
}

/** `line` shortened until it and "…" fit in `maxWidthPx`. */
function withEllipsis(line: string, maxWidthPx: number, fontSizePx: number): string {
  const characters = [...line];
  const ellipsisWidth = estimateTextWidth('…', fontSizePx);
  while (
    characters.length > 0 &&
    estimateTextWidth(characters.join(''), fontSizePx) + ellipsisWidth > maxWidthPx
  ) {
    characters.pop();
  }
  return `${characters.join('').trimEnd()}…`;
}

/** The widest line's estimated width. */
export function measureLines(lines: readonly string[], fontSizePx: number): number {
  let widest = 0;
  for (const line of lines) widest = Math.max(widest, estimateTextWidth(line, fontSizePx));
  return widest;
}
