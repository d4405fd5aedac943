// The one poll-with-a-deadline of every test (unit, extension host, UI, harness): instead of
// sleeping, `check` is called every `intervalMs` until it returns something truthy, which is
// returned; a check that throws is tried again, and at the deadline the error names `what` and
// the check's last error. The suites differ only in how patient they are by default.

export interface Patience {
  /** Give up after this long (ms). */
  readonly timeoutMs: number;
  /** Call the check again after this long (ms). */
  readonly intervalMs: number;
}

export type WaitFor = <T>(what: string, check: () => T | Promise<T>, timeoutMs?: number, intervalMs?: number) => Promise<NonNullable<T>>;

/** A waitFor with other default patience (the arguments of a call still win). */
export function waiter(defaults: Patience): WaitFor {
  return async <T>(what: string, check: () => T | Promise<T>, timeoutMs = defaults.timeoutMs, intervalMs = defaults.intervalMs) => {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await check();
        if (value) return value as NonNullable<T>;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
}

/** Child processes, browsers, code-server: 30 s, every 100 ms. */
export const waitFor: WaitFor = waiter({ timeoutMs: 30_000, intervalMs: 100 });

/** In-process servers and indexes of the unit tests: 5 s, every 10 ms. */
export const waitBriefly: WaitFor = waiter({ timeoutMs: 5000, intervalMs: 10 });

/** A VS Code window under load (extension-host tests): 60 s, every 100 ms. */
export const waitPatiently: WaitFor = waiter({ timeoutMs: 60_000, intervalMs: 100 });
