import { layoutSwimlanes } from '@pipewise/diagrams';
import { parseProcessModel } from '@pipewise/engine/process-model';
import { describe, expect, it } from 'vitest';
import { generateProcessModel } from './generate-process-model.ts';

describe('generateProcessModel', () => {
  it('makes a valid model of exactly the asked number of steps, the same for the same seed', () => {
    const model = generateProcessModel({ stepCount: 200, laneCount: 6, seed: 1 });
    expect(model.steps).toHaveLength(200);
    expect(parseProcessModel(JSON.parse(JSON.stringify(model))).ok).toBe(true);
    expect(JSON.stringify(generateProcessModel({ stepCount: 200, laneCount: 6, seed: 1 }))).toBe(
      JSON.stringify(model),
    );
    expect(
      JSON.stringify(generateProcessModel({ stepCount: 200, laneCount: 6, seed: 2 })),
    ).not.toBe(JSON.stringify(model));
  });

  it('has what makes drawing hard: every lane, hand-offs, branches and rework loops', () => {
    const model = generateProcessModel({ stepCount: 200, laneCount: 6, seed: 1 });
    expect(new Set(model.steps.map((step) => step.laneId)).size).toBe(6);
    const outgoing = new Map<string, number>();
    for (const flow of model.flows) outgoing.set(flow.from, (outgoing.get(flow.from) ?? 0) + 1);
    expect([...outgoing.values()].filter((count) => count >= 2).length).toBeGreaterThan(10);
    const layout = layoutSwimlanes(model);
    expect(layout.flows.filter((flow) => flow.isBackEdge).length).toBeGreaterThan(5);
    expect(layout.flows.filter((flow) => flow.crossesLanes).length).toBeGreaterThan(50);
  });
});
