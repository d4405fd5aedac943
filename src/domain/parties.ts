// Who a record's parties are, judged from the record alone (so every replica agrees): its flow,
// the recipients who must read and answer, the key confirmers, and who acts for a party. The
// author is never her own recipient, reader or 信息遗漏: she acts only as herself.
import type { LiaisonRecord } from './record';
import { AUDIENCE_FIELD, REACH_FIELD, fieldList } from './record';

/** How a kind moves: a request is answered and delivered; a notice (or minutes) is confirmed. */
export type Flow = 'request' | 'notice' | 'knowledge';

const NOTICE_KINDS = new Set(['internal-notice', 'meeting-minutes']);

/** Internal messages that inform rather than ask: confirmed by their readers, not delivered. */
const INFORMING_TYPES = new Set(['notice', 'result-report']);

export function flowOf(record: Pick<LiaisonRecord, 'kind' | 'fields'>): Flow {
  if (record.kind === 'knowledge-entry') return 'knowledge';
  if (NOTICE_KINDS.has(record.kind) || record.fields.confirmers !== undefined) return 'notice';
  if (record.kind === 'internal-message' && typeof record.fields.type === 'string' && INFORMING_TYPES.has(record.fields.type))
    return 'notice';
  return 'request';
}

/** The audience as stored (the author too, when she named herself). */
export function recipientsOfRecord(record: Pick<LiaisonRecord, 'fields'>): string[] {
  return [...new Set(fieldList(record, record.fields[AUDIENCE_FIELD] !== undefined ? AUDIENCE_FIELD : 'recipients'))];
}

/**
 * Who must read and answer: the audience without the author. She is never her own recipient,
 * reader or 信息遗漏, even when she names herself as the owner (her request is then self-assigned).
 */
export function answeringRecipients(record: Pick<LiaisonRecord, 'fields' | 'createdBy'>): string[] {
  return recipientsOfRecord(record).filter((recipient) => recipient !== record.createdBy);
}

/**
 * Does `actor` stand for `party` on this record? As `actsFor`, except that the author acts only
 * as herself: never for a department she belongs to, so her own read, answer or confirmation
 * never counts for the parties she wrote to.
 */
export function actsAsParty(
  record: Pick<LiaisonRecord, 'createdBy'>,
  actor: { name: string; department?: string },
  party: string,
): boolean {
  if (record.createdBy !== '' && actor.name === record.createdBy) return party === record.createdBy;
  return actsFor(actor, party);
}

/**
 * The people a record reaches, each tracked on their own (read, confirmed, reminded): the `reach`
 * field Send stores when the audience names a department or everyone (全员), without the author;
 * undefined for a record addressed to people only (or sent before reach was stored).
 */
export function reachOf(record: Pick<LiaisonRecord, 'fields' | 'createdBy'>): string[] | undefined {
  if (record.fields[REACH_FIELD] === undefined) return undefined;
  return [...new Set(fieldList(record, REACH_FIELD))].filter((name) => name !== record.createdBy);
}

/**
 * Who must confirm before a record closes: a notice's `confirmers` (else each person it reaches,
 * else its whole audience: minutes are confirmed by their attendees); a request's requester (the author accepts the
 * delivery, 结果确认) plus any named `confirmers`; a knowledge entry nobody.
 */
export function keyConfirmers(record: Pick<LiaisonRecord, 'kind' | 'fields' | 'createdBy'>): string[] {
  const flow = flowOf(record);
  if (flow === 'knowledge') return [];
  const named = fieldList(record, 'confirmers');
  // The author of a notice does not confirm her own notice; a requester confirms what she asked for.
  if (flow === 'notice')
    return named.length > 0
      ? [...new Set(named)].filter((name) => name !== record.createdBy)
      : (reachOf(record) ?? answeringRecipients(record));
  return [...new Set([record.createdBy, ...named].filter(Boolean))];
}

/** Does this actor stand for `party` (the person, or a member of the department)? */
export function actsFor(actor: { name: string; department?: string }, party: string): boolean {
  return actor.name === party || (actor.department !== undefined && actor.department !== '' && actor.department === party);
}
