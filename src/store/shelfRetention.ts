// Retention (src/domain/retention.ts) over a space's documents: its active document and its archive
// shelves (src/store/shelves.ts). Shared by `liaison purge` and the editor's purge commands, which
// read the documents their own way (files, or a Replica) and hand the records over here.
import type { LiaisonRecord } from '../domain/record';
import type { PurgeCandidate, PurgePlan, RetentionPolicy } from '../domain/retention';
import { planPurge } from '../domain/retention';
import { isMonth, storageMonthRange } from '../domain/time';
import { parseShelfName } from './shelves';

const DAY_MS = 86_400_000;
/** Shortest length of each unit, so the bound below never skips a shelf that holds an expired record. */
const SHORTEST_DAYS = { day: 1, month: 28, year: 365 } as const;

/**
 * False when no record on the shelf of `month` (`YYYY-MM`) can have expired by `now` under
 * `policy`, so the shelf need not be opened to plan a purge. A shelf holds the records archived in
 * its storage month (UTC+8, src/domain/time.ts; a record reopened and archived again there only expires later), so none
 * expires before the month's first day plus the policy's shortest finite keep. The bound is loose
 * by a day or two on purpose (time zones, daylight saving): it may open a shelf in vain, never
 * skip one that matters.
 */
export function shelfMayHoldExpired(policy: RetentionPolicy, month: string, now: Date): boolean {
  if (!isMonth(month)) return true;
  const { start } = storageMonthRange(month);
  const keeps = policy.rules.flatMap((rule) => (rule.keep === 'forever' ? [] : [rule.keep.count * SHORTEST_DAYS[rule.keep.unit]]));
  if (keeps.length === 0) return false;
  return start - 2 * DAY_MS + Math.min(...keeps) * DAY_MS <= now.getTime();
}

/** The records of one document of a space: `document` is the space's name, or one of its shelves'. */
export interface DocumentRecords {
  document: string;
  records: readonly LiaisonRecord[];
}

export interface SpacePurgePlan extends PurgePlan {
  /**
   * The documents holding each expired record (active document first): usually one; a move to a
   * shelf interrupted by a crash leaves a record in two until the next moving pass, and both go.
   */
  documents: Map<string, string[]>;
}

/**
 * Plans the purge of records read from several documents (the same record may be in two: it is
 * planned once, from the first document listing it). Each record's `space` must already be the
 * space it belongs to (never a shelf's name).
 */
export function planAcrossDocuments(sources: readonly DocumentRecords[], policy: RetentionPolicy, now: Date): SpacePurgePlan {
  const seen = new Map<string, string[]>();
  const unique: LiaisonRecord[] = [];
  for (const { document, records } of sources) {
    for (const record of records) {
      const key = `${record.space}\u0000${record.id}`;
      const holders = seen.get(key);
      if (holders) {
        if (!holders.includes(document)) holders.push(document);
        continue;
      }
      seen.set(key, [document]);
      unique.push(record);
    }
  }
  const plan = planPurge(unique, policy, now);
  const documents = new Map<string, string[]>();
  for (const candidate of plan.expired)
    documents.set(candidateKey(candidate), seen.get(`${candidate.space}\u0000${candidate.id}`) ?? [candidate.space]);
  return { ...plan, documents };
}

/** The key of `plan.documents` for a candidate. */
export function candidateKey(candidate: Pick<PurgeCandidate, 'space' | 'id'>): string {
  return `${candidate.space}\u0000${candidate.id}`;
}

/**
 * The expired records grouped by the document to purge them from, in order: each space's active
 * document, then its shelves oldest first. `shelf` is undefined for an active document.
 */
export function purgeGroups(plan: SpacePurgePlan): { space: string; document: string; shelf?: string; candidates: PurgeCandidate[] }[] {
  const groups = new Map<string, { space: string; document: string; shelf?: string; candidates: PurgeCandidate[] }>();
  for (const candidate of plan.expired) {
    for (const document of plan.documents.get(candidateKey(candidate)) ?? [candidate.space]) {
      const shelf = parseShelfName(document) ? document : undefined;
      const group = groups.get(document) ?? { space: candidate.space, document, shelf, candidates: [] };
      group.candidates.push(candidate);
      groups.set(document, group);
    }
  }
  return [...groups.values()].sort((a, b) =>
    a.space !== b.space
      ? a.space < b.space
        ? -1
        : 1
      : a.shelf === undefined
        ? -1
        : b.shelf === undefined
          ? 1
          : a.document < b.document
            ? -1
            : 1,
  );
}
