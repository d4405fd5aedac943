// A real VS Code (code-server on Node 24) started on a free loopback port, with its own
// temporary user-data, extensions and XDG folders, so nothing touches the user's home.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, stopProcess, waitFor } from './processes';
import { projectRoot } from './tools';
import type { Tools } from './tools';

export interface CodeServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  tools: Tools;
  /** Scratch folder for user data, extensions and XDG dirs. */
  dir: string;
  /** Folder opened when no ?folder= is given. */
  folder: string;
  /** Adds `--vscode-option enable-smoke-test-driver`: needed for extension-host test runs. */
  smokeTestDriver?: boolean;
  /** Extra user settings (User/settings.json). */
  userSettings?: Record<string, unknown>;
  /** Environment for code-server; it reaches the extension host. */
  env?: Record<string, string>;
  /** Extensions folder to use (default: an empty one in `dir`). */
  extensionsDir?: string;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = await freePort();
  const userData = join(options.dir, 'user-data');
  const extensions = options.extensionsDir ?? join(options.dir, 'extensions');
  for (const folder of [join(userData, 'User'), extensions, join(options.dir, 'xdg-config'), join(options.dir, 'xdg-data')])
    mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        // An empty secondary side bar only narrows the editor in screenshots.
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        ...options.userSettings,
      },
      null,
      2,
    ),
  );
  const args = [
    options.tools.codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(options.folder);
  let output = '';
  const child = spawn(options.tools.nodeBin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(options.dir, 'xdg-config'),
      XDG_DATA_HOME: join(options.dir, 'xdg-data'),
      ...options.env,
    },
  });
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'code-server /healthz',
      async () => {
        if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}): ${output.slice(-2000)}`);
        const response = await fetch(`${url}/healthz`).catch(() => undefined);
        return response?.ok ?? false;
      },
      90_000,
      200,
    );
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, port, process: child, output: () => output, stop: () => stopProcess(child) };
}

/** Installs the extension into an extensions folder the way code-server expects: <publisher>.<name>-<version>. */
export function linkExtension(extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  mkdirSync(extensionsDir, { recursive: true });
  const link = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  rmSync(link, { recursive: true, force: true });
  symlinkSync(projectRoot, link, 'dir');
}
