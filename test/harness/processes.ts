// Child processes and ports for tests: free loopback ports, a child's output watched for a line,
// and a deadline-based poll instead of sleeps.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nothing listens on right now (the OS picks it; we close it again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The one poll with a deadline (./waitFor.ts), 30 s by default. */
export { waitFor } from './waitFor';

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms; got: ${buffer.slice(-500)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n')) {
        const match = pattern.exec(line);
        if (match) {
          finish(undefined, match);
          return;
        }
      }
    };
    const onExit = (code: number | null): void =>
      finish(new Error(`process exited (${code}) before printing ${pattern}: ${buffer.slice(-500)}`));
    function finish(error?: Error, match?: RegExpMatchArray): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match as RegExpMatchArray);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Sends SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
