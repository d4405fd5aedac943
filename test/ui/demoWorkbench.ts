// The workbench the UI tests look at: `liaison demo` seeded into a real sync server, a workspace of
// 王芳 (产品部) syncing with it, code-server with this checkout's extension, and a Chromium page on it.
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

/** Where the UI tests save their screenshots (ignored by git; `npm run screenshots` copies some to docs/). */
export const results = join(projectRoot, 'test-results');

export interface DemoWorkbench {
  readonly page: Page;
  /** Stops everything and removes the scratch folder; safe after a failed open. */
  close(): Promise<void>;
}

/**
 * Opens the demo workbench; `prefix` names its scratch folder; `language` is the setting
 * liaison.language (VS Code itself stays English). Everything started is stopped again if a step fails.
 */
export async function openDemoWorkbench(prefix: string, language: 'zh' | 'en' = 'en'): Promise<DemoWorkbench> {
  const tools = ensureTools();
  mkdirSync(results, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  let server: RunningServer | undefined;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await codeServer?.stop();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const dataDir = join(scratch, 'server');
    execFileSync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'demo', '--data', dataDir]);
    server = await startSyncServer({
      dataDir,
      access: { users: [{ name: '王芳', token: 'ui-test-token-wang' }], spaces: [{ name: 'internal', members: ['王芳'] }] },
    });
    const workspace = writeWorkspace(join(scratch, 'workspace'), {
      name: '王芳',
      department: '产品部',
      serverUrl: server.url,
      token: 'ui-test-token-wang',
      storePath: join(scratch, 'store'),
      language,
    });
    const extensionsDir = join(scratch, 'code-server', 'extensions');
    linkExtension(extensionsDir);
    codeServer = await startCodeServer({ tools, dir: join(scratch, 'code-server'), folder: workspace, extensionsDir });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor();
    return { page, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
