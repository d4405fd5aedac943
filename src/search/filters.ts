// The filters a search applies: those written in the query text and those given as options
// (the editor's and the CLI's --kind, --status…), merged so each narrows the other.
import { parseDateBound } from './evaluate';
import { resolveFilterValues } from './query';
import type { QueryFilters } from './query';
import type { SearchFilters } from './searchApi';

/** Filters written in the query and given as options, both applied (names of kinds and statuses resolved on both). */
export function mergeFilters(fromQuery: QueryFilters, given: SearchFilters | undefined): QueryFilters {
  const list = (...lists: (readonly string[] | undefined)[]): string[] | undefined => {
    const present = lists.filter((entry): entry is readonly string[] => entry !== undefined && entry.length > 0);
    if (present.length === 0) return undefined;
    // Each source narrows: a value must be allowed by every source that names values.
    return present.reduce<string[]>((kept, next) => kept.filter((value) => next.includes(value)), [...present[0]]);
  };
  const resolved = (key: 'kind' | 'status' | 'department', values: readonly string[] | undefined): string[] | undefined =>
    values?.length ? resolveFilterValues(key, values) : undefined;
  return {
    kind: list(fromQuery.kind, resolved('kind', given?.kind)),
    status: list(fromQuery.status, resolved('status', given?.status)),
    department: list(fromQuery.department, resolved('department', given?.department)),
    space: list(fromQuery.space),
    priority: list(fromQuery.priority),
    sender: list(fromQuery.sender),
    recipient: list(fromQuery.recipient),
    from: tightest([fromQuery.from, given?.from], (a, b) => a > b),
    to: tightest([fromQuery.to, given?.to], (a, b) => a < b),
  };
}

/** The bound that narrows most (latest `from`, earliest `to`) among those that parse. */
function tightest(bounds: (string | undefined)[], narrower: (a: number, b: number) => boolean): string | undefined {
  let best: string | undefined;
  for (const bound of bounds) {
    const ms = parseDateBound(bound);
    if (Number.isNaN(ms)) continue;
    if (best === undefined || narrower(ms, parseDateBound(best))) best = bound;
  }
  return best;
}
