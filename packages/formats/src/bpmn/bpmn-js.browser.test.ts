import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutSwimlanes } from '@pipewise/diagrams';
import { hasChromium, launchChromium } from '@pipewise/diagrams/testing/chromium';
import { displayName, type ProcessModel } from '@pipewise/engine/process-model';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInputError } from '../input-error/index.ts';
import { buildQuoteApproval } from './build-quote-approval.ts';
import { exportBpmn } from './export-bpmn.ts';
import { importBpmn } from './import-bpmn.ts';
import { readXmlTree, type XmlElement } from './read-xml-tree.ts';

// Exported BPMN opened in bpmn-js (the viewer inside bpmn.io and Camunda Modeler)

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bpmnJs = path.join(repoRoot, 'node_modules/bpmn-js/dist');
const bpmnFolder = path.join(
  process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
  'bpmn',
);
const hasShared = existsSync(bpmnFolder);
if (!hasShared && process.env.CI) throw new Error(`shared BPMN files missing at ${bpmnFolder}`);

/** The little of bpmn-js's viewer API the test uses (its UMD bundle sets a global without types). */
interface BpmnViewerClass {
  new (options: {
    container: string;
  }): {
    importXML(xml: string): Promise<{ warnings: { message: string }[] }>;
    saveXML(options: { format: boolean }): Promise<{ xml: string }>;
    get(service: 'canvas'): { zoom(level: 'fit-viewport'): void };
    get(service: 'elementRegistry'): {
      filter(predicate: (element: DiagramElement) => boolean): DiagramElement[];
    };
  };
}

interface DiagramElement {
  id: string;
  type: string;
  businessObject: { name?: string };
}

/** What bpmn-js made of a file: its import warnings, the shapes in its element registry, the file it saves. */
interface Viewed {
  error?: string;
  saved?: string;
  warnings: string[];
  elements: { id: string; type: string; name?: string }[];
  watermarkVisible: boolean;
}

/** The BPMN type bpmn-js gives each step, lane and the pool, by the ids in the exported file. */
function expectedElements(model: ProcessModel, xml: string, language: 'zh' | 'en') {
  const elements: XmlElement[] = [];
  const collect = (element: XmlElement): void => {
    elements.push(element);
    for (const child of element.children) collect(child);
  };
  collect(readXmlTree(xml, 'exported.bpmn', 'BPMN'));
  const xmlElementOf = (modelId: string): XmlElement => {
    const found = elements.find(
      (element) =>
        element.uri.endsWith('/MODEL') &&
        (
          element.attributes.find((a) => a.name === 'pipewise:id') ??
          element.attributes.find((a) => a.name === 'id')
        )?.value === modelId,
    );
    if (!found) throw new Error(`no element for ${modelId}`);
    return found;
  };
  const idOf = (element: XmlElement) => element.attributes.find((a) => a.name === 'id')!.value;
  const typeOf = (element: XmlElement) =>
    `bpmn:${element.local[0]!.toUpperCase()}${element.local.slice(1)}`;
  return [
    ...model.steps.map((step) => {
      const element = xmlElementOf(step.id);
      return { id: idOf(element), type: typeOf(element), name: displayName(step.name, language) };
    }),
    ...model.lanes.map((lane) => ({
      id: idOf(xmlElementOf(lane.id)),
      type: 'bpmn:Lane',
      name: displayName(lane.name, language),
    })),
  ];
}

describe.skipIf(!hasChromium)('exported BPMN in bpmn-js', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function view(xml: string): Promise<Viewed> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    try {
      await page.setContent('<div id="canvas" style="width:1600px;height:1000px"></div>');
      await page.addStyleTag({ path: path.join(bpmnJs, 'assets/diagram-js.css') });
      await page.addStyleTag({ path: path.join(bpmnJs, 'assets/bpmn-js.css') });
      await page.addScriptTag({ path: path.join(bpmnJs, 'bpmn-viewer.development.js') });
      const viewed = await page.evaluate(async (text: string) => {
        const { BpmnJS } = globalThis as unknown as { BpmnJS: BpmnViewerClass };
        const viewer = new BpmnJS({ container: '#canvas' });
        try {
          const { warnings } = await viewer.importXML(text);
          viewer.get('canvas').zoom('fit-viewport');
          const elements = viewer
            .get('elementRegistry')
            .filter((element) => element.type !== 'label');
          const { xml: saved } = await viewer.saveXML({ format: true });
          return {
            saved,
            warnings: warnings.map((warning) => warning.message),
            elements: elements.map((element) => ({
              id: element.id,
              type: element.type,
              name: element.businessObject.name,
            })),
          };
        } catch (error) {
          return {
            error: String((error as Error).message),
            warnings: ((error as { warnings?: { message: string }[] }).warnings ?? []).map(
              (warning) => warning.message,
            ),
            elements: [],
          };
        }
      }, xml);
      const watermarkVisible = await page.locator('.bjs-powered-by').isVisible();
      return { ...viewed, watermarkVisible, warnings: [...viewed.warnings, ...problems] };
    } finally {
      await page.close();
    }
  }

  async function expectOpens(model: ProcessModel, language: 'zh' | 'en'): Promise<Viewed> {
    const xml = exportBpmn(model, layoutSwimlanes(model), { language });
    const viewed = await view(xml);
    expect([viewed.error, viewed.warnings]).toEqual([undefined, []]);
    const shown = new Map(viewed.elements.map((element) => [element.id, element]));
    for (const expected of expectedElements(model, xml, language)) {
      expect(shown.get(expected.id)).toEqual(expected);
    }
    expect(viewed.elements.filter((element) => element.type === 'bpmn:Participant')).toHaveLength(
      1,
    );
    // The bpmn.io licence asks for its watermark to stay visible; nothing here hides it.
    expect(viewed.watermarkVisible).toBe(true);
    return viewed;
  }

  it('keeps what Pipewise wrote when bpmn.io saves the file again', async () => {
    const model = buildQuoteApproval();
    const viewed = await expectOpens(model, 'zh');
    const again = importBpmn(viewed.saved!, { file: 'saved-by-bpmn-js.bpmn' });
    if (!again.ok) throw new Error(describeInputError(again.error));
    const withoutSources = (each: ProcessModel) => ({
      ...each,
      steps: each.steps.map(({ source: _source, ...step }) => step),
      flows: each.flows.map(({ source: _source, ...flow }) => flow),
    });
    // bpmn-js writes a carriage return in element text as it is, and XML reads CR LF as LF.
    const expected = {
      ...model,
      steps: model.steps.map((step) =>
        step.notes === undefined ? step : { ...step, notes: step.notes.replace(/\r\n/g, '\n') },
      ),
    };
    expect(withoutSources(again.model)).toEqual(withoutSources(expected));
  });

  it.each(['zh', 'en'] as const)(
    'opens a hand-made model with lanes, Chinese names and a decision (%s) with every step and lane',
    async (language) => {
      const viewed = await expectOpens(buildQuoteApproval(), language);
      expect(viewed.elements.find((element) => element.id === 'ok')).toEqual({
        id: 'ok',
        type: 'bpmn:ExclusiveGateway',
        name: language === 'zh' ? '是否批准' : 'Approved?',
      });
    },
  );

  it
    .skipIf(!hasShared)
    .each([
      'examples/bpmn-js-examples/pizza-collaboration.bpmn',
      'examples/camunda-bpm-platform/invoice.v2.bpmn',
      'examples/bpmn-js-examples/kitchen-sink.bpmn',
      'miwg/reference/C.4.0.bpmn',
    ])('opens %s after import and export, with every step and lane', async (file) => {
    const imported = importBpmn(readFileSync(path.join(bpmnFolder, file), 'utf8'), { file });
    if (!imported.ok) throw new Error(describeInputError(imported.error));
    await expectOpens(imported.model, 'en');
  });
});
