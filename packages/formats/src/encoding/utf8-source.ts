import type { ByteSource } from '../byte-source/index.ts';
import { decoderLabel, type TextEncodingName } from './detect-encoding.ts';

/**
 * A view of `source` as UTF-8 bytes without a byte-order mark. UTF-8 passes
 * through untouched (the fast path); other encodings are decoded in chunks and
 * re-encoded, so the CSV tokenizer only ever sees UTF-8, where a delimiter or
 * quote byte can never be part of a multi-byte character (in GBK, `|` can).
 */
export function toUtf8Source(
  source: ByteSource,
  encoding: TextEncodingName,
  bomLength: number,
): ByteSource {
  let skip = bomLength;
  if (encoding === 'utf-8') {
    return {
      name: source.name,
      size: source.size,
      read(target, offset, length) {
        let count = source.read(target, offset, length);
        while (skip > 0 && count > 0) {
          const dropped = Math.min(skip, count);
          target.copyWithin(offset, offset + dropped, offset + count);
          count -= dropped;
          skip -= dropped;
          if (count === 0) count = source.read(target, offset, length);
        }
        return count;
      },
      close: () => source.close(),
    };
  }

  // Not fatal: bytes invalid in the encoding become U+FFFD, which the event
  // reader refuses with the row and column where it stands.
  const decoder = new TextDecoder(decoderLabel(encoding), { ignoreBOM: bomLength === 0 });
  const encoder = new TextEncoder();
  const raw = new Uint8Array(1 << 20);
  let pending = new Uint8Array(0);
  let pendingStart = 0;
  let isDone = false;
  return {
    name: source.name,
    size: source.size,
    read(target, offset, length) {
      while (pendingStart >= pending.length && !isDone) {
        const count = source.read(raw, 0, raw.length);
        const text =
          count === 0 ? decoder.decode() : decoder.decode(raw.subarray(0, count), { stream: true });
        if (count === 0) isDone = true;
        pending = encoder.encode(text);
        pendingStart = 0;
      }
      const count = Math.min(length, pending.length - pendingStart);
      target.set(pending.subarray(pendingStart, pendingStart + count), offset);
      pendingStart += count;
      return count;
    },
    close: () => source.close(),
  };
}
