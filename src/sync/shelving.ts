// The moving pass of archive shelves (src/store/shelves.ts): records archived at least `afterDays`
// ago leave the active document of their space for the shelf of their archive month; a shelved
// record that is no longer archived (reopened by an event appended in the shelf) comes back.
//
// Order, per shelf month, each step durable (PersistedSpace.flush) before the next starts:
//   1. copy into the destination (a whole record when it is not there, else only the events it
//      lacks, by event id: so a copy made twice, or by two replicas at once, is one record);
//   2. delete from the source, but only where the destination's copy holds every event of the
//      source's (an event that arrived in between keeps the source until the next pass);
//      the catalog count and the handled `archiveReturns` keys change in the same transaction
//      as the active document's deletions, so the catalog never misses a shelf that holds records.
// A crash between 1 and 2 leaves a record in both documents: harmless (readers of the active
// document never look in shelves for it, and vice versa), and the next pass, finding it in both,
// merges the events and deletes the copy on the side it does not belong to. Never a loss.
// Work is done in slices of `sliceSize` records with a turn of the event loop between them.
import * as Y from 'yjs';
import { foldLifecycle } from '../domain/lifecycle';
import type { FieldValue, LiaisonRecord, RecordEvent } from '../domain/record';
import { purgeLog } from '../store/purge';
import {
  appendEvent,
  bucketsMap,
  deleteRecords,
  findRecordMap,
  isMalformed,
  putRecord,
  readRecord,
  recordCount,
  recordIds,
  recordsRemovedWith,
  RECORDS_KEY,
} from '../store/recordsDoc';
import { archiveReturns, monthOf, parseReturnKey, returnKey, shelfCatalog } from '../store/shelves';

const DAY_MS = 86_400_000;
export const DEFAULT_AFTER_DAYS = 7;
const DEFAULT_SLICE = 250;

/** A document and the promise that its updates so far are on disk. */
export interface StoredDoc {
  readonly doc: Y.Doc;
  flush(): Promise<void>;
}

export interface OpenedShelf extends StoredDoc {
  /**
   * True when the copies written so far may be relied on by others (with a server: it holds
   * them); false leaves every source copy in place until a later pass. Default: true.
   */
  confirm?(): Promise<boolean>;
  /** Gives the shelf back (it is closed once nobody holds it). */
  release(): Promise<void>;
}

/** What the pass needs of the replica for one space. */
export interface ShelvingHost {
  readonly space: string;
  readonly active: StoredDoc;
  openShelf(month: string): Promise<OpenedShelf>;
}

export interface ShelvingOptions {
  /** Move records archived at least this many days before `now` (default 7; 0 moves every archived record). */
  afterDays?: number;
  now?: Date;
  /** Records handled per turn of the event loop (default 250). */
  sliceSize?: number;
}

export interface ShelvingResult {
  /** Records moved from the active document into a shelf. */
  shelved: number;
  /** Records moved from a shelf back into the active document. */
  returned: number;
  /** Shelves written to, by name of month. */
  months: string[];
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function read(doc: Y.Doc, id: string): LiaisonRecord | undefined {
  const found = readRecord(id, findRecordMap(doc, id));
  return isMalformed(found) ? undefined : found;
}

/**
 * The shelf month a record belongs in: that of its `archivedAt` when it is archived and was
 * archived at or before `cutoffMs`; undefined when it belongs in the active document.
 */
export function shelfMonthOf(record: LiaisonRecord, cutoffMs: number): string | undefined {
  if (!record.events.some((event) => event.type === 'archived')) return undefined;
  const state = foldLifecycle(record);
  if (state.status !== 'archived' || state.archivedAt === undefined) return undefined;
  const at = Date.parse(state.archivedAt);
  if (Number.isNaN(at) || at > cutoffMs) return undefined;
  return monthOf(state.archivedAt);
}

/** Events of `from` that `into` lacks (by event id), in `from`'s order. */
export function missingEvents(from: readonly RecordEvent[], into: readonly RecordEvent[]): RecordEvent[] {
  const have = new Set(into.map((event) => event.id));
  return from.filter((event) => !have.has(event.id));
}

/** `record` with each event id once (two replicas may both restore the same event). */
export function withUniqueEvents(record: LiaisonRecord): LiaisonRecord {
  const seen = new Set<string>();
  let duplicate = false;
  for (const event of record.events) {
    if (seen.has(event.id)) duplicate = true;
    seen.add(event.id);
  }
  if (!duplicate) return record;
  seen.clear();
  return { ...record, events: record.events.filter((event) => !seen.has(event.id) && seen.add(event.id) !== undefined) };
}

/** Copies `record` into `doc`: whole when absent, else only the events it lacks. */
export function copyInto(doc: Y.Doc, record: LiaisonRecord): void {
  const existing = read(doc, record.id);
  if (!existing) {
    putRecord(doc, record, undefined, 'copy');
    return;
  }
  const missing = missingEvents(record.events, existing.events);
  if (missing.length === 0) return;
  doc.transact(() => {
    for (const event of missing) appendEvent(doc, record.id, event);
  });
}

/** Months of the active document's records due for a shelf, with their ids; yields between slices. */
async function dueForShelves(active: Y.Doc, cutoffMs: number, sliceSize: number): Promise<Map<string, string[]>> {
  const byMonth = new Map<string, string[]>();
  const ids = recordIds(active);
  for (let start = 0; start < ids.length; start += sliceSize) {
    if (start > 0) await yieldToLoop();
    for (const id of ids.slice(start, start + sliceSize)) {
      const record = read(active, id);
      const month = record ? shelfMonthOf(record, cutoffMs) : undefined;
      if (month === undefined) continue;
      const list = byMonth.get(month) ?? [];
      list.push(id);
      byMonth.set(month, list);
    }
  }
  return byMonth;
}

/** The pending return checks of the active document, by month. */
function pendingReturns(active: Y.Doc): Map<string, string[]> {
  const byMonth = new Map<string, string[]>();
  for (const key of archiveReturns(active).keys()) {
    const parsed = parseReturnKey(key);
    if (!parsed) continue;
    const list = byMonth.get(parsed.month) ?? [];
    list.push(parsed.id);
    byMonth.set(parsed.month, list);
  }
  return byMonth;
}

/** Runs the moving pass over one space (see the top of this file). */
export async function shelveSpace(host: ShelvingHost, options: ShelvingOptions = {}): Promise<ShelvingResult> {
  const afterDays = options.afterDays ?? DEFAULT_AFTER_DAYS;
  if (!Number.isFinite(afterDays) || afterDays < 0) throw new Error(`afterDays must be a number of days ≥ 0 (got ${afterDays})`);
  const now = options.now ?? new Date();
  const sliceSize = Math.max(1, options.sliceSize ?? DEFAULT_SLICE);
  const cutoffMs = now.getTime() - afterDays * DAY_MS;
  const active = host.active.doc;
  const due = await dueForShelves(active, cutoffMs, sliceSize);
  const returns = pendingReturns(active);
  const result: ShelvingResult = { shelved: 0, returned: 0, months: [] };
  const months = [...new Set([...due.keys(), ...returns.keys()])].sort();
  for (const month of months) {
    const ids = [...new Set([...(due.get(month) ?? []), ...(returns.get(month) ?? [])])];
    const moved = await reconcileMonth(host, month, ids, cutoffMs, sliceSize, now);
    result.shelved += moved.shelved;
    result.returned += moved.returned;
    if (moved.shelved + moved.returned > 0) result.months.push(month);
  }
  return result;
}

/** Steps 1 and 2 for the records `ids` of one month; each id's copies may be in either document or both. */
async function reconcileMonth(
  host: ShelvingHost,
  month: string,
  ids: string[],
  cutoffMs: number,
  sliceSize: number,
  now: Date,
): Promise<{ shelved: number; returned: number }> {
  const active = host.active.doc;
  const shelf = await host.openShelf(month);
  try {
    const toShelf: string[] = [];
    const toActive: string[] = [];
    // 1. Copy into the side each record belongs to, judged on both copies' events together.
    for (let start = 0; start < ids.length; start += sliceSize) {
      if (start > 0) await yieldToLoop();
      const slice = ids.slice(start, start + sliceSize);
      active.transact(() => {
        shelf.doc.transact(() => {
          for (const id of slice) {
            const inActive = read(active, id);
            const inShelf = read(shelf.doc, id);
            const base = inShelf ?? inActive;
            if (!base) continue;
            const other = inShelf && inActive ? inActive : undefined;
            const merged = other ? { ...base, events: [...base.events, ...missingEvents(other.events, base.events)] } : base;
            if (shelfMonthOf(merged, cutoffMs) === month) {
              if (inActive) copyInto(shelf.doc, inActive);
              toShelf.push(id);
            } else {
              if (inShelf) copyInto(active, inShelf);
              toActive.push(id);
            }
          }
        });
      });
    }
    await Promise.all([shelf.flush(), host.active.flush()]);
    if (shelf.confirm && !(await shelf.confirm())) return { shelved: 0, returned: 0 };

    // 2. Delete from the source where the destination holds every event; shelf first, then the
    //    active document with the catalog and the return checks in the same transactions.
    let returned = 0;
    const settled = new Set<string>();
    for (let start = 0; start < toActive.length; start += sliceSize) {
      if (start > 0) await yieldToLoop();
      shelf.doc.transact(() => {
        const gone: string[] = [];
        for (const id of toActive.slice(start, start + sliceSize)) {
          const inShelf = read(shelf.doc, id);
          const inActive = read(active, id);
          if (!inShelf) {
            settled.add(id);
            continue;
          }
          if (inActive && missingEvents(inShelf.events, inActive.events).length === 0) {
            gone.push(id);
            settled.add(id);
            returned++;
          }
        }
        deleteRecords(shelf.doc, gone, now);
      });
    }
    await shelf.flush();
    let shelved = 0;
    const catalog = shelfCatalog(active);
    const returnsMap = archiveReturns(active);
    const updateCatalog = (): void => {
      const left = recordCount(shelf.doc);
      if (left > 0) {
        if (catalog.get(month) !== left) catalog.set(month, left);
      } else if (catalog.has(month)) {
        catalog.delete(month);
      }
    };
    for (let start = 0; start < toShelf.length || start === 0; start += sliceSize) {
      if (start > 0) await yieldToLoop();
      active.transact(() => {
        const gone: string[] = [];
        for (const id of toShelf.slice(start, start + sliceSize)) {
          const inShelf = read(shelf.doc, id);
          const inActive = read(active, id);
          if (!inShelf) continue;
          if (!inActive) {
            settled.add(id);
            continue;
          }
          if (missingEvents(inActive.events, inShelf.events).length === 0) {
            gone.push(id);
            settled.add(id);
            shelved++;
          }
        }
        deleteRecords(active, gone, now);
        if (start + sliceSize >= toShelf.length) {
          for (const id of settled) if (returnsMap.has(returnKey(month, id))) returnsMap.delete(returnKey(month, id));
        }
        updateCatalog();
      });
      if (toShelf.length === 0) break;
    }
    await host.active.flush();
    return { shelved, returned };
  } finally {
    await shelf.release();
  }
}

// ---------------------------------------------------------------------------------------------
// Records removed by another replica. A peer that moved a record had its own view of it: an event
// appended here meanwhile (a read, a reopen made offline) is in this replica's copy only, and Yjs
// deletes it with the copy. `watchRemovedRecords` reads such a copy the moment the remote change
// is applied (Yjs runs observers before it garbage-collects deleted content), so the replica can
// add what the new copy lacks; see ArchiveShelves.rescue.

interface RawItem {
  readonly deleted: boolean;
  readonly right: RawItem | null;
  readonly content: { getContent(): unknown[] };
}

interface RawType {
  readonly _map: Map<string, RawItem>;
  readonly _start: RawItem | null;
}

/** The last value an entry of a (possibly just deleted) Y.Map held. Reads Yjs internals. */
function rawEntry(type: unknown, key: string): unknown {
  const item = (type as RawType)._map?.get(key);
  if (!item) return undefined;
  const content = item.content.getContent();
  return content[content.length - 1];
}

function rawItems(type: unknown): unknown[] {
  const out: unknown[] = [];
  for (let item = (type as RawType)._start ?? null; item !== null; item = item.right) out.push(...item.content.getContent());
  return out;
}

function rawEvent(value: unknown): RecordEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.id !== 'string' || typeof raw.type !== 'string' || typeof raw.actor !== 'string' || typeof raw.at !== 'string')
    return undefined;
  return raw as unknown as RecordEvent;
}

/**
 * A record as it was just before a remote change deleted it: the content of a deleted Y.Map is
 * still in memory while observers run. Undefined when it does not look like a record.
 */
export function readRemovedRecord(id: string, map: unknown): LiaisonRecord | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  const text = (key: string): string | undefined => {
    const value = rawEntry(map, key);
    return typeof value === 'string' ? value : undefined;
  };
  const kind = text('kind');
  const title = text('title');
  const createdAt = text('createdAt');
  if (!kind || title === undefined || !createdAt) return undefined;
  const fields: Record<string, FieldValue> = {};
  const fieldsType = rawEntry(map, 'fields');
  if (fieldsType instanceof Y.Map) {
    for (const key of (fieldsType as unknown as RawType)._map.keys()) {
      const value = rawEntry(fieldsType, key);
      if (typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')))
        fields[key] = value as FieldValue;
    }
  }
  const bodyType = rawEntry(map, 'body');
  const body =
    bodyType instanceof Y.Text
      ? rawItems(bodyType)
          .filter((part): part is string => typeof part === 'string')
          .join('')
      : '';
  const eventsType = rawEntry(map, 'events');
  const events =
    eventsType instanceof Y.Array
      ? rawItems(eventsType)
          .map(rawEvent)
          .filter((event): event is RecordEvent => event !== undefined)
      : [];
  return { id, kind, space: text('space') ?? '', title, fields, body, createdBy: text('createdBy') ?? '', createdAt, events };
}

/**
 * Calls `onRemoved` with each record a remote transaction deleted or replaced in `doc`'s records,
 * a whole bucket of them included (never for this replica's own writes, nor for records purged by
 * retention). Returns the unsubscribe.
 */
export function watchRemovedRecords(doc: Y.Doc, onRemoved: (record: LiaisonRecord) => void): () => void {
  const legacy = doc.getMap(RECORDS_KEY);
  const buckets = bucketsMap(doc);
  const report = (removed: Iterable<[string, unknown]>): void => {
    let purged: Set<string> | undefined;
    for (const [id, oldValue] of removed) {
      // A purge (retention) deletes on purpose, with its log entry in the same transaction.
      purged ??= new Set(purgeLog(doc).flatMap((entry) => entry.ids));
      if (purged.has(id)) continue;
      const record = readRemovedRecord(id, oldValue);
      if (record && record.events.length > 0) onRemoved(record);
    }
  };
  const removedKeys = (event: { changes: { keys: Map<string, { action: string; oldValue: unknown }> } }): Array<[string, unknown]> => {
    const out: Array<[string, unknown]> = [];
    event.changes.keys.forEach((change, key) => {
      if (change.action !== 'add') out.push([key, change.oldValue]);
    });
    return out;
  };
  const onLegacy = (event: Y.YMapEvent<unknown>): void => {
    if (!event.transaction.local) report(removedKeys(event));
  };
  const onBuckets = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction): void => {
    if (transaction.local) return;
    for (const event of events) {
      if (event.target === buckets) {
        event.changes.keys.forEach((change) => {
          if (change.action !== 'add') report(recordsRemovedWith(change.oldValue, transaction));
        });
      } else if (event.target.parent === buckets) {
        report(removedKeys(event));
      }
    }
  };
  legacy.observe(onLegacy);
  buckets.observeDeep(onBuckets);
  return () => {
    legacy.unobserve(onLegacy);
    buckets.unobserveDeep(onBuckets);
  };
}
