// Liaison in Chinese on an English VS Code (issue 15, point 1): with `liaison.language: zh` every
// string Liaison draws is Chinese — the sidebar, the record view and its buttons, prompts and
// notifications. Each step extracts the visible text of Liaison's part and fails on any Latin word
// outside the records' own content and a short allow-list (Liaison, VS Code, ids). On the way it
// shows the due texts, Accept and Deliver with a note, Remind now and Recall, with screenshots
// (test-results/zh-*.png; `npm run screenshots` copies them to docs/).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { pastCases } from '../../src/demo/pastCases';
import { demoRecords } from '../../src/demo/sampleRecords';
import { openDemoWorkbench, results } from './demoWorkbench';
import type { DemoWorkbench } from './demoWorkbench';
import { runCommand } from './palette';

const SIDEBAR = '[id="workbench.view.extension.liaison"]';
const ALLOWED = new Set(['liaison', 'vs', 'code']);

/** The records' own words (titles, fields, bodies, names, the space): content, not Liaison's UI. */
const CONTENT: string[] = (() => {
  const pieces = new Set<string>(['internal']);
  const now = new Date();
  for (const record of [...demoRecords(now, 'internal'), ...pastCases(now, 'internal')]) {
    pieces.add(record.title);
    pieces.add(record.id);
    for (const line of record.body.split('\n')) if (line.trim()) pieces.add(line.replace(/^[#>*\-\s]+/, '').trim());
    for (const value of Object.values(record.fields)) for (const item of Array.isArray(value) ? value : [value]) pieces.add(String(item));
  }
  return [...pieces].filter((piece) => piece.length > 0).sort((a, b) => b.length - a.length);
})();

/** The Latin words of `text` that are Liaison's (not content, not allowed). */
function englishWords(text: string, extraContent: readonly string[] = []): string[] {
  let rest = text;
  for (const piece of [...extraContent, ...CONTENT]) rest = rest.split(piece).join(' ');
  // Ids, and the date format Liaison asks for (YYYY-MM-DD HH:mm), are not words.
  rest = rest.replace(/\bR-[\w-]+/g, ' ').replace(/YYYY-MM(-DD)?( HH:mm)?/g, ' ');
  return [...new Set((rest.match(/[A-Za-z][A-Za-z'’]*/g) ?? []).filter((word) => !ALLOWED.has(word.toLowerCase())))];
}

async function assertChinese(where: string, locator: Locator, extraContent: readonly string[] = []): Promise<string> {
  const visible = await (locator as Locator).innerText();
  assert.deepEqual(englishWords(visible, extraContent), [], `English words of Liaison's in ${where}:\n${visible}`);
  return visible;
}

function recordFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe');
}

describe('Liaison in Chinese on an English VS Code (liaison.language: zh)', function () {
  this.timeout(240_000);
  let workbench: DemoWorkbench | undefined;
  let page: Page;

  before(async () => {
    workbench = await openDemoWorkbench('liaison-ui-zh-', 'zh');
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
  });

  /** Opens a record of the sidebar in the record view (the only editor open) and waits for its title. */
  async function openRecord(title: string): Promise<FrameLocator> {
    await runCommand(page, 'View: Close All Editors');
    await page.locator(SIDEBAR).locator('.monaco-list-row', { hasText: title }).first().click();
    const frame = recordFrame(page);
    await frame.locator('h1', { hasText: title }).waitFor({ timeout: 30_000 });
    return frame;
  }

  /** Answers the input box: checks its prompt is Chinese, types `answer` (or nothing) and presses Enter. */
  async function answerPrompt(answer: string): Promise<string> {
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible' });
    // VS Code's own hint "(Press 'Enter' to confirm or 'Escape' to cancel)" is VS Code's, not Liaison's.
    const prompt = await assertChinese('the prompt', widget.locator('.quick-input-message, .quick-input-header').first(), [
      "(Press 'Enter' to confirm or 'Escape' to cancel)",
    ]);
    if (answer) await widget.locator('input').fill(answer);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' }).catch(() => undefined);
    return prompt;
  }

  it('the sidebar is Chinese, and every due says which due it is', async () => {
    await page.locator('.part.activitybar [aria-label^="Liaison"]').first().click();
    const sidebar = page.locator(SIDEBAR);
    await sidebar.locator('.monaco-list-row', { hasText: '关于支付接口延迟问题的排查请求-待处理' }).first().waitFor({ timeout: 60_000 });
    await sidebar.locator('.pane-header', { hasText: '待处理' }).first().waitFor();
    await sidebar
      .locator('.monaco-list-row', { hasText: /已读 2\/3/ })
      .first()
      .waitFor();
    const text = await assertChinese('the sidebar', sidebar);
    assert.match(text, /(答复|交付|确认)(已超时|.*后到期)/, 'a due named respond / deliver / confirm');
    await page.screenshot({ path: join(results, 'zh-sidebar.png') });
  });

  it('the record view, its buttons and its due lines are Chinese', async () => {
    const frame = await openRecord('关于支付接口延迟问题的排查请求-待处理');
    await frame.locator('button[data-action="accept"]').waitFor();
    assert.equal(await frame.locator('button[data-action="accept"]').innerText(), '接受');
    const text = await assertChinese('the record view', frame.locator('body'));
    assert.match(text, /(答复|交付)(已超时|期限)/, 'the due lines under the title');
    assert.match(text, /记录类型/);
    await page.screenshot({ path: join(results, 'zh-record-view.png') });
  });

  it('Accept takes an expected date and a note; Deliver takes a note; the delivery waits under 我已交付', async () => {
    const frame = recordFrame(page);
    await frame.locator('button[data-action="accept"]').click();
    assert.match(await answerPrompt(''), /预计何时交付/);
    assert.match(await answerPrompt('今天排查'), /给请求方的留言/);
    await frame.locator('button[data-action="deliver"]').waitFor({ timeout: 30_000 });
    await frame.locator('button[data-action="deliver"]').click();
    assert.match(await answerPrompt('已修复：回调重试改为指数退避'), /交付了什么/);
    await frame.locator('li', { hasText: '已修复：回调重试改为指数退避' }).first().waitFor({ timeout: 30_000 });
    const sidebar = page.locator(SIDEBAR);
    await sidebar.locator('.monaco-list-row', { hasText: '我已交付' }).first().waitFor({ timeout: 30_000 });
    await assertChinese('the record view after delivery', frame.locator('body'), ['今天排查', '已修复：回调重试改为指数退避']);
    await assertChinese('the sidebar after delivery', sidebar);
    await page.screenshot({ path: join(results, 'zh-delivered.png') });
  });

  it('Remind now reminds who has not confirmed, recorded in the history, never more often than remindEvery', async () => {
    const frame = await openRecord('Release window moved to Thursday 22:00: please confirm');
    const reminders = frame.locator('li', { hasText: /王芳 提醒 — 发给 研发部/ });
    await frame.locator('button[data-action="remind"]').waitFor();
    const before = await reminders.count();
    await frame.locator('button[data-action="remind"]').click();
    if (before === 0) {
      // Nobody reminded yet: the reminder goes to 研发部, who has not confirmed.
      await reminders.first().waitFor({ timeout: 30_000 });
    } else {
      // The clock already reminded (during working hours): within remindEvery a second one is refused.
      await page.waitForTimeout(3000);
    }
    assert.equal(await reminders.count(), before === 0 ? 1 : before);
    await assertChinese('the record view after the reminder', frame.locator('body'));
    await page.screenshot({ path: join(results, 'zh-remind.png') });
  });

  it('Recall withdraws a record nobody has acted on, with its reason', async () => {
    const title = 'Release window moved to Thursday 22:00: please confirm';
    const frame = await openRecord(title);
    await frame.locator('button[data-action="recall"]').click();
    assert.match(await answerPrompt('发布时间待定，稍后重发'), /为什么撤回/);
    await frame.locator('blockquote', { hasText: '已撤回' }).first().waitFor({ timeout: 30_000 });
    const text = await assertChinese('the recalled record', frame.locator('body'), ['发布时间待定，稍后重发']);
    assert.match(text, /已撤回/);
    assert.equal(await frame.locator('button[data-action="recall"]').count(), 0, 'nothing more to do on a recalled record');
    await page.screenshot({ path: join(results, 'zh-recall.png') });
  });
});
