import { closeSync, openSync, writeSync } from 'node:fs';

const ZERO = 48;

/**
 * A file written through a large byte buffer. Rows reach the disk in
 * multi-megabyte writes, so a 600 MB log costs a few hundred system calls; and
 * the hot path copies bytes and digits straight into the buffer instead of
 * building a string per row, which keeps the garbage collector out of the way.
 * Synchronous, because the generator has nothing else to do while it writes.
 */
export class BufferedFile {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private position = 0;
  private bytesFlushed = 0;

  constructor(path: string, bufferBytes = 8 * 1024 * 1024) {
    this.fd = openSync(path, 'w');
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** Makes room for `bytes` more bytes; callers reserve a row's worst case once, then write freely. */
  reserve(bytes: number): void {
    if (this.position + bytes > this.buffer.length) this.flush();
    if (bytes > this.buffer.length) throw new Error(`cannot reserve ${bytes} bytes`);
  }

  /** UTF-8 text of any length (headers, case rows); not for the per-event path. */
  writeText(text: string): void {
    const worstCaseBytes = text.length * 3;
    if (worstCaseBytes > this.buffer.length) {
      this.flush();
      this.writeAll(Buffer.from(text, 'utf8'));
      return;
    }
    this.reserve(worstCaseBytes);
    this.position += this.buffer.write(text, this.position, 'utf8');
  }

  /** Copies bytes reserved beforehand. A loop, because names are short and `set` has a fixed cost. */
  putBytes(bytes: Uint8Array): void {
    const buffer = this.buffer;
    let position = this.position;
    for (let i = 0; i < bytes.length; i++) buffer[position++] = bytes[i]!;
    this.position = position;
  }

  /** One byte, reserved beforehand. */
  putByte(byte: number): void {
    this.buffer[this.position++] = byte;
  }

  /** A non-negative integer in exactly `width` decimal digits, zero-padded, reserved beforehand. */
  putZeroPadded(value: number, width: number): void {
    let rest = value;
    for (let i = this.position + width - 1; i >= this.position; i--) {
      this.buffer[i] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.position += width;
  }

  flush(): void {
    if (this.position === 0) return;
    this.writeAll(this.buffer.subarray(0, this.position));
    this.position = 0;
  }

  /** Flushes and closes; returns the file's size in bytes. */
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.bytesFlushed;
  }

  private writeAll(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    this.bytesFlushed += bytes.length;
  }
}
