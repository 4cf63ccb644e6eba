import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutSwimlanes } from '@pipewise/diagrams';
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
import { describeInputError } from '../input-error/index.ts';
import { buildQuoteApproval } from './build-quote-approval.ts';
import { exportBpmn } from './export-bpmn.ts';
import { importBpmn } from './import-bpmn.ts';
import { readXmlTree, type XmlElement } from './read-xml-tree.ts';

const PIPEWISE = 'https://pipewise.dev/schema/bpmn/1';

/** What an import of the export gives back: the model, with `source` set to each step's XML id. */
function roundTrip(model: ProcessModel, language: 'zh' | 'en'): ProcessModel {
  const xml = exportBpmn(model, layoutSwimlanes(model), { language });
  const result = importBpmn(xml, { file: 'exported.bpmn' });
  if (!result.ok) throw new Error(describeInputError(result.error));
  return result.model;
}

/**
 * What import(export(m)) must keep: everything but where a step came from
 * (`source`, which becomes its element in the exported file). Message flows
 * come back after the sequence flows (BPMN keeps them in the collaboration),
 * and a flow without a kind is a sequence flow.
 */
function comparable(model: ProcessModel) {
  return {
    ...model,
    steps: model.steps.map(({ source: _source, ...step }) => step),
    flows: model.flows
      .map(({ source: _source, ...flow }): Flow => ({ ...flow, kind: flow.kind ?? 'sequence' }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

function parse(xml: string): XmlElement {
  return readXmlTree(xml, 'exported.bpmn', 'BPMN');
}

function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}

function attribute(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((each) => each.name === name)?.value;
}

describe('exportBpmn', () => {
  const model = buildQuoteApproval();
  const layout = layoutSwimlanes(model);
  const xml = exportBpmn(model, layout, { language: 'zh' });
  const all = descendants(parse(xml));
  const byModelId = (id: string): XmlElement => {
    const found = all.find(
      (element) =>
        element.uri.endsWith('/MODEL') &&
        (attribute(element, 'pipewise:id') ?? attribute(element, 'id')) === id,
    );
    if (!found) throw new Error(`nothing for ${id}`);
    return found;
  };

  it('gives back the model on import, in either language', () => {
    expect(comparable(roundTrip(model, 'zh'))).toEqual(comparable(model));
    expect(comparable(roundTrip(model, 'en'))).toEqual(comparable(model));
  });

  it('writes one element per step by kind', () => {
    const elements = Object.fromEntries(
      model.steps.map((step) => [step.id, byModelId(step.id).local]),
    );
    expect(elements).toEqual({
      start: 'startEvent',
      quote: 'task',
      approve: 'userTask',
      'ok?': 'exclusiveGateway',
      handoff: 'task',
      wait: 'intermediateCatchEvent',
      contract: 'subProcess',
      split: 'parallelGateway',
      notify: 'intermediateThrowEvent',
      archive: 'task',
      end: 'endEvent',
      rejected: 'endEvent',
    });
    expect(byModelId('wait').children.map((child) => child.local)).toContain(
      'timerEventDefinition',
    );
    // The kind is written where the element does not tell it.
    expect(attribute(byModelId('handoff'), 'pipewise:kind')).toBe('hand-off');
    expect(attribute(byModelId('approve'), 'pipewise:kind')).toBeUndefined();
    expect(attribute(byModelId('quote'), 'pipewise:kind')).toBeUndefined();
  });

  it('writes names in the chosen language and keeps the other in the pipewise namespace', () => {
    const quote = byModelId('quote');
    expect(attribute(quote, 'name')).toBe('编制报价');
    expect(attribute(quote, 'pipewise:nameEn')).toBe('Prepare quote');
    // No Chinese name: the English one stands in, and is said to be English.
    expect(attribute(byModelId('handoff'), 'name')).toBe('Hand over to legal');
    // Chinese characters in the English name, Latin ones in the Chinese name: the language is written.
    expect(attribute(byModelId('notify'), 'pipewise:nameIn')).toBe('en');
    expect(attribute(byModelId('archive'), 'pipewise:nameIn')).toBe('zh');
    const english = descendants(parse(exportBpmn(model, layout, { language: 'en' })));
    const quoteInEnglish = english.find((element) => attribute(element, 'id') === 'quote')!;
    expect(attribute(quoteInEnglish, 'name')).toBe('Prepare quote');
    expect(attribute(quoteInEnglish, 'pipewise:nameZh')).toBe('编制报价');
  });

  it('gives every element a valid, unique XML id, and keeps model ids that are not XML names beside it', () => {
    const ids = all.map((element) => attribute(element, 'id')).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
    // What bpmn-js accepts: ASCII only.
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
    expect(attribute(byModelId('ok?'), 'id')).toBe('ok');
    expect(attribute(byModelId('2'), 'id')).toBe('_2');
    const definitions = parse(xml);
    expect(attribute(definitions, 'pipewise:modelId')).toBe('报价流程 v1');
  });

  it('writes a pool for the model, holding the process with its lanes and their steps', () => {
    const participants = all.filter((element) => element.local === 'participant');
    expect(participants).toHaveLength(1);
    const process = all.find((element) => element.local === 'process')!;
    expect(attribute(participants[0]!, 'processRef')).toBe(attribute(process, 'id'));
    expect(attribute(participants[0]!, 'name')).toBe('报价审批流程');
    const lanes = all.filter((element) => element.local === 'lane');
    expect(
      lanes.map((lane) => [
        attribute(lane, 'name'),
        lane.children.map((ref) => ref.text),
        attribute(lane, 'pipewise:department'),
      ]),
    ).toEqual([
      ['销售', ['start', 'quote', 'handoff', 'wait', 'contract', 'end'], '华东区销售部'],
      ['财务', ['approve', 'ok', 'archive', 'rejected'], undefined],
    ]);
  });

  it('writes conditions as names, and as condition expressions after exclusive gateways', () => {
    const flow = byModelId('f4');
    expect(attribute(flow, 'name')).toBe('金额 > 1M & 已批准');
    expect(flow.children.map((child) => [child.local, child.text])).toEqual([
      ['conditionExpression', '金额 > 1M & 已批准'],
    ]);
    expect(xml).toContain('name="金额 &gt; 1M &amp; 已批准"');
    const message = byModelId('f 13');
    expect(message.local).toBe('messageFlow');
    expect(attribute(message, 'name')).toBe('quote sent');
  });

  it('links artifacts as data objects and systems as data stores, or keeps them in the pipewise namespace on events', () => {
    const names = (local: string) =>
      all.filter((element) => element.local === local).map((element) => attribute(element, 'name'));
    expect(names('dataObjectReference')).toEqual(['报价单', '审批意见']);
    expect(names('dataStoreReference')).toEqual(['CRM', 'Excel', 'ERP']);
    const quote = byModelId('quote');
    expect(quote.children.filter((child) => child.local === 'dataOutputAssociation')).toHaveLength(
      1,
    );
    expect(quote.children.filter((child) => child.local === 'dataInputAssociation')).toHaveLength(
      2,
    );
    const notify = byModelId('notify');
    expect(notify.children.some((child) => child.local === 'dataInputAssociation')).toBe(false);
    expect(
      descendants(notify).some((child) => child.local === 'input' && child.uri === PIPEWISE),
    ).toBe(true);
  });

  it('draws the pool, every lane and step where the layout put them, and every flow along its route', () => {
    const shapes = new Map(
      all
        .filter((element) => element.local === 'BPMNShape')
        .map((shape) => [attribute(shape, 'bpmnElement'), shape]),
    );
    const boundsOf = (element: XmlElement) => {
      const bounds = element.children.find((child) => child.local === 'Bounds')!;
      return ['x', 'y', 'width', 'height'].map((name) => Number(attribute(bounds, name)));
    };
    const firstLane = boundsOf(shapes.get('sales')!);
    const [dx, dy] = [
      firstLane[0]! - layout.lanes[0]!.box.x,
      firstLane[1]! - layout.lanes[0]!.box.y,
    ];
    for (const lane of layout.lanes) {
      if (lane.laneId === null) continue;
      const id = attribute(byModelId(lane.laneId), 'id');
      const { x, y, width, height } = lane.box;
      expect(boundsOf(shapes.get(id)!)).toEqual([x + dx, y + dy, width, height]);
    }
    for (const placed of layout.steps) {
      const id = attribute(byModelId(placed.stepId), 'id');
      const { x, y, width, height } = placed.box;
      if (placed.stepId === 'wait') {
        // A box in the chart, a timer event in BPMN: a 36 px circle in the middle of the box.
        const [cx, cy] = [x + width / 2 + dx, y + height / 2 + dy];
        expect(boundsOf(shapes.get(id)!)).toEqual([cx - 18, cy - 18, 36, 36].map(round2));
        continue;
      }
      expect(boundsOf(shapes.get(id)!)).toEqual([x + dx, y + dy, width, height].map(round2));
    }
    const pool = boundsOf(
      shapes.get(attribute(all.find((e) => e.local === 'participant')!, 'id'))!,
    );
    expect(pool[0]).toBeLessThan(firstLane[0]!);
    expect(pool[1]! + pool[3]!).toBe(layout.height + dy);
    expect(attribute(shapes.get('contract')!, 'isExpanded')).toBe('false');

    const edges = new Map(
      all
        .filter((element) => element.local === 'BPMNEdge')
        .map((edge) => [attribute(edge, 'bpmnElement'), edge]),
    );
    for (const flow of model.flows) {
      const route = layout.flows.find((each) => each.flowId === flow.id)!;
      const edge = edges.get(attribute(byModelId(flow.id), 'id'))!;
      const points = edge.children
        .filter((child) => child.local === 'waypoint')
        .map((point) => [Number(attribute(point, 'x')), Number(attribute(point, 'y'))]);
      const expected = route.waypoints.map((point) => [round2(point.x + dx), round2(point.y + dy)]);
      if (flow.from !== 'wait' && flow.to !== 'wait') {
        expect(points).toEqual(expected);
        continue;
      }
      // Into and out of the wait's circle: the same route, its end moved onto the circle.
      const waitBox = layout.steps.find((placed) => placed.stepId === 'wait')!.box;
      const centre = [waitBox.x + waitBox.width / 2 + dx, waitBox.y + waitBox.height / 2 + dy];
      const end = flow.to === 'wait' ? points.length - 1 : 0;
      expect(points.filter((_, k) => k !== end)).toEqual(expected.filter((_, k) => k !== end));
      expect(Math.hypot(points[end]![0]! - centre[0]!, points[end]![1]! - centre[1]!)).toBeCloseTo(
        18,
        1,
      );
    }
    // 2 data objects and 3 stores; one edge per data association (1 input, 2 outputs, 3 systems).
    const dataShapes = [...shapes.keys()].filter((id) => id?.startsWith('Data'));
    expect(dataShapes).toHaveLength(5);
    expect([...edges.keys()].filter((id) => id?.startsWith('Data'))).toHaveLength(6);
  });

  it('escapes what XML does not allow as it is, and keeps line breaks in attributes', () => {
    const contract = byModelId('contract');
    expect(attribute(contract, 'pipewise:nameEn')).toBe('Negotiate\ncontract');
    expect(xml).toContain('pipewise:nameEn="Negotiate&#10;contract"');
    expect(xml).toContain('Check the price list &amp; discounts &lt;15%&#13;\nthen "send".');
  });

  it('refuses a layout of another model (a bug in the caller)', () => {
    const other = layoutSwimlanes({ ...model, steps: model.steps.slice(1), flows: [] });
    expect(() => exportBpmn(model, other, { language: 'en' })).toThrow(/no box for step "start"/);
  });
});

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

describe('exportBpmn then importBpmn keeps any model', () => {
  // Names and texts from characters that test the escaping and the language split.
  const text = fc
    .string({
      unit: fc.constantFrom(
        'a',
        'Z',
        '报',
        '价',
        ' ',
        '&',
        '<',
        '>',
        '"',
        "'",
        '\n',
        '\r',
        '\t',
        ':',
        '1',
        '😀',
      ),
      minLength: 1,
      maxLength: 8,
    })
    .filter((value) => value.trim() !== '');
  const localized = fc
    .record({ zh: fc.option(text, { nil: undefined }), en: fc.option(text, { nil: undefined }) })
    .filter((name) => name.zh !== undefined || name.en !== undefined)
    .map((name) => JSON.parse(JSON.stringify(name)) as { zh?: string; en?: string });

  const models = fc
    .record({
      ids: fc.uniqueArray(text, { minLength: 4, maxLength: 14 }),
      name: localized,
      notes: fc.option(text, { nil: undefined }),
      stepNames: fc.array(localized, { minLength: 14, maxLength: 14 }),
      kinds: fc.array(fc.constantFrom(...STEP_KINDS), { minLength: 14, maxLength: 14 }),
      artifacts: fc.array(fc.uniqueArray(text, { maxLength: 2 }), { minLength: 14, maxLength: 14 }),
      edges: fc.array(
        fc.tuple(fc.nat(), fc.nat(), fc.option(text, { nil: undefined }), fc.boolean()),
        {
          maxLength: 10,
        },
      ),
      laneCount: fc.nat({ max: 3 }),
    })
    .map(({ ids, name, notes, stepNames, kinds, artifacts, edges, laneCount }) => {
      // Lanes, steps and flows share one pool of unique ids, as the engine requires.
      const lanes = ids.slice(0, Math.min(laneCount, ids.length - 2)).map((id, k) => ({
        id,
        name: stepNames[13 - k]!,
      }));
      const stepIds = ids.slice(
        lanes.length,
        lanes.length + Math.ceil((ids.length - lanes.length) / 2),
      );
      const steps: Step[] = stepIds.map((id, k) => {
        const kind = kinds[k]!;
        const step = makeStep(id, stepNames[k]!, kind, {
          inputs: artifacts[k]!,
          outputs: artifacts[13 - k]!,
          systems: artifacts[(k + 5) % 14]!,
        });
        if (kind === 'decision') step.gateway = k % 2 === 0 ? 'inclusive' : 'parallel';
        if (lanes.length > 0 && k % 3 !== 2) step.laneId = lanes[k % lanes.length]!.id;
        return step;
      });
      const flowIds = ids.slice(lanes.length + stepIds.length);
      const flows: Flow[] = edges
        .slice(0, flowIds.length)
        .map(([from, to, condition, isMessage], k) => {
          const flow: Flow = {
            id: flowIds[k]!,
            from: stepIds[from % stepIds.length]!,
            to: stepIds[to % stepIds.length]!,
            kind: isMessage ? 'message' : 'sequence',
          };
          if (condition !== undefined) flow.condition = condition;
          return flow;
        });
      const model: ProcessModel = { ...createProcessModel(ids[0]!, name), lanes, steps, flows };
      if (notes !== undefined) model.notes = notes;
      return model;
    });

  it('for random models with awkward ids and names, in both languages', () => {
    fc.assert(
      fc.property(models, fc.constantFrom('zh' as const, 'en' as const), (model, language) => {
        expect(comparable(roundTrip(model, language))).toEqual(comparable(model));
      }),
      { numRuns: 150 },
    );
  });
});

// The shared BPMN files are read in place (see their README for origins and licences).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bpmnFolder = path.join(
  process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
  'bpmn',
);
const hasShared = existsSync(bpmnFolder);
if (!hasShared && process.env.CI) throw new Error(`shared BPMN files missing at ${bpmnFolder}`);

const SHARED_FILES = hasShared
  ? ['miwg/reference', 'miwg/exports', 'examples'].flatMap((folder) =>
      listBpmn(path.join(bpmnFolder, folder)).map((file) => path.relative(bpmnFolder, file)),
    )
  : [];

function listBpmn(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) return listBpmn(full);
      return name.endsWith('.bpmn') ? [full] : [];
    });
}

describe.skipIf(!hasShared)(
  'exporting what was imported from other tools loses nothing the model understood',
  () => {
    it('finds the 43 shared files', () => {
      expect(SHARED_FILES).toHaveLength(43);
    });

    it.each(SHARED_FILES.filter((file) => !file.includes('sap-signavio-19.9.0/B.2.0')))(
      '%s',
      (file) => {
        const imported = importBpmn(readFileSync(path.join(bpmnFolder, file), 'utf8'), { file });
        if (!imported.ok) throw new Error(describeInputError(imported.error));
        for (const language of ['zh', 'en'] as const) {
          const again = roundTrip(imported.model, language);
          expect(comparable(again)).toEqual(comparable(imported.model));
          // Each step comes back from the element of the same id, when the id was an XML name already.
          expect(again.steps.map((step) => step.source)).toEqual(
            imported.model.steps.map((step) => step.source),
          );
        }
      },
    );
  },
);
