/**
 * Text width without a DOM: the layout runs in Node (reports, the CLI) and
 * in the browser alike, so it cannot ask a font. Widths are estimated per
 * character and err on the wide side, so that a label laid out here fits
 * its box in any of the fonts of our font stack.
 *
 * Latin: advance widths of DejaVu Sans (in em), the widest common fallback
 * (Debian's Chromium draws with it when no other font of the stack is
 * installed); Arial, Helvetica, PingFang and YaHei are narrower. CJK
 * (Chinese, Japanese, Korean, full-width forms): 1 em, as in every CJK font.
 */

/** Widths in em of the printable ASCII characters, code 32 (space) to 126 (~). */
const ASCII_EM = new Float64Array([
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318,
  0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838,
  0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295,
  0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685,
  0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635,
  0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634,
  0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
]);

/** Accented Latin, Greek, Cyrillic and other narrow scripts: about an average capital. */
const OTHER_NARROW_EM = 0.7;

/** True for code points drawn one em wide: CJK ideographs, kana, Hangul, full-width forms, emoji. */
export function isWideCodePoint(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Width of one code point in em. */
function codePointEm(code: number): number {
  if (code >= 32 && code <= 126) return ASCII_EM[code - 32]!;
  if (isWideCodePoint(code)) return 1;
  // Combining marks and zero-width characters take no room of their own.
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f)) return 0;
  return OTHER_NARROW_EM;
}

/** Estimated width in px of `text` set in a font of `fontSizePx`. */
export function estimateTextWidth(text: string, fontSizePx: number): number {
  let em = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.codePointAt(index)!;
    if (code > 0xffff) index++;
    em += codePointEm(code);
  }
  return em * fontSizePx;
}
