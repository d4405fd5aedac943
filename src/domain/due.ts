// When a record is due at a stage of the closed loop, and how it stands against that due now.
// Pure: the start (the `sent` or `delivered` event's time) and `now` are passed in, never read.
import type { WorkCalendar } from './calendar';
import type { Duration } from './duration';
import type { ClockKind, PolicyRule, RecordLike, ResponsePolicy, Stage, WarnBefore } from './policy';
import { matchRule } from './policy';
import type { Localized } from './templates/types';

const MINUTE_MS = 60_000;

/** The rule behind a due time, as shown to people ("why is this due at 10:30?"). */
export interface DueRule {
  id: string;
  description: Localized;
  stage: Stage;
  /** As written: `2h`, `2wd`. */
  target: string;
  clock: ClockKind;
}

export interface DueResult {
  /** When counting started: the time passed in. */
  start: Date;
  /** The response is late from this instant on. */
  due: Date;
  /** From this instant the record is close to its due (state `warning`). */
  warnAt: Date;
  /** From this instant a late record escalates to the department head (state `escalated`). */
  escalateAt: Date;
  rule: DueRule;
}

/** A target (or a part of one) in minutes of `clock`: working days become working minutes. */
function clockMinutes(duration: Duration, clock: ClockKind, calendar: WorkCalendar, what: string): number {
  if (clock === 'wall') {
    if (duration.workingDays > 0) throw new RangeError(`${what} "${duration.text}" counts working days but its clock is wall`);
    return duration.minutes;
  }
  if (duration.usesDays) throw new RangeError(`${what} "${duration.text}" counts 24-hour days but its clock is working`);
  return duration.minutes + duration.workingDays * calendar.minutesPerDay;
}

/** The instant `minutes` of `clock` after `from`. */
function after(from: Date, minutes: number, clock: ClockKind, calendar: WorkCalendar): Date {
  return clock === 'wall' ? new Date(from.getTime() + Math.round(minutes * MINUTE_MS)) : calendar.addWorkingMinutes(from, minutes);
}

function warnElapsed(target: number, warnBefore: WarnBefore, clock: ClockKind, calendar: WorkCalendar): number {
  if ('fraction' in warnBefore) return target * (1 - warnBefore.fraction);
  return Math.max(0, target - clockMinutes(warnBefore.duration, clock, calendar, 'warnBefore'));
}

/**
 * When `record` is due at `stage`, counting from `start`, by the first matching rule of `policy`
 * (see PRECEDENCE in ./policy.ts) on `calendar`. A working-clock rule counts working time only
 * (a start after hours counts from the next working minute); a wall-clock rule counts elapsed
 * time. Undefined when no rule matches or the rule's target is `none` (no response expected):
 * use matchRule to tell the two apart. Throws a RangeError for a rule whose target cannot be
 * counted on its clock (a policy from parsePolicy never has one).
 */
export function dueFor(
  policy: ResponsePolicy,
  calendar: WorkCalendar,
  record: RecordLike,
  stage: Stage,
  start: Date,
): DueResult | undefined {
  if (Number.isNaN(start.getTime())) throw new RangeError('start is not a valid date');
  const rule: PolicyRule | undefined = matchRule(policy, record, stage);
  if (!rule || rule.target === 'none') return undefined;
  const target = clockMinutes(rule.target, rule.clock, calendar, `rule ${rule.id}: target`);
  const due = after(start, target, rule.clock, calendar);
  const warnAt = after(start, warnElapsed(target, rule.warnBefore ?? policy.warnBefore, rule.clock, calendar), rule.clock, calendar);
  // Escalation is elapsed time after the breach, unless given in working days (see ResponsePolicy).
  const escalateAfter = rule.escalateAfter ?? policy.escalateAfter;
  const escalationClock: ClockKind = escalateAfter.workingDays > 0 ? 'working' : 'wall';
  const escalateAt = after(due, clockMinutes(escalateAfter, escalationClock, calendar, 'escalateAfter'), escalationClock, calendar);
  return {
    start,
    due,
    warnAt,
    escalateAt,
    rule: { id: rule.id, description: rule.description, stage: rule.stage, target: rule.target.text, clock: rule.clock },
  };
}

export type DueStateName = 'ok' | 'warning' | 'breached' | 'escalated';

export interface DueStatus {
  state: DueStateName;
  /**
   * Whole wall-clock minutes to the due, rounded up while it is ahead (30 s left is 1 min);
   * negative once it has passed, rounded down (59 s late is 0, 61 s late is -1).
   */
  minutesLeft: number;
  /** Whole minutes past the due (0 while it is ahead). */
  minutesOver: number;
}

/**
 * How a due stands at `now`: ok before warnAt; warning from warnAt; breached from the due;
 * escalated from escalateAt. Each threshold belongs to the later state (at the due exactly, the
 * record is breached). Minutes are wall-clock: what a person waiting sees.
 */
export function dueState(due: Pick<DueResult, 'due' | 'warnAt' | 'escalateAt'>, now: Date): DueStatus {
  const t = now.getTime();
  const diff = due.due.getTime() - t;
  const minutesLeft = diff > 0 ? Math.ceil(diff / MINUTE_MS) : -Math.floor(-diff / MINUTE_MS);
  const minutesOver = Math.max(0, -minutesLeft);
  let state: DueStateName = 'ok';
  if (t >= due.escalateAt.getTime()) state = 'escalated';
  else if (t >= due.due.getTime()) state = 'breached';
  else if (t >= due.warnAt.getTime()) state = 'warning';
  return { state, minutesLeft: minutesLeft === 0 ? 0 : minutesLeft, minutesOver };
}

/** May a reminder go to a person last reminded at `lastRemindedAt` (policy remindEvery, elapsed time). */
export function mayRemind(lastRemindedAt: Date | undefined, now: Date, policy: ResponsePolicy): boolean {
  if (lastRemindedAt === undefined) return true;
  return now.getTime() - lastRemindedAt.getTime() >= policy.remindEvery.minutes * MINUTE_MS;
}
