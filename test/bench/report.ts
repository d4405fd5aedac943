// Small helpers every benchmark shares: timing, percentiles, heap, and a printed table.
import { performance } from 'node:perf_hooks';

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Milliseconds `fn` takes (awaited). */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Heap in use after a full collection (run the benchmark with --expose-gc, as `npm run bench` does). */
export function heapUsedMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

/** `ours` vs `theirs` as "3.2× faster" / "1.5× slower" (lower is better). */
export function ratio(ours: number, theirs: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || ours <= 0 || theirs <= 0) return '—';
  return ours <= theirs ? `${fmt(theirs / ours)}× better` : `${fmt(ours / theirs)}× worse`;
}

/** Prints rows as an aligned text table (first row is the header). */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => [...(row[column] ?? '')].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0))),
  );
  const pad = (text: string, width: number): string => {
    const visible = [...text].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
    return text + ' '.repeat(Math.max(0, width - visible));
  };
  for (const [index, row] of rows.entries()) {
    process.stdout.write(row.map((cell, column) => pad(cell, widths[column])).join('  ') + '\n');
    if (index === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  }
}

/** A target line: "target p99 ≤ 50 ms: met (12.3 ms)" or "… NOT met (…)". */
export function target(label: string, value: number, limit: number, unit: string): string {
  const met = value <= limit;
  return `target ${label} ≤ ${limit} ${unit}: ${met ? 'met' : 'NOT met'} (${fmt(value)} ${unit})`;
}

/**
 * LIAISON_BENCH_SMOKE=1: every benchmark at tiny sizes, in seconds, printing its tables but
 * judging no target; `npm test` runs each so (test/unit/bench/smoke.test.ts), so none can rot.
 */
export const SMOKE = process.env.LIAISON_BENCH_SMOKE === '1';

/** `full`, or `smoke` in a smoke run. */
export function sized<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}
