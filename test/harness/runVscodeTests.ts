// Extension-host tests in a real VS Code (code-server) driven by Debian's Chromium.
// Two windows, two identities, two stores, one real sync server:
//   王芳's window runs test/extension/main (sender side + single-window tests),
//   李明's window runs test/extension/peer (recipient side).
// Each window loads the extension from this checkout (extensionDevelopmentPath) and reports
// mocha's output and its exit code through the smoke-test driver's hooks.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import type { CodeServer } from './codeServer';
import { ensureTools, projectRoot } from './tools';
import { startTwoPeople } from './twoPeople';

const SUITE_TIMEOUT_MS = 300_000;

async function runWindow(browser: Browser, codeServer: CodeServer, label: string, folder: string, suite: string): Promise<number> {
  const page = await browser.newPage();
  const exit = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    // The workbench's own complaints about having no internet (extension gallery) are noise here.
    if (type === 'error' && /ENOTFOUND|workbench\.js|Gallery/.test(text) && !/extension-host test/.test(text)) return;
    for (const line of text.split('\n')) process.stdout.write(`[${label}] ${type === 'error' ? 'ERR ' : ''}${line}\n`);
  });
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${codeServer.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(projectRoot)],
    ['extensionTestsPath', remote(join(projectRoot, process.env.LIAISON_OUT || 'out', 'test', 'extension', suite, 'index.js'))],
  ];
  const url = `${codeServer.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  const timeout = new Promise<number>((resolve) =>
    setTimeout(() => {
      process.stdout.write(`[${label}] timed out after ${SUITE_TIMEOUT_MS / 1000} s\n`);
      resolve(124);
    }, SUITE_TIMEOUT_MS).unref(),
  );
  const code = await Promise.race([exit, timeout]);
  process.stdout.write(`[${label}] exit code ${code}\n`);
  return code;
}

async function main(): Promise<number> {
  const tools = ensureTools();
  const scratch = mkdtempSync(join(tmpdir(), 'liaison-vscode-'));
  const runId = randomBytes(4).toString('hex');
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const { server, wang, li } = await startTwoPeople(
      scratch,
      (line) => process.env.LIAISON_TEST_VERBOSE && process.stdout.write(`[server] ${line}\n`),
    );
    cleanup.push(() => server.stop());
    const codeServer = await startCodeServer({
      tools,
      dir: join(scratch, 'code-server'),
      folder: wang,
      smokeTestDriver: true,
      env: {
        LIAISON_TEST_DIR: scratch,
        LIAISON_TEST_RUN_ID: runId,
        ...(process.env.LIAISON_TEST_FILES ? { LIAISON_TEST_FILES: process.env.LIAISON_TEST_FILES } : {}),
      },
    });
    cleanup.push(() => codeServer.stop());
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    const codes = await Promise.all([
      runWindow(browser, codeServer, '王芳', wang, 'main'),
      runWindow(browser, codeServer, '李明', li, 'peer'),
    ]);
    const failed = codes.some((code) => code !== 0);
    if (failed && process.env.LIAISON_TEST_VERBOSE) process.stdout.write(codeServer.output());
    return failed ? 1 : 0;
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    if (!process.env.LIAISON_KEEP_TEST_DIR) rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`extension-host tests could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
