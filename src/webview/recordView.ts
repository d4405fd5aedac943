// Runs inside the record view webview (browser). It waits to be told what to show, keeps the
// record's identity in the webview state so the panel can be restored after a reload, and
// reports `ready` so the host never posts into a page that is not listening yet.
import type { HostMessage, RecordViewState, ViewAction, ViewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  setState(state: RecordViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('record');
const toolbar = document.getElementById('actions');

/** Buttons built with DOM calls (no HTML strings): labels are text, never markup. */
function renderActions(actions: readonly ViewAction[]): void {
  if (!toolbar) return;
  toolbar.replaceChildren(
    ...actions.map((entry) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = entry.label;
      button.dataset.action = entry.action;
      if (!entry.primary) button.className = 'secondary';
      button.addEventListener('click', () => vscode.postMessage({ type: 'action', action: entry.action }));
      return button;
    }),
  );
  toolbar.hidden = actions.length === 0;
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'render' && root) {
    // The HTML comes from markdown-it with raw HTML disabled, rendered by the extension.
    root.innerHTML = message.html;
    renderActions(message.actions);
    const space = document.body.dataset.space ?? '';
    vscode.setState({ space, recordId: message.recordId });
  }
});

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('a') : null;
  if (target?.href) {
    event.preventDefault();
    vscode.postMessage({ type: 'openLink', href: target.href });
  }
});

vscode.postMessage({ type: 'ready' });
