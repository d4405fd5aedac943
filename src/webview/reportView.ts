// Runs in the monthly report webview, and in the standalone HTML of `liaison report --format html`
// (no VS Code there: the report is read from an inline JSON script and the buttons are left out).
// The page is built with DOM calls (titles, names and comments are text, never markup). Charts
// are redrawn when the theme changes: VS Code swaps the body's class (vscode-light, vscode-dark,
// vscode-high-contrast, vscode-high-contrast-light) and the variables on <html>.
import type { ChartTypeRegistry } from 'chart.js';
import type { MonthlyReport } from '../domain/reportModel';
import { chartSpecs, rateCard, satisfactionCard, trendCard } from './reportCards';
import { Chart, applyTheme, readTheme } from './reportCharts';
import { el } from './reportDom';
import { host } from './reportHost';
import { REPORT_DATA_ID, REPORT_EXPORT_FORMATS } from './reportProtocol';
import type { ReportHostMessage } from './reportProtocol';
import { commentsTable, neverReadTable, overdueTable, skippedTable } from './reportTables';
import { formatDuration, formatInstant, formatPercent, reportText } from './reportText';
import type { ReportText } from './reportText';

let charts: Chart<keyof ChartTypeRegistry, unknown>[] = [];

function figure(name: string, value: string, detail: string, accent: string, key: string): HTMLElement {
  const card = el(
    'div',
    { className: 'figure', attrs: { 'data-figure': key } },
    el('div', { className: 'name', text: name }),
    el('div', { className: 'value', text: value }),
    el('div', { className: 'detail', text: detail }),
  );
  card.style.setProperty('--accent', `var(${accent})`);
  return card;
}

function headline(report: MonthlyReport, text: ReportText): HTMLElement {
  const total = report.total;
  const satisfaction = report.satisfaction;
  return el(
    'section',
    { className: 'headline', attrs: { 'aria-label': text.onTimeRate } },
    figure(
      text.onTimeRate,
      formatPercent(total.rate),
      total.due > 0 ? text.onTimeDetail(total.onTime, total.due) : text.nothingDue,
      '--vscode-charts-blue',
      'rate',
    ),
    figure(text.median, formatDuration(total.medianMinutes, text), text.answeredOnly, '--vscode-charts-blue', 'median'),
    figure(text.p90, formatDuration(total.p90Minutes, text), text.answeredOnly, '--vscode-charts-blue', 'p90'),
    figure(text.overdue, String(report.overdue.length), text.overdueDetail, '--vscode-charts-red', 'overdue'),
    figure(text.neverRead, String(report.neverRead.length), text.neverReadDetail, '--vscode-charts-yellow', 'neverRead'),
    figure(
      text.satisfaction,
      satisfaction.average === null ? '—' : `${satisfaction.average.toFixed(1)} / 5`,
      satisfaction.count > 0 ? text.satisfactionDetail(satisfaction.count) : text.noScores,
      '--vscode-charts-green',
      'satisfaction',
    ),
  );
}

/** Nothing fell due, nothing is overdue or unread, nobody scored: a month without data (a new team's). */
function isEmptyMonth(report: MonthlyReport): boolean {
  return report.total.due === 0 && report.overdue.length === 0 && report.neverRead.length === 0 && report.satisfaction.count === 0;
}

function header(report: MonthlyReport, text: ReportText): HTMLElement {
  const title = report.language === 'zh' ? `沟通效率月度报告 ${report.month}` : `Communication report ${report.month}`;
  const meta = `${text.spaces}: ${report.spaces.join(', ') || '—'} · ${text.zone} ${report.zone} · ${text.generated} ${formatInstant(report.generatedAt, report.zone)}`;
  const heading = el('div', {}, el('h1', { text: title }), el('p', { className: 'meta', text: meta }));
  const bar = el('header', { className: 'report-header' }, heading);
  if (host) {
    const vscode = host;
    const month = el('button', { className: 'secondary', text: text.chooseMonth, attrs: { type: 'button', 'data-action': 'pickMonth' } });
    month.addEventListener('click', () => vscode.postMessage({ type: 'pickMonth' }));
    const exports = REPORT_EXPORT_FORMATS.map((format) => {
      const button = el('button', { className: 'secondary', text: text.formats[format], attrs: { type: 'button', 'data-export': format } });
      button.addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
      return button;
    });
    bar.append(
      el(
        'div',
        { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': text.exportLabel } },
        month,
        el('span', { className: 'label', text: text.exportLabel }),
        ...exports,
      ),
    );
  }
  return bar;
}

/** The kind of theme the page is in: VS Code's body class, else the browser's preference. */
function themeKind(): string {
  const classes = document.body.classList;
  for (const kind of ['high-contrast-light', 'high-contrast', 'dark', 'light']) if (classes.contains(`vscode-${kind}`)) return kind;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** (Re)creates every chart with the theme's current colours; `data-theme` on #report says which (tests wait for it). */
function drawCharts(): void {
  for (const chart of charts) chart.destroy();
  const theme = readTheme();
  applyTheme(theme);
  charts = chartSpecs.map((spec) => new Chart(spec.canvas, spec.config(theme)));
  const root = document.getElementById('report');
  if (root) root.dataset.theme = themeKind();
}

function render(report: MonthlyReport): void {
  const root = document.getElementById('report');
  if (!root) return;
  for (const chart of charts) chart.destroy();
  charts = [];
  chartSpecs.length = 0;
  const text = reportText(report.language);
  document.documentElement.lang = report.language === 'zh' ? 'zh-CN' : 'en';
  document.title = report.language === 'zh' ? `沟通效率月度报告 ${report.month}` : `Communication report ${report.month}`;
  root.replaceChildren(
    header(report, text),
    ...(isEmptyMonth(report)
      ? [el('p', { className: 'empty-month', attrs: { role: 'status' }, text: text.emptyMonth(report.month) })]
      : []),
    headline(report, text),
    el(
      'div',
      { className: 'charts' },
      rateCard('byDepartment', text.byDepartment, report.byDepartment, text),
      rateCard('byKind', text.byKind, report.byKind, text),
      rateCard('byPriority', text.byPriority, report.byPriority, text),
      satisfactionCard(report, text),
      trendCard(report.trend, text),
    ),
    el(
      'div',
      { className: 'tables' },
      overdueTable(report, text),
      neverReadTable(report, text),
      commentsTable(report, text),
      skippedTable(report, text),
    ),
  );
  drawCharts();
  root.setAttribute('aria-busy', 'false');
  root.dataset.month = report.month;
}

/** Redraw once per frame at most, after the theme's class or variables changed. */
let redrawPending = false;
function scheduleRedraw(): void {
  if (redrawPending || chartSpecs.length === 0) return;
  redrawPending = true;
  requestAnimationFrame(() => {
    redrawPending = false;
    drawCharts();
  });
}

const themeObserver = new MutationObserver(scheduleRedraw);
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', scheduleRedraw);

if (host) {
  const vscode = host;
  window.addEventListener('message', (event: MessageEvent<ReportHostMessage>) => {
    const message = event.data;
    if (message?.type === 'report') {
      render(message.report);
      vscode.setState({ month: message.report.month });
    }
  });
  vscode.postMessage({ type: 'ready' });
} else {
  const data = document.getElementById(REPORT_DATA_ID);
  if (data?.textContent) render(JSON.parse(data.textContent) as MonthlyReport);
}
