import { describe, expect, it } from 'vitest';
import { memorySource } from '../byte-source/index.ts';
import { readCsvTable } from './read-csv-table.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...new TextEncoder().encode(part)] : part,
    ),
  );

describe('readCsvTable', () => {
  it('reads headers and rows as strings, skipping rows of empty cells', () => {
    const result = readCsvTable(
      memorySource('teams.csv', bytes('Id;Team\nO1;"East; North"\n;\nO2;West\n')),
    );
    expect(result).toMatchObject({
      ok: true,
      table: {
        delimiter: ';',
        headers: ['Id', 'Team'],
        rows: [
          ['O1', 'East; North'],
          ['O2', 'West'],
        ],
        lines: [2, 4],
      },
    });
  });

  it('stops at bytes that are not valid UTF-8, with their place', () => {
    const result = readCsvTable(
      memorySource('teams.csv', bytes('Id,Team\nO1,Ea', [0xff], 'st\n')),
      { encoding: 'utf-8' },
    );
    expect(result).toMatchObject({
      ok: false,
      error: { reason: 'invalid-encoding', line: 2, column: 'Team' },
    });
  });

  it('stops at bytes that are not valid GBK, with their place', () => {
    // 0x81 0x7F is no GBK character.
    const result = readCsvTable(
      memorySource('teams.csv', bytes('Id,Team\nO1,', [0x81, 0x7f], '\n')),
      { encoding: 'gbk' },
    );
    expect(result).toMatchObject({
      ok: false,
      error: { reason: 'invalid-encoding', line: 2, column: 'Team' },
    });
  });
});
