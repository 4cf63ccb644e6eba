import { describe, expect, it } from 'vitest';
import { decodeXmlBytes } from './decode-xml-bytes.ts';

const latin1 = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));

describe('decoding an XML file', () => {
  it('follows the encoding the declaration names', () => {
    const bytes = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><task name="Prüfung"/>');
    expect(decodeXmlBytes(bytes)).toEqual({
      ok: true,
      text: '<?xml version="1.0" encoding="ISO-8859-1"?><task name="Prüfung"/>',
    });
  });

  it('reads UTF-8 without a declaration, and honours byte-order marks', () => {
    const text = '<task name="合同审批"/>';
    expect(decodeXmlBytes(new TextEncoder().encode(text))).toEqual({ ok: true, text });
    expect(
      decodeXmlBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])),
    ).toEqual({ ok: true, text });
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let k = 0; k < text.length; k++) {
      utf16[2 + 2 * k] = text.charCodeAt(k) & 0xff;
      utf16[3 + 2 * k] = text.charCodeAt(k) >> 8;
    }
    expect(decodeXmlBytes(utf16)).toEqual({ ok: true, text });
  });

  it('says which declared encoding it cannot read', () => {
    expect(decodeXmlBytes(latin1('<?xml version="1.0" encoding="EBCDIC-X"?><a/>'))).toEqual({
      ok: false,
      encoding: 'EBCDIC-X',
    });
  });
});
