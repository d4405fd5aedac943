// The report's charts as Chart.js configurations, coloured from the VS Code theme. Only the
// controllers, elements and plugins used here are registered (tree-shaken bundle). Animation is
// off everywhere: a screenshot or a screen reader never meets a half-drawn chart, and nothing
// moves for people who asked for reduced motion.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { RateRow, SatisfactionSummary, TrendPoint } from '../domain/reportModel';
import { formatDuration, formatPercent } from './reportText';
import type { ReportText } from './reportText';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export { Chart };

/** The colours and font of the current VS Code theme (or the standalone page's defaults). */
export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  blue: string;
  red: string;
  green: string;
  yellow: string;
  /** The high-contrast border; set only in high-contrast themes. */
  contrastBorder: string | undefined;
  fontFamily: string;
  fontSize: number;
}

/** Reads the theme variables VS Code sets on the page (it changes them, and the body's class, on a theme switch). */
export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const classes = document.body.classList;
  const highContrast = classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light');
  const contrastBorder = style.getPropertyValue('--vscode-contrastBorder').trim() || undefined;
  const foreground = read('--vscode-foreground', '#3b3b3b');
  return {
    foreground,
    muted: read('--vscode-descriptionForeground', foreground),
    grid: highContrast && contrastBorder ? contrastBorder : read('--vscode-panel-border', 'rgba(128, 128, 128, 0.35)'),
    background: read('--vscode-editor-background', '#ffffff'),
    blue: read('--vscode-charts-blue', '#1a85ff'),
    red: read('--vscode-charts-red', '#e51400'),
    green: read('--vscode-charts-green', '#388a34'),
    yellow: read('--vscode-charts-yellow', '#bf8803'),
    contrastBorder: highContrast ? (contrastBorder ?? foreground) : undefined,
    fontFamily: read('--vscode-font-family', 'sans-serif'),
    fontSize: Number.parseFloat(read('--vscode-font-size', '13')) || 13,
  };
}

/** Chart.js defaults that every chart shares; set before each redraw, since the theme may have changed. */
export function applyTheme(theme: ChartTheme): void {
  Chart.defaults.animation = false;
  Chart.defaults.color = theme.foreground;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(11, theme.fontSize - 1);
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  Chart.defaults.plugins.tooltip.animation = false;
  Chart.defaults.plugins.tooltip.borderColor = theme.contrastBorder ?? 'transparent';
  Chart.defaults.plugins.tooltip.borderWidth = theme.contrastBorder ? 1 : 0;
}

/** Writes each bar's value at its end, so the figures read without hovering. */
function valueLabels(theme: ChartTheme, format: (value: number, index: number) => string, horizontal: boolean): Plugin<'bar'> {
  return {
    id: 'liaisonValueLabels',
    afterDatasetsDraw(chart): void {
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = theme.foreground;
      ctx.font = `${Math.max(11, theme.fontSize - 1)}px ${theme.fontFamily}`;
      ctx.textAlign = horizontal ? 'left' : 'center';
      ctx.textBaseline = horizontal ? 'middle' : 'bottom';
      chart.data.datasets.forEach((dataset, datasetIndex) => {
        chart.getDatasetMeta(datasetIndex).data.forEach((element, index) => {
          const value = dataset.data[index];
          if (typeof value !== 'number') return;
          const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
          if (horizontal) ctx.fillText(format(value, index), x + 6, y);
          else ctx.fillText(format(value, index), x, y - 4);
        });
      });
      ctx.restore();
    },
  };
}

/** Pixels a horizontal bar chart needs for `rows` bars. */
export function barChartHeight(rows: number): number {
  return Math.max(120, rows * 30 + 48);
}

/** On-time rate per group, horizontal bars in percent; the tooltip gives the counts behind it. */
export function rateChart(rows: readonly RateRow[], text: ReportText, theme: ChartTheme): ChartConfiguration<'bar'> {
  const values = rows.map((row) => (row.rate === null ? null : Math.round(row.rate * 1000) / 10));
  return {
    type: 'bar',
    data: {
      labels: rows.map((row) => row.label),
      datasets: [
        {
          label: text.onTimeRate,
          data: values,
          backgroundColor: theme.blue,
          borderColor: theme.contrastBorder ?? theme.blue,
          borderWidth: theme.contrastBorder ? 2 : 0,
          borderRadius: 2,
          maxBarThickness: 22,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 48 } },
      scales: {
        x: { min: 0, max: 100, ticks: { callback: (value) => `${value}%`, stepSize: 25 }, grid: { color: theme.grid } },
        y: { grid: { display: false }, ticks: { color: theme.foreground } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const row = rows[item.dataIndex];
              return `${formatPercent(row.rate)}: ${text.onTimeDetail(row.onTime, row.due)}; ${text.median} ${formatDuration(row.medianMinutes, text)}`;
            },
          },
        },
      },
    },
    plugins: [valueLabels(theme, (_value, index) => formatPercent(rows[index].rate), true)],
  };
}

/** Month over month: the on-time rate against the left axis, overdue and never-read counts against the right. */
export function trendChart(points: readonly TrendPoint[], text: ReportText, theme: ChartTheme): ChartConfiguration<'line'> {
  const line = (
    color: string,
  ): { borderColor: string; backgroundColor: string; pointBackgroundColor: string; pointBorderColor: string } => ({
    borderColor: color,
    backgroundColor: color,
    pointBackgroundColor: color,
    pointBorderColor: color,
  });
  return {
    type: 'line',
    data: {
      labels: points.map((point) => point.month),
      datasets: [
        {
          label: text.onTimeRate,
          data: points.map((point) => (point.rate === null ? null : Math.round(point.rate * 1000) / 10)),
          yAxisID: 'rate',
          ...line(theme.blue),
          borderWidth: 3,
          pointRadius: 4,
          pointStyle: 'circle',
          spanGaps: true,
        },
        {
          label: text.overdue,
          data: points.map((point) => point.overdue),
          yAxisID: 'count',
          ...line(theme.red),
          borderWidth: 2,
          borderDash: [6, 4],
          pointRadius: 4,
          pointStyle: 'rectRot',
        },
        {
          label: text.neverRead,
          data: points.map((point) => point.neverRead),
          yAxisID: 'count',
          ...line(theme.yellow),
          borderWidth: 2,
          borderDash: [2, 3],
          pointRadius: 4,
          pointStyle: 'triangle',
        },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { grid: { display: false }, offset: true },
        rate: {
          type: 'linear',
          position: 'left',
          min: 0,
          max: 100,
          ticks: { callback: (value) => `${value}%`, stepSize: 25 },
          grid: { color: theme.grid },
        },
        count: { type: 'linear', position: 'right', beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxHeight: 8, color: theme.foreground } },
        tooltip: {
          callbacks: {
            label: (item) =>
              `${item.dataset.label ?? ''}: ${item.datasetIndex === 0 ? formatPercent(points[item.dataIndex].rate) : String(item.parsed.y)}`,
          },
        },
      },
    },
  };
}

/** How many gave each score 1–5. */
export function satisfactionChart(summary: SatisfactionSummary, text: ReportText, theme: ChartTheme): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: ['1', '2', '3', '4', '5'].map((score) => `${score} ★`),
      datasets: [
        {
          label: text.count,
          data: [...summary.distribution],
          backgroundColor: theme.green,
          borderColor: theme.contrastBorder ?? theme.green,
          borderWidth: theme.contrastBorder ? 2 : 0,
          borderRadius: 2,
          maxBarThickness: 48,
        },
      ],
    },
    options: {
      layout: { padding: { top: 20 } },
      scales: {
        x: { grid: { display: false }, ticks: { color: theme.foreground } },
        y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: theme.grid } },
      },
      plugins: { legend: { display: false } },
    },
    plugins: [valueLabels(theme, (value) => String(value), false)],
  };
}
