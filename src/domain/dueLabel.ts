// Which due a time is, and since when it is overdue: one formatter for the Pending row, its
// tooltip, the record view and the notifications, so no clock is shown unlabelled. A record can
// have two clocks at once: the response-time rule (respond: answer the request, or confirm a
// notice; confirm: accept a delivery) and the request's own deadline (deliver). Pure: the record's
// facts and `now` come in.
import { dueState } from './due';
import type { DueStateName } from './due';
import { formatSpan } from './dueText';
import type { RecordDue } from './followUp';
import type { RecordState } from './status';
import type { Language } from './templates/types';
import { parseDisplayTime } from './time';
import type { ZoneLike } from './time';
import { displayTime } from './time';

/**
 * respond: answer a request; confirm: confirm a notice, or accept a delivery (the policy's rules);
 * deliver: a request's result by its deadline; deadline: a notice's or minutes' own deadline field.
 */
export type DueKind = 'respond' | 'deliver' | 'confirm' | 'deadline';

export interface DueFact {
  kind: DueKind;
  /** When it is due. */
  at: Date;
  /** Whole minutes to the due (negative once passed), as DueStatus.minutesLeft. */
  minutesLeft: number;
  /** ok / warning / breached / escalated (a deadline is breached from the minute it passes, never escalated). */
  state: DueStateName;
  /** The response-time rule behind it (none for the deadline). */
  rule?: string;
}

const KIND_NAMES: Readonly<Record<DueKind, Record<Language, string>>> = {
  respond: { zh: '答复', en: 'Respond' },
  deliver: { zh: '交付', en: 'Deliver' },
  confirm: { zh: '确认', en: 'Confirm' },
  deadline: { zh: '截止', en: 'Deadline' },
};

/** 答复 / Respond, 交付 / Deliver, 确认 / Confirm. */
export function dueKindName(kind: DueKind, language: Language): string {
  return KIND_NAMES[kind][language];
}

/** A request's deadline (or the latest delay's new plan) while it is to be delivered; another record's deadline while it is open. */
function deadlineDue(
  fields: Readonly<Record<string, unknown>>,
  state: RecordState,
  zone: ZoneLike,
): { kind: DueKind; at: Date } | undefined {
  const life = state.lifecycle;
  const open = life.flow === 'request' ? ['sent', 'read', 'accepted', 'in-progress'] : ['sent', 'read', 'disputed'];
  if (!open.includes(state.status)) return undefined;
  const text = life.plan?.due ?? (typeof fields.deadline === 'string' ? fields.deadline : '');
  const at = text ? parseDisplayTime(text.trim(), zone) : undefined;
  return at && { kind: life.flow === 'request' ? 'deliver' : 'deadline', at };
}

/** The record's dues at `now`, the response-time rule's first, then the deadline. */
export function dueFacts(
  record: { fields: Readonly<Record<string, unknown>> },
  state: RecordState,
  owed: RecordDue | undefined,
  now: Date,
  zone: ZoneLike,
): DueFact[] {
  const facts: DueFact[] = [];
  if (owed) {
    const kind: DueKind = owed.stage === 'deliveryAcceptance' || state.lifecycle.flow !== 'request' ? 'confirm' : 'respond';
    facts.push({ kind, at: owed.due.due, minutesLeft: owed.status.minutesLeft, state: owed.status.state, rule: owed.due.rule.id });
  }
  const deadline = deadlineDue(record.fields, state, zone);
  if (deadline) {
    const { at } = deadline;
    const status = dueState({ due: at, warnAt: new Date(at.getTime() - 4 * 3600_000), escalateAt: new Date(8.64e15) }, now);
    facts.push({ kind: deadline.kind, at, minutesLeft: status.minutesLeft, state: status.state });
  }
  return facts;
}

export function isOverdue(fact: DueFact): boolean {
  return fact.state === 'breached' || fact.state === 'escalated';
}

/** The due most worth a glance: an overdue one first, else the nearest. */
export function mostPressing(facts: readonly DueFact[]): DueFact | undefined {
  return [...facts].sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)) || a.minutesLeft - b.minutesLeft)[0];
}

/**
 * Short, for a tree row: "答复 2 小时后" / "Respond in 2 h", "交付已超时 38 分钟" / "Deliver overdue 38 min".
 */
export function dueShort(fact: DueFact, language: Language): string {
  const name = dueKindName(fact.kind, language);
  const span = formatSpan(fact.minutesLeft, language);
  if (fact.minutesLeft === 0) return language === 'zh' ? `${name}现在到期` : `${name} due now`;
  if (fact.minutesLeft > 0) return language === 'zh' ? `${name} ${span}后到期` : `${name} in ${span}`;
  return language === 'zh' ? `${name}已超时 ${span}` : `${name} overdue ${span}`;
}

/**
 * Full, for a tooltip, the record view and a notification:
 * "答复期限 2026-12-02 09:39（2 小时后）" / "Respond by 2026-12-02 09:39 (in 2 h)";
 * "答复已超时 38 分钟（自 2026-12-02 09:39 起）" / "Respond overdue 38 min (since 2026-12-02 09:39)".
 */
export function dueLong(fact: DueFact, language: Language, zone: ZoneLike): string {
  const name = dueKindName(fact.kind, language);
  const at = displayTime(fact.at, zone);
  const span = formatSpan(fact.minutesLeft, language);
  if (fact.minutesLeft < 0) return language === 'zh' ? `${name}已超时 ${span}（自 ${at} 起）` : `${name} overdue ${span} (since ${at})`;
  // "截止 …" / "Deadline …" already says what "期限" / "by" would.
  const when = fact.kind === 'deadline' ? `${name} ${at}` : language === 'zh' ? `${name}期限 ${at}` : `${name} by ${at}`;
  if (fact.minutesLeft === 0) return language === 'zh' ? `${when}（现在到期）` : `${when} (due now)`;
  return language === 'zh' ? `${when}（${span}后）` : `${when} (in ${span})`;
}
