// Reading a record out of the document (./recordsDoc.ts): never trusting it. A record of the wrong
// shape is reported as a MalformedRecord with its reason; an event of the wrong shape is dropped
// (or only its one bad optional field), never the record and never the reader.
import * as Y from 'yjs';
import type { FieldValue, LiaisonRecord, RecordEvent, RecordKind } from '../domain/record';

export interface MalformedRecord {
  id: string;
  reason: string;
}

/** A client's score 1..5 (the `archived` event of an external request). */
export function isSatisfaction(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/**
 * An event as stored, checked field by field: a wrong shape from an old or hostile peer drops the
 * event (or the one bad optional field), never the record and never the reader.
 */
function toEvent(value: unknown): RecordEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.id !== 'string' || typeof raw.type !== 'string' || typeof raw.actor !== 'string' || typeof raw.at !== 'string')
    return undefined;
  const event: RecordEvent = { id: raw.id, type: raw.type as RecordEvent['type'], actor: raw.actor, at: raw.at };
  for (const key of ['actorDepartment', 'note', 'reason', 'alternative', 'due', 'satisfactionComment'] as const) {
    if (typeof raw[key] === 'string') event[key] = raw[key];
  }
  if (typeof raw.item === 'number' && Number.isInteger(raw.item) && raw.item > 0) event.item = raw.item;
  if (Array.isArray(raw.to) && raw.to.every((name) => typeof name === 'string')) event.to = raw.to as string[];
  if (raw.decision === 'accept' || raw.decision === 'rework') event.decision = raw.decision;
  const via = viaOf(raw.via);
  if (via) event.via = via;
  if (isSatisfaction(raw.satisfaction)) event.satisfaction = raw.satisfaction;
  return event;
}

/** A `via` map (person → channel names) as stored; anything of another shape is dropped. */
function viaOf(value: unknown): Record<string, string[]> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const via: Record<string, string[]> = {};
  for (const [name, channels] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(channels) && channels.every((channel) => typeof channel === 'string')) via[name] = channels as string[];
  }
  return Object.keys(via).length > 0 ? via : undefined;
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
  // One event per id: two replicas appending the same derived follow-up (`fu:…`) at once both
  // land in the array; the first in array order (the same on every replica) is the one.
  const ids = new Set<string>();
  const events: RecordEvent[] = [];
  if (eventsArray instanceof Y.Array) {
    for (const value of eventsArray.toArray() as unknown[]) {
      const event = toEvent(value);
      if (event === undefined || ids.has(event.id)) continue;
      ids.add(event.id);
      events.push(event);
    }
  }
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
