// The monthly communication-efficiency report (沟通效率月度报告) as data: what report.ts computes
// from records, and what every front end renders (the webview's charts, the command line's
// md / csv / html / json). Plain JSON values only, so it crosses the webview boundary and is the
// `--format json` output as is.

/** On-time figures for one group (a department, a kind, a priority, or everything). */
export interface RateRow {
  /** The group's key: a department name, a kind id, a priority id; '' for the whole month. */
  readonly key: string;
  /** The group's name in the report's language. */
  readonly label: string;
  /** Responses that fell due this month (answered or not). */
  readonly due: number;
  /** Of those, answered by their due time. */
  readonly onTime: number;
  /** Answered after their due time. */
  readonly late: number;
  /** Not answered at all by the end of the month (or by now, for the current month). */
  readonly missed: number;
  /** onTime / due, 0..1; null when nothing fell due. */
  readonly rate: number | null;
  /** Median and 90th percentile of the response time in minutes (answered responses only); null when none. */
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
}

/** One overdue or never-read item, for the lists under the charts. */
export interface ReportItem {
  readonly space: string;
  readonly id: string;
  readonly title: string;
  /** The kind id (external-request…); kindLabel is its name in the report's language. */
  readonly kind: string;
  readonly kindLabel?: string;
  /** urgent, high, medium, low, or `none`; priorityLabel is its name in the report's language. */
  readonly priority: string;
  readonly priorityLabel?: string;
  /** The departments of `people`, comma-separated. */
  readonly department: string;
  /** Who owes the response (overdue) or who never read it (never read). */
  readonly people: readonly string[];
  /** Overdue items: those of `people` who had not answered at all (the others answered late). */
  readonly missedBy?: readonly string[];
  /** The due time, ISO instant. */
  readonly due: string;
  /** Minutes past due at the end of the month (or now); for never-read items, since it was sent. */
  readonly overdueMinutes: number;
  /** Never-read items: how many of the people it reaches had read it (each person counted, not one per department). */
  readonly readOf?: { readonly read: number; readonly of: number };
}

/** "3/12 read" / "已读 3/12" of a never-read item, or '' for an item without the count. */
export function readOfText(item: Pick<ReportItem, 'readOf'>, language: 'zh' | 'en'): string {
  if (!item.readOf) return '';
  return language === 'zh' ? `已读 ${item.readOf.read}/${item.readOf.of}` : `${item.readOf.read}/${item.readOf.of} read`;
}

export interface SatisfactionEntry {
  readonly space: string;
  readonly id: string;
  readonly title: string;
  /** 1..5 */
  readonly score: number;
  readonly comment: string;
  readonly by: string;
  readonly at: string;
}

export interface SatisfactionSummary {
  readonly count: number;
  /** Mean score, null when no score was given this month. */
  readonly average: number | null;
  /** Counts of scores 1..5 (index 0 = score 1). */
  readonly distribution: readonly [number, number, number, number, number];
  readonly entries: readonly SatisfactionEntry[];
}

/** A record left out of the figures because it could not be placed in time, with why. */
export interface SkippedRecord {
  readonly space: string;
  readonly id: string;
  readonly title: string;
  readonly reason: string;
}

/** One month's headline figures, for the month-over-month trend. */
export interface TrendPoint {
  readonly month: string;
  readonly rate: number | null;
  readonly due: number;
  readonly overdue: number;
  readonly neverRead: number;
  readonly medianMinutes: number | null;
  readonly satisfaction: number | null;
}

export interface MonthlyReport {
  /** YYYY-MM */
  readonly month: string;
  readonly language: 'zh' | 'en';
  /** The calendar's time zone; months start and end at midnight there. */
  readonly zone: string;
  readonly generatedAt: string;
  readonly spaces: readonly string[];
  /** The whole month (key ''). */
  readonly total: RateRow;
  readonly byDepartment: readonly RateRow[];
  readonly byKind: readonly RateRow[];
  readonly byPriority: readonly RateRow[];
  /** Responses still owed past their due, or answered late, this month; most overdue first. */
  readonly overdue: readonly ReportItem[];
  /** Records sent this month that some recipient never read (信息遗漏). */
  readonly neverRead: readonly ReportItem[];
  readonly satisfaction: SatisfactionSummary;
  /** The previous months and this one, oldest first (six points by default). */
  readonly trend: readonly TrendPoint[];
  /** Records left out of every figure (a sent time that is not a date…); absent or empty when none. */
  readonly skipped?: readonly SkippedRecord[];
}
