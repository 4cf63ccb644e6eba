import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes read sequentially from a file or from memory. */
export interface ByteSource {
  /** Name used in messages (the file path as given). */
  readonly name: string;
  /** Total size in bytes, when known (for progress). */
  readonly size: number;
  /** The file path, for sources that read a file (other threads can open it too). */
  readonly path?: string;
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
    path,
    read: (target, offset, length) => readSync(fd, target, offset, length, null),
    close: () => closeSync(fd),
  };
}

/** Bytes `[start, end)` of a file. */
export function openFileRange(path: string, start: number, end: number): ByteSource {
  const fd = openSync(path, 'r');
  let position = start;
  return {
    name: path,
    size: end - start,
    path,
    read(target, offset, length) {
      const count = readSync(fd, target, offset, Math.min(length, end - position), position);
      position += count;
      return count;
    },
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
