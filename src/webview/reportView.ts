// Runs in the monthly report webview, and in the standalone HTML of `liaison report --format html`
// (no VS Code there: the report is read from an inline JSON script and the buttons are left out).
// The page is built with DOM calls (titles, names and comments are text, never markup). Charts
// are redrawn when the theme changes: VS Code swaps the body's class (vscode-light, vscode-dark,
// vscode-high-contrast, vscode-high-contrast-light) and the variables on <html>.
import type { ChartTypeRegistry } from 'chart.js';
import type { MonthlyReport, RateRow, ReportItem, SatisfactionEntry, SkippedRecord, TrendPoint } from '../domain/reportModel';
import { Chart, applyTheme, barChartHeight, rateChart, readTheme, satisfactionChart, trendChart } from './reportCharts';
import type { ChartTheme } from './reportCharts';
import { REPORT_DATA_ID, REPORT_EXPORT_FORMATS } from './reportProtocol';
import type { ReportHostMessage, ReportViewMessage, ReportViewState } from './reportProtocol';
import { formatDuration, formatInstant, formatPercent, rateRowCells, reportText } from './reportText';
import type { ReportText } from './reportText';

interface VsCodeApi {
  postMessage(message: ReportViewMessage): void;
  setState(state: ReportViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** At most this many rows per table; the export has every item. */
const TABLE_LIMIT = 50;

const host: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

type AnyChartConfig = ConstructorParameters<typeof Chart>[1];

interface ChartSpec {
  canvas: HTMLCanvasElement;
  config: (theme: ChartTheme) => AnyChartConfig;
}

let specs: ChartSpec[] = [];
let charts: Chart<keyof ChartTypeRegistry, unknown>[] = [];

type Child = Node | string | undefined;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

/** A visually hidden table: what a chart shows, for screen readers. */
function dataTable(caption: string, head: string[], rows: string[][]): HTMLTableElement {
  return el(
    'table',
    { className: 'sr-only' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, ...head.map((cell) => el('th', { text: cell, attrs: { scope: 'col' } })))),
    el(
      'tbody',
      {},
      ...rows.map((row) =>
        el(
          'tr',
          {},
          ...row.map((cell, index) => (index === 0 ? el('th', { text: cell, attrs: { scope: 'row' } }) : el('td', { text: cell }))),
        ),
      ),
    ),
  );
}

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
  specs.push({ canvas, config: options.config });
  return card;
}

function rateCard(id: string, title: string, rows: readonly RateRow[], text: ReportText): HTMLElement {
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

function trendCard(points: readonly TrendPoint[], text: ReportText): HTMLElement {
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
      points.map((point) => [
        point.month,
        formatPercent(point.rate),
        String(point.due),
        String(point.overdue),
        String(point.neverRead),
        formatDuration(point.medianMinutes, text),
        point.satisfaction === null ? '—' : point.satisfaction.toFixed(1),
      ]),
    ),
    config: (theme) => trendChart(points, text, theme) as AnyChartConfig,
    empty: points.length === 0 ? text.noData : undefined,
  });
}

function satisfactionCard(report: MonthlyReport, text: ReportText): HTMLElement {
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

/** A record's title: a link that opens it in VS Code, plain text in the standalone page. */
function recordTitle(space: string, id: string, title: string): HTMLElement {
  if (!host) return el('span', { text: title || id, attrs: { title: id } });
  const link = el('button', { className: 'link', text: title || id, attrs: { type: 'button', title: `${space} / ${id}` } });
  link.addEventListener('click', () => host.postMessage({ type: 'openRecord', space, id }));
  return link;
}

function itemsTable<T>(
  options: {
    id: string;
    title: string;
    empty: string;
    head: string[];
    numeric: number[];
    items: readonly T[];
    row: (item: T) => (Node | string)[];
  },
  text: ReportText,
): HTMLElement {
  const headingId = `${options.id}-title`;
  const section = el(
    'section',
    { className: 'card wide', attrs: { 'aria-labelledby': headingId, 'data-table': options.id } },
    el('h2', { text: `${options.title} (${options.items.length})`, attrs: { id: headingId } }),
  );
  if (options.items.length === 0) {
    section.append(el('p', { className: 'empty', text: options.empty }));
    return section;
  }
  const shown = options.items.slice(0, TABLE_LIMIT);
  section.append(
    el(
      'table',
      { className: 'items' },
      el('thead', {}, el('tr', {}, ...options.head.map((cell) => el('th', { text: cell, attrs: { scope: 'col' } })))),
      el(
        'tbody',
        {},
        ...shown.map((item) =>
          el(
            'tr',
            {},
            ...options.row(item).map((cell, index) => el('td', { className: options.numeric.includes(index) ? 'number' : '' }, cell)),
          ),
        ),
      ),
    ),
  );
  if (shown.length < options.items.length)
    section.append(el('p', { className: 'note', text: text.shown(shown.length, options.items.length) }));
  return section;
}

function priorityLabel(item: ReportItem, text: ReportText): string {
  return item.priorityLabel ?? text.priorities[item.priority] ?? item.priority;
}

function overdueTable(report: MonthlyReport, text: ReportText): HTMLElement {
  return itemsTable<ReportItem>(
    {
      id: 'overdue',
      title: text.overdueTable,
      empty: text.noOverdue,
      head: [text.record, text.priority, text.department, text.owedBy, text.due, text.overdueBy],
      numeric: [5],
      items: report.overdue,
      row: (item) => [
        recordTitle(item.space, item.id, item.title),
        priorityLabel(item, text),
        item.department,
        item.people.join(', '),
        formatInstant(item.due, report.zone),
        formatDuration(item.overdueMinutes, text),
      ],
    },
    text,
  );
}

function neverReadTable(report: MonthlyReport, text: ReportText): HTMLElement {
  return itemsTable<ReportItem>(
    {
      id: 'neverRead',
      title: text.neverReadTable,
      empty: text.noNeverRead,
      head: [text.record, text.priority, text.department, text.notReadBy, text.due, text.unreadFor],
      numeric: [5],
      items: report.neverRead,
      row: (item) => [
        recordTitle(item.space, item.id, item.title),
        priorityLabel(item, text),
        item.department,
        item.people.join(', '),
        formatInstant(item.due, report.zone),
        formatDuration(item.overdueMinutes, text),
      ],
    },
    text,
  );
}

function commentsTable(report: MonthlyReport, text: ReportText): HTMLElement {
  const withComments = report.satisfaction.entries.filter((entry) => entry.comment.trim() !== '');
  return itemsTable<SatisfactionEntry>(
    {
      id: 'comments',
      title: text.commentsTable,
      empty: text.noComments,
      head: [text.score, text.comment, text.by, text.record, text.date],
      numeric: [],
      items: withComments,
      row: (entry) => [
        `${'★'.repeat(entry.score)}${'☆'.repeat(Math.max(0, 5 - entry.score))}`,
        entry.comment,
        entry.by,
        recordTitle(entry.space, entry.id, entry.title),
        formatInstant(entry.at, report.zone).slice(0, 10),
      ],
    },
    text,
  );
}

/** Records the report could not place in time (left out of every figure), with why; nothing when none. */
function skippedTable(report: MonthlyReport, text: ReportText): HTMLElement | undefined {
  const skipped = report.skipped ?? [];
  if (skipped.length === 0) return undefined;
  return itemsTable<SkippedRecord>(
    {
      id: 'skipped',
      title: text.skippedTable,
      empty: '',
      head: [text.record, text.reason],
      numeric: [],
      items: skipped,
      row: (entry) => [recordTitle(entry.space, entry.id, entry.title), entry.reason],
    },
    text,
  );
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
  charts = specs.map((spec) => new Chart(spec.canvas, spec.config(theme)));
  const root = document.getElementById('report');
  if (root) root.dataset.theme = themeKind();
}

function render(report: MonthlyReport): void {
  const root = document.getElementById('report');
  if (!root) return;
  for (const chart of charts) chart.destroy();
  charts = [];
  specs = [];
  const text = reportText(report.language);
  document.documentElement.lang = report.language === 'zh' ? 'zh-CN' : 'en';
  document.title = report.language === 'zh' ? `沟通效率月度报告 ${report.month}` : `Communication report ${report.month}`;
  root.replaceChildren(
    header(report, text),
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
  if (redrawPending || specs.length === 0) return;
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
