// Status is never stored: it is derived from the append-only event log (./lifecycle.ts), so two
// replicas that acted concurrently agree once their logs have merged.
import { actsAsParty, actsFor, foldLifecycle, orderedEvents, recipientsOfRecord } from './lifecycle';
import { reachOf } from './parties';
import type { LifecycleState, LifecycleStatus } from './lifecycle';
import { openItemsFor } from './actionItems';
import type { Identity, LiaisonRecord } from './record';

export { orderedEvents } from './lifecycle';

export type RecordStatus = 'draft' | LifecycleStatus;

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
  lifecycle: LifecycleState;
}

/** The recipients, each once (a repeated name is one recipient with one receipt). */
export function recipientsOf(record: Pick<LiaisonRecord, 'fields'>): string[] {
  return recipientsOfRecord(record);
}

export function deriveState(record: LiaisonRecord): RecordState {
  const events = orderedEvents(record);
  const lifecycle = foldLifecycle(record);
  // The author is no recipient of her own record (lifecycle.recipients leaves her out), and her
  // reading it is no receipt, even for her own department.
  // A record that reaches the members of a department (or everyone) has a receipt for each of them.
  const receipts: Receipt[] = (reachOf(record) ?? lifecycle.recipients).map((recipient) => {
    const read = events.find(
      (event) =>
        event.type === 'read' &&
        event.actor !== record.createdBy &&
        actsAsParty(record, { name: event.actor, department: event.actorDepartment }, recipient),
    );
    return read ? { recipient, readAt: read.at, readBy: read.actor } : { recipient };
  });
  const sent = events.find((event) => event.type === 'sent');
  return {
    status: sent ? lifecycle.status : 'draft',
    receipts,
    readCount: receipts.filter((receipt) => receipt.readAt !== undefined).length,
    recipientCount: receipts.length,
    sentAt: sent?.at,
    lifecycle,
  };
}

/** Is the record addressed to this person, by name or through their department? Never to its author. */
export function isAddressedTo(record: LiaisonRecord, identity: Identity): boolean {
  if (record.createdBy !== '' && record.createdBy === identity.name) return false;
  return recipientsOf(record).some((recipient) => actsFor(identity, recipient));
}

export function isSentBy(record: LiaisonRecord, identity: Identity): boolean {
  const sender = record.fields.sender;
  return record.createdBy === identity.name || sender === identity.name;
}

/** Why a record waits for this person, if it does: to answer, to confirm, or an action item. */
/** `escalated`: escalated to me (a department head) and still owed by those I was told about (src/domain/inbox.ts). */
export type PendingReason = 'answer' | 'confirm' | 'arbitrate' | 'item' | 'escalated';

export function pendingReason(
  record: LiaisonRecord,
  identity: Identity,
  state: RecordState = deriveState(record),
  arbiter?: string,
): PendingReason | undefined {
  const life = state.lifecycle;
  if (state.status === 'draft' || state.status === 'archived' || state.status === 'recalled') return undefined;
  if (openItemsFor(record, identity, life.itemsDone).length > 0) return 'item';
  if (state.status === 'disputed') return arbiter !== undefined && arbiter === identity.name ? 'arbitrate' : undefined;
  const confirmer = life.confirmers.some(
    (name) => actsAsParty(record, identity, name) && !life.confirmations.some((confirmation) => confirmation.confirmer === name),
  );
  if (confirmer && (life.flow !== 'request' || state.status === 'delivered')) return 'confirm';
  // A request its author owns herself (self-assigned) waits for her until she delivers it.
  if (
    life.selfAssigned &&
    life.flow === 'request' &&
    record.createdBy === identity.name &&
    ['sent', 'read', 'accepted', 'in-progress'].includes(state.status)
  )
    return 'answer';
  if (record.createdBy !== identity.name && isAddressedTo(record, identity)) {
    if (life.flow === 'request' && !['declined', 'delivered', 'confirmed'].includes(state.status)) {
      const mine = life.recipients.filter((recipient) => actsFor(identity, recipient));
      const declinedAll = mine.every((recipient) =>
        life.answers.some((answer) => answer.recipient === recipient && answer.answer === 'declined'),
      );
      if (!declinedAll) return 'answer';
    }
    if (life.flow !== 'request' && !confirmer && !state.receipts.some((receipt) => actsFor(identity, receipt.recipient) && receipt.readAt))
      return 'answer';
  }
  return undefined;
}

/**
 * A request `identity` delivered (or her department did) that waits for its confirmers: no longer
 * pending for her, but not done either; the Pending tree lists it under "Delivered by me".
 */
export function deliveredBy(record: LiaisonRecord, identity: Identity, state: RecordState = deriveState(record)): boolean {
  if (state.status !== 'delivered' || state.lifecycle.flow !== 'request') return false;
  const delivery = [...orderedEvents(record)].reverse().find((event) => event.type === 'delivered' && event.item === undefined);
  return delivery !== undefined && delivery.actor === identity.name;
}

/** Pending for me: something is expected of me (answer, confirm, arbitrate) and it is not finished. */
export function isPendingFor(record: LiaisonRecord, identity: Identity, arbiter?: string): boolean {
  return pendingReason(record, identity, deriveState(record), arbiter) !== undefined;
}

/** Has this person (or someone for their department, when the department is the recipient) read it? */
export function hasRead(record: LiaisonRecord, identity: Identity): boolean {
  return record.events.some((event) => event.type === 'read' && event.actor === identity.name);
}
