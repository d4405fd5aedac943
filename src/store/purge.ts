// Purging records from a space's document (retention, issue 7), and the log of purges.
//
//   doc.getArray('purges')   one entry per purge run: { at, by, policy, ids, kinds }
//
// A purge deletes the records from the document (src/store/recordsDoc.ts) in ONE transaction, together with
// its log entry, so every replica sees both or neither. The log keeps ids and kinds only, never
// titles or content: a purge must not keep what it purges. Yjs sends the deletion to every replica
// through normal sync (a replica offline at the time gets it on reconnect) and garbage-collects the
// deleted content in memory on each; `onRecordsPurged` lets the holder of the files compact them
// (PersistedSpace.compact({ forget: true })) so the content leaves the disk too.
// What a purge cannot take back: copies outside the store (exports, a damaged file set aside as
// `*.damaged-<time>`, backups) and edits an offline replica makes to a purged record (they are
// dropped when they meet the deletion: the purge wins).
// Works on any Y.Doc holding records, whichever document (space, shelf) that is.
//
// Archive shelves (src/store/shelves.ts): a purge of records on the shelf `S.archive.YYYY-MM` is
// logged twice: in the shelf's own log, in the same transaction as the deletion (so the shelf's
// watchers, on every replica and the server, know the deletion for a purge: they compact, and do
// not rescue the records), and a copy with `shelf` set in the log of S's active document, which
// every replica of S always syncs: `purgeLog(S's active doc)` lists the purges of the whole space,
// and a replica holding that shelf on its disk learns from it to clean the shelf too. The two are
// written one right after the other, with no wait in between (two documents have no common
// transaction); the active document's catalog count changes with its copy. The active document
// held those records before they moved to the shelf, so its files may still hold their text: the
// copy counts as a purge of the active document as well (onRecordsPurged), and it is compacted.
import * as Y from 'yjs';
import { BUCKETS_KEY, deleteRecords, findRecordMap, hasRecord, RECORDS_KEY, recordCount } from './recordsDoc';
import { parseShelfName, shelfCatalog } from './shelves';

export const PURGES_KEY = 'purges';

/** Who purged, when, and under which rules. */
export interface PurgeMeta {
  /** ISO instant. */
  at: string;
  /** Person (or tool) who ran the purge. */
  by: string;
  /** The rules that applied, one line (e.g. `messages: internal-message → 6 months`). */
  policy: string;
}

export interface PurgeLogEntry extends PurgeMeta {
  /** Ids of the records deleted. */
  ids: string[];
  /** `kinds[i]` is the kind of `ids[i]`. */
  kinds: string[];
  /**
   * Set on the copy, in a space's active document, of a purge made on one of its archive shelves:
   * that shelf's name. Absent: the records were deleted from the document holding this log.
   */
  shelf?: string;
}

export function purgesArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray(PURGES_KEY);
}

/**
 * Deletes the records `ids` that are in `doc` (others are skipped) and appends one log entry, in
 * one transaction. Returns the entry, or undefined when none of them was there (nothing logged).
 */
export function purgeRecords(doc: Y.Doc, ids: readonly string[], meta: PurgeMeta, origin?: unknown): PurgeLogEntry | undefined {
  const present = [...new Set(ids)].filter((id) => hasRecord(doc, id));
  if (present.length === 0) return undefined;
  const kinds = present.map((id) => {
    const map = findRecordMap(doc, id);
    const kind = map instanceof Y.Map ? map.get('kind') : undefined;
    return typeof kind === 'string' ? kind : '';
  });
  const entry: PurgeLogEntry = { at: meta.at, by: meta.by, policy: meta.policy, ids: present, kinds };
  doc.transact(() => {
    const at = Date.parse(meta.at);
    deleteRecords(doc, present, Number.isNaN(at) ? new Date() : new Date(at));
    purgesArray(doc).push([entry]);
  }, origin);
  return entry;
}

/** The purge log, oldest first; entries of the wrong shape (an old or hostile peer) are skipped. */
export function purgeLog(doc: Y.Doc): PurgeLogEntry[] {
  return readLog(purgesArray(doc).toArray());
}

function readLog(values: readonly unknown[]): PurgeLogEntry[] {
  const out: PurgeLogEntry[] = [];
  const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string');
  for (const value of values) {
    if (typeof value !== 'object' || value === null) continue;
    const raw = value as Record<string, unknown>;
    if (typeof raw.at !== 'string' || typeof raw.by !== 'string' || !strings(raw.ids)) continue;
    const entry: PurgeLogEntry = {
      at: raw.at,
      by: raw.by,
      policy: typeof raw.policy === 'string' ? raw.policy : '',
      ids: raw.ids,
      kinds: strings(raw.kinds) && raw.kinds.length === raw.ids.length ? raw.kinds : raw.ids.map(() => ''),
    };
    if (typeof raw.shelf === 'string') entry.shelf = raw.shelf;
    out.push(entry);
  }
  return out;
}

/** The documents of a purge on an archive shelf. */
export interface ShelfPurgeTarget {
  /** The shelf's name, `S.archive.YYYY-MM`. */
  name: string;
  shelf: Y.Doc;
  /** The active document of S. */
  active: Y.Doc;
}

/**
 * Purges the records `ids` that are on the shelf `target.shelf` (see the top of this file): the
 * deletion and the shelf's log entry in one transaction, then the copy of the entry (with `shelf`)
 * and the catalog's count in one transaction of the active document. Returns the entry (without
 * `shelf`), or undefined when none of `ids` was on the shelf (nothing logged anywhere).
 */
export function purgeShelfRecords(
  target: ShelfPurgeTarget,
  ids: readonly string[],
  meta: PurgeMeta,
  origin?: unknown,
): PurgeLogEntry | undefined {
  const ref = parseShelfName(target.name);
  if (!ref) throw new Error(`"${target.name}" is not a shelf name: shelves are named <space>.archive.YYYY-MM`);
  const entry = purgeRecords(target.shelf, ids, meta, origin);
  if (!entry) return undefined;
  const left = recordCount(target.shelf);
  target.active.transact(() => {
    purgesArray(target.active).push([{ ...entry, shelf: target.name }]);
    const catalog = shelfCatalog(target.active);
    if (left > 0) catalog.set(ref.month, left);
    else if (catalog.has(ref.month)) catalog.delete(ref.month);
  }, origin);
  return entry;
}

/**
 * Calls `listener` after a transaction that purged records from `doc` (locally or from sync): one
 * that added a purge-log entry, or deleted records the log names (a deletion and its log entry may
 * arrive in different pieces of an initial sync). Other deletions (records moved to an archive
 * shelf) do not count. The copy of a shelf's purge (an entry with `shelf`) counts when this
 * document once held one of its records (a space's active document, before the move to the shelf:
 * Yjs keeps a deleted key's last item, so the files may still hold its text), else not. Works on a
 * document that never asked for the types itself (a server's), so it defines none. `ids`: the
 * logged records this transaction deleted. Returns the unsubscribe.
 */
export function onRecordsPurged(doc: Y.Doc, listener: (ids: string[]) => void): () => void {
  const entries = (): PurgeLogEntry[] => {
    const purges = doc.share.get(PURGES_KEY);
    return purges === undefined ? [] : readLog(listValues(purges));
  };
  const heldOnce = (id: string): boolean => mayHaveHeld(doc, id);
  /** Entries that purged records from this document. An entry's ids never change, so counting them finds new ones. */
  const purgedHere = (list: readonly PurgeLogEntry[]): number =>
    list.filter((entry) => entry.shelf === undefined || entry.ids.some(heldOnce)).length;
  let count = purgedHere(entries());
  /** Ids the purge log names; read again after the log changed. */
  let logged: Set<string> | undefined;
  const handler = (transaction: Y.Transaction): void => {
    const purges = doc.share.get(PURGES_KEY);
    const logChanged = purges !== undefined && transaction.changed.has(purges);
    let newEntry = false;
    if (logChanged) {
      const list = entries();
      const now = purgedHere(list);
      newEntry = now > count;
      count = now;
      logged = new Set(list.flatMap((entry) => entry.ids));
    }
    const deleted = deletedRecordIds(doc, transaction);
    if (!newEntry && deleted.length === 0) return;
    logged ??= new Set(entries().flatMap((entry) => entry.ids));
    const purged = deleted.filter((id) => logged?.has(id));
    if (newEntry || purged.length > 0) listener(purged);
  };
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}

interface RawMapType {
  readonly _map: Map<string, Y.Item>;
  readonly _item: Y.Item | null;
}

function rawMap(type: unknown): Map<string, Y.Item> | undefined {
  return (type as Partial<RawMapType> | undefined)?._map;
}

/**
 * Might `doc` have held the record `id` (so its files may hold its text)? Yes when a deleted entry
 * of that id is still there, and whenever a bucket was deleted whole: its ids are gone with it.
 */
function mayHaveHeld(doc: Y.Doc, id: string): boolean {
  if (rawMap(doc.share.get(RECORDS_KEY))?.has(id)) return true;
  const buckets = rawMap(doc.share.get(BUCKETS_KEY));
  if (!buckets) return false;
  for (const item of buckets.values()) {
    if (item.deleted) return true;
    const bucket: unknown = item.content.getContent()[0];
    if (rawMap(bucket)?.has(id)) return true;
  }
  return false;
}

/** Ids of the records `transaction` deleted, from the flat map or from a bucket (alone, or with the bucket). */
function deletedRecordIds(doc: Y.Doc, transaction: Y.Transaction): string[] {
  const legacy = doc.share.get(RECORDS_KEY);
  const buckets = doc.share.get(BUCKETS_KEY);
  if (legacy === undefined && buckets === undefined) return [];
  const gone: string[] = [];
  transaction.changed.forEach((keys, type) => {
    const holdsRecords = type === legacy || (buckets !== undefined && (type as unknown as RawMapType)._item?.parent === buckets);
    const map = holdsRecords ? rawMap(type) : undefined;
    if (!map) return;
    for (const key of keys) {
      if (key === null) continue;
      const item = map.get(key);
      if (item === undefined || item.deleted) gone.push(key);
    }
  });
  return gone;
}

/** The values of a list type without defining it as a Y.Array (what Y.Array.toArray returns). */
function listValues(type: { _start: Y.Item | null }): unknown[] {
  const values: unknown[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.deleted && item.countable) values.push(...(item.content.getContent() as unknown[]));
  }
  return values;
}

/** What `compactAfterPurges` needs of a persisted space. */
export interface ForgettingSpace {
  readonly name: string;
  readonly doc: Y.Doc;
  compact(options: { forget: boolean }): Promise<void>;
}

/**
 * Keeps `space`'s files free of purged records: after a transaction that purged records from its
 * document (this replica's purge, or one arriving through sync), a compaction that also replaces
 * the previous generation. Returns the release.
 */
export function compactAfterPurges(space: ForgettingSpace, onError: (message: string) => void): () => void {
  return onRecordsPurged(space.doc, () => {
    space.compact({ forget: true }).catch((error: unknown) => {
      onError(
        `space '${space.name}': records were purged but the store could not be compacted: ${error instanceof Error ? error.message : String(error)}; their content stays on disk until the next compaction`,
      );
    });
  });
}
