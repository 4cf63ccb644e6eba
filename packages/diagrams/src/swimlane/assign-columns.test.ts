import { describe, expect, it } from 'vitest';
import { assignColumns, type FlowGraph } from './assign-columns.ts';

/** A graph from "a>b" edges over single-letter steps a, b, c, …; the first letter is the start. */
function graph(stepCount: number, edges: string[]): FlowGraph {
  const index = (letter: string) => letter.charCodeAt(0) - 97;
  return {
    stepCount,
    from: edges.map((edge) => index(edge[0]!)),
    to: edges.map((edge) => index(edge[2]!)),
    isStart: Array.from({ length: stepCount }, (_, step) => step === 0),
  };
}

describe('assignColumns', () => {
  it('puts each step one column after the longest path into it', () => {
    // a → b → c → d, and a shortcut a → d: d stays after c.
    const result = assignColumns(graph(4, ['a>b', 'b>c', 'c>d', 'a>d']));
    expect([...result.columns]).toEqual([0, 1, 2, 3]);
    expect(result.columnCount).toBe(4);
    expect([...result.isBackEdge]).toEqual([0, 0, 0, 0]);
  });

  it('calls the flow closing a rework loop back, and keeps it out of the columns', () => {
    // a → b → c → d, with c → b (rework): c → b is the back edge, not b → c.
    const result = assignColumns(graph(4, ['a>b', 'b>c', 'c>b', 'c>d']));
    expect([...result.isBackEdge]).toEqual([0, 0, 1, 0]);
    expect([...result.columns]).toEqual([0, 1, 2, 3]);
  });

  it('finds loops nothing starts from, and self-loops', () => {
    // b ⇄ c with no way in: the search starts at the earlier step, b.
    const result = assignColumns(graph(3, ['b>c', 'c>b', 'a>a']));
    expect([...result.isBackEdge]).toEqual([0, 1, 1]);
    expect([...result.columns]).toEqual([0, 0, 1]);
  });

  it('puts steps without flows right after the step before them in the list', () => {
    // a → b; c and d have no flows; e follows b.
    const result = assignColumns(graph(5, ['a>b', 'b>e']));
    expect([...result.columns]).toEqual([0, 1, 2, 3, 2]);
  });

  it('handles a chain of 10,000 steps without running out of stack', () => {
    const count = 10_000;
    const result = assignColumns({
      stepCount: count,
      from: Array.from({ length: count - 1 }, (_, step) => step),
      to: Array.from({ length: count - 1 }, (_, step) => step + 1),
      isStart: Array.from({ length: count }, (_, step) => step === 0),
    });
    expect(result.columns[count - 1]).toBe(count - 1);
  });
});
