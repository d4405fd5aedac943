// The report page's chart cards (rates by group, trend, satisfaction): each a heading, a canvas
// labelled with a summary and its data table. A card registers its chart in `chartSpecs`; the page
// (./reportView.ts) draws them, and draws them again when the theme changes.
import { trendCells } from '../domain/reportCells';
import type { MonthlyReport, RateRow, TrendPoint } from '../domain/reportModel';
import { barChartHeight, rateChart, satisfactionChart, trendChart } from './reportCharts';
import type { Chart, ChartTheme } from './reportCharts';
import { dataTable, el } from './reportDom';
import { formatPercent, pageCells, rateRowCells } from './reportText';
import type { ReportText } from './reportText';

type AnyChartConfig = ConstructorParameters<typeof Chart>[1];

export interface ChartSpec {
  canvas: HTMLCanvasElement;
  config: (theme: ChartTheme) => AnyChartConfig;
}

/** The charts of the cards built since the page last cleared it. */
export const chartSpecs: ChartSpec[] = [];

/** A chart card: heading, optional note, the canvas (role img, labelled with a summary) and its data table. */
function chartCard(options: {
  id: string;
  title: string;
  note?: string;
  summary: string[];
  height: number;
  table: HTMLTableElement;
  config: ChartSpec['config'];
  className?: string;
  empty?: string;
}): HTMLElement {
  const headingId = `${options.id}-title`;
  const card = el(
    'section',
    {
      className: options.className ? `card ${options.className}` : 'card',
      attrs: { 'aria-labelledby': headingId, 'data-chart': options.id },
    },
    el('h2', { text: options.title, attrs: { id: headingId } }),
    options.note ? el('p', { className: 'note', text: options.note }) : undefined,
  );
  if (options.empty) {
    card.append(el('p', { className: 'empty', text: options.empty }));
    return card;
  }
  const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': options.summary.join(' ') } });
  const box = el('div', { className: 'chart-box' }, canvas);
  box.style.height = `${options.height}px`;
  card.append(box, options.table);
  chartSpecs.push({ canvas, config: options.config });
  return card;
}

export function rateCard(id: string, title: string, rows: readonly RateRow[], text: ReportText): HTMLElement {
  const withData = rows.filter((row) => row.due > 0);
  return chartCard({
    id,
    title,
    summary: [
      text.chartSummary(
        title,
        withData.map((row) => `${row.label} ${formatPercent(row.rate)} (${row.onTime}/${row.due})`),
      ),
    ],
    height: barChartHeight(withData.length),
    table: dataTable(
      title,
      [text.group, text.due, text.onTime, text.late, text.missed, text.rate, text.median, text.p90],
      withData.map((row) => rateRowCells(row, text)),
    ),
    config: (theme) => rateChart(withData, text, theme) as AnyChartConfig,
    empty: withData.length === 0 ? text.noData : undefined,
  });
}

export function trendCard(points: readonly TrendPoint[], text: ReportText): HTMLElement {
  return chartCard({
    id: 'trend',
    title: text.trend,
    note: text.trendNote,
    // A whole row, or two of three columns on a wide page.
    className: 'wide trend',
    summary: [
      text.chartSummary(
        text.trend,
        points.map(
          (point) => `${point.month} ${formatPercent(point.rate)}, ${text.overdue} ${point.overdue}, ${text.neverRead} ${point.neverRead}`,
        ),
      ),
    ],
    height: 260,
    table: dataTable(
      text.trend,
      [text.month, text.rate, text.due, text.overdue, text.neverRead, text.median, text.satisfaction],
      points.map((point) => trendCells(point, pageCells(text))),
    ),
    config: (theme) => trendChart(points, text, theme) as AnyChartConfig,
    empty: points.length === 0 ? text.noData : undefined,
  });
}

export function satisfactionCard(report: MonthlyReport, text: ReportText): HTMLElement {
  const summary = report.satisfaction;
  const note = summary.average === null ? text.noScores : text.average(summary.average.toFixed(1), summary.count);
  return chartCard({
    id: 'satisfaction',
    title: text.distribution,
    note,
    summary: [
      note,
      text.chartSummary(
        text.distribution,
        summary.distribution.map((count, index) => `${index + 1} ★ × ${count}`),
      ),
    ],
    height: 200,
    table: dataTable(
      text.distribution,
      [text.score, text.count],
      summary.distribution.map((count, index) => [String(index + 1), String(count)]),
    ),
    config: (theme) => satisfactionChart(summary, text, theme) as AnyChartConfig,
    empty: summary.count === 0 ? text.noScores : undefined,
  });
}
