// `liaison` as a user runs it: the bundled tool (dist/cli.js, built by `node esbuild.mjs`) as a
// child process, with English messages unless a test asks for Chinese with --lang. The one
// spawn-and-capture for the CLI tests that run it so (the details of a command run in process:
// inProcess.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Run } from './inProcess';

const cliBundle = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

/** Runs `liaison <argv>` in `cwd` (default: this process's) and resolves once its output is closed. */
export function runBundled(argv: readonly string[], cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle, ...argv], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'en_US.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
