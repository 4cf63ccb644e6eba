const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * True for code units XML 1.0 does not allow at all: C0 controls other than
 * tab, line feed and carriage return, U+FFFE and U+FFFF, and surrogates
 * without their pair.
 */
function isForbiddenAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  if (code === 0xfffe || code === 0xffff) return true;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = text.charCodeAt(index - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/**
 * Text for XML content or a quoted attribute value: markup characters
 * escaped, characters XML forbids dropped. Names come from spreadsheets and
 * imported files, where control characters do turn up, and a single one
 * would make the whole SVG unreadable.
 */
export function escapeXml(text: string): string {
  let kept = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (!isForbiddenAt(text, index)) continue;
    kept += text.slice(start, index);
    start = index + 1;
  }
  kept += text.slice(start);
  return kept.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}
