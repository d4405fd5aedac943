// The closed loop (闭环) of docs/design.md ("The closed loop"), derived from the append-only event log:
//   sent → read (per recipient) → accepted / declined (reason + alternative) → in progress
//   (status, feedback, delay with a new plan) → delivered → confirmed by every key confirmer →
//   archived; reopen; dispute → the project lead arbitrates.
// Two parts, both pure:
// - `foldLifecycle` replays the events in the order every replica agrees on (time, then id) and
//   applies each one only if it is legal at that point; an event made concurrently offline that
//   turns out illegal after merging is ignored the same way everywhere, so replicas converge.
// - `checkAction` decides, before an event is written, whether this person may do this now, and
//   says why not in both languages (e.g. "cannot archive: 李明 has not confirmed yet").
// Permissions that need the directory (who is the project lead) are checked in `checkAction`
// only: the fold depends on the record alone, so every replica derives the same state.
// The parties (recipients, confirmers, who acts for whom) are ./parties.ts: the author is never
// her own recipient; a request she owns herself is self-assigned (she delivers it, unasked).
// Remind now and recall (催办, 撤回) are ./remindRecall.ts. Over 400 lines: the legality table and
// the fold read best side by side in one file.
import { newEventId } from './ids';
import type { Clock } from './clock';
import { actsAsParty, answeringRecipients, flowOf, keyConfirmers, recipientsOfRecord } from './parties';
import { recallProblem, remindProblem, remindTargets } from './remindRecall';
import { satisfactionProblem } from './satisfaction';
import type { Identity, LiaisonRecord, RecordEvent } from './record';
import type { Localized } from './templates/types';

export type { ActionContext, ActionInput, ActionType, Answer, LifecycleState, LifecycleStatus } from './lifecycleTypes';
import type { ActionContext, ActionInput, ActionType, LifecycleState } from './lifecycleTypes';
export type { Flow } from './parties';
export { SATISFACTION_KIND, satisfactionProblem } from './satisfaction';
export { actsAsParty, actsFor, answeringRecipients, flowOf, keyConfirmers, recipientsOfRecord } from './parties';

export class LifecycleError extends Error {
  constructor(readonly reason: Localized) {
    super(reason.en);
  }
}

function eventActor(event: RecordEvent): { name: string; department?: string } {
  return { name: event.actor, department: event.actorDepartment };
}

export function orderedEvents(record: Pick<LiaisonRecord, 'events'>): RecordEvent[] {
  return [...record.events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const t = (zh: string, en: string): Localized => ({ zh, en });

/**
 * Whether `event` may happen in `state`, judged from the record alone. Undefined = legal; else
 * why not. Used by the fold (to ignore what became illegal after a merge) and by checkAction.
 */
function illegal(record: LiaisonRecord, state: LifecycleState, event: RecordEvent): Localized | undefined {
  const actor = eventActor(event);
  const isAuthor = event.actor === record.createdBy;
  const asRecipient = state.recipients.filter((recipient) => actsAsParty(record, actor, recipient));
  const asConfirmer = state.confirmers.filter((confirmer) => actsAsParty(record, actor, confirmer));
  const closed = state.status === 'archived';
  if (state.status === 'recalled' && event.type !== 'read') return t('记录已撤回。', 'The record was recalled.');
  switch (event.type) {
    case 'sent':
    case 'read':
    case 'reminded':
    case 'escalated':
      return undefined;
    case 'accepted':
    case 'declined': {
      if (state.flow !== 'request')
        return t('通知和纪要只需确认，无需接受或拒绝。', 'A notice or minutes is confirmed, not accepted or declined.');
      if (asRecipient.length === 0)
        return t(
          `只有接收人（${state.recipients.join('、')}）可以接受或拒绝。`,
          `Only a recipient (${state.recipients.join(', ')}) can accept or decline.`,
        );
      if (!['sent', 'read', 'accepted', 'declined'].includes(state.status))
        return t(
          '已经开始处理，不能再接受或拒绝；可以提交延期或争议。',
          'Work has started: it can no longer be accepted or declined; send a delay notice or raise a dispute.',
        );
      if (asRecipient.every((recipient) => state.answers.some((answer) => answer.recipient === recipient)))
        return t('你已经答复过了。', 'You have answered already.');
      if (event.type === 'declined' && (!event.reason?.trim() || !event.alternative?.trim()))
        return t('拒绝必须写明原因和替代方案。', 'A decline needs a reason and an alternative.');
      return undefined;
    }
    case 'status':
    case 'feedback':
      if (closed) return t('记录已归档：先重新打开。', 'The record is archived: reopen it first.');
      if (!isAuthor && asRecipient.length === 0)
        return t('只有发起人和接收人可以更新进展。', 'Only the author and the recipients can post updates.');
      return undefined;
    case 'delay':
      if (closed) return t('记录已归档：先重新打开。', 'The record is archived: reopen it first.');
      if (!isAuthor && asRecipient.length === 0)
        return t('只有发起人和接收人可以发延期通知。', 'Only the author and the recipients can send a delay notice.');
      if (!event.reason?.trim() || !event.due?.trim())
        return t('延期通知必须写明原因和新的计划时间。', 'A delay notice needs a reason and a new planned time.');
      return undefined;
    case 'delivered':
      if (state.flow !== 'request' && event.item === undefined)
        return t('通知和纪要只需确认，没有交付。', 'A notice or minutes is confirmed, not delivered.');
      if (event.item !== undefined) return closed ? t('记录已归档。', 'The record is archived.') : undefined;
      if (isAuthor && state.selfAssigned) {
        // The author who owns her own request delivers without anyone accepting it first.
        if (['sent', 'read', 'accepted', 'in-progress'].includes(state.status)) return undefined;
        return state.status === 'delivered' || state.status === 'confirmed'
          ? t('已经交付过了。', 'It has been delivered already.')
          : t('现在不能交付。', 'It cannot be delivered now.');
      }
      if (asRecipient.length === 0) return t('只有接收人可以提交交付。', 'Only a recipient can deliver.');
      if (!['accepted', 'in-progress'].includes(state.status)) {
        return state.status === 'delivered' || state.status === 'confirmed'
          ? t('已经交付过了。', 'It has been delivered already.')
          : t('先接受，再交付。', 'Accept it before delivering.');
      }
      if (!state.answers.some((answer) => answer.answer === 'accepted')) return t('先接受，再交付。', 'Accept it before delivering.');
      return undefined;
    case 'confirmed':
      if (asConfirmer.length === 0)
        return t(
          `只有须确认人（${state.confirmers.join('、') || '无'}）可以确认。`,
          `Only those who must confirm (${state.confirmers.join(', ') || 'nobody'}) can confirm.`,
        );
      if (state.status === 'disputed') return t('有争议未裁决，不能确认。', 'A dispute is open: it must be arbitrated first.');
      if (state.flow === 'request' && state.status !== 'delivered' && state.status !== 'confirmed')
        return t('交付之后才能确认结果。', 'The result can be confirmed once it has been delivered.');
      if (closed) return t('记录已归档。', 'The record is archived.');
      if (asConfirmer.every((confirmer) => state.confirmations.some((confirmation) => confirmation.confirmer === confirmer)))
        return t('你已经确认过了。', 'You have confirmed already.');
      return undefined;
    case 'archived': {
      if (closed) return t('已经归档了。', 'It is archived already.');
      if (!isAuthor) return t('只有发起人可以关闭（归档）记录。', 'Only the author can close (archive) the record.');
      if (state.status === 'disputed') return t('有争议未裁决，不能关闭。', 'A dispute is open: it must be arbitrated before closing.');
      if (state.flow === 'request' && state.status === 'declined') return undefined;
      if (state.flow === 'request' && !['delivered', 'confirmed'].includes(state.status))
        return t('还没有交付，不能关闭。', 'Nothing has been delivered yet: it cannot be closed.');
      const missing = state.confirmers.filter(
        (confirmer) => !state.confirmations.some((confirmation) => confirmation.confirmer === confirmer),
      );
      if (missing.length > 0)
        return t(
          `还不能关闭：${missing.join('、')} 尚未确认。`,
          `Cannot close yet: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} not confirmed.`,
        );
      return undefined;
    }
    case 'reopened':
      if (!isAuthor && asConfirmer.length === 0 && asRecipient.length === 0)
        return t('只有发起人、接收人和须确认人可以重新打开。', 'Only the author, the recipients and the confirmers can reopen.');
      if (!['delivered', 'confirmed', 'archived', 'declined'].includes(state.status))
        return t('记录仍在处理中，无需重新打开。', 'The record is still open; there is nothing to reopen.');
      if (!event.reason?.trim()) return t('重新打开需要写明原因。', 'Reopening needs a reason.');
      return undefined;
    case 'disputed':
      if (!isAuthor && asRecipient.length === 0 && asConfirmer.length === 0)
        return t('只有发起人、接收人和须确认人可以提出争议。', 'Only the author, the recipients and the confirmers can raise a dispute.');
      if (state.status === 'disputed') return t('已有争议待裁决。', 'A dispute is already open.');
      if (closed) return t('记录已归档：先重新打开。', 'The record is archived: reopen it first.');
      if (!event.reason?.trim()) return t('争议需要写明原因。', 'A dispute needs a reason.');
      return undefined;
    case 'recalled':
      return recallProblem(record, state, event);
    case 'arbitrated':
      if (state.status !== 'disputed') return t('没有待裁决的争议。', 'There is no open dispute to arbitrate.');
      if (event.decision !== 'accept' && event.decision !== 'rework')
        return t('裁决须为 accept（结果成立）或 rework（返工）。', 'An arbitration decides accept (the result stands) or rework.');
      if (state.dispute && event.actor === state.dispute.by)
        return t('提出争议的人不能自己裁决。', 'Whoever raised the dispute cannot arbitrate it.');
      return undefined;
    default:
      return undefined;
  }
}

function apply(record: LiaisonRecord, state: LifecycleState, event: RecordEvent): void {
  const actor = eventActor(event);
  const readsCount = (): boolean =>
    state.recipients.length > 0 &&
    state.recipients.every((recipient) =>
      record.events.some(
        (candidate) =>
          candidate.type === 'read' &&
          candidate.actor !== record.createdBy &&
          candidate.at <= event.at &&
          actsAsParty(record, eventActor(candidate), recipient),
      ),
    );
  switch (event.type) {
    case 'read':
      if (state.status === 'sent' && readsCount()) state.status = 'read';
      break;
    case 'accepted':
    case 'declined':
      for (const recipient of state.recipients.filter(
        (candidate) => actsAsParty(record, actor, candidate) && !state.answers.some((answer) => answer.recipient === candidate),
      )) {
        state.answers.push({
          recipient,
          answer: event.type,
          by: event.actor,
          at: event.at,
          reason: event.reason,
          alternative: event.alternative,
        });
      }
      if (state.answers.some((answer) => answer.answer === 'accepted')) state.status = 'accepted';
      else if (state.answers.length >= state.recipients.length) state.status = 'declined';
      break;
    case 'status':
    case 'feedback':
      if (state.status === 'accepted') state.status = 'in-progress';
      break;
    case 'delay':
      state.plan = { due: event.due ?? '', reason: event.reason ?? '', by: event.actor, at: event.at };
      if (state.status === 'accepted') state.status = 'in-progress';
      break;
    case 'delivered':
      if (event.item !== undefined) {
        if (!state.itemsDone.includes(event.item)) state.itemsDone.push(event.item);
        break;
      }
      state.status = 'delivered';
      state.deliveredAt = event.at;
      state.confirmations = [];
      // A requester delivering her own request has accepted her own work.
      if (event.actor === record.createdBy && state.confirmers.includes(record.createdBy)) {
        state.confirmations.push({ confirmer: record.createdBy, by: event.actor, at: event.at });
        if (state.confirmers.length === 1) state.status = 'confirmed';
      }
      break;
    case 'confirmed':
      for (const confirmer of state.confirmers.filter(
        (candidate) =>
          actsAsParty(record, actor, candidate) && !state.confirmations.some((confirmation) => confirmation.confirmer === candidate),
      )) {
        state.confirmations.push({ confirmer, by: event.actor, at: event.at });
      }
      if (state.confirmers.every((confirmer) => state.confirmations.some((confirmation) => confirmation.confirmer === confirmer)))
        state.status = 'confirmed';
      break;
    case 'archived':
      state.status = 'archived';
      state.archivedAt = event.at;
      break;
    case 'reopened':
      state.archivedAt = undefined;
      state.confirmations = [];
      state.dispute = undefined;
      if (
        state.flow === 'request' &&
        (state.answers.some((answer) => answer.answer === 'accepted') || (state.selfAssigned && state.recipients.length === 0))
      )
        state.status = 'in-progress';
      else {
        // Reopening a declined request asks again: the answers start over.
        state.answers = [];
        state.status = 'sent';
      }
      break;
    case 'disputed':
      state.dispute = { by: event.actor, reason: event.reason ?? '', at: event.at };
      state.status = 'disputed';
      break;
    case 'recalled':
      state.status = 'recalled';
      state.recall = { by: event.actor, reason: event.reason ?? '', at: event.at };
      break;
    case 'arbitrated':
      state.dispute = undefined;
      if (event.decision === 'accept') {
        // The lead accepts the delivery on behalf of whoever disputed it.
        state.status = state.flow === 'request' ? 'confirmed' : 'confirmed';
        state.confirmations = state.confirmers.map((confirmer) => ({ confirmer, by: event.actor, at: event.at }));
      } else {
        state.status = state.flow === 'request' ? 'in-progress' : 'sent';
        state.confirmations = [];
      }
      break;
    default:
      break;
  }
}

/** Replays the events into the record's lifecycle state (deterministic on every replica). */
export function foldLifecycle(record: LiaisonRecord): LifecycleState {
  const flow = flowOf(record);
  const recipients = answeringRecipients(record);
  const selfAssigned = record.createdBy !== '' && recipientsOfRecord(record).includes(record.createdBy);
  const state: LifecycleState = {
    flow,
    // A request its author alone owns is hers from the start: nobody is asked to accept it.
    status: flow === 'request' && selfAssigned && recipients.length === 0 ? 'accepted' : 'sent',
    recipients,
    selfAssigned,
    answers: [],
    confirmers: keyConfirmers(record),
    confirmations: [],
    ignored: [],
    itemsDone: [],
  };
  for (const event of orderedEvents(record)) {
    if (event.type === 'sent') continue;
    const why = illegal(record, state, event);
    if (why) {
      state.ignored.push({ event, why: why.en });
      continue;
    }
    apply(record, state, event);
  }
  return state;
}

const EVENT_OF: Record<ActionType, RecordEvent['type']> = {
  read: 'read',
  accept: 'accepted',
  decline: 'declined',
  status: 'status',
  feedback: 'feedback',
  delay: 'delay',
  deliver: 'delivered',
  confirm: 'confirmed',
  archive: 'archived',
  reopen: 'reopened',
  dispute: 'disputed',
  arbitrate: 'arbitrated',
  remind: 'reminded',
  recall: 'recalled',
};

function draftEvent(action: ActionInput, actor: Identity, at: string): RecordEvent {
  const event: RecordEvent = { id: newEventId(), type: EVENT_OF[action.type], actor: actor.name, at };
  if (actor.department) event.actorDepartment = actor.department;
  for (const key of ['note', 'reason', 'alternative', 'due', 'item', 'decision', 'satisfaction', 'satisfactionComment'] as const) {
    const value = action[key];
    if (value !== undefined && value !== '')
      (event as unknown as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value;
  }
  return event;
}

/** May `actor` do `action` now? Undefined = yes; else why not, in both languages. */
export function checkAction(record: LiaisonRecord, action: ActionInput, actor: Identity, ctx: ActionContext = {}): Localized | undefined {
  if (!actor.name) return t('先在设置 liaison.user.name 中填写你的姓名。', 'Set your name in the setting liaison.user.name first.');
  const satisfaction = satisfactionProblem(record, action);
  if (satisfaction) return satisfaction;
  const state = foldLifecycle(record);
  if (action.type === 'arbitrate') {
    const arbiter = record.fields.lead && typeof record.fields.lead === 'string' ? record.fields.lead : ctx.arbiter;
    if (!arbiter)
      return t(
        '没有指定项目负责人（字段 lead 或通讯录中的部门负责人），无法裁决。',
        'No project lead to arbitrate: set the field lead, or the department head in the directory.',
      );
    if (arbiter !== actor.name) return t(`只有项目负责人 ${arbiter} 可以裁决。`, `Only the project lead, ${arbiter}, can arbitrate.`);
  }
  if (action.type === 'read' && actor.name === record.createdBy)
    return t('发起人阅读自己的记录不算回执。', 'Reading your own record is no receipt.');
  if (action.type === 'remind') return remindProblem(record, state, actor.name, ctx.now, ctx.remindEveryMinutes);
  return illegal(record, state, draftEvent(action, actor, new Date(8.64e15).toISOString()));
}

/** The event for `action`, or a LifecycleError saying why it is not allowed. */
export function performAction(
  record: LiaisonRecord,
  action: ActionInput,
  actor: Identity,
  clock: Clock,
  ctx: ActionContext = {},
): RecordEvent {
  const why = checkAction(record, action, actor, ctx);
  if (why) throw new LifecycleError(why);
  const event = draftEvent(action, actor, clock.now().toISOString());
  if (action.type === 'remind') event.to = remindTargets(record, foldLifecycle(record));
  return event;
}

/** The actions `actor` may take now, for buttons and menus (read is implicit on opening). */
export function availableActions(record: LiaisonRecord, actor: Identity, ctx: ActionContext = {}): ActionType[] {
  const candidates: ActionInput[] = [
    { type: 'accept' },
    { type: 'decline', reason: 'x', alternative: 'x' },
    { type: 'status', note: 'x' },
    { type: 'feedback', note: 'x' },
    { type: 'delay', reason: 'x', due: '2099-01-01 00:00' },
    { type: 'deliver' },
    { type: 'confirm' },
    { type: 'archive' },
    { type: 'reopen', reason: 'x' },
    { type: 'dispute', reason: 'x' },
    { type: 'arbitrate', decision: 'accept' },
    { type: 'remind' },
    { type: 'recall', reason: 'x' },
  ];
  return candidates.filter((action) => checkAction(record, action, actor, ctx) === undefined).map((action) => action.type);
}
