import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProcessModel, makeStep, type ProcessModel } from '@pipewise/engine/process-model';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../testing/chromium.ts';
import { layoutSwimlanes } from './layout-swimlanes.ts';
import { renderSwimlaneSvg } from './render-swimlane-svg.ts';
import { sampleSalesModel } from './sample-models.ts';
import type { Box } from './swimlane-layout.ts';

// The chart in real headless Chromium (Debian's, installed by .ci/run): real

const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-swimlane-'));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A model whose names wrap to two and three lines, or are cut, in both languages. */
function longNamesModel(): ProcessModel {
  return {
    ...createProcessModel('long', { zh: '长名称', en: 'Long names' }),
    lanes: [
      {
        id: 'presales',
        name: {
          zh: '售前解决方案架构师团队负责人',
          en: 'Head of the presales solution architecture team',
        },
        department: '华北区销售中心 North China Sales Centre',
      },
      { id: 'ops', name: { zh: '运营', en: 'Operations' } },
    ],
    steps: [
      makeStep(
        's',
        { zh: '客户提交采购需求申请', en: 'Customer submits a purchase request' },
        'start',
        {
          laneId: 'presales',
        },
      ),
      makeStep(
        'a',
        {
          zh: '整理客户需求文档并与客户确认技术规格和交付时间表',
          en: 'Compile the requirements document and confirm the technical specification and delivery schedule with the customer',
        },
        'task',
        { laneId: 'presales', outputs: ['需求规格说明书 Requirements specification'] },
      ),
      makeStep(
        'b',
        { zh: '是否需要定制开发？', en: 'Does it need custom development?' },
        'decision',
        {
          laneId: 'presales',
        },
      ),
      makeStep('c', { zh: '定制开发评估', en: 'Assess custom work' }, 'approval', {
        laneId: 'ops',
        inputs: ['需求规格说明书 Requirements specification'],
        estimated: { value: 2.5, unit: 'week', basis: 'working' },
      }),
      makeStep(
        'd',
        { zh: 'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW', en: 'MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM' },
        'subprocess',
        {
          laneId: 'ops',
        },
      ),
      makeStep('e', { zh: '完成', en: 'Done' }, 'end', { laneId: 'ops' }),
    ],
    flows: [
      { id: 'f1', from: 's', to: 'a' },
      { id: 'f2', from: 'a', to: 'b' },
      { id: 'f3', from: 'b', to: 'c', condition: '需要 yes, custom work is needed' },
      { id: 'f4', from: 'b', to: 'd', condition: '不需要 no' },
      { id: 'f5', from: 'c', to: 'd', count: 1234 },
      { id: 'f6', from: 'd', to: 'e' },
      { id: 'f7', from: 'c', to: 'a', condition: '退回 back to the customer' },
    ],
  };
}

interface Measured {
  stepId: string;
  nameBox: Box | null;
  shapeBox: Box;
  lineWidths: number[];
  badges: { text: Box; pill: Box }[];
}

/** In the page: each step's name, shape and badges, in SVG user units of the chart body. */
function measureSteps(): Measured[] {
  interface Graphics {
    getBBox(): Box;
    getAttribute(name: string): string | null;
    querySelector(selector: string): Graphics | null;
    querySelectorAll(selector: string): ArrayLike<Graphics>;
    getComputedTextLength(): number;
  }
  const document = (globalThis as unknown as { document: Graphics }).document;
  const plain = (box: Box): Box => ({ x: box.x, y: box.y, width: box.width, height: box.height });
  return Array.from(document.querySelectorAll('g.step')).map((group) => {
    const name = group.querySelector('text.step-name');
    return {
      stepId: group.getAttribute('data-step-id')!,
      nameBox: name ? plain(name.getBBox()) : null,
      shapeBox: plain(group.querySelector('.shape')!.getBBox()),
      lineWidths: name
        ? Array.from(name.querySelectorAll('tspan')).map((span) => span.getComputedTextLength())
        : [],
      badges: Array.from(group.querySelectorAll('g.badge')).map((badge) => ({
        text: plain(badge.querySelector('text')!.getBBox()),
        pill: plain(badge.querySelector('rect')!.getBBox()),
      })),
    };
  });
}

/** In the page: the box of every piece of text on screen, in page pixels. */
function measureAllText(): { text: string; box: Box }[] {
  interface Element {
    getBoundingClientRect(): Box;
    textContent: string | null;
  }
  const document = (
    globalThis as unknown as {
      document: { querySelectorAll(selector: string): ArrayLike<Element> };
    }
  ).document;
  return Array.from(document.querySelectorAll('svg text')).map((text) => {
    const rect = text.getBoundingClientRect();
    return {
      text: text.textContent ?? '',
      box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
    };
  });
}

/** Sub-pixel rounding of glyph boxes. */
const TOLERANCE_PX = 0.75;

function isInside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - TOLERANCE_PX &&
    inner.y >= outer.y - TOLERANCE_PX &&
    inner.x + inner.width <= outer.x + outer.width + TOLERANCE_PX &&
    inner.y + inner.height <= outer.y + outer.height + TOLERANCE_PX
  );
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x + TOLERANCE_PX < b.x + b.width &&
    b.x + TOLERANCE_PX < a.x + a.width &&
    a.y + TOLERANCE_PX < b.y + b.height &&
    b.y + TOLERANCE_PX < a.y + a.height
  );
}

describe.skipIf(!hasChromium)('the swimlane chart in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const cases = [
    ['sales', 'zh'],
    ['sales', 'en'],
    ['long names', 'zh'],
    ['long names', 'en'],
  ] as const;
  it.each(cases)(
    '%s in %s: no name overflows its box, no text overlaps other text',
    async (which, language) => {
      const model = which === 'sales' ? sampleSalesModel() : longNamesModel();
      // One layout for both languages, as the BPMN exporter and the web app use it.
      const layout = layoutSwimlanes(model);
      const svg = renderSwimlaneSvg(model, layout, {
        language,
        title: which,
        colorBy: {
          values: new Map([
            ['a', 1],
            ['design', 3],
            ['c', 9],
          ]),
          label: 'days',
        },
      });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      try {
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning')
            problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        await page.setContent(
          `<!doctype html><html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><body style="margin:0">${svg}</body></html>`,
        );
        const measured = await page.evaluate(measureSteps);
        expect(measured).toHaveLength(model.steps.length);
        for (const step of measured) {
          const laid = layout.steps.find((candidate) => candidate.stepId === step.stepId)!;
          if (!step.nameBox) continue;
          // Inside its box for boxes; inside the room under the shape for circles and diamonds.
          const room = laid.shape === 'rectangle' ? step.shapeBox : laid.labelBox;
          expect(
            isInside(step.nameBox, room),
            `${step.stepId}: ${JSON.stringify(step.nameBox)} in ${JSON.stringify(room)}`,
          ).toBe(true);
          for (const width of step.lineWidths)
            expect(width).toBeLessThanOrEqual(laid.labelBox.width + TOLERANCE_PX);
          for (const badge of step.badges)
            expect(isInside(badge.text, badge.pill), `${step.stepId} badge`).toBe(true);
        }
        const texts = (await page.evaluate(measureAllText)).filter((text) => text.box.width > 0);
        expect(texts.length).toBeGreaterThan(model.steps.length);
        const overlapping: string[] = [];
        for (let i = 0; i < texts.length; i++)
          for (let j = i + 1; j < texts.length; j++)
            if (overlaps(texts[i]!.box, texts[j]!.box))
              overlapping.push(`${texts[i]!.text} / ${texts[j]!.text}`);
        expect(overlapping).toEqual([]);
        const screenshot = await page.screenshot({
          fullPage: true,
          path: path.join(folder, `${which.replace(' ', '-')}-${language}.png`),
        });
        expect(screenshot.length).toBeGreaterThan(10_000);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});

/** A made-up origin the page loads the repository's modules from, through `page.route`. */
const ORIGIN = 'http://pipewise.test';

describe.skipIf(!hasChromium)('the same code in the browser', () => {
  it('lays out and draws in Chromium exactly what it draws in Node', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      // The sources as they are, TypeScript types stripped (what Node does), no bundler.
      await page.route(`${ORIGIN}/**`, async (route) => {
        const requested = new URL(route.request().url()).pathname;
        if (requested === '/index.html') {
          const importMap = {
            imports: {
              '@pipewise/engine': `${ORIGIN}/packages/engine/src/index.ts`,
              '@pipewise/engine/process-model': `${ORIGIN}/packages/engine/src/process-model/index.ts`,
              zod: `${ORIGIN}/node_modules/zod/index.js`,
            },
          };
          await route.fulfill({
            contentType: 'text/html',
            body: `<!doctype html><script type="importmap">${JSON.stringify(importMap)}</script>`,
          });
          return;
        }
        const file = path.join(repositoryRoot, requested);
        if (!file.startsWith(repositoryRoot) || !existsSync(file)) {
          await route.fulfill({ status: 404, body: '' });
          return;
        }
        const source = readFileSync(file, 'utf8');
        await route.fulfill({
          contentType: 'text/javascript',
          body: file.endsWith('.ts') ? stripTypeScriptTypes(source) : source,
        });
      });
      await page.goto(`${ORIGIN}/index.html`);
      // A string, not a function: the test runner rewrites import() in functions it compiles.
      const drawn = (await page.evaluate(`(async () => {
        const diagrams = await import('${ORIGIN}/packages/diagrams/src/index.ts');
        const samples = await import('${ORIGIN}/packages/diagrams/src/swimlane/sample-models.ts');
        const model = samples.sampleSalesModel();
        const layout = diagrams.layoutSwimlanes(model);
        return {
          layout: JSON.stringify(layout),
          svg: diagrams.renderSwimlaneSvg(model, layout, { language: 'zh', title: '销售' }),
        };
      })()`)) as { layout: string; svg: string };
      const model = sampleSalesModel();
      const layout = layoutSwimlanes(model);
      expect(drawn.layout).toBe(JSON.stringify(layout));
      expect(drawn.svg).toBe(renderSwimlaneSvg(model, layout, { language: 'zh', title: '销售' }));
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
