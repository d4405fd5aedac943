// The record view's messages, typed once for both sides (extension host and webview script).

/** Extension -> webview. */
export type HostMessage = { type: 'render'; html: string; recordId: string; actions: ViewAction[] };

/** A button of the record view: what the user may do now (from the lifecycle), in their language. */
export interface ViewAction {
  /** An action of src/domain/lifecycle.ts, or `toKnowledge`. */
  action: string;
  label: string;
  primary: boolean;
}

/** Webview -> extension. */
export type ViewMessage = { type: 'ready' } | { type: 'openLink'; href: string } | { type: 'action'; action: string };

/** State the webview keeps so a panel survives a window reload. */
export interface RecordViewState {
  space: string;
  recordId: string;
}
