// The rates of the monthly report (./report.ts): where each response stands at a month's cut-off
// (on time, late, missed), and the rows of counts, rate, median and p90 response time, for the
// whole month and for each group. The DEFINITIONS at the top of ./report.ts say what counts.
import type { Response } from './reportCollect';
import type { RateRow } from './reportModel';

export const MINUTE_MS = 60_000;

/** A response as it stands at a month's cut-off. */
export type Outcome = 'onTime' | 'late' | 'missed';

export function outcomeOf(response: Response, cutoff: number): Outcome | undefined {
  const answered = response.answered !== undefined && response.answered <= cutoff ? response.answered : undefined;
  if (answered !== undefined) return answered <= response.due ? 'onTime' : 'late';
  return response.due <= cutoff ? 'missed' : undefined;
}

export function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, 1);
}

/** Nearest-rank percentile (p in 0..100]: the ⌈p/100·n⌉-th smallest value. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1], 1);
}

export interface Counted {
  response: Response;
  outcome: Outcome;
}

export function rateRow(key: string, label: string, counted: readonly Counted[]): RateRow {
  const onTime = counted.filter((entry) => entry.outcome === 'onTime').length;
  const late = counted.filter((entry) => entry.outcome === 'late').length;
  const missed = counted.filter((entry) => entry.outcome === 'missed').length;
  const minutes = counted
    .filter((entry) => entry.outcome !== 'missed')
    .map((entry) => ((entry.response.answered as number) - entry.response.sent) / MINUTE_MS);
  return {
    key,
    label,
    due: counted.length,
    onTime,
    late,
    missed,
    rate: counted.length === 0 ? null : onTime / counted.length,
    medianMinutes: median(minutes),
    p90Minutes: percentile(minutes, 90),
  };
}

export function groupRows(
  counted: readonly Counted[],
  keyOf: (response: Response) => string,
  labelOf: (key: string) => string,
  order?: readonly string[],
): RateRow[] {
  const groups = new Map<string, Counted[]>();
  for (const entry of counted) {
    const key = keyOf(entry.response);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  const rank = (key: string): number => {
    const index = order?.indexOf(key) ?? -1;
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...groups.entries()]
    .map(([key, entries]) => rateRow(key, labelOf(key), entries))
    .sort((a, b) => (order ? rank(a.key) - rank(b.key) : 0) || b.due - a.due || a.key.localeCompare(b.key, 'zh-CN'));
}
