// What the server tells a person, and the unit the outbox keeps and sends.
//  - A `Notice` is what the clock (reminders, escalations, new urgent records, confirmation
//    requests) or the alert path (emergencies, escalations: alertNotices.ts) asks to tell one
//    person about one event of one record, with the person's directory entry (its channels).
//  - A `Delivery` is one message on one channel to one address: one notice, or several (a digest,
//    or what waited for the same address through quiet hours). Its id is stable, derived from
//    what it announces: `<space>/<record>/<event>/<person>/<channel>` (each part URI-encoded), so
//    the same notice asked for twice, by two sweeps or two replicas, is one delivery.
import { createHash } from 'node:crypto';
import type { ChannelKind, PersonContact } from '../../src/domain/personChannels';
import { CHANNEL_KINDS } from '../../src/domain/personChannels';
import type { Language, Localized } from '../../src/domain/templates/types';

export type NoticeKind = 'reminder' | 'escalation' | 'new-urgent' | 'emergency' | 'confirmation-request';
export const NOTICE_KINDS: readonly NoticeKind[] = ['reminder', 'escalation', 'new-urgent', 'emergency', 'confirmation-request'];

/** The record as a notice shows it. */
export interface NoticeRecord {
  readonly title: string;
  readonly kind: string;
  readonly kindLabel?: Localized;
  readonly createdBy: string;
  /** urgent, high, medium, low, or absent. */
  readonly priority?: string;
}

/** What one notice says, whoever it goes to. */
export interface NoticeContent {
  readonly space: string;
  readonly recordId: string;
  /** The event it announces: a reminder's `fu:…` id, the `escalated` event, the record's `sent` event. */
  readonly eventId: string;
  /** When that event happened (ISO 8601). A notice older than the notifier's maxAge when made is not sent. */
  readonly at: string;
  readonly kind: NoticeKind;
  /** Goes at once, quiet hours or not, on every channel the person has. */
  readonly urgent: boolean;
  readonly record: NoticeRecord;
  /** What is owed, in both languages (the inbox's due, e.g. describeDue): "答复" / "answer". */
  readonly owed?: Localized;
  /** By when (ISO 8601 instant). */
  readonly due?: string;
  /** Free text: why it escalated, what the reminder is about. */
  readonly note?: string;
}

export interface Notice extends NoticeContent {
  /** The directory entry of the person told (name and channel fields). */
  readonly person: PersonContact;
  readonly language: Language;
}

export interface Delivery {
  /** Stable: see the header. A digest's id is derived from the ids it carries. */
  readonly id: string;
  readonly channel: ChannelKind;
  readonly address: string;
  /** The person's name. */
  readonly person: string;
  readonly language: Language;
  /** The policy's time zone: times in the message are shown in it. */
  readonly timeZone: string;
  /** One notice, or several in a digest (oldest first). */
  readonly notices: readonly NoticeContent[];
}

/** The stable id of `notice` for `person` on `channel`. */
export function deliveryIdOf(content: Pick<NoticeContent, 'space' | 'recordId' | 'eventId'>, person: string, channel: ChannelKind): string {
  return [content.space, content.recordId, content.eventId, person, channel].map(encodeURIComponent).join('/');
}

/** The id of the digest that carries `ids` to `address` on `channel` (the same ids give the same digest). */
export function digestIdOf(channel: ChannelKind, address: string, ids: readonly string[]): string {
  const hash = createHash('sha256')
    .update(`${channel}\n${address}\n${[...ids].sort().join('\n')}`, 'utf8')
    .digest('hex')
    .slice(0, 32);
  return `digest/${channel}/${hash}`;
}

/** A 32-hex token of a delivery id: a Message-ID, Feishu's `uuid`, the X-Liaison-Delivery header. Same on every attempt. */
export function deliveryToken(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
}

const isText = (value: unknown): value is string => typeof value === 'string';

function isLocalized(value: unknown): boolean {
  return typeof value === 'object' && value !== null && isText((value as Localized).zh) && isText((value as Localized).en);
}

function isContent(value: unknown): value is NoticeContent {
  if (typeof value !== 'object' || value === null) return false;
  const raw = value as Record<string, unknown>;
  const record = raw.record as Record<string, unknown> | null | undefined;
  return (
    isText(raw.space) &&
    isText(raw.recordId) &&
    isText(raw.eventId) &&
    isText(raw.at) &&
    NOTICE_KINDS.includes(raw.kind as NoticeKind) &&
    typeof raw.urgent === 'boolean' &&
    typeof record === 'object' &&
    record !== null &&
    isText(record.title) &&
    isText(record.kind) &&
    isText(record.createdBy) &&
    (raw.owed === undefined || isLocalized(raw.owed)) &&
    (raw.due === undefined || isText(raw.due)) &&
    (raw.note === undefined || isText(raw.note))
  );
}

/** A delivery as read back from a ledger: anything of another shape is refused. */
export function isDelivery(value: unknown): value is Delivery {
  if (typeof value !== 'object' || value === null) return false;
  const raw = value as Record<string, unknown>;
  return (
    isText(raw.id) &&
    CHANNEL_KINDS.includes(raw.channel as ChannelKind) &&
    isText(raw.address) &&
    isText(raw.person) &&
    (raw.language === 'zh' || raw.language === 'en') &&
    isText(raw.timeZone) &&
    Array.isArray(raw.notices) &&
    raw.notices.length > 0 &&
    raw.notices.every(isContent)
  );
}

/** What a notice carries into its delivery (the person's contact fields stay in the directory). */
export function contentOf(notice: Notice): NoticeContent {
  const { space, recordId, eventId, at, kind, urgent, record, owed, due, note } = notice;
  return { space, recordId, eventId, at, kind, urgent, record, owed, due, note };
}
