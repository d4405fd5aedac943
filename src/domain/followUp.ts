// Response-time rules applied to a record's lifecycle: what is due now, from whom, and what
// follow-up is owed — a reminder to those who have not read or answered (never more often than
// the policy's remindEvery), an escalation to their department heads once it is escalateAfter
// overdue. Pure: the policy, calendar, directory lookup and `now` come in; events come out.
import type { WorkCalendar } from './calendar';
import type { Clock } from './clock';
import { dueFor, dueState, mayRemind } from './due';
import type { DueResult, DueStatus } from './due';
import { actsFor, orderedEvents } from './lifecycle';
import type { ResponsePolicy, Stage } from './policy';
import type { Identity, LiaisonRecord, RecordEvent } from './record';
import { deriveState } from './status';
import type { RecordState } from './status';

export interface RecordDue {
  stage: Stage;
  due: DueResult;
  status: DueStatus;
  /** Who still owes the response (recipients who have not read/answered, confirmers who have not confirmed). */
  owedBy: string[];
}

/** A record's due as its events and the policy fix it: everything of RecordDue but its state at a time. */
export type OwedDue = Omit<RecordDue, 'status'>;

/**
 * What the record owes now and by when, if anything: respond (from sent) or accept the delivery
 * (from delivered). Needs no clock: the due's state at a time is `dueState(owed.due, now)`.
 */
export function owedDue(
  record: LiaisonRecord,
  policy: ResponsePolicy,
  calendar: WorkCalendar,
  state: RecordState = deriveState(record),
): OwedDue | undefined {
  const life = state.lifecycle;
  if (['draft', 'archived', 'declined', 'disputed', 'recalled'].includes(state.status)) return undefined;
  let stage: Stage;
  let start: string | undefined;
  let owedBy: string[];
  if (life.flow === 'request' && state.status === 'delivered') {
    stage = 'deliveryAcceptance';
    start = life.deliveredAt;
    owedBy = life.confirmers.filter((name) => !life.confirmations.some((confirmation) => confirmation.confirmer === name));
  } else if (life.flow === 'request') {
    if (state.status === 'confirmed') return undefined;
    // Until every recipient has answered, the others' answers do not stop the clock for them.
    stage = 'respond';
    start = state.sentAt;
    owedBy = life.recipients.filter((name) => !life.answers.some((answer) => answer.recipient === name));
  } else {
    stage = 'respond';
    start = state.sentAt;
    owedBy = life.confirmers.filter((name) => !life.confirmations.some((confirmation) => confirmation.confirmer === name));
  }
  if (!start || owedBy.length === 0) return undefined;
  const due = dueFor(policy, calendar, record, stage, new Date(start));
  if (!due) return undefined;
  return { stage, due, owedBy };
}

/** The record's current due, if something is owed, with its state at `now`. */
export function recordDue(
  record: LiaisonRecord,
  policy: ResponsePolicy,
  calendar: WorkCalendar,
  now: Date,
  state?: RecordState,
): RecordDue | undefined {
  const owed = owedDue(record, policy, calendar, state);
  return owed && { ...owed, status: dueState(owed.due, now) };
}

export interface FollowUpPlan {
  remind?: RecordEvent;
  escalate?: RecordEvent;
  /** A notice's reach check: at its due (2 h after publication), everyone who has not read it. */
  reach?: RecordEvent;
}

/** The actor of what the team's server appends (reminders, escalations). */
export const SERVER_ACTOR = 'Liaison';

export type FollowUpKind = 'remind' | 'escalate' | 'reach';

/**
 * The id of a follow-up event, derived from what it is: `fu:<recordId>:<stage>:<kind>:<n>`, n the
 * how-many-th of its kind at that stage (1, 2, …; for an escalation, its level). Every replica and
 * the server derive the same id from the same history, so a follow-up evaluated any number of
 * times, anywhere, is one event (readers keep one event per id; see recordsDoc.readRecord).
 */
export function followUpId(recordId: string, stage: Stage, kind: FollowUpKind, n: number): string {
  return `fu:${recordId}:${stage}:${kind}:${n}`;
}

/** What a `fu:` id says, or undefined for any other id. */
export function parseFollowUpId(id: string): { recordId: string; stage: string; kind: FollowUpKind; n: number } | undefined {
  const match = /^fu:(.+):([A-Za-z]+):(remind|escalate|reach):([1-9]\d*)$/.exec(id);
  return match ? { recordId: match[1], stage: match[2], kind: match[3] as FollowUpKind, n: Number(match[4]) } : undefined;
}

/** 1 + how many distinct follow-ups of `kind` at `stage` the record holds. */
function nextOrdinal(record: LiaisonRecord, stage: Stage, kind: FollowUpKind): number {
  const prefix = `fu:${record.id}:${stage}:${kind}:`;
  return new Set(record.events.filter((event) => event.id.startsWith(prefix)).map((event) => event.id)).size + 1;
}

/**
 * What should be appended now: a reminder (state warning or worse, none in the last remindEvery)
 * to those who owe a response and have not read or answered; an escalation (state escalated,
 * none yet for this stage) to their department heads; for a notice, the reach check once its due
 * has passed (everyone still unread, itself a reminder: it takes the place of this turn's one).
 * `actor` is the author's identity in her editor, `{ name: SERVER_ACTOR }` on the server.
 */
export function planFollowUp(
  record: LiaisonRecord,
  policy: ResponsePolicy,
  calendar: WorkCalendar,
  clock: Clock,
  actor: Identity,
  headOf: (name: string) => string | undefined,
): FollowUpPlan {
  const now = clock.now();
  const state = deriveState(record);
  const due = recordDue(record, policy, calendar, now, state);
  if (!due || due.status.state === 'ok') return {};
  const events = orderedEvents(record);
  const since = due.due.start.toISOString();
  const plan: FollowUpPlan = {};
  const stamp = (event: RecordEvent): RecordEvent => (actor.department ? { ...event, actorDepartment: actor.department } : event);
  const lastReminder = [...events].reverse().find((event) => event.type === 'reminded' && event.at >= since);
  const mayRemindNow = mayRemind(lastReminder ? new Date(lastReminder.at) : undefined, now, policy);
  const unread = state.receipts.filter((receipt) => receipt.readAt === undefined).map((receipt) => receipt.recipient);
  const reachDue =
    state.lifecycle.flow === 'notice' &&
    due.stage === 'respond' &&
    due.status.state !== 'warning' &&
    unread.length > 0 &&
    nextOrdinal(record, 'respond', 'reach') === 1;
  if (mayRemindNow && reachDue) {
    plan.reach = stamp({
      id: followUpId(record.id, 'respond', 'reach', 1),
      type: 'reminded',
      actor: actor.name,
      at: now.toISOString(),
      to: unread,
      note: `reach check: not read by ${due.due.due.toISOString()} (${due.due.rule.id})`,
    });
  } else if (mayRemindNow) {
    plan.remind = stamp({
      id: followUpId(record.id, due.stage, 'remind', nextOrdinal(record, due.stage, 'remind')),
      type: 'reminded',
      actor: actor.name,
      at: now.toISOString(),
      to: due.owedBy,
      note: `${due.stage} due ${due.due.due.toISOString()} (${due.due.rule.id})`,
    });
  }
  const escalated = events.some((event) => event.type === 'escalated' && event.at >= since);
  if (due.status.state === 'escalated' && !escalated) {
    const heads = [
      ...new Set(due.owedBy.map((name) => headOf(name)).filter((head): head is string => head !== undefined && !due.owedBy.includes(head))),
    ];
    plan.escalate = stamp({
      id: followUpId(record.id, due.stage, 'escalate', nextOrdinal(record, due.stage, 'escalate')),
      type: 'escalated',
      actor: actor.name,
      at: now.toISOString(),
      to: heads,
      note: `${due.owedBy.join(', ')} overdue since ${due.due.due.toISOString()} (${due.due.rule.id})`,
      reason: heads.length === 0 ? 'no department head in the directory' : undefined,
    });
  }
  return plan;
}

/** The events of a plan, in the order they are appended. */
export function planEvents(plan: FollowUpPlan): RecordEvent[] {
  return [plan.reach, plan.remind, plan.escalate].filter((event): event is RecordEvent => event !== undefined);
}

/** Reminders and escalations addressed to `identity` (for notifications). */
export function followUpsFor(record: LiaisonRecord, identity: Identity): RecordEvent[] {
  return record.events.filter(
    (event) => (event.type === 'reminded' || event.type === 'escalated') && (event.to ?? []).some((name) => actsFor(identity, name)),
  );
}
