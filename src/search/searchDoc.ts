// What the search index knows of a record: the text of five weighted fields and the attributes
// filters use. Plain data, so it crosses to the search worker by structured clone; the record
// itself (and any function such as the status derivation) stays on the caller's side.
import type { LiaisonRecord, RecordEvent } from '../domain/record';

export const SEARCH_FIELDS = ['title', 'tags', 'body', 'counterpart', 'people'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Field weights: a word in the title counts ten times a word in the body. */
export const FIELD_BOOSTS: Readonly<Record<SearchField, number>> = { title: 10, tags: 5, counterpart: 3, people: 3, body: 1 };

/** Names accepted before `:` in a query (`from:王芳`, `tag:合同`) and the field each one means. */
export const FIELD_ALIASES: Readonly<Record<string, SearchField>> = {
  title: 'title',
  tags: 'tags',
  tag: 'tags',
  body: 'body',
  text: 'body',
  counterpart: 'counterpart',
  client: 'counterpart',
  people: 'people',
  person: 'people',
  from: 'people',
  to: 'people',
};

export interface SearchDoc {
  readonly id: string;
  readonly title: string;
  readonly tags: string;
  /** The body, the template fields not listed elsewhere, and the notes of events (reasons, updates). */
  readonly body: string;
  readonly counterpart: string;
  /** Sender, recipients, author, owners, attendees and everyone who acted on the record. */
  readonly people: string;
  readonly kind: string;
  readonly status: string;
  readonly space: string;
  /** The responsible department ('' when unknown); see `departmentOf`. */
  readonly department: string;
  /** ISO 8601 instant. */
  readonly createdAt: string;
}

/** A record's status as the filters see it. Pass your own to `toSearchDoc` (e.g. the full lifecycle). */
export type StatusOf = (record: LiaisonRecord) => string;

const LIFECYCLE_STATUS: Partial<Record<RecordEvent['type'], string>> = {
  sent: 'sent',
  read: 'read',
  accepted: 'accepted',
  declined: 'declined',
  status: 'in-progress',
  feedback: 'in-progress',
  delay: 'in-progress',
  delivered: 'delivered',
  disputed: 'disputed',
  reopened: 'in-progress',
  confirmed: 'confirmed',
  archived: 'archived',
};

/**
 * The default status: from the latest lifecycle event (by time, then id); 'draft' without one.
 * A rough stand-in: pass the domain's own (`(record) => deriveState(record).status`) where it is available.
 */
export function latestLifecycleStatus(record: LiaisonRecord): string {
  let latest: RecordEvent | undefined;
  for (const event of record.events) {
    if (LIFECYCLE_STATUS[event.type] === undefined) continue;
    if (!latest || event.at > latest.at || (event.at === latest.at && event.id > latest.id)) latest = event;
  }
  return latest ? (LIFECYCLE_STATUS[latest.type] as string) : 'draft';
}

const TAG_KEYS = ['tags', 'category'];
const COUNTERPART_KEYS = ['counterpart', 'client', 'supplier', 'partner', 'organization'];
const PEOPLE_KEYS = [
  'sender',
  'recipients',
  'owner',
  'internalOwner',
  'initiator',
  'attendees',
  'contact',
  'confirmers',
  'copyTo',
  'participants',
];
const DEPARTMENT_KEYS = ['department', 'issuingDepartment', 'ownerDepartment'];

function values(record: LiaisonRecord, key: string): string[] {
  const value = record.fields[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first department field of the template, else the department of whoever sent it. */
export function departmentOf(record: LiaisonRecord): string {
  for (const key of DEPARTMENT_KEYS) {
    const [first] = values(record, key);
    if (first) return first;
  }
  return record.events.find((event) => event.type === 'sent' && event.actorDepartment)?.actorDepartment ?? '';
}

/** Maps a record to what the index stores. `statusOf` defaults to `latestLifecycleStatus`. */
export function toSearchDoc(record: LiaisonRecord, statusOf: StatusOf = latestLifecycleStatus): SearchDoc {
  const listed = new Set([...TAG_KEYS, ...COUNTERPART_KEYS, ...PEOPLE_KEYS, ...DEPARTMENT_KEYS]);
  const people = new Set<string>();
  for (const key of PEOPLE_KEYS) for (const name of values(record, key)) people.add(name);
  if (record.createdBy) people.add(record.createdBy);
  for (const event of record.events) people.add(event.actor);
  const otherFields = Object.keys(record.fields)
    .filter((key) => !listed.has(key))
    .sort()
    .flatMap((key) => values(record, key));
  const notes = record.events.flatMap((event) => (event.note ? [event.note] : []));
  return {
    id: record.id,
    title: record.title,
    tags: TAG_KEYS.flatMap((key) => values(record, key)).join(' '),
    body: [record.body, ...otherFields, ...notes].filter(Boolean).join('\n'),
    counterpart: COUNTERPART_KEYS.flatMap((key) => values(record, key)).join(' '),
    people: [...people].join(' '),
    kind: record.kind,
    status: statusOf(record),
    space: record.space,
    department: departmentOf(record),
    createdAt: record.createdAt,
  };
}

/**
 * A 53-bit hash of everything the index stores of a doc (cyrb53). Equal docs give equal numbers,
 * so a caller can tell which records changed while the index was closed without sending them.
 */
export function fingerprint(doc: SearchDoc): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ 0x1f, 2654435761);
    h2 = Math.imul(h2 ^ 0x1f, 1597334677);
  };
  feed(doc.id);
  feed(doc.title);
  feed(doc.tags);
  feed(doc.body);
  feed(doc.counterpart);
  feed(doc.people);
  feed(doc.kind);
  feed(doc.status);
  feed(doc.space);
  feed(doc.department);
  feed(doc.createdAt);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Text of one field of a doc. */
export function fieldText(doc: SearchDoc, field: SearchField): string {
  return doc[field];
}
