// Paths of the cached tools (Node 24, code-server), from scripts/tools.mjs: one source of truth.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface Tools {
  nodeBin: string;
  nodeHome: string;
  codeServerEntry: string;
  codeServerVersion: string;
}

export const projectRoot = join(__dirname, '..', '..', '..');

export function ensureTools(): Tools {
  const out = execFileSync(process.execPath, [join(projectRoot, 'scripts', 'tools.mjs'), '--browser', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Tools;
}
