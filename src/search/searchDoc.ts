// What the search index knows of a record: the text of five weighted fields and the attributes
// filters use. Plain data, so it crosses to the search worker by structured clone; the record
// itself (and any function such as the status derivation) stays on the caller's side.
//
// The body field holds first what people wrote (the markdown body as prose, see writtenText.ts;
// the notes of updates; the free-text fields), then, after LABELS_SEPARATOR, what only the index
// needs: dates, choice values and the names of kind, type, priority and status in both languages
// (facets.ts). Previews come from the written part only.
import { AUDIENCE_FIELD } from '../domain/record';
import type { LiaisonRecord, RecordEvent } from '../domain/record';
import { builtInTemplateSet } from '../domain/templates/registry';
import { facetWords, nameKey, priorityOf } from './facets';
import { writtenText } from './writtenText';

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
  mentions: 'people',
  mention: 'people',
};

/** In a doc's body, what follows this character is for the index only (labels, dates), never shown. */
export const LABELS_SEPARATOR = '\u001f';

/** The part of a stored body people wrote (what previews are made from). */
export function writtenPart(body: string): string {
  const end = body.indexOf(LABELS_SEPARATOR);
  return end < 0 ? body : body.slice(0, end);
}

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
  /** `from:`: the sender and her department, as nameKey()s joined by LABELS_SEPARATOR ('' when unknown). */
  readonly sender?: string;
  /** `to:`: the recipients (the audience), as nameKey()s joined by LABELS_SEPARATOR. */
  readonly recipients?: string;
  /** `priority:`: urgent, high, medium, low, or ''. */
  readonly priority?: string;
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
  recalled: 'recalled',
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

/** Field values only the index needs: an id, a date, a choice (facetWords names those). */
const LABEL_ONLY_KEYS = new Set(['source', 'id']);
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Maps a record to what the index stores. `statusOf` defaults to `latestLifecycleStatus`. */
export function toSearchDoc(record: LiaisonRecord, statusOf: StatusOf = latestLifecycleStatus): SearchDoc {
  const listed = new Set([...TAG_KEYS, ...COUNTERPART_KEYS, ...PEOPLE_KEYS, ...DEPARTMENT_KEYS, AUDIENCE_FIELD]);
  const people = new Set<string>();
  for (const key of [...PEOPLE_KEYS, AUDIENCE_FIELD]) for (const name of values(record, key)) people.add(name);
  if (record.createdBy) people.add(record.createdBy);
  for (const event of record.events) people.add(event.actor);
  const template = builtInTemplateSet.find(record.kind);
  const written: string[] = [];
  const labelsOnly: string[] = [];
  for (const key of Object.keys(record.fields)
    .filter((key) => !listed.has(key))
    .sort()) {
    const type = template?.fields.find((field) => field.key === key)?.type;
    for (const value of values(record, key)) {
      const internal =
        LABEL_ONLY_KEYS.has(key) || ['choice', 'datetime', 'date', 'attachments'].includes(type ?? '') || DATE_LIKE.test(value.trim());
      (internal ? labelsOnly : written).push(value);
    }
  }
  const notes = record.events.flatMap((event) => (event.note ? [event.note] : []));
  const status = statusOf(record);
  const text = [writtenText(record.body), ...notes, ...written].filter(Boolean).join('\n');
  const labels = [...labelsOnly, ...facetWords(record, status)].join(' ');
  const sender = (typeof record.fields.sender === 'string' && record.fields.sender) || record.createdBy;
  const senderDepartment = record.events.find((event) => event.type === 'sent' && event.actorDepartment)?.actorDepartment ?? '';
  const audience = values(record, record.fields[AUDIENCE_FIELD] !== undefined ? AUDIENCE_FIELD : 'recipients');
  return {
    id: record.id,
    title: record.title,
    tags: TAG_KEYS.flatMap((key) => values(record, key)).join(' '),
    body: `${text}${LABELS_SEPARATOR}${labels}`,
    counterpart: COUNTERPART_KEYS.flatMap((key) => values(record, key)).join(' '),
    people: [...people].join(' '),
    kind: record.kind,
    status,
    space: record.space,
    department: departmentOf(record),
    createdAt: record.createdAt,
    sender: [sender, senderDepartment].filter(Boolean).map(nameKey).join(LABELS_SEPARATOR),
    recipients: audience.map(nameKey).join(LABELS_SEPARATOR),
    priority: priorityOf(record),
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
  feed(doc.sender ?? '');
  feed(doc.recipients ?? '');
  feed(doc.priority ?? '');
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Text of one field of a doc. */
export function fieldText(doc: SearchDoc, field: SearchField): string {
  return doc[field];
}
