// The report view's words in both languages, and how it writes numbers, durations and times.
// The report says which language it is in (MonthlyReport.language); the view follows it, so the
// webview and the standalone page read the same.

import { rateCells } from '../domain/reportCells';
import type { CellFormat } from '../domain/reportCells';
import type { RateRow } from '../domain/reportModel';

export interface ReportText {
  spaces: string;
  zone: string;
  generated: string;
  chooseMonth: string;
  exportLabel: string;
  formats: { md: string; csv: string; html: string; json: string };
  onTimeRate: string;
  onTimeDetail: (onTime: number, due: number) => string;
  nothingDue: string;
  /** Said above the figures of a month with nothing in it, so an empty report is not mistaken for a broken one. */
  emptyMonth: (month: string) => string;
  median: string;
  p90: string;
  answeredOnly: string;
  overdue: string;
  overdueDetail: string;
  neverRead: string;
  neverReadDetail: string;
  satisfaction: string;
  satisfactionDetail: (count: number) => string;
  noScores: string;
  byDepartment: string;
  byKind: string;
  byPriority: string;
  trend: string;
  trendNote: string;
  distribution: string;
  average: (average: string, count: number) => string;
  noData: string;
  group: string;
  due: string;
  onTime: string;
  late: string;
  missed: string;
  rate: string;
  month: string;
  score: string;
  count: string;
  overdueTable: string;
  neverReadTable: string;
  commentsTable: string;
  noOverdue: string;
  noNeverRead: string;
  noComments: string;
  record: string;
  priority: string;
  skippedTable: string;
  reason: string;
  department: string;
  owedBy: string;
  notReadBy: string;
  overdueBy: string;
  unreadFor: string;
  comment: string;
  by: string;
  date: string;
  shown: (shown: number, total: number) => string;
  chartSummary: (title: string, parts: string[]) => string;
  priorities: Record<string, string>;
  minutes: (n: number) => string;
  hours: (h: number, m: number) => string;
  days: (d: number, h: number) => string;
}

const EN: ReportText = {
  spaces: 'Spaces',
  zone: 'time zone',
  generated: 'generated',
  chooseMonth: 'Choose Month…',
  exportLabel: 'Export:',
  formats: { md: 'Markdown', csv: 'CSV', html: 'HTML', json: 'JSON' },
  onTimeRate: 'On-time response rate',
  onTimeDetail: (onTime, due) => `${onTime} of ${due} responses due`,
  nothingDue: 'nothing fell due',
  emptyMonth: (month) =>
    `No data for ${month} yet: nothing was sent, answered or due in this month. Figures appear once records are sent; Choose Month… shows another month.`,
  median: 'Median response time',
  p90: '90th percentile',
  answeredOnly: 'answered responses',
  overdue: 'Overdue',
  overdueDetail: 'late or still owed',
  neverRead: 'Never read',
  neverReadDetail: 'sent, not read by someone',
  satisfaction: 'Satisfaction',
  satisfactionDetail: (count) => `${count} rating${count === 1 ? '' : 's'}`,
  noScores: 'no ratings',
  byDepartment: 'On-time rate by department',
  byKind: 'On-time rate by kind',
  byPriority: 'On-time rate by priority',
  trend: 'Month over month',
  trendNote: 'On-time rate (left axis) and overdue and never-read items (right axis).',
  distribution: 'Satisfaction scores',
  average: (average, count) => `Average ${average} of 5 from ${count} rating${count === 1 ? '' : 's'}.`,
  noData: 'Nothing fell due this month.',
  group: 'Group',
  due: 'Due',
  onTime: 'On time',
  late: 'Late',
  missed: 'Missed',
  rate: 'Rate',
  month: 'Month',
  score: 'Score',
  count: 'Count',
  overdueTable: 'Overdue items',
  neverReadTable: 'Never-read items',
  commentsTable: 'Satisfaction comments',
  noOverdue: 'Nothing was overdue this month.',
  noNeverRead: 'Everything sent this month was read.',
  noComments: 'No comments this month.',
  record: 'Record',
  priority: 'Priority',
  skippedTable: 'Left out of the figures',
  reason: 'Why',
  department: 'Department',
  owedBy: 'Owed by',
  notReadBy: 'Not read by',
  overdueBy: 'Overdue by',
  unreadFor: 'Unread for',
  comment: 'Comment',
  by: 'By',
  date: 'Date',
  shown: (shown, total) => `Showing ${shown} of ${total}; the export has them all.`,
  chartSummary: (title, parts) => `${title}: ${parts.length ? parts.join('; ') : 'no data'}.`,
  priorities: { urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low', none: '—' },
  minutes: (n) => `${n} min`,
  hours: (h, m) => (m ? `${h} h ${m} min` : `${h} h`),
  days: (d, h) => (h ? `${d} d ${h} h` : `${d} d`),
};

const ZH: ReportText = {
  spaces: '空间',
  zone: '时区',
  generated: '生成于',
  chooseMonth: '选择月份…',
  exportLabel: '导出：',
  formats: { md: 'Markdown', csv: 'CSV', html: 'HTML', json: 'JSON' },
  onTimeRate: '按时响应率',
  onTimeDetail: (onTime, due) => `应响应 ${due} 项，按时 ${onTime} 项`,
  nothingDue: '本月无到期响应',
  emptyMonth: (month) => `${month} 还没有数据：本月没有发送、答复或到期的记录。发送记录后这里会显示统计；点击“选择月份…”查看其他月份。`,
  median: '响应时间中位数',
  p90: '响应时间 P90',
  answeredOnly: '已响应的事项',
  overdue: '超时',
  overdueDetail: '迟复或仍未响应',
  neverRead: '未读（信息遗漏）',
  neverReadDetail: '已发送但有人未读',
  satisfaction: '满意度',
  satisfactionDetail: (count) => `共 ${count} 个评分`,
  noScores: '暂无评分',
  byDepartment: '各部门按时响应率',
  byKind: '各类型按时响应率',
  byPriority: '各优先级按时响应率',
  trend: '月度趋势',
  trendNote: '按时响应率（左轴）与超时、未读事项数（右轴）。',
  distribution: '满意度评分分布',
  average: (average, count) => `平均 ${average} 分（满分 5 分），共 ${count} 个评分。`,
  noData: '本月没有到期的响应。',
  group: '分组',
  due: '应响应',
  onTime: '按时',
  late: '迟复',
  missed: '未响应',
  rate: '按时率',
  month: '月份',
  score: '评分',
  count: '数量',
  overdueTable: '超时事项',
  neverReadTable: '未读事项（信息遗漏）',
  commentsTable: '满意度评价',
  noOverdue: '本月没有超时事项。',
  noNeverRead: '本月发送的内容均已被阅读。',
  noComments: '本月没有评价。',
  record: '记录',
  priority: '优先级',
  skippedTable: '未计入统计的记录',
  reason: '原因',
  department: '部门',
  owedBy: '待响应人',
  notReadBy: '未读人',
  overdueBy: '超时',
  unreadFor: '未读时长',
  comment: '评价',
  by: '评价人',
  date: '日期',
  shown: (shown, total) => `显示 ${shown} / ${total} 项；导出文件包含全部。`,
  chartSummary: (title, parts) => `${title}：${parts.length ? parts.join('；') : '无数据'}。`,
  priorities: { urgent: '紧急', high: '高', medium: '中', low: '低', none: '—' },
  minutes: (n) => `${n} 分钟`,
  hours: (h, m) => (m ? `${h} 小时 ${m} 分` : `${h} 小时`),
  days: (d, h) => (h ? `${d} 天 ${h} 小时` : `${d} 天`),
};

export function reportText(language: 'zh' | 'en'): ReportText {
  return language === 'zh' ? ZH : EN;
}

/** 0..1 as a percentage with at most one decimal; '—' for no value. */
export function formatPercent(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  const percent = Math.round(rate * 1000) / 10;
  return `${percent}%`;
}

/** Minutes as the largest two units that matter: 45 min, 3 h 20 min, 2 d 4 h. */
export function formatDuration(minutes: number | null, text: ReportText): string {
  if (minutes === null || !Number.isFinite(minutes)) return '—';
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return text.minutes(total);
  if (total < 48 * 60) return text.hours(Math.floor(total / 60), total % 60);
  const hours = Math.round(total / 60);
  return text.days(Math.floor(hours / 24), hours % 24);
}

/** An ISO instant as `YYYY-MM-DD HH:mm` in the report's zone (the instant itself if the zone is unknown). */
export function formatInstant(iso: string, zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
    const part = (type: string): string => parts.find((entry) => entry.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
  } catch {
    return iso.slice(0, 16).replace('T', ' ');
  }
}

/** How the page writes the figures of its data tables. */
export function pageCells(text: ReportText): CellFormat {
  return { rate: formatPercent, minutes: (minutes) => formatDuration(minutes, text), satisfactionDigits: 1 };
}

/** A rate row as the cells of its data table: group, due, on time, late, missed, rate, median, p90. */
export function rateRowCells(row: RateRow, text: ReportText): string[] {
  return rateCells(row, pageCells(text));
}
