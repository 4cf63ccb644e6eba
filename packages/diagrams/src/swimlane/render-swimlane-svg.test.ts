import {
  createProcessModel,
  displayName,
  makeStep,
  type ProcessModel,
} from '@pipewise/engine/process-model';
import { describe, expect, it } from 'vitest';
import { SCALE_STOPS } from './color-scale.ts';
import { layoutSwimlanes } from './layout-swimlanes.ts';
import {
  allElements,
  byClass,
  parseSvg,
  type SvgElement,
  textOf,
} from './parse-svg.test-helper.ts';
import { renderSwimlaneSvg } from './render-swimlane-svg.ts';
import { sampleSalesModel } from './sample-models.ts';

function draw(model: ProcessModel, options: Parameters<typeof renderSwimlaneSvg>[2]) {
  const svg = renderSwimlaneSvg(
    model,
    layoutSwimlanes(model, { language: options.language }),
    options,
  );
  return { svg, root: parseSvg(svg) };
}

function stepGroup(root: SvgElement, stepId: string): SvgElement {
  const group = allElements(root).find((element) => element.attributes['data-step-id'] === stepId);
  if (!group) throw new Error(`no step ${stepId}`);
  return group;
}

/** Text without whitespace, so that names wrapped over lines compare with the name. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('renderSwimlaneSvg', () => {
  it.each(['zh', 'en'] as const)(
    'draws a well-formed standalone SVG with every step and lane name in %s',
    (language) => {
      const model = sampleSalesModel();
      const { svg, root } = draw(model, { language });
      expect(root.name).toBe('svg');
      expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
      const [, , width, height] = root.attributes.viewBox!.split(' ').map(Number);
      expect(root.attributes.width).toBe(String(width));
      expect(root.attributes.height).toBe(String(height));
      expect(root.attributes['font-family']).toContain('Noto Sans CJK SC');
      for (const step of model.steps) {
        const name = byClass(stepGroup(root, step.id), 'step-name')[0]!;
        expect(squeeze(textOf(name))).toBe(squeeze(displayName(step.name, language)));
      }
      const laneText = byClass(root, 'lane-name').map(textOf).join('|');
      for (const lane of model.lanes)
        expect(squeeze(laneText)).toContain(squeeze(displayName(lane.name, language)));
      expect(laneText).toContain(language === 'zh' ? '未指定负责人' : 'No owner');
      expect(laneText).toContain('售前部');
      // Nothing that runs or loads.
      expect(svg).not.toMatch(/<script|\son[a-z]+=|href="http|<foreignObject/i);
    },
  );

  it('escapes names and drops characters XML forbids', () => {
    const model: ProcessModel = {
      ...createProcessModel('m', { zh: '测试' }),
      lanes: [{ id: 'l', name: { zh: '法务 & 合规 <部门>' }, department: '"总部"' }],
      steps: [
        makeStep('a', { zh: '审批 <合同> & "签字"\u0001' }, 'approval', { laneId: 'l' }),
        makeStep('b', { zh: "客户's 回复" }, 'task', { laneId: 'l' }),
      ],
      flows: [{ id: 'f', from: 'a', to: 'b', condition: 'amount > 1M & 加急' }],
    };
    const { svg, root } = draw(model, { language: 'zh' });
    expect(svg).toContain('审批 &lt;合同&gt; &amp; &quot;签字&quot;');
    expect(svg).not.toContain('\u0001');
    expect(squeeze(textOf(byClass(stepGroup(root, 'a'), 'step-name')[0]!))).toBe(
      '审批<合同>&"签字"',
    );
    expect(textOf(byClass(root, 'lane-name')[0]!)).toContain('法务 & 合规 <部门>');
    expect(textOf(byClass(root, 'lane-name')[0]!)).toContain('"总部"');
    expect(textOf(byClass(root, 'flow-label')[0]!)).toBe('amount > 1M & 加急');
  });

  it('falls back on the other language for a name missing in the chosen one', () => {
    const model: ProcessModel = {
      ...createProcessModel('m', { en: 'Mixed' }),
      lanes: [{ id: 'l', name: { en: 'Legal' } }],
      steps: [makeStep('a', { en: 'Review' }, 'task', { laneId: 'l' })],
    };
    const { root } = draw(model, { language: 'zh' });
    expect(textOf(byClass(stepGroup(root, 'a'), 'step-name')[0]!)).toBe('Review');
    expect(textOf(byClass(root, 'lane-name')[0]!)).toBe('Legal');
  });

  it('draws each kind of step in its own shape, with its marker', () => {
    const { root } = draw(sampleSalesModel(), { language: 'en' });
    const shapeOf = (id: string) => byClass(stepGroup(root, id), 'shape')[0]!.name;
    expect(shapeOf('start')).toBe('circle');
    expect(shapeOf('end')).toBe('circle');
    expect(shapeOf('accepted')).toBe('polygon');
    expect(shapeOf('qualify')).toBe('rect');
    expect(byClass(stepGroup(root, 'qualify'), 'marker')).toHaveLength(0);
    for (const id of ['pricing', 'handoff', 'wait-customer', 'contract', 'signed', 'accepted'])
      expect(byClass(stepGroup(root, id), 'marker'), id).toHaveLength(1);
    expect(
      byClass(stepGroup(root, 'wait-customer'), 'shape')[0]!.attributes['stroke-dasharray'],
    ).toBe('5 3');
    expect(byClass(stepGroup(root, 'end'), 'shape')[0]!.attributes['stroke-width']).toBe('3.5');
  });

  it('shows estimated and measured durations in human units, in both languages', () => {
    const badges = (language: 'zh' | 'en', id: string) =>
      byClass(stepGroup(draw(sampleSalesModel(), { language }).root, id), 'badge').map(textOf);
    // 12 working hours of 8-hour working days.
    expect(badges('en', 'qualify')).toEqual(['est. 1 working day', 'median 1.5 working days']);
    expect(badges('zh', 'qualify')).toEqual(['预计 1 工作日', '实测中位数 1.5 工作日']);
    // No calendar with the measurement: calendar days.
    expect(badges('en', 'wait-customer')).toEqual(['median 4 days']);
    expect(badges('zh', 'wait-customer')).toEqual(['实测中位数 4 天']);
    expect(badges('en', 'pricing')).toEqual(['est. 4 working hours']);
    expect(badges('zh', 'contract')).toEqual(['预计 30 分钟']);
    expect(badges('en', 'design')).toEqual(['est. 3 working days']);
    const { root } = draw(sampleSalesModel(), { language: 'en', showDurations: false });
    expect(byClass(root, 'badge')).toEqual([]);
  });

  it('labels flows with artifacts passed along, conditions and counts', () => {
    const { root } = draw(sampleSalesModel(), { language: 'en' });
    const label = (flowId: string) =>
      textOf(
        byClass(root, 'flow-label').find(
          (element) => element.attributes['data-flow-id'] === flowId,
        )!,
      );
    // The needs form is an output of qualify and an input of the hand-off.
    expect(label('f2')).toBe('客户需求表×400');
    expect(label('f1')).toBe('×420');
    expect(label('f6')).toBe('接受 accepted');
    expect(label('f8')).toBe('报价单');
    expect(
      byClass(root, 'flow-label').map((element) => element.attributes['data-flow-id']),
    ).toEqual(['f1', 'f2', 'f3', 'f6', 'f7', 'f8']);
    expect(byClass(root, 'artifact-glyph')).toHaveLength(3);
  });

  it('marks hand-offs between lanes with their own colour and a dot, and rework loops dashed', () => {
    const model = sampleSalesModel();
    const layout = layoutSwimlanes(model, { language: 'en' });
    const root = parseSvg(renderSwimlaneSvg(model, layout, { language: 'en' }));
    const markerIds = new Set(
      allElements(root)
        .filter((el) => el.name === 'marker')
        .map((el) => el.attributes.id),
    );
    for (const laid of layout.flows) {
      const group = byClass(root, 'flow').find(
        (element) => element.attributes['data-flow-id'] === laid.flowId,
      )!;
      const path = group.children.find((child) => child.name === 'path')!;
      expect(group.attributes.class!.split(' ').includes('handoff')).toBe(laid.crossesLanes);
      expect(path.attributes['marker-start'] !== undefined).toBe(laid.crossesLanes);
      expect(path.attributes['stroke-dasharray'] !== undefined).toBe(laid.isBackEdge);
      const arrow = /^url\(#(.+)\)$/.exec(path.attributes['marker-end']!)![1];
      expect(markerIds.has(arrow)).toBe(true);
    }
    const strokes = (handOff: boolean) =>
      new Set(
        layout.flows
          .filter((laid) => laid.crossesLanes === handOff)
          .map(
            (laid) =>
              byClass(root, 'flow')
                .find((element) => element.attributes['data-flow-id'] === laid.flowId)!
                .children.find((child) => child.name === 'path')!.attributes.stroke,
          ),
      );
    expect([...strokes(true)].some((color) => strokes(false).has(color))).toBe(false);
  });

  it('colours steps by a figure, low to high, with a legend showing the lowest and highest', () => {
    const values = new Map([
      ['qualify', 1.5],
      ['design', 12],
      ['pricing', 6],
      ['unknown-step', 99],
    ]);
    const { root } = draw(sampleSalesModel(), {
      language: 'en',
      colorBy: { values, label: 'Median working days', format: (value) => `${value} d` },
    });
    const fill = (id: string) => byClass(stepGroup(root, id), 'shape')[0]!.attributes.fill;
    expect(fill('qualify')).toBe(SCALE_STOPS[0]);
    expect(fill('design')).toBe(SCALE_STOPS.at(-1));
    expect(fill('pricing')).not.toBe(fill('qualify'));
    expect(fill('pricing')).not.toBe(fill('design'));
    expect(fill('archive')).toBe('#e9ecef');
    const legend = byClass(root, 'legend')[0]!;
    expect(textOf(legend)).toContain('Median working days');
    // Values of steps not in the model do not stretch the scale.
    expect(textOf(byClass(legend, 'legend-min')[0]!)).toBe('1.5 d');
    expect(textOf(byClass(legend, 'legend-max')[0]!)).toBe('12 d');
    expect(textOf(legend)).toContain('no value');
    expect(allElements(root).some((el) => el.name === 'linearGradient')).toBe(true);
  });

  it('colours scores on a fixed 1–5 scale, the lowest (worst) strongest, when high is good', () => {
    const values = new Map([
      ['qualify', 1],
      ['pricing', 3],
      ['design', 5],
    ]);
    const { root } = draw(sampleSalesModel(), {
      language: 'zh',
      colorBy: { values, label: '评分均值', domain: { min: 1, max: 5 }, higherIsBetter: true },
    });
    const fill = (id: string) => byClass(stepGroup(root, id), 'shape')[0]!.attributes.fill;
    expect(fill('qualify')).toBe(SCALE_STOPS.at(-1));
    expect(fill('pricing')).toBe(SCALE_STOPS[1]);
    expect(fill('design')).toBe(SCALE_STOPS[0]);
    const legend = byClass(root, 'legend')[0]!;
    expect(textOf(byClass(legend, 'legend-min')[0]!)).toBe('5');
    expect(textOf(byClass(legend, 'legend-max')[0]!)).toBe('1');
    // The fixed scale: 3 of 1–5 is the middle whatever the other values are.
    const alone = draw(sampleSalesModel(), {
      language: 'zh',
      colorBy: {
        values: new Map([['pricing', 3]]),
        label: '评分均值',
        domain: { min: 1, max: 5 },
        higherIsBetter: true,
      },
    });
    expect(byClass(stepGroup(alone.root, 'pricing'), 'shape')[0]!.attributes.fill).toBe(
      SCALE_STOPS[1],
    );
  });

  it('has no legend without colorBy, and a title when asked', () => {
    const { root } = draw(sampleSalesModel(), { language: 'zh', title: '销售流程 现状' });
    expect(byClass(root, 'legend')).toEqual([]);
    expect(textOf(byClass(root, 'chart-title')[0]!)).toBe('销售流程 现状');
  });

  it('uses the id prefix for every id, so two charts can share a page', () => {
    const { root } = draw(sampleSalesModel(), { language: 'en', idPrefix: 'chart2' });
    const ids = allElements(root)
      .map((element) => element.attributes.id)
      .filter((id): id is string => id !== undefined);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('chart2-'))).toBe(true);
  });

  it('is deterministic', () => {
    const model = sampleSalesModel();
    expect(draw(model, { language: 'zh' }).svg).toBe(draw(model, { language: 'zh' }).svg);
  });
});
