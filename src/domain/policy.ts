// A space's response policy: which response time applies to a record at each stage of the closed
// loop, and when to warn, remind and escalate. Pure data; read from a file by ./policyFile.ts,
// applied by ./due.ts.
//
// PRECEDENCE: the rules form one ordered list and the FIRST rule that matches wins. A policy
// file's own rules come first, in file order; then the built-in rules (./policyDefaults.ts) in
// their order. A file rule with a built-in rule's id instead replaces that rule where it stands
// (keeping whatever the file rule leaves out), so `{ id: normal, target: 8h }` changes the
// fallback without shadowing the more specific built-ins before it. Order, not "most specific",
// because it reads top to bottom with no tie to break: an urgent client complaint gets the
// urgent rule because `urgent` comes before `client-complaint`, whatever each names.
import type { CopyRule } from './copy';
import type { CalendarSettings } from './calendar';
import type { Duration } from './duration';
import type { LiaisonRecord, Priority } from './record';
import type { NotificationPolicy } from './notifySchedule';
import type { Localized } from './templates/types';

/**
 * Stages of the closed loop that have a response time, each counted from its own start:
 * - respond: from `sent` until a recipient reads and answers (accepts or declines; for a notice,
 *   confirms it);
 * - deliveryAcceptance: from `delivered` until the requester accepts the delivery;
 * - followUp: from `delivered` until the owner follows up with the counterpart.
 */
export type Stage = 'respond' | 'deliveryAcceptance' | 'followUp';
export const STAGES: readonly Stage[] = ['respond', 'deliveryAcceptance', 'followUp'];

/**
 * How a target is counted. `working`: on the working calendar, so `2h` is two working hours and
 * a record sent after hours starts counting at the next working minute. `wall`: elapsed time,
 * nights and holidays included (urgent, emergency: sent at 22:00, due at 22:30).
 */
export type ClockKind = 'working' | 'wall';

/** When a record counts as close to its due: a share of its target, or a duration before the due. Both on the rule's clock. */
export type WarnBefore = { text: string; fraction: number } | { text: string; duration: Duration };

export interface PolicyRule {
  /** Stable name, shown as the reason for a due time; a policy file replaces a built-in rule by its id. */
  id: string;
  description: Localized;
  stage: Stage;
  /** Record kinds it applies to; undefined: any kind. */
  kinds?: readonly string[];
  /** Priorities it applies to; undefined: any priority, or none. */
  priorities?: readonly Priority[];
  /** Field values it applies to: every listed field must hold one of its values (case-insensitive). */
  fields?: Readonly<Record<string, readonly string[]>>;
  /** The response time; `none` when no response is expected at this stage (no due, no reminders). */
  target: Duration | 'none';
  clock: ClockKind;
  /** Overrides the policy's warnBefore for this rule. */
  warnBefore?: WarnBefore;
  /** Overrides the policy's escalateAfter for this rule. */
  escalateAfter?: Duration;
}

export interface ResponsePolicy {
  /** Tried in order; the first that matches the record and stage wins. */
  rules: readonly PolicyRule[];
  /** Default 25% of the target: a 2 h rule warns 30 min before its due, an urgent one 7.5 min before. */
  warnBefore: WarnBefore;
  /**
   * How long after a breach the record escalates to the department head. Default 48 h, elapsed
   * (docs/design.md, "Response-time rules"); a duration in working days (`2wd`) is counted on the working calendar instead.
   */
  escalateAfter: Duration;
  /** Least elapsed time between two reminders to the same person (default 2 h). */
  remindEvery: Duration;
  calendar: CalendarSettings;
  /** .ics files whose holidays and make-up days join the calendar, as written (relative to the policy file). */
  calendarIcs: readonly string[];
  /** Quiet hours and the daily digest of the notices the team's server sends (./notifySchedule.ts). */
  notifications: NotificationPolicy;
  /** Whose department heads are copied at Send (./copy.ts). */
  copy: readonly CopyRule[];
}

/** What a rule needs of a record: its kind and fields (priority, type, feedbackType, counterpartType, …). */
export type RecordLike = Pick<LiaisonRecord, 'kind' | 'fields'>;

function values(record: RecordLike, key: string): string[] {
  const value = record.fields[key];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((item) => item.trim().toLowerCase()).filter(Boolean);
}

/** Does `rule` apply to `record` at `stage`. */
export function ruleMatches(rule: PolicyRule, record: RecordLike, stage: Stage): boolean {
  if (rule.stage !== stage) return false;
  if (rule.kinds && !rule.kinds.includes(record.kind)) return false;
  if (rule.priorities) {
    const priority = values(record, 'priority')[0];
    if (priority === undefined || !rule.priorities.includes(priority as Priority)) return false;
  }
  for (const [key, wanted] of Object.entries(rule.fields ?? {})) {
    const have = values(record, key);
    if (!wanted.some((value) => have.includes(value.toLowerCase()))) return false;
  }
  return true;
}

/** The rule that decides `record`'s response time at `stage`: the first that matches (see PRECEDENCE above). */
export function matchRule(policy: ResponsePolicy, record: RecordLike, stage: Stage): PolicyRule | undefined {
  return policy.rules.find((rule) => ruleMatches(rule, record, stage));
}

/** A rule's target as people read it: `2h (working)`, `30m (wall)`, `none`. */
export function describeTarget(rule: PolicyRule): string {
  return rule.target === 'none' ? 'none' : `${rule.target.text} (${rule.clock})`;
}
