import { analyzeLog, EventLogBuilder } from '@pipewise/engine';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtmlReport } from './render-html-report.ts';

describe('renderHtmlReport', () => {
  const builder = new EventLogBuilder();
  builder.add('D1', '<script>alert(1)</script>', 0);
  builder.add('D1', 'Won & "closed"', 3_600_000);
  const html = renderHtmlReport({
    title: 'deals.csv',
    analysis: analyzeLog(builder.build()),
    language: 'en',
    formatDuration: (ms) => `${ms / 3_600_000}h`,
    formatInstant: (ms) => new Date(ms).toISOString(),
    sourceLines: ['Read: 2 rows'],
  });

  it('escapes names from the data, so a file cannot inject markup', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain(escapeHtml('<script>alert(1)</script>'));
    expect(escapeHtml(`a<b>&"c'`)).toBe('a&#60;b&#62;&#38;&#34;c&#39;');
  });

  it('needs nothing from the network', () => {
    expect(html).not.toMatch(/(?:src|href)=["']https?:/);
  });

  it('draws the hand-off with its count and median', () => {
    expect(html).toContain('data-count="1"');
    expect(html).toContain('1 · 1h');
  });

  it('opens a large map with its 30 most frequent hand-offs shown, the rest one slider move away', () => {
    // 40 arcs A0 → Bk seen k + 1 times each: the 30th most frequent is seen 11 times.
    const many = new EventLogBuilder();
    for (let k = 0; k < 40; k++) {
      for (let r = 0; r <= k; r++) {
        many.add(`c${k}-${r}`, 'A0', 0);
        many.add(`c${k}-${r}`, `B${k}`, 1000);
      }
    }
    const page = renderHtmlReport({
      title: 'many',
      analysis: analyzeLog(many.build()),
      language: 'en',
      formatDuration: String,
      formatInstant: String,
      sourceLines: [],
    });
    expect(page).toContain('value="11"');
    expect(page.match(/data-count="\d+" style="display:none"/g)?.length).toBe(10);
  });

  it('puts a definition on every figure: each number in a table, and the overview', () => {
    const deals = new EventLogBuilder();
    for (const [deal, hours] of [
      ['D1', 2],
      ['D2', 5],
      ['D3', 9],
    ] as const) {
      deals.add(deal, 'Quote', 0);
      deals.add(deal, 'Won', hours * 3_600_000);
    }
    const analysis = analyzeLog(deals.build());
    for (const language of ['en', 'zh'] as const) {
      const page = renderHtmlReport({
        title: 'deals.csv',
        analysis,
        language,
        formatDuration: (ms) => `${ms / 3_600_000}h`,
        formatInstant: (ms) => new Date(ms).toISOString(),
        sourceLines: [],
      });
      const cells = [...page.matchAll(/<td([^>]*)>([^<]*)<\/td>/g)];
      // Every cell holding a figure (not the rank column) has a title; names need none.
      const figures = cells.filter(([, , text]) => /^[\d.,]+(h|%)?$/.test(text!) && text !== '1');
      expect(figures.length).toBeGreaterThan(5);
      for (const [, attributes, text] of figures) expect(attributes, text).toMatch(/title="[^"]+"/);
      const overview = page.slice(page.indexOf('class="figures"'), page.indexOf('</section>'));
      expect(overview.match(/<span title="/g)?.length).toBe(7);
    }
  });
});
