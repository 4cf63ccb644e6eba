/** The documents the materials register keeps: by extension, and what their bytes must start with. */
const DOCUMENTS: Record<string, { contentType: string; is: (bytes: Uint8Array) => boolean }> = {};

const startsWith = (signature: number[]) => (bytes: Uint8Array) =>
  signature.every((byte, k) => bytes[k] === byte);
const ZIP = startsWith([0x50, 0x4b, 0x03, 0x04]); // docx, xlsx, pptx
const OLE = startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]); // doc, xls, ppt
const PDF = startsWith([0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
const PNG = startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = startsWith([0xff, 0xd8, 0xff]);
/** Text: valid UTF-8 (with or without a byte-order mark), or GB18030 as Chinese Excel writes it, without NUL bytes. */
const TEXT = (bytes: Uint8Array) => {
  if (bytes.includes(0)) return false;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes);
      return true;
    } catch {
      // Try the next one.
    }
  }
  return false;
};

const add = (extensions: string[], contentType: string, is: (bytes: Uint8Array) => boolean) => {
  for (const extension of extensions) DOCUMENTS[extension] = { contentType, is };
};
add(['pdf'], 'application/pdf', PDF);
add(['docx'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ZIP);
add(['xlsx'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ZIP);
add(['pptx'], 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ZIP);
add(['doc'], 'application/msword', OLE);
add(['xls'], 'application/vnd.ms-excel', OLE);
add(['ppt'], 'application/vnd.ms-powerpoint', OLE);
add(['png'], 'image/png', PNG);
add(['jpg', 'jpeg'], 'image/jpeg', JPEG);
add(['txt', 'md'], 'text/plain; charset=utf-8', TEXT);
add(['csv'], 'text/csv; charset=utf-8', TEXT);

export const MATERIAL_EXTENSIONS = Object.keys(DOCUMENTS);

/**
 * What an uploaded material is, by its name and checked against its bytes: a
 * `.pdf` must start like a PDF, a `.docx` like a zip, a `.txt` must be text.
 * A file whose bytes do not match its name (a renamed program, say) is
 * refused, so a download never hands out something other than it says.
 */
export function identifyMaterial(
  fileName: string,
  bytes: Uint8Array,
):
  | { ok: true; contentType: string }
  | { ok: false; reason: 'unsupported-file-type' | 'content-mismatch' } {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const document = DOCUMENTS[extension];
  if (!document) return { ok: false, reason: 'unsupported-file-type' };
  return document.is(bytes)
    ? { ok: true, contentType: document.contentType }
    : { ok: false, reason: 'content-mismatch' };
}
