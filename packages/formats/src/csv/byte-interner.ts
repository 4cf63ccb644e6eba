import type { StringTable } from '@pipewise/engine';
import { hashBytes } from './tokenize-csv.ts';

/**
 * Maps the bytes of a field to its index in a `StringTable` without making a
 * string for fields seen before: an open-addressing hash table over a byte
 * arena. A string is decoded only the first time a value appears.
 *
 * Hot path: called for the case, activity and resource field of every row.
 * The previous hit is checked first, since consecutive rows often share a
 * case (exports sorted by deal) or a value. The table must be fed by this
 * interner only, since values are appended without a lookup by string.
 */
export class ByteInterner {
  private slots: Int32Array<ArrayBuffer>;
  private mask: number;
  private entryHash = new Int32Array(64);
  private entryOffset = new Int32Array(64);
  private entryLength = new Int32Array(64);
  private entryIndex = new Int32Array(64);
  private entries = 0;
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  private lastEntry = -1;
  private readonly table: StringTable;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(table: StringTable) {
    this.table = table;
    this.slots = new Int32Array(1024).fill(-1);
    this.mask = 1023;
  }

  /** The table index of `bytes[start, end)`; throws TypeError on invalid UTF-8. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, hashBytes(bytes, start, end));
  }

  /** As `intern`, with `hashBytes` of the field already known (the tokenizer computes it). */
  internHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const last = this.lastEntry;
    if (last >= 0 && this.entryHash[last] === hash && this.isEqual(last, bytes, start, length)) {
      return this.entryIndex[last]!;
    }
    let slot = hash & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry < 0) break;
      if (this.entryHash[entry] === hash && this.isEqual(entry, bytes, start, length)) {
        this.lastEntry = entry;
        return this.entryIndex[entry]!;
      }
      slot = (slot + 1) & this.mask;
    }
    const index = this.table.appendNew(this.decoder.decode(bytes.subarray(start, end)));
    const entry = this.addEntry(hash, bytes, start, length, index);
    this.slots[slot] = entry;
    this.lastEntry = entry;
    if (this.entries * 2 > this.slots.length) this.rehash();
    return index;
  }

  private isEqual(entry: number, bytes: Uint8Array, start: number, length: number): boolean {
    if (this.entryLength[entry] !== length) return false;
    const arena = this.arena;
    const offset = this.entryOffset[entry]!;
    for (let k = 0; k < length; k++) if (arena[offset + k] !== bytes[start + k]) return false;
    return true;
  }

  private addEntry(
    hash: number,
    bytes: Uint8Array,
    start: number,
    length: number,
    index: number,
  ): number {
    if (this.entries === this.entryHash.length) {
      this.entryHash = grow(this.entryHash);
      this.entryOffset = grow(this.entryOffset);
      this.entryLength = grow(this.entryLength);
      this.entryIndex = grow(this.entryIndex);
    }
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, start + length), this.arenaUsed);
    const entry = this.entries++;
    this.entryHash[entry] = hash;
    this.entryOffset[entry] = this.arenaUsed;
    this.entryLength[entry] = length;
    this.entryIndex[entry] = index;
    this.arenaUsed += length;
    return entry;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let entry = 0; entry < this.entries; entry++) {
      let slot = this.entryHash[entry]! & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
