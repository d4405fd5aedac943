// Which segments of a search index (./searchIndex.ts) to merge next: tiered, as in Lucene. Memory
// segments are written to disk as one once they hold `memoryDocs` live docs; `mergeFactor`
// segments of one size tier become one, at most `maxSegmentDocs`; a stored segment mostly deleted
// is rewritten alone. Pure: it reads the segments' counts and decides; the index does the merge.
import type { Segment } from './segment';

export interface MergePlan {
  readonly segments: readonly Segment[];
  /** Write the merged segment to disk (else it stays in memory). */
  readonly toDisk: boolean;
}

export interface MergeTuning {
  /** The index has a folder (memory-only indexes never write). */
  readonly persistent: boolean;
  readonly memoryDocs: number;
  readonly mergeFactor: number;
  readonly maxSegmentDocs: number;
}

/** The next merge worth doing among `segments`, if any. */
export function pickMerge(segments: readonly Segment[], tuning: MergeTuning): MergePlan | undefined {
  const persistent = tuning.persistent;
  const memory = segments.filter((segment) => segment.name === undefined);
  const memoryLive = memory.reduce((sum, segment) => sum + segment.liveCount, 0);
  if (persistent && memory.length > 0 && memoryLive >= tuning.memoryDocs) return { segments: memory, toDisk: true };
  if (memory.length >= tuning.mergeFactor && (persistent || memoryLive <= tuning.maxSegmentDocs)) {
    const smallest = [...memory].sort((a, b) => a.liveCount - b.liveCount).slice(0, tuning.mergeFactor);
    return { segments: smallest, toDisk: false };
  }
  const stored = persistent ? segments.filter((segment) => segment.name !== undefined) : [];
  const floor = Math.max(1, tuning.memoryDocs);
  const tierOf = (segment: Segment): number =>
    segment.liveCount <= floor ? 0 : Math.floor(Math.log(segment.liveCount / floor) / Math.log(tuning.mergeFactor));
  const tiers = new Map<number, Segment[]>();
  for (const segment of stored) tiers.set(tierOf(segment), [...(tiers.get(tierOf(segment)) ?? []), segment]);
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const members = (tiers.get(tier) ?? []).sort((a, b) => a.liveCount - b.liveCount);
    if (members.length < tuning.mergeFactor) continue;
    const chosen = members.slice(0, tuning.mergeFactor);
    if (chosen.reduce((sum, segment) => sum + segment.liveCount, 0) <= tuning.maxSegmentDocs) return { segments: chosen, toDisk: true };
  }
  // A segment mostly deleted is rewritten alone; an empty one is simply dropped by the merge.
  const stale = stored.find((segment) => segment.docCount - segment.liveCount > Math.max(50, segment.docCount * 0.3));
  return stale ? { segments: [stale], toDisk: true } : undefined;
}
