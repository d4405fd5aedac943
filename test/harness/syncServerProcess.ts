// The real Liaison sync server as a child process (`liaison serve`), on a free port.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopProcess, waitForLine } from './processes';
import { projectRoot } from './tools';

export interface AccessUser {
  name: string;
  token: string;
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startSyncServer(options: {
  dataDir: string;
  port?: number;
  access?: { users: AccessUser[]; spaces: { name: string; members: string[]; readOnly?: string[]; admins?: string[] }[] };
  log?: (line: string) => void;
  /** More flags of `liaison serve` (e.g. `--restore-points 1s:1h`). */
  args?: string[];
}): Promise<RunningServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const args = [join(projectRoot, 'dist', 'cli.js'), 'serve', '--port', String(options.port ?? 0), '--data', options.dataDir];
  if (options.access) {
    const configFile = join(options.dataDir, '..', `access-${Date.now()}.json`);
    writeFileSync(configFile, JSON.stringify(options.access, null, 2));
    args.push('--config', configFile);
  }
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => options.log?.(chunk.toString('utf8').trimEnd()));
  const match = await waitForLine(child, /listening on (ws:\/\/[^\s]+:(\d+))/);
  return { url: match[1], port: Number(match[2]), process: child, stop: () => stopProcess(child) };
}
