// Status is never stored: it is derived from the append-only event log, so two replicas that
// acted concurrently agree once their logs have merged.
import { AUDIENCE_FIELD, fieldList } from './record';
import type { Identity, LiaisonRecord, RecordEvent } from './record';

export type RecordStatus =
  | 'draft'
  | 'sent'
  | 'read'
  | 'accepted'
  | 'declined'
  | 'in-progress'
  | 'delivered'
  | 'confirmed'
  | 'archived';

/** Statuses in which nothing more is expected of the recipients. */
const DONE: ReadonlySet<RecordStatus> = new Set(['declined', 'confirmed', 'archived']);

export interface Receipt {
  recipient: string;
  /** ISO instant of the first read that counts for this recipient, if any. */
  readAt?: string;
  readBy?: string;
}

export interface RecordState {
  status: RecordStatus;
  receipts: Receipt[];
  readCount: number;
  recipientCount: number;
  sentAt?: string;
}

/** Events in a total order every replica agrees on: by time, then by id. */
export function orderedEvents(record: Pick<LiaisonRecord, 'events'>): RecordEvent[] {
  return [...record.events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Does this event's actor stand for `recipient` (the person, or a member of the department)? */
function actsFor(event: RecordEvent, recipient: string): boolean {
  return event.actor === recipient || (event.actorDepartment !== undefined && event.actorDepartment === recipient);
}

/** The recipients, each once (a repeated name is one recipient with one receipt). */
export function recipientsOf(record: Pick<LiaisonRecord, 'fields'>): string[] {
  return [...new Set(fieldList(record, record.fields[AUDIENCE_FIELD] !== undefined ? AUDIENCE_FIELD : 'recipients'))];
}

export function deriveState(record: LiaisonRecord): RecordState {
  const events = orderedEvents(record);
  const recipients = recipientsOf(record);
  const receipts: Receipt[] = recipients.map((recipient) => {
    // The author reading their own record is no receipt, even for their own department.
    const read = events.find((event) => event.type === 'read' && event.actor !== record.createdBy && actsFor(event, recipient));
    return read ? { recipient, readAt: read.at, readBy: read.actor } : { recipient };
  });
  const readCount = receipts.filter((receipt) => receipt.readAt !== undefined).length;
  const sent = events.find((event) => event.type === 'sent');
  let status: RecordStatus = sent ? 'sent' : 'draft';
  if (sent && recipients.length > 0 && readCount === recipients.length) status = 'read';
  for (const event of events) {
    switch (event.type) {
      case 'accepted': status = 'accepted'; break;
      case 'declined': status = 'declined'; break;
      case 'status': case 'feedback': case 'delay':
        if (status === 'accepted' || status === 'read' || status === 'sent') status = 'in-progress';
        break;
      case 'delivered': status = 'delivered'; break;
      case 'confirmed': status = 'confirmed'; break;
      case 'archived': status = 'archived'; break;
      default: break;
    }
  }
  return { status, receipts, readCount, recipientCount: recipients.length, sentAt: sent?.at };
}

/** Is the record addressed to this person, by name or through their department? */
export function isAddressedTo(record: LiaisonRecord, identity: Identity): boolean {
  return recipientsOf(record).some((recipient) => recipient === identity.name || (identity.department !== undefined && identity.department !== '' && recipient === identity.department));
}

export function isSentBy(record: LiaisonRecord, identity: Identity): boolean {
  const sender = record.fields.sender;
  return record.createdBy === identity.name || sender === identity.name;
}

/** Pending for me: addressed to me, sent, and not finished. */
export function isPendingFor(record: LiaisonRecord, identity: Identity): boolean {
  if (record.createdBy === identity.name || !isAddressedTo(record, identity)) return false;
  const { status } = deriveState(record);
  return status !== 'draft' && !DONE.has(status);
}

/** Has this person (or someone for their department, when the department is the recipient) read it? */
export function hasRead(record: LiaisonRecord, identity: Identity): boolean {
  return record.events.some((event) => event.type === 'read' && event.actor === identity.name);
}
