// The monthly report's HTML page, one source for both places it is shown: the VS Code webview
// (script from media/dist, data posted by the extension) and the self-contained file of
// `liaison report --format html` (script and data inlined). The page itself is a shell; the
// script (src/webview/reportView.ts) builds the figures, charts and tables from the report.
// Every colour is a VS Code theme variable; the standalone page defines them itself.
import { createHash } from 'node:crypto';
import type { MonthlyReport } from '../domain/reportModel';
import { REPORT_DATA_ID } from '../webview/reportProtocol';
import { pageHead } from './pageHead';

/** The report's title in its language: the panel's title and the page's heading. */
export function reportTitle(language: 'zh' | 'en', month: string): string {
  return language === 'zh' ? `沟通效率月度报告 ${month}` : `Communication report ${month}`;
}

/** Layout shared by the webview and the standalone page; colours only through variables. */
export const REPORT_CSS = `
body {
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  margin: 0;
  padding: 16px 24px 32px;
  line-height: 1.5;
}
main { max-width: 1280px; margin: 0 auto; }
.report-header { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: 8px 16px; padding-bottom: 12px; border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border)); }
h1 { font-size: 1.6em; font-weight: 600; margin: 0; }
h2 { font-size: 1.15em; font-weight: 600; margin: 0 0 6px; }
.meta { color: var(--vscode-descriptionForeground); margin: 2px 0 0; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.toolbar .label { color: var(--vscode-descriptionForeground); margin-left: 6px; }
button { font-family: inherit; font-size: inherit; padding: 4px 12px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible, .link:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 16px 0; }
.figure { border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border)); border-left: 4px solid var(--accent, var(--vscode-charts-blue)); border-radius: 4px; padding: 8px 12px; }
.figure .name { color: var(--vscode-descriptionForeground); }
.figure .value { font-size: 1.75em; font-weight: 600; line-height: 1.3; font-variant-numeric: tabular-nums; }
.figure .detail { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 16px; margin-bottom: 16px; }
.tables { display: grid; gap: 16px; }
.card { border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border)); border-radius: 4px; padding: 12px 14px; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
@media (min-width: 1240px) { .card.trend { grid-column: span 2; } }
.card .note { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
.chart-box { position: relative; height: 240px; }
.empty { color: var(--vscode-descriptionForeground); font-style: italic; margin: 12px 0; }
table.items { width: 100%; border-collapse: collapse; }
table.items th, table.items td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border)); }
table.items th { font-weight: 600; color: var(--vscode-descriptionForeground); }
table.items td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.link { color: var(--vscode-textLink-foreground); background: none; border: none; padding: 0; font: inherit; text-align: left; cursor: pointer; text-decoration: underline; }
.link:hover { color: var(--vscode-textLink-activeForeground, var(--vscode-textLink-foreground)); background: none; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
@media print { .toolbar { display: none; } .card, .figure { break-inside: avoid; } }
`;

/**
 * Light defaults (VS Code's Light Modern) for the standalone page, dark ones (Dark Modern) when
 * the browser prefers dark. The webview never gets these: VS Code sets the variables itself.
 */
export const STANDALONE_THEME_CSS = `
:root {
  --vscode-font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif;
  --vscode-font-size: 13px;
  --vscode-foreground: #3b3b3b;
  --vscode-descriptionForeground: #717171;
  --vscode-editor-background: #ffffff;
  --vscode-panel-border: #e5e5e5;
  --vscode-focusBorder: #005fb8;
  --vscode-textLink-foreground: #005fb8;
  --vscode-textLink-activeForeground: #005fb8;
  --vscode-button-foreground: #ffffff;
  --vscode-button-background: #005fb8;
  --vscode-button-hoverBackground: #0258a8;
  --vscode-button-secondaryForeground: #3b3b3b;
  --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-charts-foreground: #616161;
  --vscode-charts-lines: rgba(97, 97, 97, 0.5);
  --vscode-charts-blue: #1a85ff;
  --vscode-charts-red: #e51400;
  --vscode-charts-green: #388a34;
  --vscode-charts-yellow: #bf8803;
  --vscode-charts-orange: #d18616;
  --vscode-charts-purple: #652d90;
}
@media (prefers-color-scheme: dark) {
  :root {
    --vscode-foreground: #cccccc;
    --vscode-descriptionForeground: #9d9d9d;
    --vscode-editor-background: #1f1f1f;
    --vscode-panel-border: #2b2b2b;
    --vscode-focusBorder: #0078d4;
    --vscode-textLink-foreground: #4daafc;
    --vscode-textLink-activeForeground: #4daafc;
    --vscode-button-background: #0078d4;
    --vscode-button-hoverBackground: #026ec1;
    --vscode-button-secondaryForeground: #cccccc;
    --vscode-button-secondaryBackground: #313131;
    --vscode-button-secondaryHoverBackground: #3c3c3c;
    --vscode-charts-foreground: #cccccc;
    --vscode-charts-lines: rgba(204, 204, 204, 0.5);
    --vscode-charts-blue: #3794ff;
    --vscode-charts-red: #f14c4c;
    --vscode-charts-green: #89d185;
    --vscode-charts-yellow: #cca700;
  }
}
`;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside `<script type="application/json">`: no `<` (so no `</script>` or
 * `<!--`), `>` or `&`, and no U+2028/2029; JSON.parse reads the escapes back as the same text.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A script's text made safe to inline in `<script>`: `</script` (any case) cannot end the element
 * early once written `<\/script` (the same string, regular expression or comment to JavaScript),
 * and the source-map comment, which would point at a file the page does not have, is dropped.
 */
export function inlineScript(script: string): string {
  return script.replace(/^\/\/# sourceMappingURL=.*$/gm, '').replace(/<\/(script)/gi, '<\\/$1');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The body's shell; the script fills `#report`. */
function shell(title: string, loading: string): string {
  return `<main id="report" aria-live="polite" aria-busy="true">
<header class="report-header"><div><h1>${escapeHtml(title)}</h1></div></header>
<p class="empty">${escapeHtml(loading)}</p>
</main>`;
}

export interface ReportPageOptions {
  /** The webview's `cspSource`. */
  cspSource: string;
  /** A fresh random nonce for this page's script and style. */
  nonce: string;
  /** `webview.asWebviewUri` of media/dist/reportView.js. */
  scriptUri: string;
  language: 'zh' | 'en';
  month: string;
}

/** The webview's page: CSP `default-src 'none'`, the script from media/dist; the data comes by message. */
export function reportPageHtml(options: ReportPageOptions): string {
  const { cspSource, nonce, language } = options;
  const title = reportTitle(language, options.month);
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; img-src ${cspSource} data:; font-src ${cspSource}; script-src 'nonce-${nonce}';`;
  return `${pageHead(language, csp)}
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${REPORT_CSS}</style>
</head>
<body>
${shell(title, language === 'zh' ? '正在生成报告…' : 'Computing the report…')}
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}

/**
 * One self-contained HTML file that shows the report with the same charts in any browser: the
 * view script (media/dist/reportView.js, passed in) and the report are inlined, nothing is
 * fetched. The CSP allows exactly this page's style and script, by hash.
 */
export function standaloneReportHtml(report: MonthlyReport, chartScript: string): string {
  const title = reportTitle(report.language, report.month);
  const script = inlineScript(chartScript);
  const css = STANDALONE_THEME_CSS + REPORT_CSS;
  const csp = `default-src 'none'; style-src ${sha256(css)}; img-src data:; script-src ${sha256(script)};`;
  return `${pageHead(report.language, csp)}
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${shell(title, report.language === 'zh' ? '此报告需要启用 JavaScript 才能显示图表。' : 'This report needs JavaScript to show its charts.')}
<script type="application/json" id="${REPORT_DATA_ID}">${jsonForScript(report)}</script>
<script>${script}</script>
</body>
</html>`;
}
