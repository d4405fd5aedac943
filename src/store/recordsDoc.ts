// The record model in a Yjs document (design.md, "Records in the document"):
//   doc.getMap('records')            id -> Y.Map (one record)
//   record Y.Map: id, kind, space, title, createdBy, createdAt (strings)
//                 fields: Y.Map<string | string[]>   one key per template field, so concurrent
//                                                    edits of different fields merge
//                 body:   Y.Text
//                 events: Y.Array<RecordEvent>       append-only; status is derived from it
// Reading never trusts the document: a record whose shape is wrong is reported, not thrown.
import * as Y from 'yjs';
import type { FieldValue, LiaisonRecord, RecordEvent, RecordKind } from '../domain/record';

export const RECORDS_KEY = 'records';

export interface MalformedRecord {
  id: string;
  reason: string;
}

export function recordsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(RECORDS_KEY);
}

/** Adds a record. Its events go in as they are; later events only ever get appended. */
export function putRecord(doc: Y.Doc, record: LiaisonRecord, origin?: unknown): void {
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
    recordsMap(doc).set(record.id, map);
  }, origin);
}

/** A score is a whole number 1..5 (RecordEvent.satisfaction); anything else is never stored. */
function isSatisfaction(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

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
  const map: unknown = recordsMap(doc).get(recordId);
  const events = map instanceof Y.Map ? map.get('events') : undefined;
  if (!(events instanceof Y.Array)) return false;
  doc.transact(() => events.push([stripUndefined(event)]), origin);
  return true;
}

/**
 * An event as stored, checked field by field: a wrong shape from an old or hostile peer drops the
 * event (or the one bad optional field), never the record and never the reader.
 */
function toEvent(value: unknown): RecordEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.id !== 'string' || typeof raw.type !== 'string' || typeof raw.actor !== 'string' || typeof raw.at !== 'string') return undefined;
  const event: RecordEvent = { id: raw.id, type: raw.type as RecordEvent['type'], actor: raw.actor, at: raw.at };
  for (const key of ['actorDepartment', 'note', 'reason', 'alternative', 'due', 'satisfactionComment'] as const) {
    if (typeof raw[key] === 'string') event[key] = raw[key];
  }
  if (typeof raw.item === 'number' && Number.isInteger(raw.item) && raw.item > 0) event.item = raw.item;
  if (Array.isArray(raw.to) && raw.to.every((name) => typeof name === 'string')) event.to = raw.to as string[];
  if (raw.decision === 'accept' || raw.decision === 'rework') event.decision = raw.decision;
  if (isSatisfaction(raw.satisfaction)) event.satisfaction = raw.satisfaction;
  return event;
}

function isFieldValue(value: unknown): value is FieldValue {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

/** Reads one record; a wrong shape comes back as a reason, never as an exception. */
export function readRecord(id: string, map: unknown): LiaisonRecord | MalformedRecord {
  if (!(map instanceof Y.Map)) return { id, reason: 'not a map' };
  const text = (key: string): string | undefined => {
    const value = map.get(key);
    return typeof value === 'string' ? value : undefined;
  };
  const kind = text('kind');
  const title = text('title');
  const createdAt = text('createdAt');
  if (!kind || title === undefined || !createdAt) return { id, reason: 'kind, title or createdAt missing' };
  const fieldsMap = map.get('fields');
  const fields: Record<string, FieldValue> = {};
  if (fieldsMap instanceof Y.Map) {
    for (const [key, value] of fieldsMap.entries()) if (isFieldValue(value)) fields[key] = value;
  }
  const body = map.get('body');
  const eventsArray = map.get('events');
  const events = eventsArray instanceof Y.Array ? eventsArray.toArray().map(toEvent).filter((event): event is RecordEvent => event !== undefined) : [];
  return {
    id,
    kind: kind as RecordKind,
    space: text('space') ?? '',
    title,
    fields,
    body: body instanceof Y.Text ? body.toString() : '',
    createdBy: text('createdBy') ?? '',
    createdAt,
    events,
  };
}

export function isMalformed(value: LiaisonRecord | MalformedRecord): value is MalformedRecord {
  return 'reason' in value;
}

export function getRecord(doc: Y.Doc, id: string): LiaisonRecord | undefined {
  const result = readRecord(id, recordsMap(doc).get(id));
  return isMalformed(result) ? undefined : result;
}

/** Every well-formed record, and the ids of those that are not. */
export function listRecords(doc: Y.Doc): { records: LiaisonRecord[]; malformed: MalformedRecord[] } {
  const records: LiaisonRecord[] = [];
  const malformed: MalformedRecord[] = [];
  for (const [id, map] of recordsMap(doc).entries()) {
    const result = readRecord(id, map);
    if (isMalformed(result)) malformed.push(result);
    else records.push(result);
  }
  return { records, malformed };
}

/** Calls `listener` after any change to any record (local or from sync). Returns the unsubscribe. */
export function onRecordsChanged(doc: Y.Doc, listener: () => void): () => void {
  const records = recordsMap(doc);
  const handler = (): void => listener();
  records.observeDeep(handler);
  return () => records.unobserveDeep(handler);
}
