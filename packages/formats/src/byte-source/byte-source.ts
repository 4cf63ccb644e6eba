import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes read sequentially from a file or from memory. */
export interface ByteSource {
  /** Name used in messages (the file path as given). */
  readonly name: string;
  /** Total size in bytes, when known (for progress). */
  readonly size: number;
  /** Reads into `target[offset …]`, at most `length` bytes; 0 at the end. */
  read(target: Uint8Array, offset: number, length: number): number;
  close(): void;
}

export function openFileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    name: path,
    size,
    read: (target, offset, length) => readSync(fd, target, offset, length, null),
    close: () => closeSync(fd),
  };
}

export function memorySource(name: string, bytes: Uint8Array): ByteSource {
  let position = 0;
  return {
    name,
    size: bytes.length,
    read(target, offset, length) {
      const count = Math.min(length, bytes.length - position);
      target.set(bytes.subarray(position, position + count), offset);
      position += count;
      return count;
    },
    close() {},
  };
}
