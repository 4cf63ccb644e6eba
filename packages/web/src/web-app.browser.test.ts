import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasChromium, launchChromium } from '@pipewise/diagrams/testing/chromium';
import { loadConfig, type RunningServer, startServer } from '@pipewise/server';
import JSZip from 'jszip';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Screenshots of each step, kept as CI artifacts. */
const ARTIFACTS = path.join(import.meta.dirname, '../../../test-artifacts/web');

const VITE = path.join(
  path.dirname(fileURLToPath(import.meta.resolve('vite/package.json'))),
  'bin/vite.js',
);

/** A small CRM export for the upload: five deals. */
const EXPORT_CSV = [
  '商机编号,阶段,时间,负责人',
  'D1,线索,2026-03-02 09:00,王芳',
  'D1,报价,2026-03-04 10:00,王芳',
  'D1,合同评审,2026-03-05 11:00,周雅琴',
  'D1,赢单,2026-03-12 15:00,王芳',
  'D2,线索,2026-03-03 09:30,李雷',
  'D2,报价,2026-03-06 16:00,李雷',
  'D2,输单,2026-03-09 10:00,李雷',
  'D3,线索,2026-03-03 14:00,王芳',
  'D3,报价,2026-03-05 09:00,王芳',
  'D3,合同评审,2026-03-06 10:00,周雅琴',
  'D3,赢单,2026-03-16 12:00,王芳',
  '',
].join('\n');

const BROKEN_CSV = '商机编号,阶段,时间\nD1,线索,2026-03-02 09:00\nD1,报价,下周一\n';

describe.skipIf(!hasChromium)('the web app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const folders: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'pipewise-web-'));
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pipewise-web-data-'));
    folders.push(webDir, dataDir);
    // Built as `npm start` builds it, in its own process (vitest's NODE_ENV=test
    // would make React's development JSX in a production bundle).
    execFileSync(
      process.execPath,
      [VITE, 'build', '--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: path.join(import.meta.dirname, '..'),
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    const loaded = loadConfig({}, { port: 0, dataDir, webDir, demo: true, logLevel: 'silent' });
    if (!loaded.ok) throw new Error(loaded.message);
    server = await startServer(loaded.config);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('console', (message) => {
      // Answers the tests provoke on purpose, which the browser logs: a
      // refused sign-in and the session check before it (401), a survey form
      // with cells to fix (400).
      const isProvoked = [
        ['status of 401', /\/api\/session$/],
        ['status of 400', /\/survey-form$/],
        ['status of 415', /\/materials$/],
      ].some(
        ([status, url]) =>
          message.text().includes(status as string) && (url as RegExp).test(message.location().url),
      );
      if (message.type() === 'error' && !isProvoked)
        consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  /**
   * Chooses an option of an Ant Design select: opens it and clicks the option
   * in the dropdown that is showing (closed dropdowns stay in the page), again
   * if the choice did not take (a click during the dropdown's animation).
   */
  const choose = async (select: Locator, option: RegExp, shows: () => Promise<boolean>) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await select.click();
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: option })
        .click({ timeout: 5_000 })
        .catch(() => undefined);
      if (
        await expect
          .poll(shows, { timeout: 3_000 })
          .toBe(true)
          .then(
            () => true,
            () => false,
          )
      )
        return;
      await page.keyboard.press('Escape');
    }
    throw new Error(`could not choose ${option} in the select`);
  };

  const shoot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('opens on the sign-in page in the browser’s language and says what is wrong with a bad password', async () => {
    await page.goto(`${server.url}/projects`);
    await page.waitForURL(/\/sign-in$/);
    await expect.poll(() => page.getByRole('heading', { name: '登录 Pipewise' }).count()).toBe(1);
    await page.getByLabel('邮箱').fill('owner@demo.pipewise');
    await page.getByLabel('密码').fill('wrong password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('邮箱或密码错误。').waitFor();
    await shoot('01-sign-in-error');
  });

  it('signs the demo process owner in and lists the demo project', async () => {
    await page.getByLabel('密码').fill('pipewise-demo');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('heading', { name: '流程优化项目' }).waitFor();
    await page.getByRole('link', { name: '销售流程优化（演示）' }).waitFor();
    await shoot('02-projects');
  });

  it('creates a project and opens its home with the five steps', async () => {
    await page.getByRole('button', { name: '新建项目' }).click();
    await page.getByLabel('名称').fill('华北合同评审提速');
    await page.getByLabel('说明').fill('法务评审没有时限');
    await page.getByRole('dialog').getByRole('button', { name: '新建项目' }).click();
    await page.getByRole('heading', { name: '华北合同评审提速' }).waitFor();
    for (const phase of ['现状调研', '问题诊断', '流程设计', '试点运行', '全面推广'])
      expect(await page.getByText(phase).count()).toBeGreaterThan(0);
    await page.getByText('导入一份 CRM 导出数据，看看流程实际如何运行。').waitFor();
    await shoot('03-project-home');
  });

  it('plans and records an interview with answers tagged by step, and sums up who named which step', async () => {
    await page.getByRole('button', { name: '访谈' }).click();
    await page.getByRole('heading', { name: '访谈', exact: true }).waitFor();
    await page.getByRole('button', { name: '添加提纲' }).click();
    const planDialog = page.getByRole('dialog');
    // A new plan starts with the method's three questions.
    await expect.poll(() => planDialog.locator('textarea').count()).toBe(3);
    expect(await planDialog.locator('textarea').first().inputValue()).toBe(
      '当前销售环节中最耗时的步骤是什么？',
    );
    await planDialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await planDialog.waitFor({ state: 'hidden' });
    await page.getByText('客户反馈最多的问题集中在哪？', { exact: true }).waitFor();

    await page.getByRole('button', { name: '记录访谈' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('受访者', { exact: true }).fill('张伟');
    await dialog.getByLabel('回答').first().fill('合同要等法务审，经常一周没有回音');
    const steps = dialog.getByRole('combobox', { name: '涉及的环节' }).first();
    await steps.click();
    await steps.fill('合同评审');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('interview-records').getByText('张伟').waitFor();
    const summary = page.getByTestId('interview-summary');
    await summary.getByText('1 位受访者中有 1 位提到').waitFor();
    expect(await summary.innerText()).toContain('合同评审');
    await shoot('04-interviews');
    await page.getByRole('link', { name: '华北合同评审提速' }).click();
    await page.getByRole('heading', { name: '华北合同评审提速' }).waitFor();
  });

  it('takes the survey form back filled in: every cell to fix listed, then the as-is model', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载现状调研表' }).click();
    expect((await download).suggestedFilename()).toBe('现状流程调研表.xlsx');
    const uploadForm = (name: string, text: string) =>
      page
        .locator('input[type=file][accept=".xlsx,.csv"]')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await uploadForm(
      '调研表.csv',
      '序号,环节,负责人,预计耗时\n1,需求沟通,销售代表,2小时\n2,合同审核,,一阵子\n',
    );
    const problems = page.getByTestId('survey-problems');
    await problems.waitFor();
    const text = await problems.innerText();
    expect(text).toContain('调研表有 2 处需要修改，未保存任何内容。');
    expect(text).toContain('该环节没有负责人');
    expect(text).toContain('耗时无法识别');
    expect(text).toContain('一阵子');
    await shoot('05-survey-form-errors');
    await uploadForm(
      '调研表.csv',
      '序号,环节,负责人,预计耗时,痛点\n1,需求沟通,销售代表,2小时,\n2,合同审核,法务,5个工作日,没有时限\n3,签约,销售代表,30分钟,\n',
    );
    await page.getByTestId('swimlane-chart').locator('svg').waitFor();
    expect(await page.getByTestId('swimlane-chart').textContent()).toContain('合同审核');
    await page.getByRole('link', { name: '华北合同评审提速' }).click();
    await page.getByTestId('project-models').waitFor();
  });

  it('edits the as-is model as a table beside its chart: rename, add, merge, undo and redo, saved', async () => {
    await page.getByTestId('project-models').getByRole('link').first().click();
    const chart = page.getByTestId('swimlane-chart');
    await chart.locator('svg').waitFor();
    const table = page.getByTestId('model-table');
    // Typing a name redraws the chart at once; leaving the field saves it.
    const name = table.getByLabel('环节 合同审核', { exact: true });
    await name.fill('法务合同评审');
    await expect.poll(() => chart.textContent()).toContain('法务合同评审');
    await name.press('Enter');
    await table.getByRole('button', { name: '在其后添加环节 需求沟通' }).click();
    await expect.poll(() => chart.textContent()).toContain('新环节');
    await table.getByRole('button', { name: '与下一环节合并 需求沟通' }).click();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await chart.textContent()).not.toContain('新环节');
    await page.getByRole('button', { name: /撤\s*销/ }).click();
    await expect.poll(() => chart.textContent()).toContain('新环节');
    await page.getByRole('button', { name: /重\s*做/ }).click();
    await expect.poll(() => chart.textContent()).not.toContain('新环节');
    // A new lane, and a step moved into it.
    await page.getByLabel('新泳道（负责人）').fill('法务经理');
    await page.getByRole('button', { name: '添加泳道' }).click();
    await expect.poll(() => chart.textContent()).toContain('法务经理');
    await choose(
      table.getByRole('combobox', { name: '泳道（负责人） 签约' }),
      /^法务经理$/,
      async () => (await table.getByRole('row').filter({ hasText: '法务经理' }).count()) === 1,
    );
    // An unreadable duration is refused and changes nothing.
    const estimate = table.getByLabel('预计耗时 签约', { exact: true });
    await estimate.fill('一会儿');
    await estimate.press('Enter');
    await page.getByText('“一会儿”不是可识别的耗时').waitFor();
    await shoot('06-model-editor');
    // Everything was saved: a reload shows the same model.
    await page.waitForTimeout(300);
    await page.reload();
    await chart.locator('svg').waitFor();
    expect(await chart.textContent()).toContain('法务合同评审');
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(3);
    // Exports.
    const png = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 PNG' }).click();
    expect((await png).suggestedFilename()).toMatch(/\.png$/);
    const bpmn = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 BPMN' }).click();
    expect((await bpmn).suggestedFilename()).toMatch(/\.bpmn$/);
    await page.getByRole('link', { name: '华北合同评审提速' }).click();
    await page.getByRole('heading', { name: '华北合同评审提速' }).waitFor();
  });

  it('registers materials: a file kept on the server and a link, tagged with steps and marked', async () => {
    await page.getByRole('button', { name: '资料' }).click();
    await page.getByRole('heading', { name: '资料', exact: true }).waitFor();
    const addMaterial = async (fill: () => Promise<void>) => {
      await page.getByRole('button', { name: '添加资料' }).click();
      const dialog = page.getByRole('dialog');
      await fill();
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      return dialog;
    };
    // A "PDF" that is not one is refused, and nothing is added.
    let dialog = await addMaterial(async () => {
      await page.getByRole('dialog').getByLabel('标题').fill('伪装的文件');
      await page
        .getByRole('dialog')
        .locator('input[type=file]')
        .setInputFiles({ name: 'SOP.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ') });
    });
    await dialog.getByText('文件内容与文件名不符。').waitFor();
    await dialog.getByRole('button', { name: /取\s*消|Cancel/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    dialog = await addMaterial(async () => {
      const form = page.getByRole('dialog');
      await form.getByLabel('标题').fill('合同评审 SOP');
      await form.locator('input[type=file]').setInputFiles({
        name: '合同评审SOP.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%%EOF'),
      });
      const steps = form.getByRole('combobox', { name: '涉及的环节' });
      await steps.click();
      await steps.fill('合同评审');
      await page.keyboard.press('Enter');
      await form.getByText('关键节点').click();
    });
    await dialog.waitFor({ state: 'hidden' });
    dialog = await addMaterial(async () => {
      const form = page.getByRole('dialog');
      await form.getByLabel('标题').fill('2025 年丢单复盘');
      await form.getByText('链接', { exact: true }).click();
      await form.getByPlaceholder('https://').fill('https://wiki.example.com/retro');
      await form.getByText('异常记录').click();
    });
    await dialog.waitFor({ state: 'hidden' });
    const table = page.getByTestId('materials');
    const sop = table.getByRole('row').filter({ hasText: '合同评审 SOP' });
    await sop.waitFor();
    expect(await sop.innerText()).toMatch(/合同评审[\s\S]*关键节点[\s\S]*合同评审SOP\.pdf/);
    const download = page.waitForEvent('download');
    await sop.getByRole('link').click();
    expect((await download).suggestedFilename()).toBe('合同评审SOP.pdf');
    const retro = table.getByRole('row').filter({ hasText: '2025 年丢单复盘' });
    expect(await retro.innerText()).toContain('异常记录');
    await shoot('07-materials');
    await page.getByRole('link', { name: '华北合同评审提速' }).click();
    await page.getByRole('heading', { name: '华北合同评审提速' }).waitFor();
  });

  it('imports a CRM export into the new project with a preview and guessed columns, then shows its map', async () => {
    await page.getByRole('button', { name: '数据流程发现' }).click();
    await page.getByText('本项目还没有数据集').waitFor();
    await page.getByRole('button', { name: '导入 CRM 导出数据' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: '商机阶段.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(EXPORT_CSV),
    });
    await page.getByTestId('upload-preview').getByText('D1').first().waitFor();
    // The columns were guessed from the header.
    const chosenFor = (label: string) =>
      page.getByRole('dialog').locator('.ant-form-item').filter({ hasText: label }).innerText();
    await expect.poll(() => chosenFor('案例（商机、订单）')).toContain('商机编号');
    expect(await chosenFor('活动（阶段）')).toContain('阶段');
    expect(await chosenFor('负责人（可选）')).toContain('负责人');
    await shoot('08-upload-preview');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /导\s*入/ })
      .click();
    await page.getByTestId('process-map').waitFor();
    await expect.poll(() => page.locator('[data-activity]').count()).toBe(5);
    await page.getByTestId('cases-shown').getByText('3 个案例，11 个事件').waitFor();
    await shoot('09-imported-map');
  });

  it('shows where a broken export is wrong, in the user’s language, and stores nothing', async () => {
    await page.getByRole('button', { name: '导入 CRM 导出数据' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BROKEN_CSV),
    });
    await page.getByTestId('upload-preview').waitFor();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /导\s*入/ })
      .click();
    const error = page.getByTestId('import-error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('导入失败，未保存任何内容。');
    expect(text).toContain('时间无法识别');
    expect(text).toContain('第 3 行');
    expect(text).toContain('“时间”列');
    await shoot('10-import-error');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /返\s*回/ })
      .click();
    // Still one dataset in the project.
    expect(await page.getByRole('combobox', { name: '数据集' }).count()).toBe(1);
  });

  it('finds the demo’s bottleneck: 华北’s legal review, on the map and in the segment comparison', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    await page.getByRole('button', { name: '数据流程发现' }).click();
    await page.getByTestId('process-map').waitFor();
    await page.locator('[data-activity="合同评审"]').waitFor();
    // The slowest hand-offs list has legal review near the top.
    const bottlenecks = await page.getByTestId('bottlenecks').innerText();
    expect(bottlenecks).toContain('合同评审');
    // Keyboard: an activity of the map is reached with Tab and chosen with Enter.
    const review = page.locator('[data-activity="合同评审"]');
    await review.focus();
    expect(await review.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page
      .getByTestId('selection-figures')
      .getByRole('heading', { name: '合同评审' })
      .waitFor();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () => document.activeElement?.getAttribute('data-activity') ?? 'moved on',
      ),
    ).not.toBe('合同评审');
    // Click the hand-off out of legal review on the map: its figures appear.
    await page.locator('[data-arc="合同评审 → 赢单"]').click();
    await page.getByTestId('selection-figures').getByText('合同评审 → 赢单').waitFor();
    // And the cases behind it, slowest first.
    const behind = page.getByTestId('cases-behind');
    await behind.getByText(/涉及的 [\d,]+ 个案例（最慢的在前）/).waitFor();
    expect(await behind.locator('tbody tr.ant-table-row').count()).toBe(10);
    // The detail slider hides hand-offs: fewer arcs at its lowest.
    const before = await page.locator('[data-arc]').count();
    const slider = page.getByRole('slider', { name: '细节' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('[data-arc]').count()).toBeLessThan(before);
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-arc]').count()).toBeGreaterThanOrEqual(before);
    // Filter to the cases that reached legal review, then remove the filter.
    const shownText = () => page.getByTestId('cases-shown').innerText();
    const allCases = await shownText();
    const panel = page.getByTestId('filter-panel');
    await choose(
      panel.getByRole('combobox', { name: '筛选条件' }),
      /^活动$/,
      async () => (await panel.getByRole('combobox', { name: '活动' }).count()) === 1,
    );
    // Typed and chosen with Enter (the search select), which does not race the dropdown's animation.
    const activityBox = panel.getByRole('combobox', { name: '活动' });
    await activityBox.click();
    await activityBox.fill('合同评审');
    await page.keyboard.press('Enter');
    const addFilter = panel.getByRole('button', { name: '添加筛选' });
    await expect.poll(() => addFilter.isEnabled()).toBe(true);
    await addFilter.click();
    const tag = panel.getByText(/包含 合同评审 \([\d]+\/[\d]+\)/);
    await tag.waitFor();
    await expect.poll(shownText).not.toBe(allCases);
    await panel.getByLabel('移除筛选').click();
    await expect.poll(shownText).toBe(allCases);
    // Compare by region: 华北's slowest hand-off is legal review.
    await page.getByRole('tab', { name: '分组对比' }).click();
    await choose(
      page.getByRole('combobox', { name: '对比维度' }),
      /^区域$/,
      async () => (await page.getByTestId('segments').count()) === 1,
    );
    const north = page.getByTestId('segments').getByRole('row').filter({ hasText: '华北' });
    await north.waitFor();
    // (Lost or won after it: either way the case waited in legal review.)
    expect(await north.innerText()).toMatch(/合同评审 → /);
    await shoot('11-demo-bottleneck');
  });

  it('turns the discovered map into the project’s as-is model, drawn as a swimlane chart', async () => {
    await page.getByRole('button', { name: '用作现状流程' }).click();
    await page.getByText('第 1 版').waitFor();
    const chart = page.getByTestId('swimlane-chart');
    await chart.locator('svg').waitFor();
    expect(await chart.textContent()).toContain('合同评审');
    await shoot('12-as-is-model');
    // The project home lists it.
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    await page.getByTestId('project-models').getByText('（现状，来自数据）').waitFor();
    // The to-be draft's estimates beside what the data measures.
    await page.getByTestId('project-models').getByRole('link', { name: '销售到售后流程' }).click();
    const comparison = page.getByTestId('estimate-comparison');
    const review = comparison.getByRole('row').filter({ hasText: '合同评审' });
    await review.waitFor();
    expect(await review.innerText()).toMatch(/2个工作日[\s\S]*天[\s\S]*(一致|比预计)/);
    expect(await comparison.innerText()).toContain('一次录入（CRM同步ERP）');
    // The draft's rules in words, and its gate before contract review tried.
    await expect
      .poll(() => page.getByTestId('rules').innerText())
      .toContain('超过 72 工作小时 升级至 销售总监（企业微信）');
    const gate = page.getByTestId('gate-try');
    await expect.poll(() => gate.innerText()).toContain('合同评审前须完成信用检查并上传已签报价单');
    await gate.getByRole('checkbox', { name: '信用检查' }).check();
    await gate.getByRole('checkbox', { name: '已签报价单' }).check();
    await expect.poll(() => gate.innerText()).toContain('满足所有准入条件');
    await shoot('12-estimates-vs-measured');
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    await page.getByRole('button', { name: '数据流程发现' }).click();
    await page.getByTestId('process-map').waitFor();
  });

  it('runs a scoring round with three raters on the demo’s as-is model and shows the heat map, lowest step first', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    await page
      .getByTestId('scoring-links')
      .getByRole('link', { name: /销售到售后流程，第 1 版/ })
      .click();
    await page.getByRole('heading', { name: '环节评分' }).waitFor();
    // The process owner opens the round: herself, the sales manager and legal as raters.
    const raters = page.getByRole('combobox', { name: '评分人' });
    const ratersItem = page.locator('.ant-form-item').filter({ hasText: '评分人' });
    // Typed and chosen with Enter: the demo has two dozen members, more than the list shows.
    for (const name of ['林晓雯', '王建国', '周雅琴']) {
      await raters.click();
      await raters.fill(name);
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: name })
        .waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await ratersItem.innerText()).includes(name)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '开始评分' }).click();
    await page.getByText('评分已开始：评分人在本页即可看到').waitFor();
    // She is a rater too: her sheet, steps × four dimensions, filled in the browser.
    const sheet = page.getByTestId('scoring-sheet');
    await sheet.getByText('合同评审').waitFor();
    for (const [dimension, score] of [
      ['效率', '1'],
      ['效果', '2'],
      ['合规', '4'],
      ['客户体验', '1'],
    ] as const) {
      await sheet
        .getByRole('spinbutton', { name: `合同评审 ${dimension}`, exact: true })
        .fill(score);
    }
    await sheet.getByRole('textbox', { name: '合同评审 评语' }).fill('法务审核没有时限');
    await shoot('15-scoring-sheet');
    await sheet.getByRole('button', { name: '保存我的评分' }).click();
    await page.getByText('已保存：4 个分数，1 条评语').waitFor();
    // The manager and legal score through the API, each in their own session.
    const scoreAs = async (email: string, sheets: Record<string, number[]>) => {
      const other = await browser.newContext();
      try {
        const signIn = await other.request.post(`${server.url}/api/session`, {
          data: { email, password: 'pipewise-demo' },
        });
        const { csrfToken } = (await signIn.json()) as { csrfToken: string };
        const [round] = (await (
          await other.request.get(`${server.url}/api/my-scoring-rounds`)
        ).json()) as { id: string }[];
        const mine = (await (
          await other.request.get(`${server.url}/api/scoring-rounds/${round!.id}/sheet`)
        ).json()) as { steps: { id: string; name: { zh?: string } }[] };
        const idOf = (name: string) => mine.steps.find((step) => step.name.zh === name)!.id;
        const saved = await other.request.put(
          `${server.url}/api/scoring-rounds/${round!.id}/sheet`,
          {
            headers: { 'x-csrf-token': csrfToken },
            data: {
              entries: Object.entries(sheets).map(([name, [a, b, c, d]]) => ({
                stepId: idOf(name),
                scores: {
                  efficiency: a,
                  effectiveness: b,
                  compliance: c,
                  'customer-experience': d,
                },
              })),
            },
          },
        );
        expect(saved.status()).toBe(200);
        return round!.id;
      } finally {
        await other.close();
      }
    };
    await scoreAs('manager@demo.pipewise', { 合同评审: [2, 2, 5, 1], 报价: [4, 4, 4, 3] });
    const roundId = await scoreAs('legal@demo.pipewise', { 合同评审: [4, 3, 5, 2] });
    // The sheet also downloads as Excel.
    const workbook = await page.request.get(
      `${server.url}/api/scoring-rounds/${roundId}/sheet.xlsx?lang=zh`,
    );
    expect(workbook.headers()['content-type']).toContain('spreadsheetml');
    await page.reload();
    const heatMap = page.getByTestId('scoring-heat-map');
    await heatMap.getByText('合同评审').waitFor();
    // 合同评审: efficiency 1, 2, 4 (disputed), effectiveness 2, 2, 3, compliance 4, 5, 5,
    // customer experience 1, 1, 2: step mean (7/3 + 7/3 + 14/3 + 4/3) / 4 ≈ 2.7; 报价 3.75 ≈ 3.8.
    const rows = heatMap.locator('tbody tr.ant-table-row');
    expect(await rows.nth(0).innerText()).toMatch(/合同评审[\s\S]*意见分歧[\s\S]*2\.7/);
    expect(await rows.nth(1).innerText()).toMatch(/报价[\s\S]*3\.8/);
    expect(await rows.nth(2).innerText()).toContain('未评分');
    expect(await rows.nth(0).innerText()).toContain('林晓雯: 法务审核没有时限');
    // Progress: cells scored of steps × 4.
    const cells = (await rows.count()) * 4;
    const progress = await page.getByTestId('scoring-progress').innerText();
    expect(progress).toMatch(new RegExp(`林晓雯[\\s\\S]*已评 4 / ${cells}`));
    expect(progress).toMatch(new RegExp(`王建国[\\s\\S]*已评 8 / ${cells}`));
    expect(progress).toMatch(new RegExp(`周雅琴[\\s\\S]*已评 4 / ${cells}`));
    // The chart colours the steps by their mean, with its legend.
    const chart = page.getByTestId('scoring-chart');
    expect(await chart.textContent()).toContain('环节均分（1–5）');
    await shoot('16-scoring-heat-map');
  });

  it('diagnoses the demo: findings with evidence, indicators beside the scores, and a problem register classed by root cause', async () => {
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    await page.getByRole('button', { name: '问题诊断' }).click();
    await page.getByRole('heading', { name: '问题诊断' }).waitFor();
    await page.getByRole('button', { name: '运行检测' }).click();
    const findings = page.getByTestId('findings');
    // The model's detectors: customer data typed into three systems; no after-sales hand-off.
    await findings.getByText('“客户资料”被录入 3 次', { exact: false }).waitFor();
    expect(await findings.innerText()).toContain('缺少售后交接');
    // Compared by team: 华北's legal review.
    await choose(
      page.getByRole('combobox', { name: '按此分组对比' }),
      /^团队$/,
      async () => (await page.locator('.ant-select').filter({ hasText: '团队' }).count()) > 0,
    );
    await page.getByRole('button', { name: '运行检测' }).click();
    await findings.getByText('团队: 华北区销售组').first().waitFor();
    // The cases behind it: 华北's deals through that hand-off, slowest first.
    await findings
      .locator('.ant-list-item')
      .filter({ hasText: '团队: 华北区销售组' })
      .first()
      .getByRole('button', { name: '查看相关案例' })
      .click();
    await expect
      .poll(() => page.getByTestId('finding-cases').innerText())
      .toMatch(/共 \d+ 个案例，最慢的在前：[\s\S]*这次交接用时/);
    // Beside the scores of the round before: 合同评审 scored 2.7, and what the data says.
    const indicators = page.getByTestId('indicators');
    const review = indicators.locator('tr').filter({ hasText: '合同评审' });
    await expect.poll(() => review.innerText()).toMatch(/2\.7/);
    await shoot('17-diagnosis');
    await page.getByRole('button', { name: /全部 \d+ 条加入问题清单/ }).click();
    await page
      .getByText(/已加入问题清单 \d+ 条/)
      .first()
      .waitFor();
    await expect.poll(() => findings.getByText('已在清单中').count()).toBeGreaterThan(1);
    // The low-scored step, from opinion.
    const lowScores = page.locator('.ant-list-item').filter({ hasText: '意见分歧' });
    await lowScores.getByRole('button', { name: '加入问题清单' }).first().click();
    await page.getByText('已加入问题清单 1 条').waitFor();

    await page.getByRole('button', { name: /(^|\s)问题清单$/ }).click();
    await page.getByRole('heading', { name: '问题清单' }).waitFor();
    const table = page.getByTestId('problems');
    await table.getByText('“合同评审”评分低').waitFor();
    await page.getByTestId('pareto').locator('svg').waitFor();
    // Class the triple data entry by root cause and move it on.
    await table.getByText('“客户资料”被录入 3 次', { exact: false }).click();
    const drawer = page.locator('.ant-drawer');
    await choose(
      drawer.getByRole('combobox', { name: '根因类别' }),
      /^流程设计$/,
      async () => (await drawer.locator('.ant-select').filter({ hasText: '流程设计' }).count()) > 0,
    );
    await choose(
      drawer.getByRole('combobox', { name: '状态' }),
      /^处理中$/,
      async () => (await drawer.locator('.ant-select').filter({ hasText: '处理中' }).count()) > 0,
    );
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').first().waitFor();
    const entry = table.locator('tr').filter({ hasText: '客户资料' });
    await expect.poll(() => entry.innerText()).toMatch(/流程设计[\s\S]*处理中/);
    await shoot('18-problem-register');
    const exported = await page.request.get(
      `${server.url}${await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href')}`,
    );
    expect(exported.headers()['content-type']).toContain('spreadsheetml');
  });

  it('defines the two new KPIs of the method and computes them against the to-be process', async () => {
    const projectUrl = new URL(
      (await page.getByRole('link', { name: '销售流程优化（演示）' }).getAttribute('href'))!,
      server.url,
    );
    await page.goto(`${projectUrl.href}/kpis`);
    await page.getByRole('heading', { name: '关键指标' }).waitFor();
    const define = async (name: string, kind: RegExp, fill: () => Promise<void>) => {
      await page.getByRole('button', { name: /新建指标/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('指标', { exact: true }).fill(name);
      await choose(
        dialog.getByRole('combobox', { name: '指标模块' }),
        kind,
        async () => (await dialog.locator('.ant-select').filter({ hasText: kind }).count()) > 0,
      );
      await fill();
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('指标已保存').first().waitFor();
      await expect.poll(() => dialog.count()).toBe(0);
    };
    await define('流程遵循率', /^流程遵循率$/, async () => {
      await page.getByRole('dialog').getByRole('spinbutton', { name: '目标（%）' }).fill('80');
    });
    await define('客户响应及时率', /^响应及时率$/, async () => {
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('起点（活动）').fill('线索');
      await dialog.getByLabel('终点（活动）').fill('需求确认');
      await dialog.getByRole('spinbutton', { name: '时限（小时）' }).fill('24');
      await dialog.getByRole('spinbutton', { name: '目标（%）' }).fill('90');
    });
    // Against the demo's to-be version.
    await choose(
      page.getByRole('combobox', { name: '流程模型' }),
      /优化后草案/,
      async () => (await page.locator('.ant-select').filter({ hasText: '优化后草案' }).count()) > 0,
    );
    await page.getByRole('button', { name: /计\s*算/ }).click();
    const table = page.getByTestId('kpis');
    await page.getByText(/基于 [\d,]+ 个案例/).waitFor();
    const adherence = table.locator('tr').filter({ hasText: '流程遵循率' });
    const timeliness = table.locator('tr').filter({ hasText: '客户响应及时率' });
    await expect
      .poll(() => adherence.innerText())
      .toMatch(/≥ 80\.0%[\s\S]*\d+\.\d%[\s\S]*(达标|未达标)/);
    await expect
      .poll(() => timeliness.innerText())
      .toMatch(/≥ 90\.0%[\s\S]*\d+\.\d%[\s\S]*(达标|未达标)/);
    await shoot('19-kpis');
  });

  it('derives a to-be version, merges the triple data entry for a problem of the register, and shows the change log and the comparison', async () => {
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    // The as-is version 1, by way of its scoring page (the project lists each version there).
    await page
      .getByTestId('scoring-links')
      .getByRole('link', { name: /销售到售后流程，第 1 版/ })
      .click();
    await page.getByRole('heading', { name: '环节评分' }).waitFor();
    await page.getByRole('link', { name: '销售流程（现状）', exact: true }).click();
    await page.getByTestId('swimlane-chart').locator('svg').waitFor();
    const asIsUrl = page.url();
    await page.getByRole('button', { name: /派生优化后版本/ }).click();
    await expect.poll(() => page.url()).not.toBe(asIsUrl);
    await page.getByText('与派生来源版本对比').waitFor();
    const note = page.getByTestId('change-note');
    await note
      .getByRole('textbox', { name: '修改原因（随每次保存记录）' })
      .fill('客户资料只录入一次，自动同步');
    await choose(
      note.getByRole('combobox', { name: '针对的问题' }),
      /“客户资料”被录入 3 次/,
      async () => (await note.locator('.ant-select-selection-item').count()) > 0,
    );
    await page.keyboard.press('Escape');
    const table = page.getByTestId('model-table');
    // The triple data entry: CRM, ERP and the quoting system become one step.
    await table.getByRole('button', { name: '与下一环节合并 录入CRM' }).click();
    const log = page.getByTestId('change-log');
    await expect
      .poll(() => log.innerText())
      .toMatch(/合并环节[\s\S]*客户资料只录入一次，自动同步[\s\S]*客户资料/);
    await expect.poll(() => table.getByRole('textbox', { name: '环节 录入ERP' }).count()).toBe(0);
    await table.getByRole('button', { name: '与下一环节合并 录入CRM' }).click();
    await expect
      .poll(() => table.getByRole('textbox', { name: '环节 录入报价系统' }).count())
      .toBe(0);
    await expect.poll(() => page.getByTestId('diff-summary').innerText()).not.toContain('无变化');
    expect(await page.getByTestId('version-diff').locator('svg').count()).toBe(1);
    // Overlaid: one chart, the merged-away entry dashed where it was.
    await page.getByText('叠加对比', { exact: true }).click();
    const overlay = page.getByTestId('version-diff').locator('g[data-side="overlay"]');
    await overlay.waitFor();
    expect(
      await overlay.locator('g.step[data-diff="merged"] [stroke-dasharray="6 4"]').count(),
    ).toBe(2);
    await shoot('20a-overlay-diff');
    await page.getByText('上下对比', { exact: true }).click();
    // The after-sales hand-off: a lane of its own and a hand-off step after winning.
    await page.getByRole('textbox', { name: '新泳道（负责人）' }).fill('售后');
    await page.getByRole('button', { name: /添加泳道/ }).click();
    await table.getByRole('button', { name: '在其后添加环节 赢单' }).click();
    const newStep = table.getByRole('textbox', { name: '环节 新环节' });
    await newStep.fill('移交售后');
    await newStep.press('Tab');
    const handOffRow = table.locator('tr', {
      has: page.getByRole('textbox', { name: '环节 移交售后' }),
    });
    await choose(
      table.getByRole('combobox', { name: '泳道（负责人） 移交售后' }),
      /^售后$/,
      async () =>
        (await handOffRow
          .locator('.ant-select')
          .filter({ hasText: /^售后$/ })
          .count()) > 0,
    );
    await choose(
      table.getByRole('combobox', { name: '类型 移交售后' }),
      /^交接$/,
      async () =>
        (await handOffRow
          .locator('.ant-select')
          .filter({ hasText: /^交接$/ })
          .count()) > 0,
    );
    // It leads to the end (its place after winning); a flow drawn from it by mistake is undone.
    const chips = handOffRow.locator('.ant-select-selection-item');
    await expect.poll(() => chips.filter({ hasText: '结束' }).count()).toBe(1);
    await choose(
      table.getByRole('combobox', { name: '流向 移交售后' }),
      /^输单$/,
      async () => (await chips.filter({ hasText: '输单' }).count()) > 0,
    );
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /撤\s*销/ }).click();
    await expect.poll(() => chips.filter({ hasText: '输单' }).count()).toBe(0);
    // The 48-working-hour legal deadline with its escalation chain, as a rule.
    await page.getByRole('button', { name: /新增规则/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '名称（可选）' }).fill('法务评审 48 小时');
    await choose(
      dialog.getByRole('combobox', { name: '环节', exact: true }),
      /^合同评审$/,
      async () =>
        (await dialog
          .locator('.ant-select')
          .filter({ hasText: /^合同评审$/ })
          .count()) > 0,
    );
    await dialog.getByRole('spinbutton', { name: '响应时限' }).fill('48');
    for (const [level, after, role] of [
      [1, '48', '法务经理'],
      [2, '72', '销售总监'],
    ] as const) {
      await dialog.getByRole('button', { name: /增加升级级别/ }).click();
      await dialog.getByRole('spinbutton', { name: `第 ${level} 级：超过` }).fill(after);
      await dialog.getByRole('textbox', { name: `第 ${level} 级：通知 角色` }).fill(role);
    }
    await dialog.getByRole('button', { name: /保存规则/ }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // The onboarding task for after-sales on the new step.
    await page.getByRole('button', { name: /新增规则/ }).click();
    const taskDialog = page.getByRole('dialog');
    await choose(
      taskDialog.getByRole('combobox', { name: '规则类型' }),
      /^进入时建任务$/,
      async () =>
        (await taskDialog
          .locator('.ant-select')
          .filter({ hasText: /^进入时建任务$/ })
          .count()) > 0,
    );
    await choose(
      taskDialog.getByRole('combobox', { name: '进入环节' }),
      /^移交售后$/,
      async () =>
        (await taskDialog
          .locator('.ant-select')
          .filter({ hasText: /^移交售后$/ })
          .count()) > 0,
    );
    await taskDialog.getByRole('textbox', { name: '任务', exact: true }).fill('联系客户完成交接');
    await taskDialog.getByRole('textbox', { name: '负责人 角色' }).fill('售后经理');
    await taskDialog.getByRole('spinbutton', { name: '任务时限（可选）' }).fill('8');
    await taskDialog.getByRole('button', { name: /保存规则/ }).click();
    await expect.poll(() => taskDialog.count()).toBe(0);
    const rules = page.getByTestId('rules');
    await expect
      .poll(() => rules.innerText())
      .toContain(
        '进入「合同评审」后须在 48 工作小时 内响应；超过 48 工作小时 升级至 法务经理（邮件）；超过 72 工作小时 升级至 销售总监（邮件）。',
      );
    expect(await rules.innerText()).toContain(
      '进入「移交售后」时为 售后经理（站内） 创建任务「联系客户完成交接」，8 工作小时 内完成。',
    );
    await expect.poll(() => log.innerText()).toMatch(/新增或修改规则/);
    // What the rules would have done over the demo's year of deals.
    await page.getByRole('button', { name: /开始回放/ }).click();
    const replayed = page.getByTestId('rules-replay');
    await replayed.waitFor({ timeout: 60_000 });
    expect(await replayed.innerText()).toMatch(/交接及时率 [\d.]+%/);
    expect(await replayed.innerText()).toMatch(/第 1 级：[\d,]+ · 第 2 级：[\d,]+/);
    await expect.poll(() => page.getByTestId('diff-summary').innerText()).toMatch(/规则变化 2/);
    // What the merge is likely to buy, simulated on the demo's data.
    await page.getByRole('button', { name: /开始模拟/ }).click();
    const simulation = page.getByTestId('simulation');
    await simulation.waitFor({ timeout: 60_000 });
    expect(await simulation.innerText()).toMatch(/中位数[\s\S]*\[[\s\S]*–[\s\S]*\]/);
    expect(await page.getByTestId('simulation-contributions').innerText()).toMatch(
      /合并 录入CRM \+ 录入ERP \+ 录入报价系统/,
    );
    expect(await page.getByTestId('simulation-contributions').innerText()).toMatch(
      /处理时限 合同评审/,
    );
    await shoot('20-to-be-design');
    // The SOP manual of the to-be: written per step, downloaded in both languages, printable.
    await page.getByRole('button', { name: /SOP 手册/ }).click();
    await page.getByRole('heading', { name: '标准作业程序手册', exact: true }).waitFor();
    const editor = page.getByTestId('sop-editor');
    // Written as it will read: Ctrl+B makes bold, "- " at the start of a line starts a list.
    const instructions = editor.getByRole('textbox', { name: '合同评审 操作说明' });
    await instructions.click();
    await page.keyboard.type('收到合同后');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('当天');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('开始审核');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- 核对付款条款');
    await page.keyboard.press('Enter');
    await page.keyboard.type('核对违约责任');
    expect(await instructions.locator('strong').innerText()).toBe('当天');
    expect(await instructions.locator('ul li').allInnerTexts()).toEqual([
      '核对付款条款',
      '核对违约责任',
    ]);
    const exceptions = editor.getByRole('textbox', { name: '合同评审 异常处理' });
    await exceptions.fill('超过 48 个工作小时：升级法务经理');
    // The toolbar makes the line a numbered list, and shows it is one.
    const numbered = editor.getByRole('button', { name: '合同评审 异常处理 编号列表' });
    await numbered.click();
    await exceptions.locator('ol li').filter({ hasText: '升级法务经理' }).waitFor();
    expect(await numbered.getAttribute('aria-pressed')).toBe('true');
    // What the writer sees (the page around the editor, not the whole page).
    await instructions.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, '21-sop-editor.png') });
    await editor.getByRole('button', { name: '保存“合同评审”' }).click();
    await page.getByText('已保存').first().waitFor();
    const manual = page.getByTestId('sop-print');
    await expect
      .poll(() => manual.locator('li').filter({ hasText: '核对付款条款' }).count())
      .toBe(1);
    expect(await manual.locator('strong').filter({ hasText: '当天' }).count()).toBe(1);
    expect(await manual.locator('ol li').filter({ hasText: '升级法务经理' }).count()).toBe(1);
    // The rule's deadline and escalation chain are in the manual.
    expect(await manual.innerText()).toContain(
      '超过 48 工作小时 升级至 法务经理（邮件）；超过 72 工作小时 升级至 销售总监（邮件）',
    );
    for (const [button, words] of [
      ['Word（中文）', ['标准作业程序手册', '核对付款条款', '处理时限', '升级至 法务经理']],
      ['Word（英文）', ['SOP manual', 'Instructions', 'Deadline']],
    ] as const) {
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: button }).click();
      const file = await downloading;
      expect(file.suggestedFilename()).toMatch(/\.docx$/);
      const zip = await JSZip.loadAsync(readFileSync((await file.path())!));
      const xml = await zip.file('word/document.xml')!.async('string');
      for (const word of words) expect(xml).toContain(word);
      expect(Object.keys(zip.files).some((name) => name.startsWith('word/media/'))).toBe(true);
    }
    // Printed, only the manual shows.
    await page.emulateMedia({ media: 'print' });
    expect(
      await page.getByRole('heading', { name: '标准作业程序手册', exact: true }).isVisible(),
    ).toBe(false);
    expect(await manual.isVisible()).toBe(true);
    // Nothing above it takes room on paper: the manual starts at the top of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    expect((await manual.boundingBox())!.y).toBeLessThan(40);
    await shoot('22-sop-print');
    await page.emulateMedia({ media: 'screen' });
    // Back where the next test starts: the demo's discovery page.
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    await page.getByRole('button', { name: '数据流程发现' }).click();
    await page.getByTestId('process-map').waitFor();
  });

  it('switches to English, keeps it for the user, and shows every text in English', async () => {
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Discovery from data' }).waitFor();
    await page.getByRole('tab', { name: 'Segments' }).waitFor();
    // Remembered on the server: a fresh browser without local storage opens in English once signed in.
    const fresh = await browser.newContext({ locale: 'zh-CN' });
    const other = await fresh.newPage();
    await other.goto(`${server.url}/sign-in`);
    await other.getByLabel('邮箱').fill('owner@demo.pipewise');
    await other.getByLabel('密码').fill('pipewise-demo');
    await other.getByRole('button', { name: /登\s*录/ }).click();
    await other.getByRole('heading', { name: 'Optimization projects' }).waitFor();
    await fresh.close();
    await page.reload();
    await page.getByRole('heading', { name: 'Discovery from data' }).waitFor();
    await page.getByTestId('process-map').waitFor();
    await shoot('13-english');
    // The design step speaks English too: the demo draft's rules, in words.
    const models = (await (await page.request.get(`${server.url}/api/models`)).json()) as {
      name: string;
      projectId: string;
      versions: { id: string; kind: string }[];
    }[];
    const demo = models.find((model) => model.name === '销售到售后流程')!;
    const draft = demo.versions.find((version) => version.kind === 'to-be')!;
    await page.goto(`${server.url}/projects/${demo.projectId}/models/${draft.id}`);
    const rulesInEnglish = page.getByTestId('rules');
    await expect.poll(() => rulesInEnglish.innerText()).toContain('answer within 48 working hours');
    expect(await rulesInEnglish.innerText()).toContain('escalate to 法务经理 (WeCom)');
    await page.getByText('Try a move against the stage gates').waitFor();
    await page.getByText('Over history: what these rules would have done').waitFor();
    await shoot('13a-rules-english');
    // Back to Chinese for whoever signs in next.
    await page.getByText('中文', { exact: true }).click();
    await page.getByText('规则：时限、升级、提醒、任务、准入').waitFor();
    // Back where the next test starts: the demo's discovery page.
    await page.getByRole('link', { name: '销售流程优化（演示）' }).click();
    await page.getByRole('button', { name: '数据流程发现' }).click();
    await page.getByRole('heading', { name: '数据流程发现' }).waitFor();
  });

  it('works at tablet size and signs out', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: '流程优化项目' }).waitFor();
    await shoot('14-tablet');
    await page.getByRole('button', { name: 'owner@demo.pipewise' }).click();
    await page.getByText('退出登录', { exact: true }).click();
    await page.getByRole('heading', { name: '登录 Pipewise' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // Signed out for real: the API refuses the old session.
    expect((await page.request.get(`${server.url}/api/projects`)).status()).toBe(401);
  });

  it('logged no error in the browser console', () => {
    writeFileSync(
      path.join(ARTIFACTS, 'console-errors.json'),
      JSON.stringify(consoleErrors, null, 2),
    );
    expect(consoleErrors).toEqual([]);
  });
});
