// Packaging: `npm run package` builds liaison.vsix; a FRESH code-server (empty extensions folder,
// no link to this checkout) installs it with its own `--install-extension`, and the extension
// activates from the VSIX alone: its container, views, walkthrough, status bar items and
// commands appear, and its commands run (the bundle needs no node_modules).
// Saves test-results/first-day.png, walkthrough.png and vsix-palette.png.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { startCodeServer } from '../harness/codeServer';
import type { CodeServer } from '../harness/codeServer';
import { ensureTools, projectRoot } from '../harness/tools';
import type { Tools } from '../harness/tools';
import { runCommand } from './palette';

interface Manifest {
  publisher: string;
  name: string;
  version: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: { commandPalette?: { command: string; when?: string }[] };
    walkthroughs: { title: string; steps: { title: string }[] }[];
  };
}

const results = join(projectRoot, 'test-results');
const SIDEBAR = '[id="workbench.view.extension.liaison"]';

/** Runs code-server's own CLI (`--install-extension`, `--list-extensions`) on the given folders. */
function codeServerCli(tools: Tools, dir: string, args: string[]): string {
  return execFileSync(
    tools.nodeBin,
    [tools.codeServerEntry, '--user-data-dir', join(dir, 'user-data'), '--extensions-dir', join(dir, 'extensions'), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_DATA_HOME: join(dir, 'xdg-data') },
    },
  );
}

/** Opens the command palette (or the quick pick already open) and types `text` into it. */
async function openPalette(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  if (!(await input.isVisible())) await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
}

/** Closes whatever quick input a previous step left open. */
async function closeQuickInput(page: Page): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
  }
}

describe('the VSIX, installed into a fresh code-server', function () {
  this.timeout(300_000);
  let scratch: string;
  let installed: string;
  let manifest: Manifest;
  let english: Record<string, string>;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  /** `%key%` → the English text, as VS Code shows it on an English display. */
  const text = (value: string): string => english[/^%(.+)%$/.exec(value)?.[1] ?? ''] ?? value;

  before(async () => {
    const tools = ensureTools();
    mkdirSync(results, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 'liaison-vsix-'));
    const vsix = join(projectRoot, 'liaison.vsix');
    rmSync(vsix, { force: true });
    execFileSync('npm', ['run', 'package'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.ok(existsSync(vsix), 'npm run package wrote no liaison.vsix');

    const dir = join(scratch, 'code-server');
    mkdirSync(join(dir, 'extensions'), { recursive: true });
    assert.deepEqual(readdirSync(join(dir, 'extensions')), [], 'the extensions folder starts empty');
    const log = codeServerCli(tools, dir, ['--install-extension', vsix]);
    assert.match(log, /successfully installed/i, log);
    const ids = codeServerCli(tools, dir, ['--list-extensions']);
    assert.match(ids, /^liaison\.liaison$/m, ids);

    const folder = readdirSync(join(dir, 'extensions')).find((name) => name.startsWith('liaison.liaison-'));
    assert.ok(folder, 'no liaison.liaison-<version> folder after install');
    installed = join(dir, 'extensions', folder);
    manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
    english = JSON.parse(readFileSync(join(installed, 'package.nls.json'), 'utf8')) as Record<string, string>;

    // A first day: no name, no server, an ordinary folder.
    const workspace = join(scratch, 'workspace');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'README.md'), '# A new team member\n');
    codeServer = await startCodeServer({
      tools,
      dir,
      folder: workspace,
      extensionsDir: join(dir, 'extensions'),
      userSettings: { 'liaison.store.path': join(scratch, 'store'), 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor();
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    if (scratch && !process.env.LIAISON_KEEP_TEST_DIR) rmSync(scratch, { recursive: true, force: true });
  });

  it('installs as a copy of the package, with everything it needs and no node_modules', () => {
    assert.ok(!lstatSync(installed).isSymbolicLink(), 'installed from the VSIX, not linked to the checkout');
    for (const file of [
      'dist/extension.js',
      'dist/searchWorker.js',
      'dist/cli.js',
      'media/liaison.svg',
      'media/dist/recordView.js',
      'package.nls.json',
      'package.nls.zh-cn.json',
      'l10n/bundle.l10n.zh-cn.json',
      'snippets/liaison.code-snippets',
      'media/walkthrough/identity.md',
      'media/walkthrough/identity.zh-cn.md',
    ]) {
      assert.ok(existsSync(join(installed, file)), `${file} is missing from the VSIX`);
    }
    assert.ok(!existsSync(join(installed, 'node_modules')), 'the VSIX carries node_modules');
    assert.ok(!existsSync(join(installed, 'src')) && !existsSync(join(installed, 'test')), 'the VSIX carries sources');
    assert.equal(`${manifest.publisher}.${manifest.name}`, 'liaison.liaison');
  });

  it('activates: the Liaison container, its views, its welcome text and its status bar items appear', async () => {
    await page.locator('.part.activitybar [aria-label^="Liaison"]').first().click();
    const sidebar = page.locator(SIDEBAR);
    await sidebar.waitFor();
    await sidebar
      .locator('.pane-header', { hasText: text('%view.pending.name%') })
      .first()
      .waitFor();
    await sidebar
      .locator('.pane-header', { hasText: text('%view.sent.name%') })
      .first()
      .waitFor();
    // No name yet: Pending says what to do first (the welcome text comes from package.nls.json).
    const welcome = sidebar.locator('.welcome-view-content', { hasText: 'Tell Liaison who you are first' });
    await welcome.first().waitFor({ timeout: 30_000 });
    await welcome.locator('a.monaco-button', { hasText: 'Set Your Name and Department' }).first().waitFor();
    // Status bar items exist only once the extension's code has run.
    const statusBar = page.locator('.part.statusbar');
    await statusBar
      .locator('.statusbar-item', { has: page.locator('.codicon-inbox') })
      .first()
      .waitFor({ timeout: 60_000 });
    await statusBar
      .locator('.statusbar-item', { has: page.locator('.codicon-circle-slash') })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(results, 'first-day.png') });
  });

  it('lists every contributed command in the command palette, and hides the internal ones', async () => {
    const hidden = new Set((manifest.contributes.menus.commandPalette ?? []).filter((entry) => entry.when).map((entry) => entry.command));
    const titles = (command: Manifest['contributes']['commands'][number]): string =>
      `${text(command.category ?? '')}: ${text(command.title)}`;
    const visible = manifest.contributes.commands.filter((command) => !hidden.has(command.command));
    assert.ok(visible.length >= 15, `only ${visible.length} commands to look for`);
    const rows = page.locator('.quick-input-list .monaco-list-row');
    // The list is virtual (only visible rows exist): filter for each command in turn.
    for (const command of visible) {
      const title = titles(command);
      await openPalette(page, `>${title}`);
      await rows
        .filter({ has: page.locator('.label-name', { hasText: title }) })
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => {
          throw new Error(`${command.command} ("${title}") is not in the command palette`);
        });
    }
    // "Liaison Record" matches New Record (visible) and would match Open Record (internal): once
    // New Record is listed, the filter has run, and Open Record must not be there.
    const internal = manifest.contributes.commands.find((command) => command.command === 'liaison.openRecord');
    assert.ok(internal && hidden.has(internal.command));
    await openPalette(page, '>Liaison Record');
    await rows
      .filter({ hasText: `Liaison: ${text('%command.newRecord.title%')}` })
      .first()
      .waitFor();
    assert.ok(
      !(await rows.allInnerTexts()).some((row) => row.includes(titles(internal))),
      'Open Record is internal and must not be in the palette',
    );
    await openPalette(page, '>Liaison:');
    await rows.first().waitFor();
    await page.screenshot({ path: join(results, 'vsix-palette.png') });
    await closeQuickInput(page);
  });

  it('offers the Get started walkthrough, from your name to the closed loop', async () => {
    const walkthrough = manifest.contributes.walkthroughs[0];
    await runCommand(page, 'Welcome: Open Walkthrough', { exact: false });
    await page.locator('.quick-input-widget input').fill(text(walkthrough.title));
    const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: text(walkthrough.title) }).first();
    await entry.waitFor({ timeout: 30_000 });
    await entry.click();
    const editor = page.locator('.gettingStartedContainer');
    await editor
      .locator('.getting-started-step', { hasText: text(walkthrough.steps[0].title) })
      .first()
      .waitFor({ timeout: 30_000 });
    for (const step of walkthrough.steps)
      assert.ok(
        (await editor.locator('.getting-started-step', { hasText: text(step.title) }).count()) > 0,
        `step "${text(step.title)}" is not shown`,
      );
    await editor.locator('.getting-started-step.expanded a.monaco-button', { hasText: 'Set Your Name and Department' }).first().waitFor();
    // The step's media: media/walkthrough/identity.md (package.nls.json names the file), rendered.
    const media = page.frameLocator('.gettingStartedContainer iframe.webview.ready').frameLocator('iframe');
    await media.locator('h1', { hasText: 'Tell Liaison who you are' }).waitFor({ timeout: 30_000 });
    await media.locator('li code', { hasText: 'liaison.user.department' }).first().waitFor();
    await page.screenshot({ path: join(results, 'walkthrough.png') });
  });

  it('runs its commands from the bundle alone', async () => {
    await runCommand(page, `Liaison: ${text('%command.showSyncStatus.title%')}`);
    await page
      .locator('.notifications-toasts .notification-toast', { hasText: 'Liaison works offline' })
      .first()
      .waitFor({ timeout: 30_000 });
    await runCommand(page, `Liaison: ${text('%command.newRecord.title%')}`);
    const kinds = page.locator('.quick-input-widget input[placeholder="What kind of record?"]');
    await kinds.waitFor({ timeout: 30_000 });
    await kinds.fill('internal-message');
    const kind = page.locator('.quick-input-list .monaco-list-row', { hasText: 'internal-message' }).first();
    await kind.waitFor();
    await kind.click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'kind: internal-message' }).first().waitFor({ timeout: 60_000 });
  });
});
