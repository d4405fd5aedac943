// UI test of Liaison: Search as a person uses it: the keyboard shortcut opens the search box,
// typing a Chinese word shows the matching record with its preview line, Enter opens the record
// view; the sidebar shows the Knowledge and Archive views. Screenshots land in test-results/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDemoWorkbench, results } from './demoWorkbench';
import type { DemoWorkbench } from './demoWorkbench';

const SIDEBAR = '[id="workbench.view.extension.liaison"]';
const DEMO_TITLE = '关于支付接口延迟问题的排查请求-待处理';

describe('Liaison: Search, as a person uses it', function () {
  this.timeout(180_000);
  let workbench: DemoWorkbench | undefined;
  let page: Page;

  before(async () => {
    workbench = await openDemoWorkbench('liaison-ui-search-');
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
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
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Release window moved' })
      .first()
      .waitFor({ state: 'detached', timeout: 60_000 });
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
