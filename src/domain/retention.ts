// Retention (issue 7): how long a CLOSED record is kept before a purge deletes it on every replica.
//
// The clock: only archived records are ever purged. A record expires at `archivedAt + keep`, where
// archivedAt is the time of the archive event that closed it (a reopen clears it; archiving again
// starts the clock afresh) and months and years are calendar months and years in the policy's time
// zone (2026-01-31 10:00 + 1 month = 2026-02-28 10:00; days likewise keep the wall time across a
// DST change). From that instant on (inclusive) it is expired. An open record (sent, in progress,
// declined, delivered, confirmed, or a draft) is never purged, however old: nobody closed it.
// A record no rule matches is kept forever, so a team's own kind is never purged by surprise.
//
// Built-in rules (docs/design.md's record classes, "Reports and retention"; a rule's first match wins):
//   messages   internal-message                                                    6 months
//   files      internal-notice, meeting-minutes, collaboration-request,
//              requirement-confirmation                                            2 years
//   external   external-request, client-feedback, emergency                        forever
//   knowledge  knowledge-entry (retrospectives are knowledge entries)             forever
//
// The workspace file `.liaison/retention.yaml` (or .yml / .json; JSON is read as the YAML it is):
//   rules:                       # tried first, in order; then the built-ins
//     - id: messages             # a built-in's id replaces that rule in place (here: keep longer)
//       keep: 1 year
//     - id: urgent-messages      # optional; default rule-<n>; shown as the reason in a preview
//       kind: internal-message   # one or a list; omitted: any kind
//       priority: [urgent, high] # omitted: any priority
//       keep: 2 years            # N days / weeks / months / years (天 周 个月 年), or forever (永久)
//   useDefaults: true            # false: only the rules above
//   timeZone: Asia/Shanghai      # months and years are counted on this zone's calendar
// Reading never throws: every problem comes back with its line, the field's path and the fix.
import { isMap, isSeq } from 'yaml';
import { DEFAULT_CALENDAR } from './calendar';
import type { PolicyProblem, Reader } from './policyReader';
import { readKindAndPriority } from './policyReader';
import { readPolicyDocument, readUseDefaults } from './policyReader';
import type { LiaisonRecord, Priority } from './record';
import { fieldText } from './record';
import { deriveState } from './status';
import type { Language, Localized } from './templates/types';
import { Zone, dayNumberOf, isTimeZone } from './zone';

export type RetentionUnit = 'day' | 'month' | 'year';

export interface KeepPeriod {
  count: number;
  unit: RetentionUnit;
  /** As written, for messages: `6 months`. */
  text: string;
}

export type Keep = 'forever' | KeepPeriod;

export interface RetentionRule {
  /** Shown as the reason a record expires: `messages`, `urgent-messages`. */
  id: string;
  /** Omitted: any kind. */
  kinds?: string[];
  /** Omitted: any priority (the record's `priority` field). */
  priorities?: Priority[];
  keep: Keep;
}

export interface RetentionPolicy {
  /** Tried in order; the first that matches a record decides. No match: kept forever. */
  rules: RetentionRule[];
  /** IANA zone whose calendar counts months and years. */
  timeZone: string;
}

const months = (count: number): KeepPeriod => ({ count, unit: 'month', text: `${count} months` });
const years = (count: number): KeepPeriod => ({ count, unit: 'year', text: `${count} years` });

export const DEFAULT_RETENTION_RULES: readonly RetentionRule[] = [
  { id: 'messages', kinds: ['internal-message'], keep: months(6) },
  { id: 'files', kinds: ['internal-notice', 'meeting-minutes', 'collaboration-request', 'requirement-confirmation'], keep: years(2) },
  { id: 'external', kinds: ['external-request', 'client-feedback', 'emergency'], keep: 'forever' },
  { id: 'knowledge', kinds: ['knowledge-entry'], keep: 'forever' },
];

export const DEFAULT_RETENTION: RetentionPolicy = { rules: [...DEFAULT_RETENTION_RULES], timeZone: DEFAULT_CALENDAR.timeZone };

/** One record a purge would delete, and why. */
export interface PurgeCandidate {
  space: string;
  id: string;
  title: string;
  kind: string;
  /** ISO instant the record was closed. */
  archivedAt: string;
  /** ISO instant it expired (archivedAt + keep, in the policy's zone). */
  expiredAt: string;
  /** The rule's id. */
  rule: string;
  /** The rule's keep, as written: `6 months`. */
  keep: string;
}

export interface PurgePlan {
  /** Sorted by space, then by expiry (oldest first), then id. */
  expired: PurgeCandidate[];
  /** Records that stay: open, not yet expired, kept forever, or matched by no rule. */
  kept: number;
}

/** The words a keep's unit is written with, and how many of the unit each stands for. */
const UNIT_WORDS: readonly [RetentionUnit, number, readonly string[]][] = [
  ['day', 1, ['d', 'day', 'days', '天', '日']],
  ['day', 7, ['w', 'week', 'weeks', '周', '个星期']],
  ['month', 1, ['mo', 'month', 'months', '个月', '月']],
  ['year', 1, ['y', 'yr', 'year', 'years', '年']],
];
// A Map, not an object: "6 constructor" is no unit.
const UNITS = new Map(UNIT_WORDS.flatMap(([unit, times, words]) => words.map((word) => [word, { unit, times }] as const)));
const FOREVER = new Set(['forever', '永久', '永远', '永久保留']);
const KEEP_HELP = 'write a whole number and a unit (90 days, 2 weeks, 6 months, 2 years; 天 周 个月 年) or forever';

/** Reads a keep; a string is the reason it cannot be read (to be prefixed with the field). */
export function parseKeep(text: string): Keep | string {
  const trimmed = text.trim();
  if (FOREVER.has(trimmed.toLowerCase())) return 'forever';
  const match = /^(\d+)\s*([a-z\u4e00-\u9fff]+)$/i.exec(trimmed);
  if (!match) return `"${text}" is not a retention period; ${KEEP_HELP}`;
  const unit = UNITS.get(match[2].toLowerCase());
  if (unit === undefined) return `"${match[2]}" in "${text}" is not a unit; ${KEEP_HELP}`;
  const count = Number(match[1]) * unit.times;
  if (count < 1) return `"${text}" would purge a record the moment it is closed; keep it at least 1 day, or write forever`;
  return { count, unit: unit.unit, text: trimmed };
}

/** `6 months` / `6 个月`, `forever` / `永久`. */
export function describeKeep(keep: Keep, language: Language): string {
  if (keep === 'forever') return language === 'zh' ? '永久' : 'forever';
  if (language === 'zh') return `${keep.count} ${{ day: '天', month: '个月', year: '年' }[keep.unit]}`;
  return `${keep.count} ${keep.unit}${keep.count === 1 ? '' : 's'}`;
}

/** One line per rule, for a preview's header and the purge log: `messages: internal-message, 6 months`. */
export function describeRule(rule: RetentionRule, language: Language): string {
  const any: Localized = { zh: '任何类型', en: 'any kind' };
  const what = [
    rule.kinds?.join(', ') ?? any[language],
    ...(rule.priorities ? [`${language === 'zh' ? '优先级' : 'priority'} ${rule.priorities.join('/')}`] : []),
  ].join(', ');
  return `${rule.id}: ${what} → ${describeKeep(rule.keep, language)}`;
}

/** The first rule matching the record's kind and priority, if any. */
export function ruleFor(record: Pick<LiaisonRecord, 'kind' | 'fields'>, policy: RetentionPolicy): RetentionRule | undefined {
  const priority = fieldText(record, 'priority').toLowerCase();
  return policy.rules.find(
    (rule) =>
      (!rule.kinds || rule.kinds.includes(record.kind)) &&
      (!rule.priorities || rule.priorities.some((candidate) => candidate === priority)),
  );
}

/** archivedAt + keep on the calendar of `zone`, keeping the wall time (a month end clamps: Jan 31 + 1 month = Feb 28/29). */
export function expiryOf(archivedAt: Date, keep: KeepPeriod, zone: Zone): Date {
  const wall = zone.wallTime(archivedAt);
  let { year, month, day } = wall;
  if (keep.unit === 'day') {
    const target = (dayNumberOf(isoDate(year, month, day)) ?? 0) + keep.count;
    return addWall(zone, target, wall, archivedAt);
  }
  const totalMonths = year * 12 + (month - 1) + (keep.unit === 'year' ? keep.count * 12 : keep.count);
  year = Math.floor(totalMonths / 12);
  month = (totalMonths % 12) + 1;
  day = Math.min(day, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return addWall(zone, dayNumberOf(isoDate(year, month, day)) ?? 0, wall, archivedAt);
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The instant of day `dayNumber` at the wall time of `wall`, seconds and milliseconds of `from` kept. */
function addWall(zone: Zone, dayNumber: number, wall: { hour: number; minute: number; second: number }, from: Date): Date {
  const base = zone.instantOf(dayNumber, wall.hour * 60 + wall.minute).getTime();
  return new Date(base + wall.second * 1000 + (((from.getTime() % 1000) + 1000) % 1000));
}

/**
 * What a purge at `now` would delete: archived records whose rule's keep has run out. Malformed
 * dates (an archive event whose time does not parse) are kept: a purge never guesses.
 */
export function planPurge(records: readonly LiaisonRecord[], policy: RetentionPolicy, now: Date): PurgePlan {
  const zone = new Zone(policy.timeZone);
  const expired: PurgeCandidate[] = [];
  let kept = 0;
  for (const record of records) {
    const candidate = expiredCandidate(record, policy, zone, now);
    if (candidate) expired.push(candidate);
    else kept++;
  }
  expired.sort((a, b) =>
    a.space < b.space ? -1 : a.space > b.space ? 1 : a.expiredAt < b.expiredAt ? -1 : a.expiredAt > b.expiredAt ? 1 : a.id < b.id ? -1 : 1,
  );
  return { expired, kept };
}

function expiredCandidate(record: LiaisonRecord, policy: RetentionPolicy, zone: Zone, now: Date): PurgeCandidate | undefined {
  const rule = ruleFor(record, policy);
  if (!rule || rule.keep === 'forever') return undefined;
  const { lifecycle } = deriveState(record);
  if (lifecycle.status !== 'archived' || lifecycle.archivedAt === undefined) return undefined;
  const archivedAt = new Date(lifecycle.archivedAt);
  if (Number.isNaN(archivedAt.getTime())) return undefined;
  const expiredAt = expiryOf(archivedAt, rule.keep, zone);
  if (now.getTime() < expiredAt.getTime()) return undefined;
  return {
    space: record.space,
    id: record.id,
    title: record.title,
    kind: record.kind,
    archivedAt: archivedAt.toISOString(),
    expiredAt: expiredAt.toISOString(),
    rule: rule.id,
    keep: rule.keep.text,
  };
}

export interface RetentionResult {
  /** Present when there are no problems. */
  policy?: RetentionPolicy;
  problems: PolicyProblem[];
}

const TOP_KEYS = ['rules', 'useDefaults', 'timeZone'];
const RULE_KEYS = ['id', 'kind', 'priority', 'keep'];

function readRule(reader: Reader, node: unknown, index: number, seen: Map<string, number>): RetentionRule | undefined {
  const path = `rules[${index}]`;
  if (!isMap(node)) {
    reader.problem(node, path, 'a rule is a map: { kind: internal-message, priority: [urgent], keep: 1 year }');
    return undefined;
  }
  const entries = reader.entries(node, path, RULE_KEYS);
  const value = (key: string): unknown => entries.get(key)?.value;
  const id = entries.has('id') ? reader.text(value('id'), `${path}.id`, 'an id such as urgent-messages') : `rule-${index + 1}`;
  if (id === undefined) return undefined;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
    reader.problem(value('id'), `${path}.id`, `"${id}" is not an id; use lower-case letters, digits and -, e.g. urgent-messages`);
  const firstLine = seen.get(id);
  if (firstLine !== undefined)
    reader.problem(
      value('id') ?? node,
      `${path}.id`,
      `"${id}" is already the id of the rule on line ${firstLine}; give each rule its own id`,
    );
  seen.set(id, reader.lineOf(node));
  const builtIn = DEFAULT_RETENTION_RULES.find((rule) => rule.id === id);
  if (!builtIn && !entries.has('keep')) {
    reader.problem(
      node,
      `${path}.keep`,
      `rule "${id}" needs keep: a period such as 6 months or 2 years, or forever (only a built-in rule's id — ${DEFAULT_RETENTION_RULES.map((rule) => rule.id).join(', ')} — may leave it out)`,
    );
    return undefined;
  }
  const rule: RetentionRule = builtIn ? { ...builtIn } : { id, keep: 'forever' };
  readKindAndPriority(reader, value, entries, path, rule);
  if (entries.has('keep')) {
    const text = reader.text(value('keep'), `${path}.keep`, `a retention period: ${KEEP_HELP}`);
    const keep = text === undefined ? undefined : parseKeep(text);
    if (typeof keep === 'string') reader.problem(value('keep'), `${path}.keep`, keep);
    else if (keep !== undefined) rule.keep = keep;
  }
  return rule;
}

/** Reads `.liaison/retention.yaml` (YAML or JSON). An empty file is the default policy. */
export function parseRetentionFile(text: string): RetentionResult {
  const parsed = readPolicyDocument(text, 'a retention policy', TOP_KEYS);
  if ('problems' in parsed) return { problems: parsed.problems };
  if ('empty' in parsed) return { policy: DEFAULT_RETENTION, problems: [] };
  const { reader, root, entries, value } = parsed;
  const useDefaults = readUseDefaults(
    parsed,
    'write true (the built-in rules follow yours) or false (only your rules; a record none matches is kept forever)',
  );
  let timeZone = DEFAULT_RETENTION.timeZone;
  if (entries.has('timeZone')) {
    const zone = reader.text(value('timeZone'), 'timeZone', 'an IANA time zone such as Asia/Shanghai');
    if (zone !== undefined && isTimeZone(zone)) timeZone = zone;
    else if (zone !== undefined)
      reader.problem(
        value('timeZone'),
        'timeZone',
        `"${zone}" is not a time zone; use an IANA name such as Asia/Shanghai, Europe/Berlin or America/New_York`,
      );
  }
  const own: RetentionRule[] = [];
  if (entries.has('rules')) {
    const rulesNode = value('rules');
    if (!isSeq(rulesNode)) reader.problem(rulesNode ?? root, 'rules', 'rules is a list: - { kind: internal-message, keep: 6 months }');
    else {
      const seen = new Map<string, number>();
      rulesNode.items.forEach((item, index) => {
        const rule = readRule(reader, item, index, seen);
        if (rule) own.push(rule);
      });
    }
  }
  if (reader.problems.length > 0) return { problems: reader.problems.sort((a, b) => a.line - b.line) };
  return { policy: { rules: mergeRules(own, useDefaults), timeZone }, problems: [] };
}

/** Own rules first, a built-in's id replacing it in place (as the response-time policy does). */
function mergeRules(own: readonly RetentionRule[], useDefaults: boolean): RetentionRule[] {
  if (!useDefaults) return [...own];
  const replacing = new Map(
    own.filter((rule) => DEFAULT_RETENTION_RULES.some((builtIn) => builtIn.id === rule.id)).map((rule) => [rule.id, rule]),
  );
  return [
    ...own.filter((rule) => !replacing.has(rule.id)),
    ...DEFAULT_RETENTION_RULES.map((builtIn) => replacing.get(builtIn.id) ?? builtIn),
  ];
}
