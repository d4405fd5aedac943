// A space's policy file (`.liaison/policy.yaml` or `.json`; JSON is read as the YAML it is).
// Reading never throws: every problem comes back with its line, the field's path and the fix.
//
//   rules:                          # tried first, in order; then the built-ins (see ./policy.ts)
//     - id: vip-client              # a built-in's id (urgent, normal, …) replaces that rule in place
//       description: VIP 客户 1 小时  # or { zh: …, en: … }
//       kind: external-request      # one or a list; omitted: any kind
//       priority: [high, medium]    # omitted: any priority
//       fields: { counterpartType: client, channel: [phone, wechat] }
//       stage: respond              # respond (default) | deliveryAcceptance | followUp
//       target: 1h                  # 30m 2h 1h30m 2wd (working days) 1d (wall only) or none
//       clock: working              # working (default) | wall
//       warnBefore: 15m             # optional, overrides the policy's
//       escalateAfter: 4h           # optional, overrides the policy's
//   useDefaults: true               # false: only the rules above
//   warnBefore: 25%                 # a share of the target, or a duration before the due
//   escalateAfter: 48h              # elapsed after the breach; 2wd counts working days
//   remindEvery: 2h                 # least elapsed time between reminders to one person
//   calendar:
//     timeZone: Asia/Shanghai
//     workdays: [mon, tue, wed, thu, fri]      # or 1–7, or 周一…周日
//     hours: ["09:00-12:00", "13:00-18:00"]
//     holidays: [2026-10-01..2026-10-07, 2026-09-25]
//     extraWorkdays: [2026-09-20, 2026-10-10]  # 调休: weekend days that are worked
//     ics: holidays-cn.ics                     # or a list; relative to this file
//   notifications: { quietHours: 21:00-08:30, digest: "09:00" }  # see ./policyNotifications.ts
//   copy: [{ kind: collaboration-request, heads: [sender, recipients] }]  # 抄送; see ./policyCopy.ts
import { isMap, isScalar, isSeq } from 'yaml';
import type { CalendarSettings, WorkingPeriod } from './calendar';
import { DEFAULT_CALENDAR, calendarProblems, parseClockTime } from './calendar';
import type { Duration } from './duration';
import type { ClockKind, PolicyRule, ResponsePolicy, Stage } from './policy';
import { STAGES } from './policy';
import { readCopy } from './policyCopy';
import { readNotifications } from './policyNotifications';
import type { PolicyProblem, Reader } from './policyReader';
import { readKindAndPriority, readPolicyDocument, readUseDefaults } from './policyReader';
import { DEFAULT_POLICY, DEFAULT_RULES } from './policyDefaults';
import { dateOfDayNumber, dayNumberOf, isTimeZone } from './zone';

export interface PolicyResult {
  /** Present when there are no problems. */
  policy?: ResponsePolicy;
  problems: PolicyProblem[];
}

const TOP_KEYS = ['rules', 'useDefaults', 'warnBefore', 'escalateAfter', 'remindEvery', 'calendar', 'notifications', 'copy'];
const RULE_KEYS = ['id', 'description', 'stage', 'kind', 'priority', 'fields', 'target', 'clock', 'warnBefore', 'escalateAfter'];
const CALENDAR_KEYS = ['timeZone', 'workdays', 'hours', 'holidays', 'extraWorkdays', 'ics'];
const STAGE_ALIASES: Readonly<Record<string, Stage>> = { 'delivery-acceptance': 'deliveryAcceptance', 'follow-up': 'followUp' };
const WEEKDAYS: readonly (readonly string[])[] = [
  ['mon', 'monday', '周一', '星期一'],
  ['tue', 'tuesday', '周二', '星期二'],
  ['wed', 'wednesday', '周三', '星期三'],
  ['thu', 'thursday', '周四', '星期四'],
  ['fri', 'friday', '周五', '星期五'],
  ['sat', 'saturday', '周六', '星期六'],
  ['sun', 'sunday', '周日', '星期日', '周天', '星期天'],
];
const MAX_RANGE_DAYS = 366;

/** Checks that a rule's target, warning and escalation can be counted on its clock. */
function checkClock(
  reader: Reader,
  rule: PolicyRule,
  nodes: { target?: unknown; clock?: unknown; warnBefore?: unknown; rule: unknown },
  path: string,
): void {
  const check = (duration: Duration | undefined, node: unknown, field: string): void => {
    if (!duration) return;
    if (rule.clock === 'wall' && duration.workingDays > 0) {
      reader.problem(
        node ?? nodes.rule,
        `${path}.${field}`,
        `"${duration.text}" counts working days, which a wall clock has not; set clock: working, or write the time in h (48h)`,
      );
    }
    if (rule.clock === 'working' && duration.usesDays) {
      reader.problem(
        node ?? nodes.rule,
        `${path}.${field}`,
        `"${duration.text}" counts 24-hour days, which a working clock has not; write working days (2wd) or set clock: wall`,
      );
    }
  };
  check(rule.target === 'none' ? undefined : rule.target, nodes.target ?? nodes.clock, 'target');
  if (rule.warnBefore && 'duration' in rule.warnBefore) check(rule.warnBefore.duration, nodes.warnBefore ?? nodes.clock, 'warnBefore');
}

function readRule(reader: Reader, node: unknown, path: string, seen: Map<string, number>): PolicyRule | undefined {
  if (!isMap(node)) {
    reader.problem(node, path, 'a rule is a map: { id: …, kind: …, priority: …, target: 2h }');
    return undefined;
  }
  const entries = reader.entries(node, path, RULE_KEYS);
  const value = (key: string): unknown => entries.get(key)?.value;
  const id = entries.has('id') ? reader.text(value('id'), `${path}.id`, 'an id such as vip-client') : undefined;
  if (!entries.has('id'))
    reader.problem(
      node,
      `${path}.id`,
      'every rule needs an id (lower-case words joined by -, e.g. vip-client); it is shown as the reason for a due time',
    );
  if (id === undefined) return undefined;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
    reader.problem(value('id'), `${path}.id`, `"${id}" is not an id; use lower-case letters, digits and -, e.g. vip-client`);
  const firstLine = seen.get(id);
  if (firstLine !== undefined)
    reader.problem(value('id'), `${path}.id`, `"${id}" is already the id of the rule on line ${firstLine}; give each rule its own id`);
  seen.set(id, reader.lineOf(node));
  const builtIn = DEFAULT_RULES.find((rule) => rule.id === id);
  const rule: PolicyRule = builtIn
    ? { ...builtIn }
    : { id, description: { zh: id, en: id }, stage: 'respond', target: 'none', clock: 'working' };
  if (!builtIn && !entries.has('target'))
    reader.problem(
      node,
      `${path}.target`,
      `rule "${id}" needs a target such as 2h, 2wd or none (only a built-in rule's id may leave it out)`,
    );

  if (entries.has('description')) {
    const description = reader.localized(value('description'), `${path}.description`);
    if (description) rule.description = description;
  }
  if (entries.has('stage')) {
    const text = reader.text(value('stage'), `${path}.stage`, `a stage: ${STAGES.join(', ')}`);
    const stage = text === undefined ? undefined : (STAGE_ALIASES[text] ?? STAGES.find((candidate) => candidate === text));
    if (stage) rule.stage = stage;
    else if (text !== undefined) reader.problem(value('stage'), `${path}.stage`, `"${text}" is not a stage; use ${STAGES.join(', ')}`);
  }
  readKindAndPriority(reader, value, entries, path, rule);
  if (entries.has('fields')) {
    const fieldsNode = value('fields');
    if (!isMap(fieldsNode))
      reader.problem(fieldsNode ?? node, `${path}.fields`, 'fields is a map of field to value(s): { counterpartType: client }');
    else {
      const fields: Record<string, string[]> = {};
      for (const pair of fieldsNode.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        fields[key] = reader.list(pair.value, `${path}.fields.${key}`, `a value of ${key}`).map((item) => item.text);
      }
      rule.fields = fields;
    }
  }
  if (entries.has('target')) {
    const text = reader.text(value('target'), `${path}.target`, 'a target such as 2h, 2wd or none');
    if (text === 'none') rule.target = 'none';
    else if (text !== undefined) {
      const target = reader.duration(value('target'), `${path}.target`);
      if (target) rule.target = target;
    }
  }
  if (entries.has('clock')) {
    const text = reader.text(value('clock'), `${path}.clock`, 'working or wall');
    if (text === 'working' || text === 'wall') rule.clock = text as ClockKind;
    else if (text !== undefined)
      reader.problem(
        value('clock'),
        `${path}.clock`,
        `"${text}" is not a clock; use working (the working calendar) or wall (elapsed time, nights included)`,
      );
  }
  if (entries.has('warnBefore')) {
    const warnBefore = reader.warnBefore(value('warnBefore'), `${path}.warnBefore`);
    if (warnBefore) rule.warnBefore = warnBefore;
  }
  if (entries.has('escalateAfter')) {
    const escalateAfter = reader.escalateAfter(value('escalateAfter'), `${path}.escalateAfter`);
    if (escalateAfter) rule.escalateAfter = escalateAfter;
  }
  checkClock(reader, rule, { target: value('target'), clock: value('clock'), warnBefore: value('warnBefore'), rule: node }, path);
  return rule;
}

/** Dates, or ranges written `2026-10-01..2026-10-07`, as sorted unique `YYYY-MM-DD`. */
function readDates(reader: Reader, node: unknown, path: string): string[] {
  const dates = new Set<string>();
  for (const item of reader.list(node, path, 'a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD')) {
    const [from, to = from, extra] = item.text.split('..').map((part) => part.trim());
    const first = dayNumberOf(from);
    const last = dayNumberOf(to);
    if (extra !== undefined || first === undefined || last === undefined) {
      reader.problem(item.node, path, `"${item.text}" is not a date; write YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD`);
    } else if (last < first || last - first >= MAX_RANGE_DAYS) {
      reader.problem(item.node, path, `"${item.text}" must run forward and span at most ${MAX_RANGE_DAYS} days`);
    } else for (let day = first; day <= last; day++) dates.add(dateOfDayNumber(day));
  }
  return [...dates].sort();
}

function readCalendar(reader: Reader, node: unknown): { calendar: CalendarSettings; ics: string[] } {
  const calendar: { -readonly [K in keyof CalendarSettings]: CalendarSettings[K] } = { ...DEFAULT_CALENDAR };
  const ics: string[] = [];
  if (!isMap(node)) {
    reader.problem(node, 'calendar', 'calendar is a map: { timeZone: Asia/Shanghai, workdays: […], hours: […], holidays: […] }');
    return { calendar, ics };
  }
  const entries = reader.entries(node, 'calendar', CALENDAR_KEYS);
  const value = (key: string): unknown => entries.get(key)?.value;
  if (entries.has('timeZone')) {
    const zone = reader.text(value('timeZone'), 'calendar.timeZone', 'an IANA time zone such as Asia/Shanghai');
    if (zone !== undefined && isTimeZone(zone)) calendar.timeZone = zone;
    else if (zone !== undefined)
      reader.problem(
        value('timeZone'),
        'calendar.timeZone',
        `"${zone}" is not a time zone; use an IANA name such as Asia/Shanghai, Europe/Berlin or America/New_York`,
      );
  }
  if (entries.has('workdays')) {
    const workdays: number[] = [];
    for (const item of reader.list(value('workdays'), 'calendar.workdays', 'a weekday')) {
      const lower = item.text.toLowerCase();
      const day = /^[1-7]$/.test(lower) ? Number(lower) : WEEKDAYS.findIndex((names) => names.includes(lower)) + 1;
      if (day > 0) workdays.push(day);
      else
        reader.problem(
          item.node,
          'calendar.workdays',
          `"${item.text}" is not a weekday; use mon … sun, 周一 … 周日, or 1 (Monday) … 7 (Sunday)`,
        );
    }
    calendar.workdays = [...new Set(workdays)];
  }
  if (entries.has('hours')) {
    const hours: WorkingPeriod[] = [];
    for (const item of reader.list(value('hours'), 'calendar.hours', 'a working period such as 09:00-12:00')) {
      const [start, end] = item.text.split(/\s*[-–~]\s*/).map(parseClockTime);
      if (start === undefined || end === undefined)
        reader.problem(item.node, 'calendar.hours', `"${item.text}" is not a working period; write HH:mm-HH:mm, e.g. 09:00-12:00`);
      else hours.push({ start, end });
    }
    calendar.hours = hours;
  }
  if (entries.has('holidays')) calendar.holidays = readDates(reader, value('holidays'), 'calendar.holidays');
  if (entries.has('extraWorkdays')) calendar.extraWorkdays = readDates(reader, value('extraWorkdays'), 'calendar.extraWorkdays');
  if (entries.has('ics')) ics.push(...reader.list(value('ics'), 'calendar.ics', 'the path of an .ics file').map((item) => item.text));
  // What only the whole calendar shows: overlapping hours, a date both off and worked, no workdays.
  for (const problem of calendarProblems(calendar)) {
    const key = problem.slice(0, problem.indexOf(':'));
    reader.problem(entries.get(key)?.value ?? node, `calendar.${key}`, problem.slice(key.length + 2));
  }
  return { calendar, ics };
}

/** A workspace policy file, parsed: its problems, nothing (an empty file), or its top-level map. */
/** Reads a policy file's text (YAML or JSON). An empty file is the default policy. */
export function parsePolicy(text: string): PolicyResult {
  const parsed = readPolicyDocument(text, 'a policy', TOP_KEYS);
  if ('problems' in parsed) return { problems: parsed.problems };
  if ('empty' in parsed) return { policy: DEFAULT_POLICY, problems: [] };
  const { reader, root, entries, value } = parsed;
  const useDefaults = readUseDefaults(parsed, 'write true (the built-in rules follow yours) or false (only your rules)');
  const own: PolicyRule[] = [];
  if (entries.has('rules')) {
    const rulesNode = value('rules');
    if (!isSeq(rulesNode)) reader.problem(rulesNode ?? root, 'rules', 'rules is a list: - { id: …, kind: …, target: 2h }');
    else {
      const seen = new Map<string, number>();
      rulesNode.items.forEach((item, index) => {
        const rule = readRule(reader, item, `rules[${index}]`, seen);
        if (rule) own.push(rule);
      });
    }
  }
  const policy: ResponsePolicy = { ...DEFAULT_POLICY, rules: mergeRules(own, useDefaults) };
  if (entries.has('warnBefore')) policy.warnBefore = reader.warnBefore(value('warnBefore'), 'warnBefore') ?? policy.warnBefore;
  if (entries.has('escalateAfter'))
    policy.escalateAfter = reader.escalateAfter(value('escalateAfter'), 'escalateAfter') ?? policy.escalateAfter;
  if (entries.has('remindEvery')) {
    const remindEvery = reader.duration(value('remindEvery'), 'remindEvery');
    if (remindEvery && remindEvery.workingDays > 0)
      reader.problem(
        value('remindEvery'),
        'remindEvery',
        `"${remindEvery.text}" is in working days; remindEvery is elapsed time, write it in m or h (2h)`,
      );
    else if (remindEvery) policy.remindEvery = remindEvery;
  }
  if (entries.has('calendar')) {
    const { calendar, ics } = readCalendar(reader, value('calendar'));
    policy.calendar = calendar;
    policy.calendarIcs = ics;
  }
  if (entries.has('notifications')) policy.notifications = readNotifications(reader, value('notifications'));
  if (entries.has('copy')) policy.copy = readCopy(reader, value('copy'));
  if (reader.problems.length > 0) return { problems: reader.problems.sort((a, b) => a.line - b.line) };
  return { policy, problems: [] };
}

/** The PRECEDENCE of ./policy.ts: own rules first, a built-in's id replacing it in place. */
function mergeRules(own: readonly PolicyRule[], useDefaults: boolean): PolicyRule[] {
  if (!useDefaults) return [...own];
  const replacing = new Map(own.filter((rule) => DEFAULT_RULES.some((builtIn) => builtIn.id === rule.id)).map((rule) => [rule.id, rule]));
  return [...own.filter((rule) => !replacing.has(rule.id)), ...DEFAULT_RULES.map((builtIn) => replacing.get(builtIn.id) ?? builtIn)];
}
