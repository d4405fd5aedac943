// The monthly report (./reportModel.ts) as text: markdown for people (headings and labels in the
// report's language), CSV for spreadsheets and JSON for scripts. The HTML page with charts is
// src/render/reportPage.ts.
//
// CSV: one table (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma,
// a quote or a line break, quotes doubled). The first column, `section`, says what a row is:
// total, department, kind, priority (rate rows), overdue, never-read (items), satisfaction
// (scores), trend (months), skipped. Column names are English keys (as in the JSON), so scripts
// read either language; `label` (a rate row's group name, an item's kind name) and the texts are
// in the report's language. Minutes and rates are plain numbers (rate 0..1, to 4 places), empty
// when there is no value. No byte-order mark: add one if a spreadsheet needs it to see UTF-8.
import { rateCells, trendCells } from './reportCells';
import type { CellFormat } from './reportCells';
import type { MonthlyReport, RateRow, ReportItem } from './reportModel';
import { readOfText } from './reportModel';
import { Zone } from './zone';

type Text = { zh: string; en: string };
const t = (zh: string, en: string): Text => ({ zh, en });

const WORDS = {
  title: t('沟通效率月度报告', 'Communication report'),
  zone: t('时区', 'Time zone'),
  spaces: t('空间', 'Spaces'),
  generated: t('生成于', 'Generated'),
  summary: t('总览', 'Summary'),
  figure: t('指标', 'Figure'),
  value: t('数值', 'Value'),
  rate: t('按时响应率', 'On-time response rate'),
  due: t('应响应', 'Due'),
  onTime: t('按时', 'On time'),
  late: t('超时答复', 'Late'),
  missed: t('未答复', 'Missed'),
  median: t('响应时间中位数', 'Median response time'),
  p90: t('响应时间 P90', 'p90 response time'),
  medianShort: t('中位数', 'Median'),
  p90Short: t('P90', 'p90'),
  byDepartment: t('按部门', 'By department'),
  byKind: t('按类型', 'By kind'),
  byPriority: t('按优先级', 'By priority'),
  department: t('部门', 'Department'),
  kind: t('类型', 'Kind'),
  priority: t('优先级', 'Priority'),
  overdue: t('逾期事项', 'Overdue'),
  overdueNote: t(
    '本月到期、超时答复或仍未答复的响应，逾期最久的在前。',
    'Responses due this month that were answered late or not at all, most overdue first.',
  ),
  neverRead: t('信息遗漏（未读）', 'Never read (信息遗漏)'),
  neverReadNote: t('本月发出、仍有人未读的记录。', 'Records sent this month that someone has not read.'),
  record: t('记录', 'Record'),
  people: t('责任人', 'Who'),
  unreadPeople: t('未读人', 'Not read by'),
  dueAt: t('截止', 'Due'),
  overdueBy: t('逾期', 'Overdue by'),
  sentAgo: t('发出至今', 'Since sent'),
  notAnswered: t('未答复', 'no answer'),
  satisfaction: t('客户满意度', 'Client satisfaction'),
  scores: t('份评分', 'scores'),
  score: t('评分', 'Score'),
  count: t('份数', 'Count'),
  comment: t('评价', 'Comment'),
  by: t('关闭人', 'Closed by'),
  at: t('时间', 'At'),
  trend: t('月度趋势', 'Month over month'),
  month: t('月份', 'Month'),
  neverReadCount: t('未读记录', 'Never read'),
  overdueCount: t('逾期响应', 'Overdue'),
  skipped: t('未计入的记录', 'Records left out'),
  reason: t('原因', 'Reason'),
  none: t('无。', 'None.'),
  noScores: t('本月没有评分。', 'No scores this month.'),
};

const SCORE_NAMES: readonly Text[] = [
  t('非常不满意', 'Very dissatisfied'),
  t('不满意', 'Dissatisfied'),
  t('一般', 'Neutral'),
  t('满意', 'Satisfied'),
  t('非常满意', 'Very satisfied'),
];

/** A rate as a percentage with one decimal (66.7%); — when there is none. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Minutes as people read them: 45 min, 2 h 5 min, 1 d 3 h (zh: 45 分钟, 2 小时 5 分钟, 1 天 3 小时); — when none. */
export function formatMinutes(minutes: number | null, language: 'zh' | 'en'): string {
  if (minutes === null) return '—';
  const whole = Math.round(minutes);
  const zh = language === 'zh';
  if (whole < 60) return zh ? `${whole} 分钟` : `${whole} min`;
  if (whole < 1440) {
    const [h, m] = [Math.floor(whole / 60), whole % 60];
    return zh ? `${h} 小时${m ? ` ${m} 分钟` : ''}` : `${h} h${m ? ` ${m} min` : ''}`;
  }
  const [d, h] = [Math.floor(whole / 1440), Math.floor((whole % 1440) / 60)];
  return zh ? `${d} 天${h ? ` ${h} 小时` : ''}` : `${d} d${h ? ` ${h} h` : ''}`;
}

/** An ISO instant as `YYYY-MM-DD HH:mm` in the report's zone (as given when the zone or time is unknown). */
function localTime(iso: string, zone: Zone | undefined): string {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime()) || !zone) return iso || '—';
  return zone.format(date);
}

function zoneOf(report: MonthlyReport): Zone | undefined {
  try {
    return new Zone(report.zone);
  } catch {
    return undefined;
  }
}

/** Text for a markdown table cell: no line breaks, `|` and `\` escaped. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string[] {
  return [row(header), `| ${header.map((_, index) => (numeric[index] ? '---:' : '---')).join(' | ')} |`, ...rows.map(row)];
}

/** How the markdown writes the figures of its tables. */
function markdownCells(language: 'zh' | 'en'): CellFormat {
  return { rate: formatRate, minutes: (minutes) => formatMinutes(minutes, language), satisfactionDigits: 2 };
}

function rateTable(rows: readonly RateRow[], groupName: string, language: 'zh' | 'en'): string[] {
  if (rows.length === 0) return [WORDS.none[language]];
  const w = (word: Text): string => word[language];
  return table(
    [groupName, w(WORDS.due), w(WORDS.onTime), w(WORDS.late), w(WORDS.missed), w(WORDS.rate), w(WORDS.medianShort), w(WORDS.p90Short)],
    rows.map((r) => rateCells(r, markdownCells(language))),
    [false, true, true, true, true, true, true, true],
  );
}

function peopleText(item: ReportItem, language: 'zh' | 'en'): string {
  const missed = new Set(item.missedBy ?? []);
  return item.people.map((person) => (missed.has(person) ? `${person} (${WORDS.notAnswered[language]})` : person)).join(', ');
}

/** The report as markdown, headings and labels in report.language. */
export function reportToMarkdown(report: MonthlyReport): string {
  const language = report.language;
  const w = (word: Text): string => word[language];
  const zone = zoneOf(report);
  const total = report.total;
  const lines: string[] = [
    `# ${w(WORDS.title)} ${report.month}`,
    '',
    `${w(WORDS.zone)}: ${report.zone} · ${w(WORDS.spaces)}: ${report.spaces.join(', ') || '—'} · ${w(WORDS.generated)}: ${localTime(report.generatedAt, zone)}`,
    '',
    `## ${w(WORDS.summary)}`,
    '',
    ...table(
      [w(WORDS.figure), w(WORDS.value)],
      [
        [w(WORDS.rate), `${formatRate(total.rate)} (${total.onTime}/${total.due})`],
        [w(WORDS.late), String(total.late)],
        [w(WORDS.missed), String(total.missed)],
        [w(WORDS.median), formatMinutes(total.medianMinutes, language)],
        [w(WORDS.p90), formatMinutes(total.p90Minutes, language)],
        [w(WORDS.neverRead), String(report.neverRead.length)],
        [
          w(WORDS.satisfaction),
          report.satisfaction.average === null
            ? '—'
            : `${report.satisfaction.average.toFixed(2)} / 5 (${report.satisfaction.count} ${w(WORDS.scores)})`,
        ],
      ],
    ),
    '',
    `## ${w(WORDS.byDepartment)}`,
    '',
    ...rateTable(report.byDepartment, w(WORDS.department), language),
    '',
    `## ${w(WORDS.byKind)}`,
    '',
    ...rateTable(report.byKind, w(WORDS.kind), language),
    '',
    `## ${w(WORDS.byPriority)}`,
    '',
    ...rateTable(report.byPriority, w(WORDS.priority), language),
    '',
    `## ${w(WORDS.overdue)} (${report.overdue.length})`,
    '',
    w(WORDS.overdueNote),
    '',
  ];
  lines.push(
    ...(report.overdue.length === 0
      ? [w(WORDS.none)]
      : table(
          [w(WORDS.record), w(WORDS.kind), w(WORDS.priority), w(WORDS.department), w(WORDS.people), w(WORDS.dueAt), w(WORDS.overdueBy)],
          report.overdue.map((item) => [
            `${item.title} (${item.id})`,
            item.kindLabel ?? item.kind,
            item.priorityLabel ?? item.priority,
            item.department,
            peopleText(item, language),
            localTime(item.due, zone),
            formatMinutes(item.overdueMinutes, language),
          ]),
          [false, false, false, false, false, false, true],
        )),
  );
  lines.push('', `## ${w(WORDS.neverRead)} (${report.neverRead.length})`, '', w(WORDS.neverReadNote), '');
  lines.push(
    ...(report.neverRead.length === 0
      ? [w(WORDS.none)]
      : table(
          [w(WORDS.record), w(WORDS.kind), w(WORDS.priority), w(WORDS.department), w(WORDS.unreadPeople), w(WORDS.sentAgo)],
          report.neverRead.map((item) => [
            `${item.title} (${item.id})`,
            item.kindLabel ?? item.kind,
            item.priorityLabel ?? item.priority,
            item.department,
            [readOfText(item, language), item.people.join(', ')].filter(Boolean).join(' · '),
            formatMinutes(item.overdueMinutes, language),
          ]),
          [false, false, false, false, false, true],
        )),
  );
  const satisfaction = report.satisfaction;
  lines.push('', `## ${w(WORDS.satisfaction)}`, '');
  if (satisfaction.count === 0) lines.push(w(WORDS.noScores));
  else {
    lines.push(`${w(WORDS.satisfaction)}: ${satisfaction.average?.toFixed(2) ?? '—'} / 5 (${satisfaction.count} ${w(WORDS.scores)})`, '');
    lines.push(
      ...table(
        [w(WORDS.score), w(WORDS.count)],
        [5, 4, 3, 2, 1].map((score) => [`${score} ${SCORE_NAMES[score - 1][language]}`, String(satisfaction.distribution[score - 1])]),
        [false, true],
      ),
      '',
    );
    lines.push(
      ...table(
        [w(WORDS.record), w(WORDS.score), w(WORDS.comment), w(WORDS.by), w(WORDS.at)],
        satisfaction.entries.map((entry) => [
          `${entry.title} (${entry.id})`,
          String(entry.score),
          entry.comment || '—',
          entry.by,
          localTime(entry.at, zone),
        ]),
        [false, true, false, false, false],
      ),
    );
  }
  lines.push('', `## ${w(WORDS.trend)}`, '');
  lines.push(
    ...table(
      [
        w(WORDS.month),
        w(WORDS.rate),
        w(WORDS.due),
        w(WORDS.overdueCount),
        w(WORDS.neverReadCount),
        w(WORDS.medianShort),
        w(WORDS.satisfaction),
      ],
      report.trend.map((point) => trendCells(point, markdownCells(language))),
      [false, true, true, true, true, true, true],
    ),
  );
  if (report.skipped && report.skipped.length > 0) {
    lines.push('', `## ${w(WORDS.skipped)} (${report.skipped.length})`, '');
    lines.push(
      ...table(
        [w(WORDS.record), w(WORDS.reason)],
        report.skipped.map((entry) => [`${entry.title} (${entry.space}/${entry.id})`, entry.reason]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

const CSV_COLUMNS = [
  'section',
  'key',
  'label',
  'due',
  'onTime',
  'late',
  'missed',
  'rate',
  'medianMinutes',
  'p90Minutes',
  'space',
  'id',
  'title',
  'kind',
  'priority',
  'department',
  'people',
  'missedBy',
  'dueAt',
  'overdueMinutes',
  'score',
  'comment',
  'by',
  'at',
  'month',
  'overdue',
  'neverRead',
  'satisfaction',
  'reason',
] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null | undefined>>;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, or a line break. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function rateCsv(section: string, r: RateRow): CsvRow {
  return {
    section,
    key: r.key,
    label: r.label,
    due: r.due,
    onTime: r.onTime,
    late: r.late,
    missed: r.missed,
    rate: r.rate === null ? null : Math.round(r.rate * 10000) / 10000,
    medianMinutes: r.medianMinutes,
    p90Minutes: r.p90Minutes,
  };
}

function itemCsv(section: string, item: ReportItem): CsvRow {
  return {
    section,
    space: item.space,
    id: item.id,
    title: item.title,
    kind: item.kind,
    label: item.kindLabel,
    priority: item.priority,
    department: item.department,
    people: item.people.join(', '),
    missedBy: item.missedBy?.join(', '),
    dueAt: item.due,
    overdueMinutes: item.overdueMinutes,
  };
}

/** The report as one CSV table with a `section` column (see the top of this file). */
export function reportToCsv(report: MonthlyReport): string {
  const rows: CsvRow[] = [
    { ...rateCsv('total', report.total), month: report.month },
    ...report.byDepartment.map((r) => rateCsv('department', r)),
    ...report.byKind.map((r) => rateCsv('kind', r)),
    ...report.byPriority.map((r) => rateCsv('priority', r)),
    ...report.overdue.map((item) => itemCsv('overdue', item)),
    ...report.neverRead.map((item) => itemCsv('never-read', item)),
    ...report.satisfaction.entries.map((entry): CsvRow => ({
      section: 'satisfaction',
      space: entry.space,
      id: entry.id,
      title: entry.title,
      score: entry.score,
      comment: entry.comment,
      by: entry.by,
      at: entry.at,
    })),
    ...report.trend.map((point): CsvRow => ({
      section: 'trend',
      month: point.month,
      rate: point.rate === null ? null : Math.round(point.rate * 10000) / 10000,
      due: point.due,
      overdue: point.overdue,
      neverRead: point.neverRead,
      medianMinutes: point.medianMinutes,
      satisfaction: point.satisfaction,
    })),
    ...(report.skipped ?? []).map((entry): CsvRow => ({
      section: 'skipped',
      space: entry.space,
      id: entry.id,
      title: entry.title,
      reason: entry.reason,
    })),
  ];
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((column) => csvField(r[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The report as JSON: the MonthlyReport object itself, indented. */
export function reportToJson(report: MonthlyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
