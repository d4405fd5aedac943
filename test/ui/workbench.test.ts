// UI tests: look at Liaison as a person does, in a real VS Code (code-server, no test driver, so
// notifications show as toasts) in Chromium. Each test saves a screenshot in test-results/.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDemoWorkbench, results } from './demoWorkbench';
import type { DemoWorkbench } from './demoWorkbench';
import { runCommand } from './palette';

const SIDEBAR = '[id="workbench.view.extension.liaison"]';

describe('Liaison in VS Code, as a person sees it', function () {
  this.timeout(180_000);
  let workbench: DemoWorkbench | undefined;
  let page: Page;

  before(async () => {
    workbench = await openDemoWorkbench('liaison-ui-');
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the Liaison container with Pending and Sent filled from the team space', async () => {
    await page.locator('.part.activitybar [aria-label^="Liaison"]').first().click();
    const sidebar = page.locator(SIDEBAR);
    await sidebar.waitFor();
    const rows = sidebar.locator('.monaco-list-row .label-name');
    // Pending: addressed to 王芳 or 产品部; Sent: sent by 王芳 (seeded by `liaison demo`, synced from the server).
    await rows.filter({ hasText: '关于支付接口延迟问题的排查请求-待处理' }).first().waitFor({ timeout: 60_000 });
    await rows.filter({ hasText: 'Q4 roadmap review: agenda ready for comments' }).first().waitFor();
    await rows.filter({ hasText: '关于Q3产品迭代需求评审会的安排-产品部' }).first().waitFor();
    const sentRow = sidebar.locator('.monaco-list-row', { hasText: '关于Q3产品迭代需求评审会的安排-产品部' });
    assert.match(await sentRow.first().innerText(), /2\/3 read/);
    const pendingPane = sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: /pending/i }) });
    assert.ok(
      (await pendingPane.locator('.monaco-list-row', { hasText: '关于支付接口延迟问题的排查请求-待处理' }).count()) > 0,
      'the urgent request is in Pending',
    );
    assert.equal(
      await pendingPane.locator('.monaco-list-row', { hasText: 'Release window moved to Thursday' }).count(),
      0,
      'what 王芳 sent is not her pending item',
    );
    await page.screenshot({ path: join(results, 'sidebar.png') });
  });

  it('lists the Liaison commands in the command palette', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    // The list is virtual (only visible rows exist): filter for each command in turn.
    for (const title of [
      'Liaison: New Record',
      'Liaison: Set Server Token',
      'Liaison: Show Sync Status',
      'Liaison: Reload Spaces',
      'Liaison: Accept',
      'Liaison: Edit Directory',
    ]) {
      await input.fill(`>${title}`);
      await rows.filter({ hasText: title }).first().waitFor();
    }
    await input.fill('>Liaison: Open Record');
    await rows
      .filter({ hasText: 'Liaison: New Record' })
      .or(page.locator('.quick-input-message', { hasText: /No matching|没有匹配/ }))
      .first()
      .waitFor()
      .catch(() => undefined);
    const texts = await rows.allInnerTexts();
    assert.ok(!texts.some((text) => text.includes('Liaison: Open Record')), `internal command hidden: ${texts.join(' | ')}`);
    await input.fill('>Liaison:');
    await rows.filter({ hasText: 'Liaison: Accept' }).first().waitFor();
    await page.screenshot({ path: join(results, 'command-palette.png') });
    await page.keyboard.press('Escape');
  });

  it('opens a record in the record view, rendered from markdown', async () => {
    await page.locator(SIDEBAR).locator('.monaco-list-row', { hasText: 'Q4 roadmap review: agenda ready for comments' }).first().click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe');
    await frame.locator('h1', { hasText: 'Q4 roadmap review' }).waitFor({ timeout: 30_000 });
    await frame.locator('table td', { hasText: '张伟' }).first().waitFor();
    assert.ok((await frame.locator('h2', { hasText: 'Read receipts' }).count()) > 0);
    await page.screenshot({ path: join(results, 'record-view.png') });
  });

  it('tells, in a notification, why an incomplete draft was not sent', async () => {
    await runCommand(page, 'Liaison: New Record');
    // Nine kinds are offered: narrow to one and click it (a toast arriving meanwhile must not matter).
    await page.locator('.quick-input-widget input').fill('internal-message');
    const kind = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Internal message' }).first();
    await kind.waitFor();
    await kind.click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'kind: internal-message' }).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Liaison: Send');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Not sent' });
    await toast.first().waitFor({ timeout: 30_000 });
    assert.match(await toast.first().innerText(), /Required field title \(Title\) is empty/);
    await page.screenshot({ path: join(results, 'send-refused.png') });
  });
});
