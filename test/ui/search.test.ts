// UI test of Liaison: Search as a person uses it: the keyboard shortcut opens the search box,
// typing a Chinese word shows the matching record with its preview line, Enter opens the record
// view; the sidebar shows the Knowledge and Archive views. Screenshots land in test-results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { linkExtension, startCodeServer } from '../harness/codeServer';
import type { CodeServer } from '../harness/codeServer';
import { startSyncServer } from '../harness/syncServerProcess';
import type { RunningServer } from '../harness/syncServerProcess';
import { ensureTools, projectRoot } from '../harness/tools';
import { writeWorkspace } from '../harness/workspace';

const results = join(projectRoot, 'test-results');
const SIDEBAR = '[id="workbench.view.extension.liaison"]';
const DEMO_TITLE = '关于支付接口延迟问题的排查请求-待处理';

describe('Liaison: Search, as a person uses it', function () {
  this.timeout(180_000);
  let scratch: string;
  let server: RunningServer | undefined;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    const tools = ensureTools();
    mkdirSync(results, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 'liaison-ui-search-'));
    const dataDir = join(scratch, 'server');
    execFileSync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'demo', '--data', dataDir]);
    server = await startSyncServer({ dataDir, access: { users: [{ name: '王芳', token: 'ui-test-token-wang' }], spaces: [{ name: 'internal', members: ['王芳'] }] } });
    const workspace = writeWorkspace(join(scratch, 'workspace'), {
      name: '王芳', department: '产品部', serverUrl: server.url, token: 'ui-test-token-wang', storePath: join(scratch, 'store'), language: 'en',
    });
    const extensionsDir = join(scratch, 'code-server', 'extensions');
    linkExtension(extensionsDir);
    codeServer = await startCodeServer({ tools, dir: join(scratch, 'code-server'), folder: workspace, extensionsDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor();
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows Knowledge and Archive under Pending and Sent', async () => {
    await page.locator('.part.activitybar [aria-label^="Liaison"]').first().click();
    const sidebar = page.locator(SIDEBAR);
    // Pending fills once the demo space has synced: then the search index has records too.
    await sidebar.locator('.monaco-list-row', { hasText: DEMO_TITLE }).first().waitFor({ timeout: 60_000 });
    for (const name of [/knowledge/i, /archive/i]) await sidebar.locator('.pane-header', { hasText: name }).first().waitFor();
  });

  it('finds a record by a Chinese word while typing and opens it with Enter', async () => {
    await page.keyboard.press('Control+Alt+F');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially('接口延迟', { delay: 30 });
    // With nothing typed the box lists the newest records; the answer to 接口延迟 drops the others.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Release window moved' }).first().waitFor({ state: 'detached', timeout: 60_000 });
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: DEMO_TITLE }).first();
    await row.waitFor();
    // The description line: kind · status · space · date.
    await row.locator('.label-description', { hasText: /internal/ }).waitFor();
    await page.screenshot({ path: join(results, 'search.png') });
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe');
    await frame.locator('h1', { hasText: '接口延迟' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(results, 'search-opened.png') });
  });
});
