// Real child processes for the server tests: the bundled `liaison` tool (dist/cli.js, built by
// `node esbuild.mjs`, which `--tests` runs too) and the stock y-websocket server
// (@y/websocket-server, a devDependency), each on a port of its own.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Cleanup } from './helpers';
import { freePort, waitFor } from './helpers';

const repo = join(__dirname, '..', '..', '..', '..');
export const cliPath = join(repo, 'dist', 'cli.js');
const stockServerPath = join(repo, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');

export interface Child {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  readonly exit: Promise<number | null>;
  /** True once the process has exited. */
  exited(): boolean;
  kill(signal: NodeJS.Signals): void;
}

/** Runs `node <args>`; killed with SIGKILL at cleanup if still running. */
export function runNode(cleanup: Cleanup, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanup.add(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exit;
    }
  });
  return {
    pid: child.pid ?? -1,
    stdout: () => stdout,
    stderr: () => stderr,
    exit,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    kill: (signal) => child.kill(signal),
  };
}

/** `liaison <args>` as a child process. */
export function runCli(cleanup: Cleanup, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  return runNode(cleanup, [cliPath, ...args], env);
}

/** `liaison serve` on a free port; resolves once it prints its listening line. */
export async function startCliServer(cleanup: Cleanup, args: string[]): Promise<{ child: Child; url: string }> {
  const child = runCli(cleanup, ['serve', '--port', '0', ...args]);
  await waitFor('the listening line', () => child.stdout().includes('\n') || child.exited(), 15000);
  const url = child.stdout().trim().split(' ').at(-1) ?? '';
  if (!url.startsWith('ws://')) throw new Error(`liaison serve did not start: ${child.stderr()}`);
  return { child, url };
}

/** The stock server (`@y/websocket-server`, in memory, no auth), as its README runs it. */
export async function startStockServer(cleanup: Cleanup): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = runNode(cleanup, [stockServerPath], { HOST: '127.0.0.1', PORT: String(port) });
  await waitFor('the stock server to listen', () => child.stdout().includes('running at'), 15000);
  return { child, url: `ws://127.0.0.1:${port}` };
}
