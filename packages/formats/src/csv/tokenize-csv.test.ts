import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../byte-source/index.ts';
import { InputFailure } from '../input-error/index.ts';
import { hashBytes, tokenizeCsv } from './tokenize-csv.ts';

interface Row {
  fields: string[];
  line: number;
}

function tokenize(text: string, chunkBytes = 1 << 16, delimiter = ','): Row[] {
  const rows: Row[] = [];
  const decoder = new TextDecoder();
  tokenizeCsv(
    memorySource('test.csv', new TextEncoder().encode(text)),
    { delimiter: delimiter.charCodeAt(0), chunkBytes },
    (row) => {
      const fields: string[] = [];
      for (let k = 0; k < row.fieldCount; k++) {
        const start = row.fieldStart[k]!;
        const end = row.fieldEnd[k]!;
        expect(row.fieldHash[k]).toBe(hashBytes(row.bytes, start, end));
        fields.push(decoder.decode(row.bytes.subarray(start, end)));
      }
      rows.push({ fields, line: row.line });
    },
  );
  return rows;
}

function failureOf(run: () => unknown): InputFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof InputFailure) return error;
    throw error;
  }
  throw new Error('expected an InputFailure');
}

describe('tokenizeCsv', () => {
  it('splits rows and fields', () => {
    expect(tokenize('a,b,c\n1,2,3\n').map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const rows = tokenize('id,note\n1,"Hello, ""world""\nsecond line"\n2,plain\n');
    expect(rows.map((r) => r.fields)).toEqual([
      ['id', 'note'],
      ['1', 'Hello, "world"\nsecond line'],
      ['2', 'plain'],
    ]);
    // The quoted line break makes row 3 start on physical line 4.
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('accepts CRLF, lone CR, a missing final newline and skips blank lines', () => {
    expect(tokenize('a,b\r\n1,2\r\n\r\n3,4\r5,6').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps empty fields, including a trailing one and an empty quoted one', () => {
    expect(tokenize('a,,c,\n"",x,,\n').map((r) => r.fields)).toEqual([
      ['a', '', 'c', ''],
      ['', 'x', '', ''],
    ]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(tokenize('a,5" screen\n').map((r) => r.fields)).toEqual([['a', '5" screen']]);
  });

  it('reads other delimiters', () => {
    expect(tokenize('a;b\n1;"x;y"\n', 1 << 16, ';').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', 'x;y'],
    ]);
    expect(tokenize('a\tb\n1\t2\n', 1 << 16, '\t').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports an unterminated quote at the line where it opened', () => {
    const failure = failureOf(() => tokenize('a,b\n1,2\n3,"never closed\n4,5\n'));
    expect(failure.detail).toMatchObject({
      reason: 'unterminated-quote',
      file: 'test.csv',
      line: 3,
      columnNumber: 2,
    });
  });

  it('reports text after a closing quote with its line and field', () => {
    const failure = failureOf(() => tokenize('a,b\n1,"quoted"oops\n'));
    expect(failure.detail).toMatchObject({
      reason: 'unexpected-character-after-quote',
      line: 2,
      columnNumber: 2,
    });
    expect(failure.detail.value).toContain('"quoted"oops');
  });

  it('gives the same rows whatever the chunk size (rows cut across chunks are rescanned)', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const csv = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(csv, fc.integer({ min: 1, max: 64 }), (rows, chunk) => {
        const text = rows.map((row) => row.join(',')).join('\n');
        const whole = tokenize(text, 1 << 16);
        const chunked = tokenize(text, chunk);
        expect(chunked).toEqual(whole);
      }),
    );
  });
});
