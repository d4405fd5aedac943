// The record view: a webview that shows a record rendered with markdown-it, kept live as
// receipts and events arrive. Opening a record addressed to me records my read receipt. A record
// moved to an archive shelf (src/store/shelves.ts) is read from its shelf, which stays open while
// the view is, so events appended there (a Reopen) show at once.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { newEventId } from '../../domain/ids';
import { dueLong } from '../../domain/dueLabel';
import type { LiaisonRecord } from '../../domain/record';
import { availableActions } from '../../domain/lifecycle';
import type { ActionType } from '../../domain/lifecycle';
import { deriveState, hasRead, isAddressedTo } from '../../domain/status';
import { createMarkdownRenderer } from '../../render/recordHtml';
import { recordToMarkdown } from '../../render/recordMarkdown';
import { parseShelfName } from '../../store/shelves';
import type { ShelfHandle } from '../../sync/archiveShelves';
import type { Replica } from '../../sync/replica';
import type { HostMessage, RecordViewState, ViewAction, ViewMessage } from '../../webview/protocol';
import { COMMANDS } from '../commands';
import type { RecordRef } from '../commands';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import type { ReplicaScope } from '../shared/replicaScope';
import { ACTION_COMMANDS, actionLabel } from '../shared/actionCommands';
import { l10n } from '../shared/l10n';

export const RECORD_VIEW_TYPE = 'liaison.record';

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Opens the shelf of `space` that holds record `id` (newest month first); undefined when none does. The caller closes it. */
export async function openShelfHolding(replica: Replica, space: string, id: string): Promise<ShelfHandle | undefined> {
  for (const info of replica.shelves(space)) {
    const handle = await replica.openShelf(info.name);
    if (handle.record(id)) return handle;
    await handle.close();
  }
  return undefined;
}

/** A record reference as given by a tree, search hit or caller: a shelf's name stands for its space. */
export function normalizeRef(ref: RecordRef): RecordRef {
  const shelf = parseShelfName(ref.space);
  return shelf ? { space: shelf.space, id: ref.id } : ref;
}

class RecordPanel extends Disposable {
  private ready = false;
  /** The scope of the replica open now: the record is read from it, its shelves held in it. */
  private scope: ReplicaScope | undefined;
  private leaveScope: (() => void) | undefined;
  /** The shelf holding the record while it is not in the active document. */
  private shelved: { handle: ShelfHandle; release: () => void } | undefined;
  /** The shelves of the scope's replica were (or are being) searched for the record. */
  private lookedUp = false;
  private closed = false;

  constructor(
    readonly ref: RecordRef,
    readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly render: (markdown: string) => string,
    extensionUri: vscode.Uri,
    onDispose: () => void,
  ) {
    super();
    const webview = panel.webview;
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    webview.options = { enableScripts: true, localResourceRoots: [media] };
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'recordView.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'recordView.css'));
    webview.html = `<!DOCTYPE html>
<html lang="${services.language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource} data:; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapeAttribute(ref.id)}</title>
</head>
<body data-space="${escapeAttribute(ref.space)}">
<nav id="actions" aria-label="actions" hidden></nav>
<main id="record" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
    this.register(webview.onDidReceiveMessage((message: ViewMessage) => this.receive(message)));
    this.register(services.onDidOpenReplica((scope) => this.follow(scope)));
    this.register(
      panel.onDidDispose(() => {
        onDispose();
        this.dispose();
      }),
    );
  }

  private receive(message: ViewMessage): void {
    if (message.type === 'ready') {
      this.ready = true;
      this.update();
    } else if (message.type === 'action') {
      const command = message.action === 'toKnowledge' ? COMMANDS.toKnowledge : ACTION_COMMANDS[message.action as ActionType];
      if (command) void vscode.commands.executeCommand(command, { space: this.ref.space, id: this.ref.id });
    } else if (message.type === 'openLink') {
      const uri = vscode.Uri.parse(message.href);
      if (['http', 'https', 'mailto'].includes(uri.scheme)) void vscode.env.openExternal(uri);
    }
  }

  /** The buttons: what I may do with this record now. */
  private actions(record: LiaisonRecord): ViewAction[] {
    const identity = this.services.identity;
    if (!identity) return [];
    const available = availableActions(record, identity, { arbiter: this.services.inbox.arbiterOf(record) });
    const primary = new Set<ActionType>(['accept', 'deliver', 'confirm', 'archive', 'arbitrate']);
    const buttons: ViewAction[] = available.map((action) => ({ action, label: actionLabel(action), primary: primary.has(action) }));
    const status = deriveState(record).status;
    if ((status === 'archived' || status === 'confirmed') && record.kind !== 'knowledge-entry')
      buttons.push({ action: 'toKnowledge', label: l10n.t('Turn into Knowledge Entry'), primary: false });
    return buttons;
  }

  /** Reads the record from a newly opened replica; the shelf held for it is given back before it closes. */
  private follow(scope: ReplicaScope): void {
    this.leaveScope?.();
    this.scope = scope;
    this.lookedUp = false;
    this.leaveScope = scope.add(() => this.dropShelf());
  }

  /** The record: from the active document, else from its shelf (looked up once per replica, in the background). */
  private current(): LiaisonRecord | undefined | 'looking' {
    const scope = this.scope?.isOpen ? this.scope : undefined;
    const active = scope?.replica.record(this.ref.space, this.ref.id);
    if (active) {
      // Back in the active document (reopened): should it be shelved again, look again.
      this.dropShelf();
      this.lookedUp = false;
      return active;
    }
    const shelved = this.shelved?.handle.record(this.ref.id);
    if (shelved || !scope) return shelved;
    if (!this.lookedUp) {
      this.lookedUp = true;
      void this.lookUp(scope);
      return 'looking';
    }
    return undefined;
  }

  private async lookUp(scope: ReplicaScope): Promise<void> {
    const handle = await openShelfHolding(scope.replica, this.ref.space, this.ref.id).catch((error: unknown) => {
      this.services.logger.warn(
        `record ${this.ref.id}: looking in the archive shelves of ${this.ref.space} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    });
    // The view closed, or the replica began closing, while looking: give the shelf back.
    if (this.closed || !scope.isOpen) {
      await handle?.close();
      return;
    }
    if (handle) {
      this.dropShelf();
      this.shelved = { handle, release: handle.onChange(() => this.update()) };
    }
    this.update();
  }

  private dropShelf(): void {
    const shelved = this.shelved;
    this.shelved = undefined;
    if (!shelved) return;
    shelved.release();
    void shelved.handle.close().catch(() => undefined);
  }

  override dispose(): void {
    this.closed = true;
    this.leaveScope?.();
    this.dropShelf();
    super.dispose();
  }

  /** Re-renders from the replica; a record that vanished (purged, other store) says so. */
  update(): void {
    if (this.closed) return;
    const found = this.current();
    // Still looking in the shelves: keep what is shown.
    if (found === 'looking') return;
    const record = found;
    this.panel.title = record?.title || this.ref.id;
    if (!this.ready) return;
    const language = this.services.language;
    const markdown = record
      ? recordToMarkdown(
          record,
          language,
          this.services.templates.current,
          this.services.policy.current.policy.calendar.timeZone,
          this.services.inbox.dues(record).map((due) => dueLong(due, language, this.services.policy.current.calendar.zone)),
        )
      : language === 'zh'
        ? `# ${this.ref.id}\n\n此记录不在本地存储中（空间 ${this.ref.space}）。`
        : `# ${this.ref.id}\n\nThis record is not in your local store (space ${this.ref.space}).`;
    const message: HostMessage = {
      type: 'render',
      html: this.render(markdown),
      recordId: this.ref.id,
      actions: record ? this.actions(record) : [],
    };
    void this.panel.webview.postMessage(message);
  }
}

export class RecordViews extends Disposable {
  private readonly panels = new Map<string, RecordPanel>();
  private readonly render = createMarkdownRenderer();

  constructor(
    private readonly services: Services,
    private readonly extensionUri: vscode.Uri,
  ) {
    super();
    this.register(
      services.onDidChangeRecords(() => {
        for (const panel of this.panels.values()) panel.update();
      }),
    );
  }

  private attach(ref: RecordRef, panel: vscode.WebviewPanel): RecordPanel {
    const key = `${ref.space}/${ref.id}`;
    const view = new RecordPanel(ref, panel, this.services, this.render, this.extensionUri, () => this.panels.delete(key));
    this.panels.set(key, view);
    view.update();
    return view;
  }

  /** Opens (or reveals) the view of a record and records my read receipt if it is addressed to me. */
  async open(given: RecordRef): Promise<LiaisonRecord | undefined> {
    const ref = normalizeRef(given);
    const replica = await this.services.ready();
    const existing = this.panels.get(`${ref.space}/${ref.id}`);
    if (existing) existing.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(RECORD_VIEW_TYPE, ref.id, vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: false,
      });
      this.attach(ref, panel);
    }
    const record = replica.record(ref.space, ref.id) ?? (await replica.findRecord(ref.space, ref.id));
    const identity = this.services.identity;
    if (record && identity && record.createdBy !== identity.name && isAddressedTo(record, identity) && !hasRead(record, identity)) {
      await replica.appendEvent(ref.space, ref.id, {
        id: newEventId(),
        type: 'read',
        actor: identity.name,
        actorDepartment: identity.department,
        at: this.services.clock.now().toISOString(),
      });
      this.services.logger.info(`read receipt for ${ref.id} recorded`);
    }
    return replica.record(ref.space, ref.id) ?? (await replica.findRecord(ref.space, ref.id));
  }

  /** Re-attaches a panel VS Code restored after a reload. Restoring is not reading: no receipt. */
  restore(panel: vscode.WebviewPanel, state: RecordViewState | undefined): void {
    if (!state?.recordId) {
      panel.dispose();
      return;
    }
    this.attach(normalizeRef({ space: state.space, id: state.recordId }), panel);
  }

  override dispose(): void {
    for (const panel of this.panels.values()) panel.panel.dispose();
    super.dispose();
  }
}

export function register(context: vscode.ExtensionContext, services: Services): RecordViews {
  const views = new RecordViews(services, context.extensionUri);
  context.subscriptions.push(
    views,
    vscode.commands.registerCommand(COMMANDS.openRecord, (ref?: RecordRef) => {
      if (!ref?.id || !ref.space) {
        void vscode.window.showErrorMessage(l10n.t('Open a record from the Liaison sidebar: this command needs a record.'));
        return undefined;
      }
      return views.open(ref);
    }),
    vscode.window.registerWebviewPanelSerializer(RECORD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: RecordViewState | undefined) => {
        await services.ready();
        views.restore(panel, state);
      },
    }),
  );
  return views;
}
