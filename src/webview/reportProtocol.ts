// The monthly report view's messages, typed once for both sides (extension host and webview
// script). The handshake is the record view's: the view posts `ready`, then the host posts the
// report, again whenever it changes.
import type { MonthlyReport } from '../domain/reportModel';

/** What the report can be saved as: the formats of `liaison report --format`. */
export type ReportExportFormat = 'md' | 'csv' | 'html' | 'json';
export const REPORT_EXPORT_FORMATS: readonly ReportExportFormat[] = ['md', 'csv', 'html', 'json'];

/** Extension -> webview. */
export type ReportHostMessage = { type: 'report'; report: MonthlyReport };

/** Webview -> extension. */
export type ReportViewMessage =
  | { type: 'ready' }
  | { type: 'export'; format: ReportExportFormat }
  | { type: 'pickMonth' }
  | { type: 'openRecord'; space: string; id: string };

/** Id of the `<script type="application/json">` that carries the report in the standalone page. */
export const REPORT_DATA_ID = 'liaison-report-data';

/** State the webview keeps so the panel survives a window reload. */
export interface ReportViewState {
  /** YYYY-MM */
  month: string;
}

export function isReportExportFormat(value: unknown): value is ReportExportFormat {
  return typeof value === 'string' && (REPORT_EXPORT_FORMATS as readonly string[]).includes(value);
}
