/**
 * Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF): replaced by U+FFFD so that the file stays well-formed.
 */
const NOT_XML_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML cannot hold.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text for an attribute value in double quotes. Tabs and line breaks are
 * written as character references: a parser turns literal ones into spaces
 * (attribute-value normalization), and names with line breaks ("Invoice\nreceived")
 * must come back as they were.
 */
export function escapeXmlAttribute(text: string): string {
  return text
    .replace(NOT_XML_CHARACTERS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Text for element content; a carriage return is a reference, or a parser would turn CR LF into LF. */
export function escapeXmlText(text: string): string {
  return text
    .replace(NOT_XML_CHARACTERS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}
