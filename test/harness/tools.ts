// Paths of the cached tools (Node 24, code-server), from scripts/tools.mjs: one source of truth.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Tools {
  nodeBin: string;
  nodeHome: string;
  codeServerEntry: string;
  codeServerVersion: string;
}

/** The checkout's root: the nearest folder above this file whose package.json is Liaison's (works compiled to out/ or bundled into dist/). */
function findProjectRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'liaison') return dir;
  }
  throw new Error(`no Liaison package.json above ${start}`);
}

export const projectRoot = findProjectRoot(__dirname);

export function ensureTools(): Tools {
  const out = execFileSync(process.execPath, [join(projectRoot, 'scripts', 'tools.mjs'), '--browser', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Tools;
}
