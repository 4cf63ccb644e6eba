/**
 * The text of an XML file from its bytes: a byte-order mark says UTF-8 or
 * UTF-16; otherwise the encoding the XML declaration names (`<?xml …
 * encoding="ISO-8859-1"?>`, as several modelling tools still write), else
 * UTF-8, XML's default. Undefined, with the label, when the declared
 * encoding is one this runtime cannot decode.
 */
export function decodeXmlBytes(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { ok: true, text: new TextDecoder('utf-8').decode(bytes.subarray(3)) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  // The declaration is ASCII in every encoding a BOM-less file may have.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared === undefined) return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
  try {
    return { ok: true, text: new TextDecoder(declared).decode(bytes) };
  } catch {
    return { ok: false, encoding: declared };
  }
}
