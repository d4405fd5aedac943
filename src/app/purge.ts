// Retention purge, planned and made the same way by the editor ("Purge Expired Records") and
// `liaison purge`: the active documents of the spaces and the archive shelves that may hold an
// expired record (src/store/shelfRetention.ts: a shelf whose month plus the shortest keep has not
// passed is not opened; its catalog count counts as kept), then `Replica.purge` document by
// document, as the plan says which document holds each record.
import type { PurgeCandidate, RetentionPolicy } from '../domain/retention';
import { describeRule } from '../domain/retention';
import type { PurgeMeta } from '../store/purge';
import { candidateKey, planAcrossDocuments, purgeGroups, shelfMayHoldExpired } from '../store/shelfRetention';
import type { DocumentRecords, SpacePurgePlan } from '../store/shelfRetention';
import type { ShelfInfo } from '../sync/archiveShelves';
import { activeRecords, shelfRecords, shelvesToRead } from './records';
import type { UnreadableRecord } from './records';
import type { StoreReader } from './store';

export interface PlanOptions {
  /** The spaces to plan (default: every space of the replica). */
  spaces?: readonly string[];
  /** Told before each shelf is read (index from 0 of `total`). */
  onShelf?: (shelf: ShelfInfo, index: number, total: number) => void;
  /** Told when a shelf could not be synced before it was read (the copy on this disk is planned). */
  onSyncProblem?: (shelf: ShelfInfo, error: unknown) => void;
  /** Told of each record that could not be read (kept). */
  onUnreadable?: (record: UnreadableRecord) => void;
}

/** The shelves a purge plan reads (the others cannot hold an expired record). */
export function shelvesToPlan(
  reader: StoreReader,
  policy: RetentionPolicy,
  now: Date,
  spaces: readonly string[] = reader.replica.spaceNames,
): ShelfInfo[] {
  return shelvesToRead(reader, spaces).filter((info) => shelfMayHoldExpired(policy, info.month, now));
}

/** The purge plan of `reader`'s spaces under `policy` at `now` (see the top of this file). */
export async function planStorePurge(
  reader: StoreReader,
  policy: RetentionPolicy,
  now: Date,
  options: PlanOptions = {},
): Promise<SpacePurgePlan> {
  const spaces = options.spaces ?? reader.replica.spaceNames;
  const active = activeRecords(reader, spaces, options);
  const sources: DocumentRecords[] = spaces.map((space) => ({
    document: space,
    records: active.filter((record) => record.space === space),
  }));
  const shelves = shelvesToRead(reader, spaces);
  const toRead = shelvesToPlan(reader, policy, now, spaces);
  /** Records of the shelves that cannot hold an expired record: kept, as the catalog counts them. */
  const notRead = shelves.filter((info) => !toRead.some((read) => read.name === info.name)).reduce((sum, info) => sum + info.count, 0);
  for (const [index, info] of toRead.entries()) {
    options.onShelf?.(info, index, toRead.length);
    const shelf = await reader.replica.openShelf(info.name);
    try {
      await shelf.whenSynced().catch((error: unknown) => options.onSyncProblem?.(info, error));
      sources.push({ document: info.name, records: shelfRecords([shelf], options)[0] });
    } finally {
      await shelf.close();
    }
  }
  const planned = planAcrossDocuments(sources, policy, now);
  return { ...planned, kept: planned.kept + notRead };
}

/** What was purged from one document: a space's active document (no `shelf`) or one of its shelves. */
export interface PurgedDocument {
  space: string;
  shelf?: string;
  ids: string[];
}

export interface PurgeOptions {
  /** Who purges, for the purge log. */
  by: string;
  /** When (ISO), for the purge log; asked once per document. */
  at: () => string;
  /** Told before each document is purged (index from 0 of `total` records). */
  onDocument?: (group: { space: string; shelf?: string; candidates: PurgeCandidate[] }, done: number, total: number) => void;
}

/**
 * Purges the expired records of `plan` where it found them (`Replica.purge`: one transaction and one
 * purge-log entry per document, the files compacted so their content leaves this disk); resolves to
 * what each document lost and the number of distinct records purged.
 */
export async function applyStorePurge(
  reader: StoreReader,
  plan: SpacePurgePlan,
  policy: RetentionPolicy,
  options: PurgeOptions,
): Promise<{ documents: PurgedDocument[]; purged: number }> {
  const groups = purgeGroups(plan);
  const total = groups.reduce((sum, group) => sum + group.candidates.length, 0);
  const documents: PurgedDocument[] = [];
  const gone = new Set<string>();
  let done = 0;
  for (const group of groups) {
    options.onDocument?.(group, done, total);
    done += group.candidates.length;
    const { space, shelf, candidates } = group;
    const rules = policy.rules.filter((rule) => candidates.some((candidate) => candidate.rule === rule.id));
    const meta: PurgeMeta = { at: options.at(), by: options.by, policy: rules.map((rule) => describeRule(rule, 'en')).join('; ') };
    const ids = candidates.map((candidate) => candidate.id);
    // The plan says which document holds each record: look nowhere else.
    const entry =
      shelf === undefined ? await reader.replica.purge(space, ids, meta, { shelves: [] }) : await reader.replica.purge(shelf, ids, meta);
    for (const id of entry?.ids ?? []) gone.add(candidateKey({ space, id }));
    documents.push(shelf === undefined ? { space, ids: entry?.ids ?? [] } : { space, shelf, ids: entry?.ids ?? [] });
  }
  return { documents, purged: gone.size };
}
