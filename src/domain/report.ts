// The monthly communication-efficiency report (沟通效率月度报告): the figures of ./reportModel.ts,
// computed from records. Pure: the policy, calendar, directory and `now` come in.
//
// DEFINITIONS (what every front end shows; test/unit/domain/report.test.ts checks them by hand)
// - A **response** is one party's first answer to one sent record, as the closed loop
//   (./lifecycle.ts) defines the answer: for a request, each recipient (the stored audience: the
//   recipients, an external request's owner…; never the author, who is not her own recipient,
//   reader or 信息遗漏 and acts for no department on her own record) accepts or declines; for a
//   notice (internal notice, minutes, an informing internal message), each key confirmer (never
//   its author) confirms. The answer is
//   the earliest such event the fold applied (an event it ignored does not count) by someone who
//   acts for the party (the person, or a member of a department recipient). A knowledge entry,
//   and any record whose `respond` rule has the target `none`, owes no response; a draft neither.
// - It **falls due** at `dueFor(policy, calendar, record, 'respond', sent)`: the first `sent`
//   event's time plus the matching rule's target on its clock (./due.ts). It belongs to the month
//   its due time falls in, months starting at midnight on the 1st in the calendar's time zone.
// - The **cut-off** of a month is its end, or `now` if that is earlier (the current month).
//   **On time**: answered at or before the due. **Late**: answered after the due, by the cut-off.
//   **Missed**: not answered by the cut-off, the due being passed (an answer after the month's
//   end does not change that month's report, so a report reads the same whenever it is made).
//   A response not yet due at `now` and not answered is not counted at all.
// - **Response time**: answer time − sent time, in wall-clock minutes (nights and weekends
//   included, what the person waiting lived through), for answered responses (on time or late).
//   Median: the middle value, or the mean of the two middle ones; p90: the nearest rank, the
//   ⌈0.9·n⌉-th smallest. Both rounded to 0.1 minute; null when nothing was answered.
// - **Rate** = on time / due (0..1, not rounded); null when nothing fell due.
// - **Groups**: department = the party's department (a department recipient is its own; a person
//   from the directory), else the answering event's actorDepartment, else the record's
//   `department` field, else '—'; kind = the record's kind (label from the templates); priority
//   = the `priority` field (an emergency without one is urgent; none → key `none`). Rows are
//   listed only for groups with something due, in order of most due first (kinds and priorities
//   in their own order).
// - **Overdue** list: one item per record with responses of the month answered late or missed;
//   people = those parties (missedBy: the ones who had not answered at the cut-off); minutes =
//   the largest of (answer or cut-off) − due, whole minutes; most overdue first.
// - **Never read** (信息遗漏): records whose first `sent` is in the month and some party of which
//   (the audience; a notice's confirmers too) had not read it by the cut-off; "read" = a `read`
//   receipt or any answer/update event by someone other than the author acting for them. Minutes
//   = cut-off − sent.
// - **Satisfaction**: the scores (whole numbers 1..5) on the `archived` events of external
//   requests, applied by the fold, dated in the month; average rounded to 0.01.
// - **Trend**: these headline figures for each of the `trendMonths` months ending with this one:
//   rate, due, overdue = late + missed responses (so rate = (due − overdue) / due), neverRead =
//   the number of never-read records, median response time, satisfaction average.
// - A record that cannot be placed (a `sent` time that is not a date, a rule that cannot be
//   counted) is left out of every figure and listed in `skipped` with why; it never throws.
import type { WorkCalendar } from './calendar';
import type { Directory } from './directory';
import type { ResponsePolicy } from './policy';
import type { LiaisonRecord } from './record';
import { PRIORITIES } from './record';
import { NO_PRIORITY, collect, priorityOf } from './reportCollect';
import type { Collected } from './reportCollect';
import type { MonthlyReport, ReportItem, SatisfactionSummary, TrendPoint } from './reportModel';
import type { RateRow } from './reportModel';
import { MINUTE_MS, groupRows, median, outcomeOf, percentile, rateRow, round } from './reportRates';
import type { Counted } from './reportRates';
import { PRIORITY_OPTIONS } from './templates/common';
import { builtInTemplateSet } from './templates/registry';
import type { TemplateSet } from './templates/registry';
import { displayMonth, displayMonthRange, parseMonth, shiftMonth } from './time';

export interface ReportOptions {
  /** YYYY-MM (see parseMonth). */
  month: string;
  language: 'zh' | 'en';
  policy: ResponsePolicy;
  /** Its zone sets the months' boundaries; working-clock rules count on it. */
  calendar: WorkCalendar;
  /** The current month is cut off here. */
  now: Date;
  directory?: Directory;
  /** Months in the trend, this one included (default 6). */
  trendMonths?: number;
  /** The spaces the records come from, as shown in the report (default: those of the records). */
  spaces?: readonly string[];
  /** Kind labels (default: the built-in templates). */
  templates?: TemplateSet;
}

// Months are the time module's (./time.ts): display months, in the calendar's time zone.
export { parseMonth, shiftMonth };
// The statistics are ./reportRates.ts's.
export { median, percentile };

/** The display month (YYYY-MM) `instant` falls in, in the calendar's time zone. */
export function monthOf(instant: Date, calendar: WorkCalendar): string {
  return displayMonth(instant, calendar.zone) ?? '';
}

/** [start, end) of `month`: midnight of its 1st and of the next month's 1st, in the calendar's zone. */
export function monthRange(month: string, calendar: WorkCalendar): { start: number; end: number } {
  return displayMonthRange(month, calendar.zone);
}

interface MonthFigures {
  total: RateRow;
  counted: Counted[];
  cutoff: number;
  overdue: ReportItem[];
  neverRead: ReportItem[];
  satisfaction: SatisfactionSummary;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function joinUnique(values: readonly string[]): string {
  return [...new Set(values)].join(', ');
}

function item(
  record: LiaisonRecord,
  labels: Labels,
  people: string[],
  departments: string[],
  due: number | undefined,
  minutes: number,
): ReportItem {
  const priority = priorityOf(record);
  return {
    space: record.space,
    id: record.id,
    title: record.title,
    kind: record.kind,
    kindLabel: labels.kind(record.kind),
    priority,
    priorityLabel: labels.priority(priority),
    department: joinUnique(departments),
    people,
    due: due === undefined ? '' : iso(due),
    overdueMinutes: Math.max(0, Math.floor(minutes)),
  };
}

function byOverdue(a: ReportItem, b: ReportItem): number {
  return b.overdueMinutes - a.overdueMinutes || a.due.localeCompare(b.due) || a.space.localeCompare(b.space) || a.id.localeCompare(b.id);
}

interface Labels {
  kind(key: string): string;
  priority(key: string): string;
}

function monthFigures(collected: Collected, month: string, options: ReportOptions, labels: Labels): MonthFigures {
  const { start, end } = monthRange(month, options.calendar);
  const cutoff = Math.min(end, options.now.getTime());
  const counted: Counted[] = [];
  for (const response of collected.responses) {
    if (response.due < start || response.due >= end) continue;
    const outcome = outcomeOf(response, cutoff);
    if (outcome) counted.push({ response, outcome });
  }

  const overdueByRecord = new Map<LiaisonRecord, Counted[]>();
  for (const entry of counted) {
    if (entry.outcome === 'onTime') continue;
    const group = overdueByRecord.get(entry.response.record);
    if (group) group.push(entry);
    else overdueByRecord.set(entry.response.record, [entry]);
  }
  const overdue = [...overdueByRecord.entries()]
    .map(([record, entries]) => {
      const due = entries[0].response.due;
      const minutes = entries.reduce(
        (most, entry) => Math.max(most, ((entry.outcome === 'late' ? (entry.response.answered as number) : cutoff) - due) / MINUTE_MS),
        0,
      );
      const result = item(
        record,
        labels,
        entries.map((entry) => entry.response.party),
        entries.map((entry) => entry.response.department),
        due,
        minutes,
      );
      const missed = entries.filter((entry) => entry.outcome === 'missed').map((entry) => entry.response.party);
      return missed.length > 0 ? { ...result, missedBy: missed } : result;
    })
    .sort(byOverdue);

  const neverRead: ReportItem[] = [];
  for (const delivery of collected.deliveries) {
    if (delivery.sent < start || delivery.sent >= end || delivery.sent > cutoff) continue;
    const unread = delivery.seen.filter((entry) => entry.at === undefined || entry.at > cutoff);
    if (unread.length === 0) continue;
    neverRead.push({
      ...item(
        delivery.record,
        labels,
        unread.map((entry) => entry.party),
        unread.map((entry) => entry.department),
        delivery.due,
        (cutoff - delivery.sent) / MINUTE_MS,
      ),
      readOf: { read: delivery.seen.length - unread.length, of: delivery.seen.length },
    });
  }
  neverRead.sort(byOverdue);

  const entries = collected.satisfaction
    .filter((entry) => entry.time >= start && entry.time < end && entry.time <= cutoff)
    .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id))
    .map(({ time: _time, ...entry }) => entry);
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const entry of entries) distribution[entry.score - 1]++;
  const satisfaction: SatisfactionSummary = {
    count: entries.length,
    average: entries.length === 0 ? null : round(entries.reduce((sum, entry) => sum + entry.score, 0) / entries.length, 2),
    distribution,
    entries,
  };

  return { total: rateRow('', options.language === 'zh' ? '全部' : 'All', counted), counted, cutoff, overdue, neverRead, satisfaction };
}

function trendPoint(month: string, figures: MonthFigures): TrendPoint {
  return {
    month,
    rate: figures.total.rate,
    due: figures.total.due,
    overdue: figures.total.late + figures.total.missed,
    neverRead: figures.neverRead.length,
    medianMinutes: figures.total.medianMinutes,
    satisfaction: figures.satisfaction.average,
  };
}

const PRIORITY_NONE_LABEL = { zh: '未设置', en: 'None' };

/** The monthly report of `records` for `options.month` (see DEFINITIONS at the top of this file). */
export function computeMonthlyReport(records: readonly LiaisonRecord[], options: ReportOptions): MonthlyReport {
  const parsed = parseMonth(options.month);
  if ('error' in parsed) throw new RangeError(`month: ${parsed.error}`);
  const month = parsed.month;
  const language = options.language;
  const templates = options.templates ?? builtInTemplateSet;
  const labels: Labels = {
    kind: (key) => templates.find(key)?.label[language] ?? key,
    priority: (key) =>
      PRIORITY_OPTIONS.find((option) => option.value === key)?.label[language] ??
      (key === NO_PRIORITY ? PRIORITY_NONE_LABEL[language] : key),
  };
  const collected = collect(records, options);
  const figures = monthFigures(collected, month, options, labels);
  const trendMonths = Math.max(1, Math.floor(options.trendMonths ?? 6));
  const trend: TrendPoint[] = [];
  for (let back = trendMonths - 1; back >= 1; back--) {
    const earlier = shiftMonth(month, -back);
    trend.push(trendPoint(earlier, monthFigures(collected, earlier, options, labels)));
  }
  trend.push(trendPoint(month, figures));

  const kindOrder = templates.kinds;
  return {
    month,
    language,
    zone: options.calendar.timeZone,
    generatedAt: options.now.toISOString(),
    spaces: [...(options.spaces ?? [...new Set(records.map((record) => record.space))].sort())],
    total: figures.total,
    byDepartment: groupRows(
      figures.counted,
      (response) => response.department,
      (key) => key,
    ),
    byKind: groupRows(figures.counted, (response) => response.kind, labels.kind, kindOrder),
    byPriority: groupRows(figures.counted, (response) => response.priority, labels.priority, [...PRIORITIES, NO_PRIORITY]),
    overdue: figures.overdue,
    neverRead: figures.neverRead,
    satisfaction: figures.satisfaction,
    trend,
    skipped: collected.skipped,
  };
}
