import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../byte-source/index.ts';
import { detectEncoding, normalizeEncoding } from './detect-encoding.ts';
import { toUtf8Source } from './utf8-source.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));
// 商机编号,阶段 in GBK, written out byte by byte (from `iconv -t GBK`).
const GBK_HEADER = Uint8Array.from([
  0xc9, 0xcc, 0xbb, 0xfa, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xbd, 0xd7, 0xb6, 0xce, 0x0a,
]);

function utf16le(text: string, withBom: boolean): Uint8Array {
  const bytes = new Uint8Array((withBom ? 2 : 0) + text.length * 2);
  if (withBom) bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[(withBom ? 2 : 0) + i * 2] = code & 0xff;
    bytes[(withBom ? 2 : 0) + i * 2 + 1] = code >> 8;
  }
  return bytes;
}

function decodeAll(bytes: Uint8Array): string {
  const guess = detectEncoding(bytes);
  const source = toUtf8Source(memorySource('x', bytes), guess.encoding, guess.bomLength);
  const chunks: Uint8Array[] = [];
  for (;;) {
    const buffer = new Uint8Array(7);
    const count = source.read(buffer, 0, buffer.length);
    if (count === 0) break;
    chunks.push(buffer.subarray(0, count));
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

describe('detectEncoding', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(detectEncoding(utf8('阶段,时间\n'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('a,b')]))).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
    });
  });

  it('reads UTF-16 with a byte-order mark and without one', () => {
    expect(detectEncoding(utf16le('case,activity\n', true))).toEqual({
      encoding: 'utf-16le',
      bomLength: 2,
    });
    expect(detectEncoding(utf16le('case,activity\n', false))).toEqual({
      encoding: 'utf-16le',
      bomLength: 0,
    });
  });

  it('tells GBK Chinese from Latin-1 Spanish', () => {
    expect(detectEncoding(GBK_HEADER).encoding).toBe('gb18030');
    expect(
      detectEncoding(latin1('"Diseño Propuesta","Presentación Propuesta","Negociación"\n'))
        .encoding,
    ).toBe('latin1');
    // Two accented letters side by side look like one GBK character: ções.
    expect(detectEncoding(latin1('Negociações,Aprovação,Ação\n')).encoding).toBe('latin1');
  });

  it('detects the shared Salesforce export as Latin-1', () => {
    const path = new URL(
      '../../../../../shared/data/eventlogs/salesforce/OpportunityHistory.csv',
      import.meta.url,
    );
    let sample: Uint8Array;
    try {
      sample = readFileSync(path).subarray(0, 65536);
    } catch {
      if (process.env.CI) throw new Error(`shared data missing at ${path.pathname}`);
      return;
    }
    expect(detectEncoding(sample).encoding).toBe('latin1');
  });

  it('knows the usual names of encodings', () => {
    expect(normalizeEncoding('GBK')).toBe('gb18030');
    expect(normalizeEncoding('UTF8')).toBe('utf-8');
    expect(normalizeEncoding('ISO-8859-1')).toBe('latin1');
    expect(normalizeEncoding('utf-16')).toBe('utf-16le');
    expect(normalizeEncoding('klingon')).toBeUndefined();
  });
});

describe('toUtf8Source', () => {
  it('turns every supported encoding into the same UTF-8 text, without the mark', () => {
    expect(decodeAll(GBK_HEADER)).toBe('商机编号,阶段\n');
    expect(decodeAll(utf16le('商机,阶段\n线索', true))).toBe('商机,阶段\n线索');
    expect(decodeAll(latin1('Negociación'))).toBe('Negociación');
    expect(decodeAll(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('a,b')]))).toBe('a,b');
  });
});
