import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasChromium, launchChromium } from '@pipewise/diagrams/testing/chromium';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';

const demo = (name: string): string =>
  fileURLToPath(new URL(`../../demo/${name}`, import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-report-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function writeReport(language: 'en' | 'zh'): Promise<string> {
  const file = path.join(folder, `report-${language}.html`);
  const code = await runCli(
    [
      'analyze',
      demo('opportunity-history.csv'),
      '--cases',
      demo('opportunities.csv'),
      '--by',
      '团队',
      '--lang',
      language,
      '--report',
      file,
      '--json',
    ],
    {
      stdout: { write: () => true },
      stderr: { write: () => true },
      defaultTimeZone: 'UTC',
      locale: undefined,
      now: () => 0,
    },
  );
  expect(code).toBe(0);
  return file;
}

describe.skipIf(!hasChromium)('the HTML report in Chromium', () => {
  it.each(['en', 'zh'] as const)(
    'renders the map and every table in %s, with no console errors, offline',
    async (language) => {
      const file = await writeReport(language);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning')
            problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('request', (request) => {
          if (!request.url().startsWith('file:'))
            problems.push(`network request: ${request.url()}`);
        });
        await page.goto(`file://${file}`);
        // The demo has 8 activities and 4 teams.
        expect(await page.locator('svg g.activity').count()).toBe(8);
        // Overview, duration chart, map, bottlenecks, variants, pass rates, activities,
        // segments, segment chart, source.
        expect(await page.locator('section').count()).toBe(10);
        // ECharts drew both charts (inlined: no network request is allowed below).
        expect(await page.locator('#chart-durations svg').count()).toBe(1);
        expect(await page.locator('#chart-segments svg').count()).toBe(1);
        expect(await page.locator('table').count()).toBe(5);
        expect(await page.locator('html').getAttribute('lang')).toBe(
          language === 'zh' ? 'zh-CN' : 'en',
        );
        expect(await page.locator('h2').first().textContent()).toBe(
          language === 'zh' ? '概览' : 'Overview',
        );
        // The detail slider hides rare hand-offs.
        const arcs = page.locator('svg g[data-count]');
        const visibleBefore = await arcs.evaluateAll(
          (elements) =>
            elements.filter(
              (el) => (el as unknown as { style: { display: string } }).style.display !== 'none',
            ).length,
        );
        await page.locator('#detail').fill('200');
        const visibleAfter = await arcs.evaluateAll(
          (elements) =>
            elements.filter(
              (el) => (el as unknown as { style: { display: string } }).style.display !== 'none',
            ).length,
        );
        expect(visibleAfter).toBeGreaterThan(0);
        expect(visibleAfter).toBeLessThan(visibleBefore);
        const screenshot = await page.screenshot({
          fullPage: true,
          path: path.join(folder, `report-${language}.png`),
        });
        expect(screenshot.length).toBeGreaterThan(10_000);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
