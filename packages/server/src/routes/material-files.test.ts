import { describe, expect, it } from 'vitest';
import { identifyMaterial } from './material-files.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('identifyMaterial', () => {
  it('takes office documents, PDFs, images and text whose bytes match their name', () => {
    expect(identifyMaterial('SOP.pdf', text('%PDF-1.7\n…'))).toEqual({
      ok: true,
      contentType: 'application/pdf',
    });
    expect(identifyMaterial('跟进表.XLSX', bytes(0x50, 0x4b, 0x03, 0x04, 1, 2))).toMatchObject({
      ok: true,
      contentType: expect.stringContaining('spreadsheetml'),
    });
    expect(
      identifyMaterial('old.doc', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)),
    ).toMatchObject({ ok: true });
    expect(identifyMaterial('复盘.md', text('# 项目复盘\n合同评审拖了一周'))).toMatchObject({
      ok: true,
    });
    // GBK text, as Chinese Windows writes it.
    expect(identifyMaterial('notes.txt', bytes(0xba, 0xcf, 0xcd, 0xac))).toMatchObject({
      ok: true,
    });
  });

  it('refuses other kinds of file, and files whose bytes are not what their name says', () => {
    expect(identifyMaterial('tool.exe', bytes(0x4d, 0x5a))).toEqual({
      ok: false,
      reason: 'unsupported-file-type',
    });
    expect(identifyMaterial('no-extension', text('x'))).toMatchObject({
      reason: 'unsupported-file-type',
    });
    // A program renamed to .pdf, an HTML page renamed to .docx, binary as .txt.
    expect(identifyMaterial('SOP.pdf', bytes(0x4d, 0x5a, 0x90))).toEqual({
      ok: false,
      reason: 'content-mismatch',
    });
    expect(identifyMaterial('manual.docx', text('<html><script>'))).toMatchObject({
      reason: 'content-mismatch',
    });
    expect(identifyMaterial('a.txt', bytes(0x41, 0x00, 0x42))).toMatchObject({
      reason: 'content-mismatch',
    });
  });
});
