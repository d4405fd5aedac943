// The Pending and Sent trees. Thin: data from the replica (in memory), an emitter, refresh().
import * as vscode from 'vscode';
import { fieldText } from '../../domain/record';
import type { Identity, LiaisonRecord } from '../../domain/record';
import { openItemsFor } from '../../domain/actionItems';
import { dueLong, dueShort, isOverdue, mostPressing } from '../../domain/dueLabel';
import { availableActions } from '../../domain/lifecycle';
import { deliveredBy, hasRead, isSentBy } from '../../domain/status';
import type { Receipt } from '../../domain/status';
import { statusLabel } from '../../render/recordMarkdown';
import { COMMANDS, VIEWS } from '../commands';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import { openRecordCommand, teamTime } from '../shared/recordItems';
import { followLanguage } from '../shared/viewTitles';
import { l10n } from '../shared/l10n';

/** Pending's groups: deliveries that wait for my confirmation, and what I delivered that waits for others'. */
export type PendingGroup = 'confirm' | 'delivered';

export type TreeNode =
  | { kind: 'record'; record: LiaisonRecord }
  | { kind: 'receipt'; record: LiaisonRecord; receipt: Receipt }
  | { kind: 'group'; group: PendingGroup; records: LiaisonRecord[] };

const PRIORITY_ICONS: Record<string, vscode.ThemeIcon> = {
  urgent: new vscode.ThemeIcon('flame', new vscode.ThemeColor('errorForeground')),
  high: new vscode.ThemeIcon('arrow-up', new vscode.ThemeColor('editorWarning.foreground')),
  medium: new vscode.ThemeIcon('circle-outline'),
  low: new vscode.ThemeIcon('arrow-down'),
};

function tooltip(services: Services, record: LiaisonRecord): vscode.MarkdownString {
  const language = services.language;
  const state = services.inbox.facts(record).state;
  const zh = language === 'zh';
  const text = new vscode.MarkdownString(undefined, true);
  text.appendMarkdown(`**${record.title.replace(/[*_`[\]]/g, '\\$&')}**\n\n`);
  text.appendText(`${zh ? '发送人' : 'From'}: ${fieldText(record, 'sender') || record.createdBy}\n`);
  text.appendText(`${zh ? '接收人' : 'To'}: ${fieldText(record, 'recipients')}\n`);
  const zone = services.policy.current.calendar.zone;
  for (const due of services.inbox.dues(record)) text.appendText(`${dueLong(due, language, zone)}\n`);
  text.appendText(
    `${zh ? '状态' : 'Status'}: ${statusLabel(state.status, language)} · ${state.readCount}/${state.recipientCount} ${zh ? '已读' : 'read'}`,
  );
  return text;
}

/** ` action:accept action:decline …`: what I may do, for the context menu's `when` clauses. */
function actionContext(services: Services, record: LiaisonRecord): string {
  const identity = services.identity;
  if (!identity) return '';
  return availableActions(record, identity, { arbiter: services.inbox.arbiterOf(record) })
    .map((action) => ` action:${action}`)
    .join('');
}

abstract class RecordTree extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly services: Services) {
    super();
    this.register(services.inbox.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The records this tree lists for `identity`, in display order. */
  protected abstract select(records: LiaisonRecord[], identity: Identity): LiaisonRecord[];

  records(): LiaisonRecord[] {
    const identity = this.services.identity;
    const replica = this.services.replica;
    if (!identity || !replica) return [];
    return this.select(replica.records(), identity);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.records().map((record) => ({ kind: 'record', record }));
    return this.childrenOf(node);
  }

  protected childrenOf(_node: TreeNode): TreeNode[] {
    return [];
  }

  abstract getTreeItem(node: TreeNode): vscode.TreeItem;
}

/**
 * The due most worth a glance, named ("答复已超时 38 分钟" / "Deliver in 3 h": src/domain/dueLabel.ts),
 * and a colour for its state; the tooltip lists every due with its time.
 */
function dueLabel(services: Services, record: LiaisonRecord): { text: string; color?: vscode.ThemeColor; overdue: boolean } | undefined {
  const due = mostPressing(services.inbox.dues(record));
  if (!due) return undefined;
  const text = dueShort(due, services.language);
  if (isOverdue(due)) return { text, color: new vscode.ThemeColor('errorForeground'), overdue: true };
  if (due.state === 'warning') return { text, color: new vscode.ThemeColor('editorWarning.foreground'), overdue: false };
  return { text, overdue: false };
}

export class PendingTree extends RecordTree {
  /** Set by the status bar's overdue count: show only what is overdue. */
  private overdueOnly = false;

  setOverdueOnly(value: boolean): void {
    this.overdueOnly = value;
    this.refresh();
  }

  get showsOverdueOnly(): boolean {
    return this.overdueOnly;
  }

  protected select(): LiaisonRecord[] {
    return this.services.inbox
      .pending()
      .filter((entry) => !this.overdueOnly || entry.overdue)
      .map((entry) => entry.record)
      .sort((a, b) => fieldText(a, 'deadline').localeCompare(fieldText(b, 'deadline')) || a.createdAt.localeCompare(b.createdAt));
  }

  /** Delivered requests waiting for my confirmation, then "Delivered by me": grouped, not lost among the rest. */
  override getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.kind === 'group' ? node.records.map((record) => ({ kind: 'record', record })) : [];
    const records = this.records();
    const toConfirm = records.filter((record) => this.services.inbox.entry(record)?.reason === 'confirm' && this.isDelivered(record));
    const identity = this.services.identity;
    const replica = this.services.replica;
    const mine =
      identity && replica && !this.showsOverdueOnly
        ? replica.records().filter((record) => deliveredBy(record, identity, this.services.inbox.facts(record).state))
        : [];
    return [
      ...records.filter((record) => !toConfirm.includes(record)).map((record): TreeNode => ({ kind: 'record', record })),
      ...(toConfirm.length > 0 ? [{ kind: 'group', group: 'confirm', records: toConfirm } as const] : []),
      ...(mine.length > 0 ? [{ kind: 'group', group: 'delivered', records: mine } as const] : []),
    ];
  }

  private isDelivered(record: LiaisonRecord): boolean {
    const state = this.services.inbox.facts(record).state;
    return state.lifecycle.flow === 'request' && state.status === 'delivered';
  }

  private groupItem(node: Extract<TreeNode, { kind: 'group' }>): vscode.TreeItem {
    const label = node.group === 'confirm' ? l10n.t('Waiting for your confirmation') : l10n.t('Delivered by me');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.description = String(node.records.length);
    item.tooltip =
      node.group === 'confirm'
        ? l10n.t('Delivered to you: check the result, then Confirm (or Dispute).')
        : l10n.t('You delivered these; they wait for the requester to confirm.');
    item.iconPath = new vscode.ThemeIcon(node.group === 'confirm' ? 'pass' : 'package');
    item.contextValue = `liaison.group.${node.group}`;
    item.id = `pending/group/${node.group}`;
    return item;
  }

  /** A delivery of mine: when, and who is still to confirm it. */
  private deliveredItem(record: LiaisonRecord): vscode.TreeItem {
    const life = this.services.inbox.facts(record).state.lifecycle;
    const item = new vscode.TreeItem(record.title || record.id, vscode.TreeItemCollapsibleState.None);
    const waiting = life.confirmers.filter((name) => !life.confirmations.some((confirmation) => confirmation.confirmer === name));
    const due = mostPressing(this.services.inbox.dues(record));
    item.description = [
      life.deliveredAt ? l10n.t('delivered {0}', teamTime(this.services, life.deliveredAt)) : '',
      waiting.length > 0 ? l10n.t('waiting for {0}', waiting.join(', ')) : '',
      due ? dueShort(due, this.services.language) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon('package');
    item.tooltip = tooltip(this.services, record);
    item.contextValue = `liaison.record.delivered${actionContext(this.services, record)}`;
    item.command = openRecordCommand(record);
    item.id = `pending/delivered/${record.space}/${record.id}`;
    return item;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') return this.groupItem(node);
    const { record } = node;
    const identity0 = this.services.identity;
    if (identity0 && deliveredBy(record, identity0, this.services.inbox.facts(record).state) && !this.services.inbox.entry(record))
      return this.deliveredItem(record);
    const language = this.services.language;
    const identity = this.services.identity;
    const item = new vscode.TreeItem(record.title || record.id, vscode.TreeItemCollapsibleState.None);
    const unread = identity !== undefined && !hasRead(record, identity);
    const from = fieldText(record, 'sender') || record.createdBy;
    const response = dueLabel(this.services, record);
    const escalated = this.services.inbox.entry(record)?.reason === 'escalated';
    const items = identity ? openItemsFor(record, identity) : [];
    // Minutes wait for me because of my action items: show them, not the minutes' own due.
    item.description =
      items.length > 0
        ? `${unread ? '● ' : ''}${language === 'zh' ? '行动项' : 'action'}: ${items.map((entry) => `${entry.item}${entry.due ? ` (${entry.due})` : ''}`).join('; ')}`
        : `${unread ? '● ' : ''}${escalated ? `${l10n.t('escalated to you')} · ` : ''}${response ? `${response.text} · ` : ''}${from}`;
    const icon = PRIORITY_ICONS[fieldText(record, 'priority')] ?? new vscode.ThemeIcon('mail');
    item.iconPath = response?.color ? new vscode.ThemeIcon(response.overdue ? 'warning' : icon.id, response.color) : icon;
    item.tooltip = tooltip(this.services, record);
    item.contextValue = `${unread ? 'liaison.record.pending.unread' : 'liaison.record.pending'}${actionContext(this.services, node.record)}${items.length > 0 ? ' action:item' : ''}`;
    item.command = openRecordCommand(record);
    item.id = `pending/${record.space}/${record.id}`;
    return item;
  }
}

export class SentTree extends RecordTree {
  protected select(records: LiaisonRecord[], identity: Identity): LiaisonRecord[] {
    return records.filter((record) => isSentBy(record, identity)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  protected override childrenOf(node: TreeNode): TreeNode[] {
    if (node.kind !== 'record') return [];
    return this.services.inbox.facts(node.record).state.receipts.map((receipt) => ({ kind: 'receipt', record: node.record, receipt }));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const language = this.services.language;
    const zh = language === 'zh';
    if (node.kind === 'receipt') {
      const { receipt } = node;
      const item = new vscode.TreeItem(receipt.recipient, vscode.TreeItemCollapsibleState.None);
      item.description = receipt.readAt
        ? `${zh ? '已读' : 'read'} ${teamTime(this.services, receipt.readAt)}${receipt.readBy && receipt.readBy !== receipt.recipient ? ` (${receipt.readBy})` : ''}`
        : zh
          ? '未读'
          : 'not read yet';
      item.iconPath = new vscode.ThemeIcon(receipt.readAt ? 'check' : 'clock');
      item.contextValue = 'liaison.receipt';
      item.id = `sent/${node.record.space}/${node.record.id}/${receipt.recipient}`;
      return item;
    }
    if (node.kind === 'group') return new vscode.TreeItem('');
    const { record } = node;
    const state = this.services.inbox.facts(record).state;
    const item = new vscode.TreeItem(record.title || record.id, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = zh ? `已读 ${state.readCount}/${state.recipientCount}` : `${state.readCount}/${state.recipientCount} read`;
    item.iconPath = new vscode.ThemeIcon(state.recipientCount > 0 && state.readCount === state.recipientCount ? 'pass-filled' : 'send');
    item.tooltip = tooltip(this.services, record);
    item.contextValue = `liaison.record.sent${actionContext(this.services, record)}`;
    item.command = openRecordCommand(record);
    item.id = `sent/${record.space}/${record.id}`;
    return item;
  }
}

export interface Trees {
  pending: PendingTree;
  sent: SentTree;
}

export function register(context: vscode.ExtensionContext, services: Services): Trees {
  const pending = new PendingTree(services);
  const sent = new SentTree(services);
  const pendingView = vscode.window.createTreeView(VIEWS.pending, { treeDataProvider: pending, showCollapseAll: false });
  const sentView = vscode.window.createTreeView(VIEWS.sent, { treeDataProvider: sent, showCollapseAll: true });
  // The badge counts all that is pending, as the status bar does, whether or not the overdue filter is on.
  const updateBadge = (): void => {
    const count = services.inbox.pending().length;
    pendingView.badge = count > 0 ? { value: count, tooltip: l10n.t('{0} pending', count) } : undefined;
  };
  updateBadge();
  context.subscriptions.push(
    pending,
    sent,
    pendingView,
    sentView,
    followLanguage(services, VIEWS.pending, pendingView),
    followLanguage(services, VIEWS.sent, sentView),
    services.inbox.onDidChange(updateBadge),
    vscode.commands.registerCommand(COMMANDS.showOverdue, async (show?: boolean) => {
      const overdueOnly = typeof show === 'boolean' ? show : !pending.showsOverdueOnly;
      pending.setOverdueOnly(overdueOnly);
      pendingView.description = overdueOnly ? l10n.t('overdue only') : undefined;
      updateBadge();
      await vscode.commands.executeCommand(`${VIEWS.pending}.focus`);
      return pending.records().length;
    }),
    vscode.commands.registerCommand(COMMANDS.refresh, async () => {
      await services.reopen();
    }),
  );
  return { pending, sent };
}
