import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutProcessMap } from './layout-process-map.ts';

const activity = (name: string, cases = 10) => ({ name, cases });
const arc = (from: string, to: string, count = 10) => ({ from, to, count });

describe('layoutProcessMap', () => {
  it('puts a chain left to right, one column per step', () => {
    const layout = layoutProcessMap({
      activities: ['线索', '报价', '合同评审', '签约'].map((name) => activity(name)),
      arcs: [arc('线索', '报价'), arc('报价', '合同评审'), arc('合同评审', '签约')],
      starts: ['线索'],
    });
    expect(layout.activities.map((a) => [a.name, a.layer])).toEqual([
      ['线索', 0],
      ['报价', 1],
      ['合同评审', 2],
      ['签约', 3],
    ]);
    const xs = layout.activities.map((a) => a.x);
    expect(xs).toEqual([...xs].sort((x, y) => x - y));
    expect(layout.arcs.every((a) => a.isForward)).toBe(true);
  });

  it('draws rework as a back-move without pushing the loop’s start to the right', () => {
    const layout = layoutProcessMap({
      activities: ['Lead', 'Proposal', 'Negotiation', 'Won'].map((name) => activity(name)),
      arcs: [
        arc('Lead', 'Proposal', 100),
        arc('Proposal', 'Negotiation', 90),
        arc('Negotiation', 'Proposal', 30),
        arc('Negotiation', 'Won', 60),
        arc('Proposal', 'Proposal', 5),
      ],
      starts: ['Lead'],
    });
    const layer = Object.fromEntries(layout.activities.map((a) => [a.name, a.layer]));
    expect(layer).toEqual({ Lead: 0, Proposal: 1, Negotiation: 2, Won: 3 });
    const backMove = layout.arcs.find((a) => a.from === 'Negotiation' && a.to === 'Proposal');
    expect(backMove?.isForward).toBe(false);
    // The self-loop is not an arc on the map.
    expect(layout.arcs.some((a) => a.from === a.to)).toBe(false);
  });

  it('places parallel branches in one column on different rows, and the join after both', () => {
    const layout = layoutProcessMap({
      activities: [activity('A'), activity('Legal', 6), activity('Finance', 4), activity('Sign')],
      arcs: [
        arc('A', 'Legal', 6),
        arc('A', 'Finance', 4),
        arc('Legal', 'Sign', 6),
        arc('Finance', 'Legal', 4),
      ],
      starts: ['A'],
    });
    const at = Object.fromEntries(layout.activities.map((a) => [a.name, a]));
    expect(at.Finance!.layer).toBe(1);
    expect(at.Legal!.layer).toBe(2);
    expect(at.Sign!.layer).toBe(3);
  });

  it('places every activity once, inside the drawing, without two boxes on one spot', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            from: fc.constantFrom(...names),
            to: fc.constantFrom(...names),
            count: fc.integer({ min: 1, max: 100 }),
          }),
          { maxLength: 30 },
        ),
        (arcs) => {
          const layout = layoutProcessMap({
            activities: names.map((name) => activity(name)),
            arcs,
            starts: ['a'],
          });
          expect(layout.activities.map((a) => a.name).sort()).toEqual(names);
          const spots = new Set(layout.activities.map((a) => `${a.x},${a.y}`));
          expect(spots.size).toBe(names.length);
          for (const a of layout.activities) {
            expect(a.x + layout.boxWidth).toBeLessThanOrEqual(layout.width);
            expect(a.y + layout.boxHeight).toBeLessThanOrEqual(layout.height);
          }
          // Every arc between two activities is drawn, forward ones left to right.
          expect(layout.arcs.length).toBe(arcs.filter((a) => a.from !== a.to).length);
          const layer = new Map(layout.activities.map((a) => [a.name, a.layer]));
          for (const a of layout.arcs)
            expect(a.isForward).toBe(layer.get(a.to)! > layer.get(a.from)!);
        },
      ),
    );
  });
});
