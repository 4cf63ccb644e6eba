import {
  applyCommand,
  deriveVersion,
  diffModels,
  type ProcessModel,
} from '@pipewise/engine/process-model';
import { describe, expect, it } from 'vitest';
import {
  allElements,
  byClass,
  parseSvg,
  type SvgElement,
  textOf,
} from '../swimlane/parse-svg.test-helper.ts';
import { sampleSalesModel, sampleToBeModel } from '../swimlane/sample-models.ts';
import { CHANGE_COLORS } from './diff-decorations.ts';
import { overlayModel, renderDiffSvg, summarizeDiff } from './render-diff-svg.ts';

function side(root: SvgElement, name: 'before' | 'after'): SvgElement {
  return allElements(root).find(
    (element) => element.name === 'g' && element.attributes['data-side'] === name,
  )!;
}

/** Step id → its marks, for the marked steps of one side. */
function stepMarks(sideRoot: SvgElement): Record<string, string> {
  return Object.fromEntries(
    byClass(sideRoot, 'step')
      .filter((element) => element.attributes['data-diff'] !== undefined)
      .map((element) => [element.attributes['data-step-id'], element.attributes['data-diff']]),
  );
}

function flowMarks(sideRoot: SvgElement): Record<string, string> {
  return Object.fromEntries(
    byClass(sideRoot, 'flow')
      .filter((element) => element.attributes['data-diff'] !== undefined)
      .map((element) => [element.attributes['data-flow-id'], element.attributes['data-diff']]),
  );
}

describe('renderDiffSvg', () => {
  const a = sampleSalesModel();
  const b = sampleToBeModel();
  const diff = diffModels(a, b);

  it('draws both versions, titled, and marks the changed steps on the right side', () => {
    const root = parseSvg(renderDiffSvg(a, b, diff, { language: 'en' }));
    const headings = byClass(root, 'side-heading').map(textOf);
    expect(headings).toEqual([
      'As-is · Sales process (version 1)',
      'To-be · Sales process (version 2)',
    ]);
    expect(byClass(side(root, 'before'), 'step')).toHaveLength(a.steps.length);
    expect(byClass(side(root, 'after'), 'step')).toHaveLength(b.steps.length);
    // The hand-over was folded into qualification, which now also takes the needs form in.
    expect(stepMarks(side(root, 'after'))).toEqual({
      qualify: 'merged changed',
      credit: 'added',
      contract: 'split',
      'contract-sign': 'split',
      archive: 'moved',
      design: 'changed',
    });
    expect(stepMarks(side(root, 'before'))).toEqual({
      'wait-customer': 'removed',
      handoff: 'merged',
      contract: 'split',
    });
  });

  it('colours marked steps and flows by their change, and names the change on the step', () => {
    const root = parseSvg(renderDiffSvg(a, b, diff, { language: 'zh' }));
    const step = (sideName: 'before' | 'after', id: string) =>
      byClass(side(root, sideName), 'step').find(
        (element) => element.attributes['data-step-id'] === id,
      )!;
    const stroke = (element: SvgElement) => byClass(element, 'shape')[0]!.attributes.stroke;
    expect(stroke(step('after', 'credit'))).toBe(CHANGE_COLORS.added);
    expect(stroke(step('before', 'wait-customer'))).toBe(CHANGE_COLORS.removed);
    expect(stroke(step('after', 'design'))).toBe(CHANGE_COLORS.changed);
    expect(stroke(step('after', 'archive'))).toBe(CHANGE_COLORS.moved);
    expect(textOf(byClass(step('after', 'design'), 'diff-tag')[0]!)).toBe('修改: 预计时长');
    expect(textOf(byClass(step('after', 'credit'), 'diff-tag')[0]!)).toBe('新增');
    // Unmarked steps keep their kind's look.
    expect(byClass(step('after', 'pricing'), 'diff-tag')).toEqual([]);
    expect(flowMarks(side(root, 'after'))).toEqual(
      Object.fromEntries(diff.flows.added.map((flow) => [flow.id, 'added'])),
    );
    expect(flowMarks(side(root, 'before'))).toEqual(
      Object.fromEntries(diff.flows.removed.map((flow) => [flow.id, 'removed'])),
    );
  });

  it('has a legend of the marks and a count of the changes', () => {
    const root = parseSvg(renderDiffSvg(a, b, diff, { language: 'en' }));
    const legend = textOf(byClass(root, 'legend')[0]!);
    for (const word of ['added', 'removed', 'changed', 'other lane', 'merged', 'split'])
      expect(legend).toContain(word);
    expect(textOf(byClass(root, 'diff-summary')[0]!)).toBe(
      '1 added · 1 removed · 1 merged · 1 split · 1 other lane · 2 changed · 11 flows changed',
    );
    expect(summarizeDiff(diff, 'zh')).toBe(
      '新增 1 · 删除 1 · 合并 1 · 拆分 1 · 换泳道 1 · 修改 2 · 连线变化 11',
    );
  });

  it('says there are no changes, and marks nothing, for two equal versions', () => {
    const same = deriveVersion(a, { id: 'copy' });
    const sameDiff = diffModels(a, same);
    const root = parseSvg(renderDiffSvg(a, same, sameDiff, { language: 'en' }));
    expect(
      allElements(root).filter((element) => element.attributes['data-diff'] !== undefined),
    ).toEqual([]);
    expect(textOf(byClass(root, 'diff-summary')[0]!)).toBe('No changes');
  });

  it('puts the to-be version to the right, or below when asked', () => {
    const translate = (svg: string, name: 'before' | 'after') =>
      /translate\(([\d.]+),([\d.]+)\)/
        .exec(side(parseSvg(svg), name).attributes.transform!)!
        .slice(1)
        .map(Number);
    const sideBySide = renderDiffSvg(a, b, diff, { language: 'en' });
    const [beforeX, beforeY] = translate(sideBySide, 'before');
    const [afterX, afterY] = translate(sideBySide, 'after');
    expect(afterX).toBeGreaterThan(beforeX!);
    expect(afterY).toBe(beforeY);
    const stacked = renderDiffSvg(a, b, diff, { language: 'en', arrangement: 'above-below' });
    expect(translate(stacked, 'after')[0]).toBe(translate(stacked, 'before')[0]);
    expect(translate(stacked, 'after')[1]).toBeGreaterThan(translate(stacked, 'before')[1]!);
  });

  it('outlines added and renamed lanes on the right and removed lanes on the left', () => {
    let after: ProcessModel = deriveVersion(a, { id: 'lanes', stage: 'to-be' });
    for (const command of [
      { type: 'rename-lane', laneId: 'finance', name: { zh: '财务总监', en: 'Finance director' } },
      { type: 'add-lane', lane: { id: 'pmo', name: { zh: '项目办', en: 'PMO' } } },
      { type: 'move-step-to-lane', stepId: 'signed', laneId: 'pmo' },
      { type: 'move-step-to-lane', stepId: 'contract', laneId: 'pmo' },
      { type: 'remove-lane', laneId: 'legal' },
    ] as const) {
      const result = applyCommand(after, command);
      if (!result.ok) throw new Error(result.message);
      after = result.model;
    }
    const root = parseSvg(renderDiffSvg(a, after, diffModels(a, after), { language: 'en' }));
    const headerStroke = (sideName: 'before' | 'after', laneId: string) =>
      byClass(side(root, sideName), 'lane').find(
        (lane) => lane.attributes['data-lane-id'] === laneId,
      )!.children[1]!.attributes.stroke;
    expect(headerStroke('after', 'pmo')).toBe(CHANGE_COLORS.added);
    expect(headerStroke('after', 'finance')).toBe(CHANGE_COLORS.changed);
    expect(headerStroke('before', 'legal')).toBe(CHANGE_COLORS.removed);
    expect(headerStroke('after', 'sales')).not.toBe(CHANGE_COLORS.added);
    expect(headerStroke('before', 'finance')).not.toBe(CHANGE_COLORS.removed);
  });

  it('overlays both versions in one chart: what the to-be lost stays, dashed, where it was', () => {
    const { model, ghostOf } = overlayModel(a, b, diff);
    // The removed wait and the hand-over merged into qualification come back as ghosts,
    // each right after the as-is step it followed.
    expect([...ghostOf]).toEqual([
      ['was:handoff', 'handoff'],
      ['was:wait-customer', 'wait-customer'],
    ]);
    const order = model.steps.map((step) => step.id);
    expect(order.indexOf('was:handoff')).toBe(order.indexOf('qualify') + 1);
    expect(order.indexOf('was:wait-customer')).toBe(order.indexOf('design') + 1);
    expect(model.steps.length).toBe(b.steps.length + 2);
    // Flows the to-be dropped join the ghosts to the steps both versions have.
    const ghostFlows = model.flows.filter((flow) => flow.id.startsWith('was:'));
    expect(ghostFlows.map((flow) => `${flow.from}->${flow.to}`)).toContain(
      'design->was:wait-customer',
    );
    expect(ghostFlows.map((flow) => `${flow.from}->${flow.to}`)).toContain('qualify->was:handoff');

    const root = parseSvg(renderDiffSvg(a, b, diff, { language: 'zh', arrangement: 'overlay' }));
    const overlay = allElements(root).find(
      (element) => element.name === 'g' && element.attributes['data-side'] === 'overlay',
    )!;
    expect(side(root, 'before')).toBeUndefined();
    expect(stepMarks(overlay)).toMatchObject({
      'was:wait-customer': 'removed',
      'was:handoff': 'merged',
      credit: 'added',
      qualify: 'merged changed',
    });
    const ghost = byClass(overlay, 'step').find(
      (element) => element.attributes['data-step-id'] === 'was:wait-customer',
    )!;
    expect(byClass(ghost, 'shape')[0]!.attributes['stroke-dasharray']).toBe('6 4');
    expect(byClass(ghost, 'shape')[0]!.attributes.stroke).toBe(CHANGE_COLORS.removed);
    expect(textOf(byClass(ghost, 'diff-tag')[0]!)).toBe('删除');
    expect(textOf(byClass(root, 'diff-summary')[0]!)).toBe(summarizeDiff(diff, 'zh'));
  });

  it('brings a removed lane back into the overlay for the steps that were in it', () => {
    let after: ProcessModel = deriveVersion(a, { id: 'no-legal', stage: 'to-be' });
    const legalSteps = a.steps.filter((step) => step.laneId === 'legal').map((step) => step.id);
    for (const stepId of legalSteps) {
      const result = applyCommand(after, { type: 'remove-step', stepId, bridge: true });
      if (!result.ok) throw new Error(result.message);
      after = result.model;
    }
    const removedLane = applyCommand(after, { type: 'remove-lane', laneId: 'legal' });
    if (!removedLane.ok) throw new Error(removedLane.message);
    after = removedLane.model;
    const { model } = overlayModel(a, after, diffModels(a, after));
    expect(model.lanes.map((lane) => lane.id)).toContain('was:legal');
    expect(
      model.steps.filter((step) => step.laneId === 'was:legal').map((step) => step.id),
    ).toEqual(legalSteps.map((id) => `was:${id}`));
  });

  it('keeps a renamed lane one lane in the overlay', () => {
    let after: ProcessModel = deriveVersion(a, { id: 'renamed', stage: 'to-be' });
    for (const command of [
      { type: 'rename-lane', laneId: 'legal', name: { zh: '法务部', en: 'Legal department' } },
      {
        type: 'remove-step',
        stepId: a.steps.find((step) => step.laneId === 'legal')!.id,
        bridge: true,
      },
    ] as const) {
      const result = applyCommand(after, command);
      if (!result.ok) throw new Error(result.message);
      after = result.model;
    }
    const { model } = overlayModel(a, after, diffModels(a, after));
    expect(model.lanes.map((lane) => lane.id)).toEqual(after.lanes.map((lane) => lane.id));
  });
});
