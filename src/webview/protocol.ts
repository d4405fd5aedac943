// The record view's messages, typed once for both sides (extension host and webview script).

/** Extension -> webview. */
export type HostMessage =
  | { type: 'render'; html: string; recordId: string };

/** Webview -> extension. */
export type ViewMessage =
  | { type: 'ready' }
  | { type: 'openLink'; href: string };

/** State the webview keeps so a panel survives a window reload. */
export interface RecordViewState {
  space: string;
  recordId: string;
}
