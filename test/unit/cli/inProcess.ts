// Runs `liaison` commands in this process with captured output: the details of a command are
// tested here, the bundled tool once per command as a child process.
import { PassThrough } from 'node:stream';
import type { Command, CommandIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/command';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` against `commands` (a `liaison` with only those commands) and returns what it printed. */
export async function runInProcess(commands: readonly Command[], argv: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const io: CommandIo = { stdout: out, stderr: err, waitForStop: () => new Promise(() => undefined) };
  const code = await runCli(commands, argv, io);
  return { code, stdout, stderr };
}
