import type { StringTable } from '@pipewise/engine';
import { hashBytes } from './tokenize-csv.ts';

/**
 * Maps the bytes of a field to its index in a `StringTable` without making a
 * string for fields seen before: an open-addressing hash table over a byte
 * arena. A string is decoded only the first time a value appears.
 *
 * Hot path: called for the case, activity and resource field of every row.
 * With a million case ids the table outgrows the CPU caches and a lookup is
 * bound by memory latency, so a slot is 32 bytes holding the hash, the entry
 * number, the length and the first 20 bytes of the key: a lookup of a key up
 * to 20 bytes (CRM ids: Salesforce's are 18) touches one cache line instead
 * of three (slot, entry, arena). Measured on 10M events with 1M case ids:
 * 2.8 s against 4.6 s for 8-byte slots. The previous hit is checked first,
 * since consecutive rows often share a value.
 *
 * Entry k is index k of the table: the table must be fed by this interner only.
 */
export class ByteInterner {
  /** SLOT_INTS per slot: hash, entry + 1 (0 = empty), length, then INLINE_BYTES of key. */
  private slots: Int32Array<ArrayBuffer>;
  private mask: number;
  /** Pairs (arena offset, length) per entry. */
  private entryBytes = new Int32Array(128);
  private entryHash = new Int32Array(64);
  private entries = 0;
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  private lastEntry = -1;
  private readonly table: StringTable;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** The chunk last decoded from, and a Buffer view of it (see `decode`). */
  private lastBytes: Uint8Array | undefined;
  private lastBuffer: Buffer = Buffer.alloc(0);

  private readonly isReplacementInvalid: boolean;
  /** Set by `absorbEntries`: the lookup table no longer holds every entry. */
  private isSealed = false;

  /**
   * `expectedValues` sizes the table up front (a million case ids would
   * otherwise rehash ten times). With `isReplacementInvalid`, a value holding
   * U+FFFD (what transcoding made of bytes invalid in the file's encoding) is
   * refused like invalid UTF-8.
   */
  constructor(table: StringTable, expectedValues = 512, isReplacementInvalid = false) {
    this.isReplacementInvalid = isReplacementInvalid;
    if (table.size !== 0) throw new Error('a ByteInterner needs an empty table');
    this.table = table;
    const slotCount = 2 ** Math.ceil(Math.log2(Math.max(1024, (expectedValues * 4) / 3)));
    this.slots = new Int32Array(slotCount * SLOT_INTS);
    this.mask = slotCount - 1;
  }

  /** The table index of `bytes[start, end)`; throws TypeError on invalid UTF-8. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, hashBytes(bytes, start, end));
  }

  /** As `intern`, with `hashBytes` of the field already known (the tokenizer computes it). */
  internHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    if (this.isSealed) this.assertOpen();
    const length = end - start;
    const last = this.lastEntry;
    if (last >= 0 && this.entryHash[last] === hash && this.isEqual(last, bytes, start, length))
      return last;
    const slots = this.slots;
    const mask = this.mask;
    let slot = mix(hash) & mask;
    for (;;) {
      const base = slot * SLOT_INTS;
      const entryPlusOne = slots[base + 1]!;
      if (entryPlusOne === 0) break;
      if (
        slots[base] === hash &&
        slots[base + 2] === length &&
        this.isSlotKey(base, bytes, start, length)
      ) {
        this.lastEntry = entryPlusOne - 1;
        return entryPlusOne - 1;
      }
      slot = (slot + 1) & mask;
    }
    const value = this.decode(bytes, start, end);
    if (this.isReplacementInvalid && value.includes('\ufffd'))
      throw new TypeError('invalid bytes in the encoding');
    this.table.appendNew(value);
    const entry = this.addEntry(hash, bytes, start, length);
    writeSlot(slots, slot * SLOT_INTS, hash, entry, bytes, start, length);
    this.lastEntry = entry;
    if (this.entries * 4 > (mask + 1) * 3) this.rehash();
    return entry;
  }

  /**
   * Frees the lookup table and the arena (tens of MB for a million ids) once
   * no more values will be interned; the strings stay in the table.
   */
  release(): void {
    this.slots = new Int32Array(SLOT_INTS);
    this.mask = 0;
    this.entryBytes = new Int32Array(2);
    this.entryHash = new Int32Array(1);
    this.arena = new Uint8Array(0);
    this.entries = 0;
    this.arenaUsed = 0;
    this.lastEntry = -1;
  }

  /**
   * The text of a new value. ASCII bytes (most ids and names in CRM exports)
   * are read as Latin-1 through a Buffer view of the chunk, which costs half
   * of what the UTF-8 decoder does for short strings (~12 ms less per 100k
   * new case ids); other bytes go through the strict UTF-8 decoder.
   */
  private decode(bytes: Uint8Array, start: number, end: number): string {
    for (let i = start; i < end; i++) {
      if (bytes[i]! > 127) return this.decoder.decode(bytes.subarray(start, end));
    }
    if (bytes !== this.lastBytes) {
      this.lastBytes = bytes;
      this.lastBuffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.lastBuffer.toString('latin1', start, end);
  }

  /** Compares a key with a slot: inline bytes first, the rest (keys over 20 bytes) in the arena. */
  private isSlotKey(base: number, bytes: Uint8Array, start: number, length: number): boolean {
    const slots = this.slots;
    const inline = Math.min(length, INLINE_BYTES);
    let k = 0;
    for (let word = 0; k + 4 <= inline; word++, k += 4) {
      const value =
        bytes[start + k]! |
        (bytes[start + k + 1]! << 8) |
        (bytes[start + k + 2]! << 16) |
        (bytes[start + k + 3]! << 24);
      if (slots[base + 3 + word] !== value) return false;
    }
    if (k < inline) {
      let value = 0;
      for (let j = 0; k + j < inline; j++) value |= bytes[start + k + j]! << (8 * j);
      if (slots[base + 3 + (k >> 2)] !== value) return false;
    }
    if (length <= INLINE_BYTES) return true;
    const entry = slots[base + 1]! - 1;
    const offset = this.entryBytes[2 * entry]!;
    const arena = this.arena;
    for (let j = INLINE_BYTES; j < length; j++)
      if (arena[offset + j] !== bytes[start + j]) return false;
    return true;
  }

  /**
   * The interned byte strings, in table order, for merging into another
   * interner (see `absorbEntries`).
   */
  toEntries(): InternedBytes {
    this.assertOpen();
    const n = this.entries;
    const offset = new Int32Array(n);
    const length = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      offset[k] = this.entryBytes[2 * k]!;
      length[k] = this.entryBytes[2 * k + 1]!;
    }
    return {
      count: n,
      hash: this.entryHash.slice(0, n),
      offset,
      length,
      arena: this.arena.slice(0, this.arenaUsed),
    };
  }

  /**
   * Interns every entry of another interner (another thread's) and returns
   * their indices in this interner's table, as the last use of this
   * interner: afterwards it can only be released (a reader merges the parts
   * of a file just before it builds the log).
   *
   * The other reader already made each value's bytes unique, so values not
   * found here are only appended to the table, not added to the lookup
   * table, and ASCII values are decoded in one call for all of them
   * (measured on 2M events, 108k case ids from the second half: 35 ms instead
   * of 60 ms; looking them up in the order of their slots, for memory reads
   * in sequence, cost more to sort than it saved).
   */
  absorbEntries(other: InternedBytes): Uint32Array {
    this.assertOpen();
    const n = other.count;
    const indices = new Uint32Array(n).fill(NOT_FOUND);
    const slots = this.slots;
    const mask = this.mask;
    for (let k = 0; k < n; k++) {
      const start = other.offset[k]!;
      const length = other.length[k]!;
      const hash = other.hash[k]!;
      let slot = mix(hash) & mask;
      for (;;) {
        const base = slot * SLOT_INTS;
        const entryPlusOne = slots[base + 1]!;
        if (entryPlusOne === 0) break;
        if (
          slots[base] === hash &&
          slots[base + 2] === length &&
          this.isSlotKey(base, other.arena, start, length)
        ) {
          indices[k] = entryPlusOne - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    const decode = this.decoderOf(other);
    for (let k = 0; k < n; k++) {
      if (indices[k] !== NOT_FOUND) continue;
      const value = decode(k);
      if (this.isReplacementInvalid && value.includes('\ufffd'))
        throw new TypeError('invalid bytes in the encoding');
      indices[k] = this.table.appendNew(value);
    }
    this.isSealed = true;
    return indices;
  }

  /** Decodes the other interner's entry k: sliced from one string when its bytes are all ASCII. */
  private decoderOf(other: InternedBytes): (k: number) => string {
    const { arena, offset, length } = other;
    let isAscii = true;
    for (let i = 0; i < arena.length; i++) {
      if (arena[i]! > 127) {
        isAscii = false;
        break;
      }
    }
    if (isAscii) {
      const text = this.decoder.decode(arena);
      return (k) => text.slice(offset[k]!, offset[k]! + length[k]!);
    }
    return (k) => this.decoder.decode(arena.subarray(offset[k]!, offset[k]! + length[k]!));
  }

  private assertOpen(): void {
    if (this.isSealed)
      throw new Error('this ByteInterner has absorbed another: it can only be released');
  }

  private isEqual(entry: number, bytes: Uint8Array, start: number, length: number): boolean {
    if (this.entryBytes[2 * entry + 1] !== length) return false;
    const arena = this.arena;
    const offset = this.entryBytes[2 * entry]!;
    for (let k = 0; k < length; k++) if (arena[offset + k] !== bytes[start + k]) return false;
    return true;
  }

  private addEntry(hash: number, bytes: Uint8Array, start: number, length: number): number {
    if (this.entries === this.entryHash.length) {
      this.entryHash = grow(this.entryHash);
      this.entryBytes = grow(this.entryBytes);
    }
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, start + length), this.arenaUsed);
    const entry = this.entries++;
    this.entryHash[entry] = hash;
    this.entryBytes[2 * entry] = this.arenaUsed;
    this.entryBytes[2 * entry + 1] = length;
    this.arenaUsed += length;
    return entry;
  }

  private rehash(): void {
    const slotCount = (this.mask + 1) * 2;
    const slots = new Int32Array(slotCount * SLOT_INTS);
    const mask = slotCount - 1;
    const arena = this.arena;
    for (let entry = 0; entry < this.entries; entry++) {
      const hash = this.entryHash[entry]!;
      let slot = mix(hash) & mask;
      while (slots[slot * SLOT_INTS + 1] !== 0) slot = (slot + 1) & mask;
      writeSlot(
        slots,
        slot * SLOT_INTS,
        hash,
        entry,
        arena,
        this.entryBytes[2 * entry]!,
        this.entryBytes[2 * entry + 1]!,
      );
    }
    this.slots = slots;
    this.mask = mask;
  }
}

const SLOT_INTS = 8;
const NOT_FOUND = 0xffff_ffff;
const INLINE_BYTES = 20;

function writeSlot(
  slots: Int32Array,
  base: number,
  hash: number,
  entry: number,
  bytes: Uint8Array,
  start: number,
  length: number,
): void {
  slots[base] = hash;
  slots[base + 1] = entry + 1;
  slots[base + 2] = length;
  const inline = Math.min(length, INLINE_BYTES);
  for (let word = 0; word < INLINE_BYTES / 4; word++) slots[base + 3 + word] = 0;
  for (let k = 0; k < inline; k++)
    slots[base + 3 + (k >> 2)]! |= bytes[start + k]! << (8 * (k & 3));
}

/** Spreads FNV-1a's weak low bits (ids like OPP-0000001 differ only at the end) before masking. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** The byte strings an interner holds, in table order. */
export interface InternedBytes {
  count: number;
  hash: Int32Array;
  offset: Int32Array;
  length: Int32Array;
  arena: Uint8Array;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
