// UI test of the monthly report (沟通效率月度报告): a real VS Code (code-server) in Chromium, with
// its own code-server, opened on a store seeded with two months of records (./reportSeed.ts).
// The report is opened from the command palette as a person does; the charts are looked for in
// the webview (nested iframes), then the theme is switched and the charts must follow; the
// screenshots are test-results/report-light.png and report-dark.png.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { linkExtension, startCodeServer } from '../harness/codeServer';
import type { CodeServer } from '../harness/codeServer';
import { waitFor } from '../harness/processes';
import { ensureTools, projectRoot } from '../harness/tools';
import { writeWorkspace } from '../harness/workspace';
import type { MonthlyReport, RateRow } from '../../src/domain/reportModel';
import { formatDuration, formatPercent, rateRowCells, reportText } from '../../src/webview/reportText';
import { runCommand } from './palette';
import { seedClientSpace, seedReportStore, shanghaiMonth } from './reportSeed';

const results = join(projectRoot, 'test-results');

/** Switches the colour theme with Preferences: Color Theme, as a person does. */
async function pickColorTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget input').fill(label);
  const theme = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
    .first();
  await theme.waitFor();
  await theme.click();
}

/** The webview frame that holds the report page (a webview is an iframe in an iframe). */
function reportFrame(page: Page): Promise<Frame> {
  return waitFor(
    'the report webview',
    async () => {
      for (const frame of page.frames()) {
        if (
          await frame
            .locator('#report[data-theme]')
            .count()
            .catch(() => 0)
        )
          return frame;
      }
      return undefined;
    },
    60_000,
    250,
  );
}

/** Sizes of the canvases that Chart.js drew something on (non-transparent pixels). */
function drawnCanvases(frame: Frame): Promise<{ chart: string; width: number; height: number }[]> {
  return frame.locator('canvas').evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).flatMap((canvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return [];
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) painted++;
      const chart = canvas.closest('[data-chart]')?.getAttribute('data-chart') ?? '?';
      return painted > 100 ? [{ chart, width: canvas.width, height: canvas.height }] : [];
    }),
  );
}

async function figure(frame: Frame, key: string): Promise<string> {
  return (await frame.locator(`[data-figure="${key}"] .value`).innerText()).trim();
}

describe('The monthly report in VS Code, as a person sees it', function () {
  this.timeout(180_000);
  let scratch: string;
  let workspace: string;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const now = new Date();
  const lastMonth = shanghaiMonth(now, -1);
  const storeCopy = (): string => join(scratch, 'store-copy');

  before(async () => {
    const tools = ensureTools();
    mkdirSync(results, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 'liaison-ui-report-'));
    const store = join(scratch, 'store');
    await seedReportStore(store, now);
    await seedClientSpace(store);
    // `liaison report` reads a copy: the window has the store open.
    cpSync(store, storeCopy(), { recursive: true });
    workspace = writeWorkspace(join(scratch, 'workspace'), {
      name: '王芳',
      department: '产品部',
      serverUrl: '',
      token: '',
      storePath: store,
      language: 'en',
      spaces: ['internal', 'client-acme'],
    });
    const extensionsDir = join(scratch, 'code-server', 'extensions');
    linkExtension(extensionsDir);
    codeServer = await startCodeServer({
      tools,
      dir: join(scratch, 'code-server'),
      folder: workspace,
      extensionsDir,
      userSettings: { 'workbench.colorTheme': 'Default Light Modern', 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor();
  });

  afterEach(async function () {
    // A failing step leaves a picture of what the window showed.
    if (this.currentTest?.state === 'failed') await page?.screenshot({ path: join(results, 'report-failure.png') }).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("opens last month's report from the command palette, with its figures and every chart drawn (light theme)", async () => {
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'Liaison: Monthly Report');
    // The month picker has this month in focus (a new team has nothing last month); one down is last month.
    await page.locator('.quick-input-title', { hasText: 'Monthly Report' }).waitFor();
    const active = page.locator('.quick-input-list .monaco-list-row.focused');
    await active.filter({ hasText: /this month/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await active.filter({ hasText: lastMonth }).waitFor();
    assert.match(await active.innerText(), /last month/);
    await page.keyboard.press('Enter');
    await page
      .locator('.tab', { hasText: `Communication report ${lastMonth}` })
      .first()
      .waitFor({ timeout: 30_000 });

    const frame = await reportFrame(page);
    await frame.locator('#report[data-theme="light"]').waitFor();
    assert.equal(await frame.locator('h1').innerText(), `Communication report ${lastMonth}`);
    const drawn = await waitFor(
      'five charts drawn',
      async () => {
        const canvases = await drawnCanvases(frame);
        return canvases.length === 5 ? canvases : undefined;
      },
      30_000,
      250,
    );
    assert.deepEqual(drawn.map((canvas) => canvas.chart).sort(), ['byDepartment', 'byKind', 'byPriority', 'satisfaction', 'trend']);
    // The figures of reportSeed.ts, counted by hand there.
    assert.equal(await figure(frame, 'rate'), '66.7%');
    assert.equal(await figure(frame, 'median'), '20 min');
    assert.equal(await figure(frame, 'p90'), '3 h');
    assert.equal(await figure(frame, 'overdue'), '2');
    assert.equal(await figure(frame, 'neverRead'), '1');
    assert.equal(await figure(frame, 'satisfaction'), '4.5 / 5');
    const overdueRows = await frame.locator('[data-table="overdue"] tbody tr').allInnerTexts();
    assert.equal(overdueRows.length, 2);
    assert.ok(
      overdueRows.some((row) => row.includes('支付回调延迟排查')) && overdueRows.some((row) => row.includes('客服话术更新请求')),
      overdueRows.join(' | '),
    );
    // Screen readers get each chart as a labelled image and its data as a table.
    assert.match(
      (await frame.locator('[data-chart="byDepartment"] canvas').getAttribute('aria-label')) ?? '',
      /产品部 50% \(1\/2\); 研发部 100% \(2\/2\)/,
    );
    assert.equal(await frame.locator('[data-chart="byPriority"] table.sr-only tbody tr').count(), 3);
    await page.screenshot({ path: join(results, 'report-light.png') });
  });

  it('shows the figures `liaison report` prints for the same store and month', async () => {
    const run = spawnSync(
      process.execPath,
      [
        join(projectRoot, 'dist', 'cli.js'),
        'report',
        '--store',
        storeCopy(),
        '--month',
        lastMonth,
        '--format',
        'json',
        '--lang',
        'en',
        '--directory-space',
        'internal',
      ],
      { cwd: workspace, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' } },
    );
    assert.equal(run.status, 0, run.stderr);
    const cli = JSON.parse(run.stdout) as MonthlyReport;
    const text = reportText('en');
    const frame = await reportFrame(page);
    const shown = {
      rate: await figure(frame, 'rate'),
      median: await figure(frame, 'median'),
      p90: await figure(frame, 'p90'),
      overdue: await figure(frame, 'overdue'),
      neverRead: await figure(frame, 'neverRead'),
      satisfaction: await figure(frame, 'satisfaction'),
    };
    assert.deepEqual(shown, {
      rate: formatPercent(cli.total.rate),
      median: formatDuration(cli.total.medianMinutes, text),
      p90: formatDuration(cli.total.p90Minutes, text),
      overdue: String(cli.overdue.length),
      neverRead: String(cli.neverRead.length),
      satisfaction: cli.satisfaction.average === null ? '—' : `${cli.satisfaction.average.toFixed(1)} / 5`,
    });
    // Department by department, as the chart's data table lists them.
    const rows = (id: string): Promise<string[][]> =>
      frame
        .locator(`[data-chart="${id}"] table tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (cell) => (cell.textContent ?? '').trim())));
    const expected = (list: readonly RateRow[]): string[][] => list.filter((row) => row.due > 0).map((row) => rateRowCells(row, text));
    assert.deepEqual(await rows('byDepartment'), expected(cli.byDepartment));
    assert.deepEqual(await rows('byKind'), expected(cli.byKind));
    assert.ok(!cli.byDepartment.some((row) => row.key === '客户成功部'), 'the one directory of internal, not a mix');
  });

  it('redraws the charts in the dark theme when the colour theme changes', async () => {
    await pickColorTheme(page, 'Dark Modern');
    const frame = await reportFrame(page);
    await frame.locator('#report[data-theme="dark"]').waitFor({ timeout: 30_000 });
    const background = await frame.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
    const [red, green, blue] = (background.match(/\d+/g) ?? []).map(Number);
    assert.ok(red + green + blue < 3 * 80, `a dark page, got ${background}`);
    await waitFor('five charts drawn again', async () => (await drawnCanvases(frame)).length === 5, 30_000, 250);
    await page.screenshot({ path: join(results, 'report-dark.png') });
  });

  it('draws with the high-contrast border colour in a high-contrast theme', async () => {
    await pickColorTheme(page, 'Dark High Contrast');
    const frame = await reportFrame(page);
    await frame.locator('#report[data-theme="high-contrast"]').waitFor({ timeout: 30_000 });
    const contrastBorder = await frame
      .locator('body')
      .evaluate((body) => getComputedStyle(body).getPropertyValue('--vscode-contrastBorder').trim());
    assert.ok(contrastBorder, 'VS Code sets --vscode-contrastBorder in high contrast');
    const [cardBorder, expected] = await frame.locator('[data-chart="byDepartment"]').evaluate((card, color) => {
      const probe = document.createElement('div');
      probe.style.color = color;
      document.body.append(probe);
      const resolved = getComputedStyle(probe).color;
      probe.remove();
      return [getComputedStyle(card).borderTopColor, resolved];
    }, contrastBorder);
    assert.equal(cardBorder, expected, 'cards are outlined with the contrast border');
    await waitFor('five charts drawn again', async () => (await drawnCanvases(frame)).length === 5, 30_000, 250);
    await page.screenshot({ path: join(results, 'report-high-contrast.png') });
  });

  it('exports a self-contained HTML page that shows the same charts in a browser', async () => {
    const frame = await reportFrame(page);
    await frame.locator('button[data-export="html"]').click();
    // code-server's save dialog is a quick input holding the proposed path.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const target = join(workspace, `liaison-report-${lastMonth}.html`);
    await waitFor('the proposed file name', async () => (await input.inputValue()).endsWith(`liaison-report-${lastMonth}.html`), 15_000);
    await page.keyboard.press('Enter');
    await page
      .locator('.notifications-toasts .notification-toast', { hasText: `Monthly report ${lastMonth} saved to` })
      .first()
      .waitFor({ timeout: 30_000 });
    assert.ok(existsSync(target), target);
    const html = readFileSync(target, 'utf8');
    assert.ok(html.includes('支付回调延迟排查') && html.includes('<script type="application/json"'));

    const standalone = await browser!.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    const problems: string[] = [];
    standalone.on('pageerror', (error) => problems.push(error.message));
    standalone.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await standalone.goto(`file://${target}`);
    await standalone.locator('#report[data-theme="light"]').waitFor();
    const drawn = await waitFor(
      'five charts drawn in the standalone page',
      async () => {
        const canvases = await drawnCanvases(standalone.mainFrame());
        return canvases.length === 5 ? canvases : undefined;
      },
      30_000,
      250,
    );
    assert.equal(drawn.length, 5);
    assert.equal((await standalone.locator('[data-figure="rate"] .value').innerText()).trim(), '66.7%');
    assert.equal(await standalone.locator('.toolbar').count(), 0, 'no VS Code buttons outside VS Code');
    assert.deepEqual(problems, [], 'no script or CSP errors');
    await standalone.close();
  });

  it('opens a record from the overdue table', async () => {
    const frame = await reportFrame(page);
    await frame.locator('[data-table="overdue"] button.link', { hasText: '支付回调延迟排查' }).click();
    await page.locator('.tab', { hasText: '支付回调延迟排查' }).first().waitFor({ timeout: 30_000 });
  });

  it('comes back after the window is reloaded', async () => {
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const tab = page.locator('.tab', { hasText: `Communication report ${lastMonth}` }).first();
    await tab.waitFor({ timeout: 30_000 });
    await tab.click();
    const frame = await reportFrame(page);
    assert.equal(await frame.locator('h1').innerText(), `Communication report ${lastMonth}`);
    await waitFor('five charts drawn after the reload', async () => (await drawnCanvases(frame)).length === 5, 30_000, 250);
    assert.equal(await figure(frame, 'rate'), '66.7%');
  });

  it('switches to another month with Choose Month', async () => {
    const monthBefore = shanghaiMonth(now, -2);
    await (await reportFrame(page)).locator('button[data-action="pickMonth"]').click();
    const row = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${monthBefore}$`) }) })
      .first();
    await row.click();
    await page
      .locator('.tab', { hasText: `Communication report ${monthBefore}` })
      .first()
      .waitFor({ timeout: 30_000 });
    // The month before (reportSeed.ts): one of three answered on time, nothing left unread.
    const frame = await waitFor(
      'the month before in the panel',
      async () => {
        const current = await reportFrame(page);
        return (await figure(current, 'rate').catch(() => '')) === '33.3%' ? current : undefined;
      },
      30_000,
      250,
    );
    assert.equal(await frame.locator('h1').innerText(), `Communication report ${monthBefore}`);
    assert.equal(await figure(frame, 'neverRead'), '0');
    assert.equal(await figure(frame, 'satisfaction'), '—');
    await waitFor(
      'four charts drawn (no satisfaction scores that month)',
      async () => (await drawnCanvases(frame)).length === 4,
      30_000,
      250,
    );
    assert.match(await frame.locator('[data-chart="satisfaction"]').innerText(), /no ratings/);
  });
});
