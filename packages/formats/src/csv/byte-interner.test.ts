import { StringTable } from '@pipewise/engine';
import { describe, expect, it } from 'vitest';
import { ByteInterner } from './byte-interner.ts';

const encoder = new TextEncoder();

function internAll(interner: ByteInterner, values: string[]): number[] {
  return values.map((value) => {
    const bytes = encoder.encode(`,${value},`);
    return interner.intern(bytes, 1, bytes.length - 1);
  });
}

describe('ByteInterner', () => {
  it('gives each distinct value one index, in order of first appearance', () => {
    const table = new StringTable();
    const interner = new ByteInterner(table);
    const long = 'an opportunity id longer than twenty bytes';
    expect(internAll(interner, ['OPP-1', 'OPP-2', 'OPP-1', long, '商机-1', long, 'OPP-2'])).toEqual(
      [0, 1, 0, 2, 3, 2, 1],
    );
    expect(table.values).toEqual(['OPP-1', 'OPP-2', long, '商机-1']);
  });

  it('tells apart long values that share their first twenty bytes', () => {
    const table = new StringTable();
    const interner = new ByteInterner(table);
    const prefix = 'x'.repeat(20);
    expect(internAll(interner, [`${prefix}a`, `${prefix}b`, `${prefix}a`])).toEqual([0, 1, 0]);
  });

  it('keeps every value when its table grows past the expected size', () => {
    const table = new StringTable();
    const interner = new ByteInterner(table, 4);
    const values = Array.from({ length: 5000 }, (_, k) => `case-${k}`);
    expect(internAll(interner, values)).toEqual(values.map((_, k) => k));
    expect(internAll(interner, values.toReversed())).toEqual(values.map((_, k) => 4999 - k));
  });

  it('refuses invalid UTF-8 with a TypeError', () => {
    const interner = new ByteInterner(new StringTable());
    expect(() => interner.intern(new Uint8Array([0x4f, 0xff, 0x50]), 0, 3)).toThrow(TypeError);
  });

  describe('absorbEntries (merging the values another thread interned)', () => {
    for (const [kind, shared, added] of [
      ['ASCII', 'OPP-2', ['OPP-9', 'OPP-8']],
      ['non-ASCII', '商机-2', ['商机-9', 'Müller GmbH']],
    ] as const) {
      it(`maps shared ${kind} values to this table's indices and appends the others in the other's order`, () => {
        const table = new StringTable();
        const interner = new ByteInterner(table);
        internAll(interner, ['OPP-1', shared, 'a long value of more than twenty bytes']);
        const otherTable = new StringTable();
        const other = new ByteInterner(otherTable);
        internAll(other, [added[0], shared, 'a long value of more than twenty bytes', added[1]]);

        const indices = interner.absorbEntries(other.toEntries());

        expect([...indices]).toEqual([3, 1, 2, 4]);
        expect(table.values).toEqual([
          'OPP-1',
          shared,
          'a long value of more than twenty bytes',
          added[0],
          added[1],
        ]);
      });
    }

    it('is the last use of the interner: interning afterwards is refused', () => {
      const interner = new ByteInterner(new StringTable());
      internAll(interner, ['OPP-1']);
      interner.absorbEntries(new ByteInterner(new StringTable()).toEntries());
      expect(() => internAll(interner, ['OPP-2'])).toThrow(/absorbed/);
      expect(() => interner.toEntries()).toThrow(/absorbed/);
    });
  });
});
