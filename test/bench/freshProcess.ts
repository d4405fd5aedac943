// Runs a benchmark file again in a fresh Node process (`<file> --measure <root>`), so neither heap
// nor JIT carries over between the things compared, and reads the JSON line it prints last.
import { spawn } from 'node:child_process';

export function measureInFreshProcess<T>(file: string, root: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--enable-source-maps', file, '--measure', root], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T)
        : reject(new Error(`measuring ${root} failed (exit ${code})`)),
    );
  });
}
