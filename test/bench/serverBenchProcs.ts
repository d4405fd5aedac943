// Child processes of the server benchmark: the two servers under test, started the same way
// (node --expose-gc, the probe preloaded, 8 GB heap allowed), and the client processes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/processes';

const here = __dirname;
const repo = join(here, '..', '..', '..');
const probe = join(here, 'serverBenchProbe.js');
const clientsScript = join(here, 'serverBenchClients.js');
const liaisonHost = join(here, 'serverBenchHost.js');
const stockServer = join(repo, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');

export type ServerKind = 'liaison' | 'stock';

/** A progress line of the server benchmark, on stderr (the tables go to stdout). */
export function benchLog(line: string): void {
  process.stderr.write(`[server bench] ${line}\n`);
}

export function benchTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'liaison-bench-'));
}

export function benchDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Message = { type?: string } & Record<string, unknown>;

/** IPC with a child: wait for a message of a type, with a deadline. */
export class Channel {
  private readonly waiters = new Set<{ match: (message: Message) => boolean; resolve: (message: Message) => void }>();
  private readonly listeners = new Set<(message: Message) => void>();
  readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: Message) => {
      for (const listener of this.listeners) listener(message);
      for (const waiter of Array.from(this.waiters)) {
        if (waiter.match(message)) {
          this.waiters.delete(waiter);
          waiter.resolve(message);
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  send(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }

  onMessage(listener: (message: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  next(match: (message: Message) => boolean, timeoutMs: number, what: string): Promise<Message> {
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (message: Message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      void this.exited.then((code) => {
        if (!this.waiters.has(waiter)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        reject(new Error(`process exited (${code}) while waiting for ${what}; stderr: ${this.stderr.slice(-500)}`));
      });
    });
  }

  kill(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}

export interface ServerUnderTest {
  readonly kind: ServerKind;
  readonly url: string;
  readonly channel: Channel;
  cpuSeconds(): Promise<number>;
  memory(): Promise<{ heapUsedMB: number; rssMB: number }>;
  stop(): Promise<void>;
}

/** Starts a server under test; `dataDir` is used by Liaison's (the stock one keeps spaces in memory). */
export async function startServer(kind: ServerKind, dataDir: string, idleMs = 60_000): Promise<ServerUnderTest> {
  const port = kind === 'stock' ? await freePort() : 0;
  const script = kind === 'stock' ? [stockServer] : [liaisonHost, dataDir];
  const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '-r', probe, ...script], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LIAISON_BENCH_IDLE_MS: String(idleMs) },
  });
  const channel = new Channel(child);
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ours = /listening (ws:\/\/\S+)/.exec(stdout);
      if (ours) {
        clearTimeout(timer);
        resolve(ours[1]);
      } else if (stdout.includes('running at')) {
        clearTimeout(timer);
        resolve(`ws://127.0.0.1:${port}`);
      }
    });
    void channel.exited.then((code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return {
    kind,
    url,
    channel,
    cpuSeconds: async () => {
      const answer = channel.next((m) => 'cpuSeconds' in m, 30_000, 'cpu probe');
      channel.send('cpu');
      return Number((await answer).cpuSeconds);
    },
    memory: async () => {
      const answer = channel.next((m) => 'memory' in m, 60_000, 'memory probe');
      channel.send('memory');
      return (await answer).memory as { heapUsedMB: number; rssMB: number };
    },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await channel.exited;
      clearTimeout(timer);
    },
  };
}

/** Starts `serverBenchClients.js <mode> <args>` with IPC. */
export function startClients(mode: 'fleet' | 'sync' | 'seed', args: unknown, heapMB = 4096): Channel {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMB}`, clientsScript, mode, JSON.stringify(args)], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  return new Channel(child);
}
