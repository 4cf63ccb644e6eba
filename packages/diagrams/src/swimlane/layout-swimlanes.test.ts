import {
  createProcessModel,
  type Flow,
  makeStep,
  type ProcessModel,
  STEP_KINDS,
  type Step,
} from '@pipewise/engine/process-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutSwimlanes } from './layout-swimlanes.ts';
import { isOverlapping } from './place-flow-labels.ts';
import { sampleChainModel, sampleSalesModel } from './sample-models.ts';
import type { Box, Point, SwimlaneLayout } from './swimlane-layout.ts';

const EPSILON = 1e-6;

function isInside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - EPSILON &&
    inner.y >= outer.y - EPSILON &&
    inner.x + inner.width <= outer.x + outer.width + EPSILON &&
    inner.y + inner.height <= outer.y + outer.height + EPSILON
  );
}

function isOnBoxEdge(point: Point, box: Box): boolean {
  const onVertical =
    (Math.abs(point.x - box.x) < EPSILON || Math.abs(point.x - (box.x + box.width)) < EPSILON) &&
    point.y >= box.y - EPSILON &&
    point.y <= box.y + box.height + EPSILON;
  const onHorizontal =
    (Math.abs(point.y - box.y) < EPSILON || Math.abs(point.y - (box.y + box.height)) < EPSILON) &&
    point.x >= box.x - EPSILON &&
    point.x <= box.x + box.width + EPSILON;
  return onVertical || onHorizontal;
}

/** True when the segment a–b passes through the inside of `box` (not just along or at its edge). */
function crossesInside(a: Point, b: Point, box: Box): boolean {
  const left = Math.min(a.x, b.x);
  const right = Math.max(a.x, b.x);
  const top = Math.min(a.y, b.y);
  const bottom = Math.max(a.y, b.y);
  return (
    right > box.x + EPSILON &&
    left < box.x + box.width - EPSILON &&
    bottom > box.y + EPSILON &&
    top < box.y + box.height - EPSILON
  );
}

/** Everything a step takes: its shape, its name and its badges. */
function stepArea(step: SwimlaneLayout['steps'][number]): Box {
  const boxes = [step.box, step.labelBox, ...(step.badgesBox ? [step.badgesBox] : [])].filter(
    (box) => box.width > 0 && box.height > 0,
  );
  const x = Math.min(...boxes.map((box) => box.x));
  const y = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** The layout's promises, as a list of broken ones (empty when all hold). */
function findBrokenInvariants(model: ProcessModel, layout: SwimlaneLayout): string[] {
  const problems: string[] = [];
  const laneBox = new Map(layout.lanes.map((lane) => [lane.laneId, lane]));
  const stepById = new Map(layout.steps.map((step) => [step.stepId, step]));
  if (layout.steps.length !== model.steps.length) problems.push('not every step is laid out');
  for (const step of layout.steps) {
    const lane = laneBox.get(step.laneId);
    if (!lane) {
      problems.push(`${step.stepId}: lane ${step.laneId} missing`);
      continue;
    }
    const area = stepArea(step);
    if (!isInside(area, lane.box)) problems.push(`${step.stepId} sticks out of its lane`);
    if (area.x < lane.labelBox.x + lane.labelBox.width)
      problems.push(`${step.stepId} overlaps the lane header`);
    if (!isInside(step.labelBox, step.shape === 'rectangle' ? step.box : area))
      problems.push(`${step.stepId}: name outside its box`);
  }
  for (let i = 0; i < layout.steps.length; i++)
    for (let j = i + 1; j < layout.steps.length; j++) {
      const a = layout.steps[i]!;
      const b = layout.steps[j]!;
      if (isOverlapping(stepArea(a), stepArea(b)))
        problems.push(`${a.stepId} overlaps ${b.stepId}`);
    }
  for (const lane of layout.lanes)
    if (!isInside(lane.box, { x: 0, y: 0, width: layout.width, height: layout.height }))
      problems.push(`lane ${lane.laneId} outside the drawing`);
  const flowById = new Map(model.flows.map((flow) => [flow.id, flow]));
  for (const laid of layout.flows) {
    const flow = flowById.get(laid.flowId)!;
    const from = stepById.get(flow.from)!;
    const to = stepById.get(flow.to)!;
    const points = laid.waypoints;
    if (!isOnBoxEdge(points[0]!, from.box))
      problems.push(`${laid.flowId} does not start on its source`);
    if (!isOnBoxEdge(points.at(-1)!, to.box))
      problems.push(`${laid.flowId} does not end on its target`);
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k]!;
      const b = points[k + 1]!;
      if (Math.abs(a.x - b.x) > EPSILON && Math.abs(a.y - b.y) > EPSILON)
        problems.push(`${laid.flowId}: segment ${k} is not orthogonal`);
      for (const step of layout.steps) {
        if (step === from || step === to) continue;
        if (crossesInside(a, b, step.box)) problems.push(`${laid.flowId} crosses ${step.stepId}`);
      }
    }
    if (!laid.isBackEdge && to.column <= from.column)
      problems.push(`${laid.flowId}: a forward flow that does not go right`);
    if (laid.crossesLanes !== (from.laneId !== to.laneId))
      problems.push(`${laid.flowId}: crossesLanes wrong`);
  }
  return problems;
}

/** Places where a vertical run of one flow crosses a horizontal run of another. */
function countCrossings(layout: SwimlaneLayout): number {
  const runs = layout.flows.flatMap((flow, index) =>
    flow.waypoints.slice(1).map((b, k) => {
      const a = flow.waypoints[k]!;
      return {
        index,
        left: Math.min(a.x, b.x),
        right: Math.max(a.x, b.x),
        top: Math.min(a.y, b.y),
        bottom: Math.max(a.y, b.y),
      };
    }),
  );
  const verticals = runs.filter((run) => run.left === run.right);
  const horizontals = runs.filter((run) => run.top === run.bottom);
  let crossings = 0;
  for (const v of verticals)
    for (const h of horizontals)
      if (
        v.index !== h.index &&
        v.left > h.left &&
        v.left < h.right &&
        h.top > v.top &&
        h.top < v.bottom
      )
        crossings++;
  return crossings;
}

/** Runs of two flows (without a common end) drawn along each other. */
function countOverlaps(model: ProcessModel, layout: SwimlaneLayout): number {
  const flows = new Map(model.flows.map((flow) => [flow.id, flow]));
  const runs = layout.flows.flatMap((laid) =>
    laid.waypoints.slice(1).map((b, k) => {
      const a = laid.waypoints[k]!;
      const flow = flows.get(laid.flowId)!;
      return { flow, a, b, isVertical: a.x === b.x };
    }),
  );
  let overlaps = 0;
  for (let i = 0; i < runs.length; i++)
    for (let j = i + 1; j < runs.length; j++) {
      const [p, q] = [runs[i]!, runs[j]!];
      if (p.flow.from === q.flow.from || p.flow.to === q.flow.to || p.isVertical !== q.isVertical)
        continue;
      const axis = p.isVertical ? 'x' : 'y';
      const along = p.isVertical ? 'y' : 'x';
      if (p.a[axis] !== q.a[axis]) continue;
      const shared =
        Math.min(Math.max(p.a[along], p.b[along]), Math.max(q.a[along], q.b[along])) -
        Math.max(Math.min(p.a[along], p.b[along]), Math.min(q.a[along], q.b[along]));
      if (shared > 0.5) overlaps++;
    }
  return overlaps;
}

/** A decision in the first lane branching to one step in each of the next `branches` lanes, which join again. */
function fanModel(branches: number): ProcessModel {
  const lanes = Array.from({ length: branches + 1 }, (_, index) => ({
    id: `l${index}`,
    name: { en: `Lane ${index}` },
  }));
  const targets = lanes
    .slice(1)
    .map((lane, index) =>
      makeStep(`t${index}`, { en: `Branch ${index}` }, 'task', { laneId: lane.id }),
    );
  return {
    ...createProcessModel('fan', { en: 'Fan' }),
    lanes,
    steps: [
      makeStep('d', { en: 'Which way?' }, 'decision', { laneId: 'l0' }),
      ...targets,
      makeStep('j', { en: 'Join' }, 'decision', { laneId: 'l0' }),
    ],
    flows: [
      ...targets.map((step, index) => ({
        id: `out${index}`,
        from: 'd',
        to: step.id,
        condition: `case ${index}`,
      })),
      ...targets.map((step, index) => ({ id: `in${index}`, from: step.id, to: 'j' })),
    ],
  };
}

describe('layoutSwimlanes', () => {
  it('fans a decision out to several lanes and back in without crossing lines', () => {
    const model = fanModel(4);
    const layout = layoutSwimlanes(model);
    expect(findBrokenInvariants(model, layout)).toEqual([]);
    expect(countCrossings(layout)).toBe(0);
    // Each branch's condition sits by its own target, after the lines part.
    for (let index = 0; index < 4; index++) {
      const flow = layout.flows.find((candidate) => candidate.flowId === `out${index}`)!;
      const targetBox = layout.steps.find((step) => step.stepId === `t${index}`)!.box;
      const centreY = targetBox.y + targetBox.height / 2;
      expect(Math.abs(flow.labelPosition!.y - centreY)).toBeLessThan(targetBox.height);
      expect(flow.labelBox!.x + flow.labelBox!.width).toBeLessThanOrEqual(targetBox.x);
    }
  });

  it('lays out the sample sales process with every invariant holding', () => {
    const model = sampleSalesModel();
    const layout = layoutSwimlanes(model);
    expect(findBrokenInvariants(model, layout)).toEqual([]);
    // One lane per model lane in model order, plus one for the step without a lane.
    expect(layout.lanes.map((lane) => lane.laneId)).toEqual([
      'sales',
      'solution',
      'finance',
      'legal',
      null,
    ]);
    expect(layout.lanes.map((lane) => lane.box.y)).toEqual(
      [...layout.lanes.map((lane) => lane.box.y)].sort((a, b) => a - b),
    );
  });

  it('puts the steps of a straight sequence strictly left to right, on one line', () => {
    const model = sampleChainModel(12);
    const layout = layoutSwimlanes(model);
    expect(layout.steps.map((step) => step.column)).toEqual([...Array(12).keys()]);
    for (let k = 1; k < layout.steps.length; k++) {
      const before = layout.steps[k - 1]!.box;
      const after = layout.steps[k]!.box;
      expect(after.x).toBeGreaterThan(before.x + before.width);
    }
    expect(layout.flows.every((flow) => flow.waypoints.length === 2)).toBe(true);
    expect(findBrokenInvariants(model, layout)).toEqual([]);
  });

  it('does not draw a flow leaving a row along one arriving in it', () => {
    // Negotiation ends in "lost" (same lane) or a contract review (legal), which leads
    // to "won", in the same row as "lost": lost → end leaves that row where review → won arrives.
    const model: ProcessModel = {
      ...createProcessModel('m', { en: 'Outcomes' }),
      lanes: [
        { id: 'sales', name: { en: 'Sales' } },
        { id: 'legal', name: { en: 'Legal' } },
        { id: 'none', name: { en: 'None' } },
      ],
      steps: [
        makeStep('negotiate', { en: 'Negotiate' }, 'task', { laneId: 'sales' }),
        makeStep('lost', { en: 'Lost' }, 'task', { laneId: 'sales' }),
        makeStep('review', { en: 'Contract review' }, 'task', { laneId: 'legal' }),
        makeStep('won', { en: 'Won' }, 'task', { laneId: 'sales' }),
        makeStep('end', { en: 'End' }, 'end', { laneId: 'none' }),
      ],
      flows: [
        { id: 'a', from: 'negotiate', to: 'lost' },
        { id: 'b', from: 'negotiate', to: 'review' },
        { id: 'c', from: 'review', to: 'won' },
        { id: 'd', from: 'lost', to: 'end' },
        { id: 'e', from: 'won', to: 'end' },
      ],
    };
    const layout = layoutSwimlanes(model);
    expect(layout.steps.map((step) => step.column)).toEqual([0, 1, 1, 2, 3]);
    expect(findBrokenInvariants(model, layout)).toEqual([]);
    expect(countOverlaps(model, layout)).toBe(0);
  });

  it('recognises a rework loop as a back edge and keeps it out of the columns', () => {
    const model = sampleSalesModel();
    const layout = layoutSwimlanes(model);
    const back = layout.flows.filter((flow) => flow.isBackEdge).map((flow) => flow.flowId);
    expect(back).toEqual(['f7']);
    const column = (id: string) => layout.steps.find((step) => step.stepId === id)!.column;
    // The loop does not push design after the decision.
    expect(column('design')).toBeLessThan(column('accepted'));
    expect(column('pricing')).toBe(column('accepted') + 1);
    // Routed around above: it leaves the decision's top and enters the design box's top.
    const loop = layout.flows.find((flow) => flow.flowId === 'f7')!;
    const decision = layout.steps.find((step) => step.stepId === 'accepted')!.box;
    const design = layout.steps.find((step) => step.stepId === 'design')!.box;
    expect(loop.waypoints[0]!.y).toBe(decision.y);
    expect(loop.waypoints.at(-1)!.y).toBe(design.y);
    expect(Math.min(...loop.waypoints.map((point) => point.y))).toBeLessThan(design.y);
  });

  it('marks hand-offs between lanes', () => {
    const layout = layoutSwimlanes(sampleSalesModel());
    const crossing = layout.flows.filter((flow) => flow.crossesLanes).map((flow) => flow.flowId);
    expect(crossing).toEqual(['f3', 'f4', 'f6', 'f7', 'f8', 'f10', 'f11']);
  });

  it('gives a label place to flows with a condition, artifacts or a count, and to no others', () => {
    const model = sampleSalesModel();
    const layout = layoutSwimlanes(model);
    const labelled = layout.flows.filter((flow) => flow.labelPosition).map((flow) => flow.flowId);
    // f1–f3 have counts (f2 and f3 carry the needs form too), f6 and f7 conditions, f8 the quote.
    expect(labelled).toEqual(['f1', 'f2', 'f3', 'f6', 'f7', 'f8']);
    for (const flow of layout.flows) {
      if (!flow.labelBox) continue;
      for (const step of layout.steps)
        expect(isOverlapping(flow.labelBox, step.box), `${flow.flowId} on ${step.stepId}`).toBe(
          false,
        );
      for (const other of layout.flows)
        if (other !== flow && other.labelBox)
          expect(isOverlapping(flow.labelBox, other.labelBox)).toBe(false);
    }
  });

  it('stacks steps of one lane and column in step order', () => {
    const model: ProcessModel = {
      ...createProcessModel('m', { en: 'Parallel' }),
      lanes: [{ id: 'l', name: { en: 'Team' } }],
      steps: [
        makeStep('a', { en: 'Split' }, 'decision', { laneId: 'l' }),
        makeStep('b', { en: 'First branch' }, 'task', { laneId: 'l' }),
        makeStep('c', { en: 'Second branch' }, 'task', { laneId: 'l' }),
        makeStep('d', { en: 'Join' }, 'decision', { laneId: 'l' }),
      ],
      flows: [
        { id: 'ab', from: 'a', to: 'b' },
        { id: 'ac', from: 'a', to: 'c' },
        { id: 'bd', from: 'b', to: 'd' },
        { id: 'cd', from: 'c', to: 'd' },
      ],
    };
    const layout = layoutSwimlanes(model);
    const [a, b, c, d] = layout.steps;
    expect([a!.column, b!.column, c!.column, d!.column]).toEqual([0, 1, 1, 2]);
    expect([b!.row, c!.row]).toEqual([0, 1]);
    expect(c!.box.y).toBeGreaterThan(b!.box.y + b!.box.height);
    expect(findBrokenInvariants(model, layout)).toEqual([]);
  });

  it('places steps without flows after the step before them in the list', () => {
    const model: ProcessModel = {
      ...createProcessModel('m', { en: 'From a table' }),
      lanes: [
        { id: 'a', name: { en: 'A' } },
        { id: 'b', name: { en: 'B' } },
      ],
      steps: ['one', 'two', 'three'].map((id, index) =>
        makeStep(id, { en: id }, 'task', { laneId: index === 1 ? 'b' : 'a' }),
      ),
      flows: [],
    };
    const layout = layoutSwimlanes(model);
    expect(layout.steps.map((step) => step.column)).toEqual([0, 1, 2]);
  });

  it('sizes boxes to their names: wider, then wrapped, Chinese at about 1 em a character', () => {
    const model: ProcessModel = {
      ...createProcessModel('m', { en: 'Names' }),
      lanes: [{ id: 'l', name: { en: 'L' } }],
      steps: [
        makeStep('short', { en: 'Call' }, 'task', { laneId: 'l' }),
        makeStep(
          'long',
          { en: 'Prepare the detailed technical and commercial proposal for the customer' },
          'task',
          { laneId: 'l' },
        ),
        makeStep('zh', { zh: '与客户确认需求并整理需求文档和技术方案' }, 'task', { laneId: 'l' }),
      ],
      flows: [],
    };
    const [short, long, zh] = layoutSwimlanes(model, { language: 'en' }).steps;
    expect(short!.box.width).toBe(112);
    expect(short!.labelBox.height).toBe(16);
    expect(long!.labelBox.height).toBeGreaterThanOrEqual(32);
    expect(long!.box.height).toBeGreaterThan(short!.box.height);
    // 19 characters at 13 px do not fit on one line of at most 176 − 32 px.
    expect(zh!.labelBox.height).toBe(32);
  });

  it('is deterministic', () => {
    const model = sampleSalesModel();
    expect(JSON.stringify(layoutSwimlanes(model))).toBe(JSON.stringify(layoutSwimlanes(model)));
  });

  it('lays out an empty model and a model of lanes only', () => {
    const empty = layoutSwimlanes(createProcessModel('e', { en: 'Empty' }));
    expect(empty.steps).toEqual([]);
    expect(empty.lanes).toEqual([]);
    const lanesOnly = layoutSwimlanes({
      ...createProcessModel('l', { en: 'Lanes' }),
      lanes: [{ id: 'x', name: { en: 'X' } }],
    });
    expect(lanesOnly.lanes).toHaveLength(1);
    expect(lanesOnly.lanes[0]!.box.height).toBeGreaterThan(0);
  });

  it('draws a self-loop as a visible loop over the step, whatever its shape', () => {
    const model: ProcessModel = {
      ...createProcessModel('m', { en: 'Loops' }),
      lanes: [{ id: 'l', name: { en: 'L' } }],
      steps: [
        makeStep('task', { en: 'Retry' }, 'task', { laneId: 'l' }),
        makeStep('gate', { en: 'Again?' }, 'decision', { laneId: 'l' }),
      ],
      flows: [
        { id: 'task-loop', from: 'task', to: 'task' },
        { id: 'gate-loop', from: 'gate', to: 'gate' },
      ],
    };
    const layout = layoutSwimlanes(model);
    for (const flow of layout.flows) {
      const box = layout.steps.find((step) => flow.flowId.startsWith(step.stepId))!.box;
      expect(flow.isBackEdge).toBe(true);
      const xs = flow.waypoints.map((point) => point.x);
      expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThanOrEqual(box.width / 2);
      expect(Math.min(...flow.waypoints.map((point) => point.y))).toBeLessThan(box.y);
    }
    expect(findBrokenInvariants(model, layout)).toEqual([]);
  });

  it('leaves out flows whose ends are not steps', () => {
    const model = sampleChainModel(3);
    model.flows.push({ id: 'dangling', from: 's0', to: 'nowhere' });
    expect(layoutSwimlanes(model).flows.map((flow) => flow.flowId)).toEqual(['f0', 'f1']);
  });

  it('holds its invariants on generated models (lanes, kinds, branches, loops, self-loops, no lane)', () => {
    fc.assert(
      fc.property(arbitraryModel(), (model) => {
        const layout = layoutSwimlanes(model);
        expect(findBrokenInvariants(model, layout)).toEqual([]);
        expect(JSON.stringify(layoutSwimlanes(model))).toBe(JSON.stringify(layout));
      }),
      { numRuns: 150 },
    );
  });
});

const NAME_PARTS = ['审批', '合同', 'Review', 'the quote', '客户需求', 'Send', '法务部门确认', 'x'];

function arbitraryModel(): fc.Arbitrary<ProcessModel> {
  return fc
    .record({
      laneCount: fc.integer({ min: 0, max: 4 }),
      steps: fc.array(
        fc.record({
          kind: fc.constantFrom(...STEP_KINDS),
          lane: fc.integer({ min: -1, max: 3 }),
          name: fc.array(fc.constantFrom(...NAME_PARTS), { minLength: 1, maxLength: 6 }),
          hasEstimate: fc.boolean(),
        }),
        { minLength: 1, maxLength: 30 },
      ),
      flows: fc.array(
        fc.record({
          from: fc.nat(),
          to: fc.nat(),
          condition: fc.option(fc.constantFrom('yes', '金额 > 100万', 'no'), { nil: undefined }),
          count: fc.option(fc.nat({ max: 5000 }), { nil: undefined }),
        }),
        { maxLength: 45 },
      ),
    })
    .map(({ laneCount, steps, flows }) => {
      const laid: Step[] = steps.map((step, index) =>
        makeStep(`s${index}`, { zh: step.name.join(''), en: step.name.join(' ') }, step.kind, {
          ...(step.lane >= 0 && step.lane < laneCount ? { laneId: `l${step.lane}` } : {}),
          ...(step.hasEstimate ? { estimated: { value: 2, unit: 'day', basis: 'working' } } : {}),
        }),
      );
      const modelFlows: Flow[] = flows.map((flow, index) => ({
        id: `f${index}`,
        from: `s${flow.from % laid.length}`,
        to: `s${flow.to % laid.length}`,
        ...(flow.condition !== undefined ? { condition: flow.condition } : {}),
        ...(flow.count !== undefined ? { count: flow.count } : {}),
      }));
      return {
        ...createProcessModel('generated', { en: 'Generated' }),
        lanes: Array.from({ length: laneCount }, (_, index) => ({
          id: `l${index}`,
          name: { en: `Lane ${index}`, zh: `泳道${index}` },
        })),
        steps: laid,
        flows: modelFlows,
      };
    });
}
