// The VS Code webview API of the report page, when it runs in VS Code; undefined in the standalone
// HTML of `liaison report --format html`. acquireVsCodeApi may be called once per page: here.
import type { ReportViewMessage, ReportViewState } from './reportProtocol';

export interface VsCodeApi {
  postMessage(message: ReportViewMessage): void;
  setState(state: ReportViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const host: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
