// The record model in a Yjs document (docs/design.md, "Records in the document"):
//   doc.getMap('recordBuckets')      bucket key -> Y.Map: id -> Y.Map (one record)
//   doc.getMap('records')            id -> Y.Map (one record): the first layout, still read and
//                                    written in place (stores made before the buckets)
//   record Y.Map: id, kind, space, title, createdBy, createdAt (strings)
//                 fields: Y.Map<string | string[]>   one key per template field, so concurrent
//                                                    edits of different fields merge
//                 body:   Y.Text
//                 events: Y.Array<RecordEvent>       append-only; status is derived from it
// Reading never trusts the document: a record whose shape is wrong is reported, not thrown.
//
// Why buckets: a key deleted from a Y.Map stays in the document for ever (Yjs keeps the deleted
// item with its key to order concurrent writes), so a space whose records move to archive shelves
// (src/sync/shelving.ts) would carry one tombstone per record ever archived, and every start-up
// would apply them all (100k: 1.2-1.7 s). A deleted Y.Map nested in a map leaves one tombstone
// whatever it held: its children are garbage-collected into a few ranges. So records sit in
// buckets by creation month, and a bucket is deleted once it is empty and its month is over.
//
// A bucket's key is `YYYY-MM/<clientID>`: only the Y.Doc that made the key ever creates it, because
// two replicas creating the same key at once would each put a new Y.Map there and Yjs would keep
// one of them, dropping the other's records. Each session thus writes to its own buckets; readers
// look a record up in all of them (a handful: a bucket lives about as long as its records stay
// active). A copy of a record that lives elsewhere too (moved to or back from an archive shelf,
// put back by a rescue) goes in the flat map instead: two replicas copying the same record at
// once must write the same key, so that they converge on one record rather than two.
// Should one id still be in two places (say, the same import run on two machines at once), readers
// see the first one, in a fixed order: the flat map, then the buckets by key. A bucket deleted while another replica adds to it (an import of old records racing a
// shelving pass) is recovered by the rescue of removed records (src/sync/shelving.ts,
// watchRemovedRecords), which puts back what lives nowhere else.
import * as Y from 'yjs';
import type { FieldValue, LiaisonRecord, RecordEvent } from '../domain/record';
import { bucketMonthOf, utcMonth } from '../domain/time';
import { isMalformed, isSatisfaction, readRecord } from './recordRead';
import type { MalformedRecord } from './recordRead';

export { isMalformed, readRecord };
export type { MalformedRecord };

/** The first layout's flat map of records. */
export const RECORDS_KEY = 'records';
/** The map of buckets (see the top of this file). */
export const BUCKETS_KEY = 'recordBuckets';

function legacyMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(RECORDS_KEY);
}

export function bucketsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BUCKETS_KEY);
}

const MONTH = /^\d{4}-\d{2}/;

/** The month (`YYYY-MM`) a bucket key names, or undefined for a key of the wrong shape. */
export function bucketMonth(key: string): string | undefined {
  const month = key.slice(0, 7);
  return MONTH.test(month) && key[7] === '/' ? month : undefined;
}

/** The month a record id says it was created in (`R-yyyymmdd-…`), if it says one. */
function monthOfId(id: string): string | undefined {
  const match = /^R-(\d{4})(\d{2})\d{2}-/.exec(id);
  return match ? `${match[1]}-${match[2]}` : undefined;
}

type BucketList = Array<[string, Y.Map<unknown>]>;

/**
 * Each document's list of live buckets, made on first use and dropped whenever the buckets change:
 * here by `ownBucket` and `dropEmptyBuckets`, from sync at the start of the transaction's cleanup
 * (`beforeObserverCalls`, before any observer could read). Every lookup goes through it, and a
 * month can have a bucket per session that wrote in it, so it is not rebuilt per call.
 */
const bucketLists = new WeakMap<Y.Doc, BucketList>();
const watchedDocs = new WeakSet<Y.Doc>();

function forgetBucketList(doc: Y.Doc): void {
  bucketLists.delete(doc);
}

/** The live buckets, by key (the same order on every replica). Values that are not maps (a hostile peer) are skipped. */
function liveBuckets(doc: Y.Doc): BucketList {
  const cached = bucketLists.get(doc);
  if (cached) return cached;
  const buckets = bucketsMap(doc);
  if (!watchedDocs.has(doc)) {
    watchedDocs.add(doc);
    doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
      if ((transaction.changed as Map<unknown, unknown>).has(buckets)) forgetBucketList(doc);
    });
  }
  const list: BucketList = [];
  for (const [key, bucket] of buckets.entries()) if (bucket instanceof Y.Map) list.push([key, bucket as Y.Map<unknown>]);
  list.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  bucketLists.set(doc, list);
  return list;
}

/** Where the record `id` is: the map holding it (a bucket or the flat map), or undefined. */
function holderOf(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const legacy = legacyMap(doc);
  if (legacy.has(id)) return legacy;
  const buckets = liveBuckets(doc);
  const guess = monthOfId(id);
  if (guess !== undefined) {
    for (const [key, bucket] of buckets) if (key.startsWith(guess) && bucket.has(id)) return bucket;
  }
  for (const [key, bucket] of buckets) if ((guess === undefined || !key.startsWith(guess)) && bucket.has(id)) return bucket;
  return undefined;
}

/** The stored value of the record `id` (a Y.Map when well-formed), or undefined when absent. */
export function findRecordMap(doc: Y.Doc, id: string): unknown {
  return holderOf(doc, id)?.get(id);
}

export function hasRecord(doc: Y.Doc, id: string): boolean {
  return holderOf(doc, id) !== undefined;
}

/** Every record id with its stored value, flat map first, then bucket by bucket; each id once. */
export function* recordEntries(doc: Y.Doc): Generator<[string, unknown]> {
  const legacy = legacyMap(doc);
  yield* legacy.entries();
  const buckets = liveBuckets(doc);
  const seen = buckets.length > 1 || legacy.size > 0 ? new Set<string>(legacy.keys()) : undefined;
  for (const [, bucket] of buckets) {
    for (const entry of bucket.entries()) {
      if (seen) {
        if (seen.has(entry[0])) continue;
        seen.add(entry[0]);
      }
      yield entry;
    }
  }
}

export function recordIds(doc: Y.Doc): string[] {
  const ids: string[] = [];
  for (const [id] of recordEntries(doc)) ids.push(id);
  return ids;
}

export function recordCount(doc: Y.Doc): number {
  let count = 0;
  for (const entry of recordEntries(doc)) if (entry) count++;
  return count;
}

/** This Y.Doc's own bucket for `month`, made when missing (see the top of this file). */
function ownBucket(doc: Y.Doc, month: string): Y.Map<unknown> {
  const key = `${month}/${doc.clientID}`;
  const buckets = bucketsMap(doc);
  const existing = buckets.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const bucket = new Y.Map<unknown>();
  buckets.set(key, bucket);
  forgetBucketList(doc);
  return bucket;
}

/**
 * Adds a record (or replaces the one with its id, where it is). Its events go in as they are;
 * later events only ever get appended. A new record goes in this document's bucket for the month
 * of its `createdAt`; a copy (`placement: 'copy'`, a record that lives in another document or on
 * another replica too) in the flat map (see the top of this file).
 */
export function putRecord(doc: Y.Doc, record: LiaisonRecord, origin?: unknown, placement: 'new' | 'copy' = 'new'): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('id', record.id);
    map.set('kind', record.kind);
    map.set('space', record.space);
    map.set('title', record.title);
    map.set('createdBy', record.createdBy);
    map.set('createdAt', record.createdAt);
    const fields = new Y.Map<FieldValue>();
    for (const [key, value] of Object.entries(record.fields)) fields.set(key, value);
    map.set('fields', fields);
    map.set('body', new Y.Text(record.body));
    const events = new Y.Array<RecordEvent>();
    events.push(record.events.map(stripUndefined));
    map.set('events', events);
    const month = bucketMonthOf(record.createdAt, new Date());
    (holderOf(doc, record.id) ?? (placement === 'copy' ? legacyMap(doc) : ownBucket(doc, month))).set(record.id, map);
  }, origin);
}

/** True when `map` holds no live entry; stops at the first one. */
function isEmpty(map: Y.Map<unknown>): boolean {
  for (const _ of map.keys()) return false;
  return true;
}

/**
 * Deletes the records `ids` that are here (in one transaction), then every bucket they leave
 * empty whose month is before `now`'s (a bucket of the current month may still get records from
 * its own session). Returns the ids deleted.
 */
export function deleteRecords(doc: Y.Doc, ids: Iterable<string>, now: Date = new Date(), origin?: unknown): string[] {
  const deleted: string[] = [];
  doc.transact(() => {
    const touched = new Set<Y.Map<unknown>>();
    for (const id of ids) {
      const holder = holderOf(doc, id);
      if (!holder) continue;
      holder.delete(id);
      deleted.push(id);
      touched.add(holder);
    }
    dropEmptyBuckets(doc, touched, now);
  }, origin);
  return deleted;
}

function dropEmptyBuckets(doc: Y.Doc, candidates: ReadonlySet<Y.Map<unknown>>, now: Date): void {
  const current = utcMonth(now);
  const buckets = bucketsMap(doc);
  for (const [key, bucket] of liveBuckets(doc)) {
    if (!candidates.has(bucket)) continue;
    const month = bucketMonth(key);
    if (month !== undefined && month < current && isEmpty(bucket)) {
      buckets.delete(key);
      forgetBucketList(doc);
    }
  }
}

/** A score is a whole number 1..5 (RecordEvent.satisfaction); anything else is never stored. */

function stripUndefined(event: RecordEvent): RecordEvent {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined || (key === 'satisfaction' && !isSatisfaction(value))) continue;
    copy[key] = value;
  }
  return copy as unknown as RecordEvent;
}

/** Appends an event to a record; returns false when the record is not in this document. */
export function appendEvent(doc: Y.Doc, recordId: string, event: RecordEvent, origin?: unknown): boolean {
  const map = findRecordMap(doc, recordId);
  const events = map instanceof Y.Map ? map.get('events') : undefined;
  if (!(events instanceof Y.Array)) return false;
  doc.transact(() => events.push([stripUndefined(event)]), origin);
  return true;
}

/**
 * Appends `event` unless the record already holds an event with its id (a follow-up's derived
 * `fu:` id: evaluated again, it is not appended again). 'appended', 'present', or 'missing' (no
 * such record here).
 */
export function appendEventOnce(doc: Y.Doc, recordId: string, event: RecordEvent, origin?: unknown): 'appended' | 'present' | 'missing' {
  const map = findRecordMap(doc, recordId);
  const events = map instanceof Y.Map ? map.get('events') : undefined;
  if (!(events instanceof Y.Array)) return 'missing';
  for (const existing of events.toArray() as unknown[]) {
    if (typeof existing === 'object' && existing !== null && (existing as { id?: unknown }).id === event.id) return 'present';
  }
  doc.transact(() => events.push([stripUndefined(event)]), origin);
  return 'appended';
}

/**
 * Deletes the later copies of an event id the record holds twice (two replicas appended the same
 * derived follow-up at once; readers already keep the first). Returns how many were deleted.
 */
export function dropDuplicateEvents(doc: Y.Doc, recordId: string, origin?: unknown): number {
  const map = findRecordMap(doc, recordId);
  const events = map instanceof Y.Map ? map.get('events') : undefined;
  if (!(events instanceof Y.Array)) return 0;
  const seen = new Set<unknown>();
  const later: number[] = [];
  (events.toArray() as unknown[]).forEach((value, index) => {
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) later.push(index);
    seen.add(id);
  });
  if (later.length > 0) doc.transact(() => later.reverse().forEach((index) => events.delete(index, 1)), origin);
  return later.length;
}

export function getRecord(doc: Y.Doc, id: string): LiaisonRecord | undefined {
  const result = readRecord(id, findRecordMap(doc, id));
  return isMalformed(result) ? undefined : result;
}

/** Every well-formed record, and the ids of those that are not. */
export function listRecords(doc: Y.Doc): { records: LiaisonRecord[]; malformed: MalformedRecord[] } {
  const records: LiaisonRecord[] = [];
  const malformed: MalformedRecord[] = [];
  for (const [id, map] of recordEntries(doc)) {
    const result = readRecord(id, map);
    if (isMalformed(result)) malformed.push(result);
    else records.push(result);
  }
  return { records, malformed };
}

/**
 * Calls `listener` after each transaction that added, changed or removed records, with their ids
 * (a removed one is simply not found any more). Returns the unsubscribe.
 */
export function observeRecordIds(doc: Y.Doc, listener: (ids: Set<string>, transaction: Y.Transaction) => void): () => void {
  const legacy = legacyMap(doc);
  const buckets = bucketsMap(doc);
  const onLegacy = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction): void => {
    const ids = new Set<string>();
    for (const event of events) {
      if (event.target === legacy) for (const key of event.keys.keys()) ids.add(key);
      else if (typeof event.path[0] === 'string') ids.add(event.path[0]);
    }
    if (ids.size > 0) listener(ids, transaction);
  };
  const onBuckets = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction): void => {
    const ids = new Set<string>();
    for (const event of events) {
      if (event.target === buckets) {
        event.keys.forEach((change, key) => {
          if (change.action !== 'delete') {
            const bucket = buckets.get(key);
            if (bucket instanceof Y.Map) for (const id of bucket.keys()) ids.add(id);
          }
          if (change.action !== 'add') for (const id of idsRemovedWith(change.oldValue, transaction)) ids.add(id);
        });
      } else {
        const path = event.path;
        if (path.length === 1) for (const key of event.keys.keys()) ids.add(key);
        else if (typeof path[1] === 'string') ids.add(path[1]);
      }
    }
    if (ids.size > 0) listener(ids, transaction);
  };
  legacy.observeDeep(onLegacy);
  buckets.observeDeep(onBuckets);
  return () => {
    legacy.unobserveDeep(onLegacy);
    buckets.unobserveDeep(onBuckets);
  };
}

interface RawEntryItem {
  readonly id: Y.ID;
  readonly content: { getContent(): unknown[] };
}

/**
 * The records a bucket held until `transaction` deleted it, with their last values: the entries
 * of the deleted map that this same transaction deleted. Reads Yjs internals; observers run before
 * Yjs garbage-collects the deleted content, so the values are still there.
 */
export function recordsRemovedWith(bucket: unknown, transaction: Y.Transaction): Array<[string, unknown]> {
  if (!(bucket instanceof Y.Map)) return [];
  const out: Array<[string, unknown]> = [];
  const map = (bucket as unknown as { _map: Map<string, RawEntryItem> })._map;
  for (const [id, item] of map) {
    if (!Y.isDeleted(transaction.deleteSet, item.id)) continue;
    const content = item.content.getContent();
    out.push([id, content[content.length - 1]]);
  }
  return out;
}

function idsRemovedWith(bucket: unknown, transaction: Y.Transaction): string[] {
  return recordsRemovedWith(bucket, transaction).map(([id]) => id);
}

/** Calls `listener` after any change to any record (local or from sync). Returns the unsubscribe. */
export function onRecordsChanged(doc: Y.Doc, listener: () => void): () => void {
  return observeRecordIds(doc, () => listener());
}
