// Copied to me (抄送我的): the records whose heads-in-copy (the `cc` field set at Send, see
// src/domain/copy.ts) name me, newest first. Nothing is owed by a copied person, so nothing here
// is ever due or overdue; the row says who sent it and where it stands. Thin, like trees.ts.
import * as vscode from 'vscode';
import { copiedOn } from '../../domain/copy';
import type { LiaisonRecord } from '../../domain/record';
import { STATUS_LABELS } from '../../domain/statusWords';
import { VIEWS } from '../commands';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import { openRecordCommand, recordTooltip, teamDate } from '../shared/recordItems';
import { followLanguage } from '../shared/viewTitles';

export class CopiedTree extends Disposable implements vscode.TreeDataProvider<LiaisonRecord> {
  private readonly changed = this.register(new vscode.EventEmitter<LiaisonRecord | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly services: Services) {
    super();
    const refresh = (): void => this.changed.fire(undefined);
    this.register(services.onDidChangeRecords(refresh));
    this.register(services.onDidChangeIdentity(refresh));
    this.register(services.onDidChangeLanguage(refresh));
  }

  /** The records that copy me (by my name, or one of my aliases in the directory), newest first. */
  entries(): LiaisonRecord[] {
    const me = this.services.identity?.name;
    const replica = this.services.replica;
    if (!me || !replica) return [];
    const directory = this.services.directory;
    const isMe = (name: string): boolean => name === me || directory.person(name)?.name === me;
    return replica
      .records()
      .filter((record) => copiedOn(record).some(isMe))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  getChildren(node?: LiaisonRecord): LiaisonRecord[] {
    return node ? [] : this.entries();
  }

  getTreeItem(record: LiaisonRecord): vscode.TreeItem {
    const language = this.services.language;
    const status = STATUS_LABELS[this.services.inbox.facts(record).state.status][language];
    const item = new vscode.TreeItem(record.title || record.id, vscode.TreeItemCollapsibleState.None);
    item.description = [record.createdBy, status, teamDate(this.services, record.createdAt)].join(' · ');
    item.iconPath = new vscode.ThemeIcon('mail-read');
    item.tooltip = recordTooltip(this.services, record);
    item.contextValue = 'liaison.record.copied';
    item.command = openRecordCommand(record);
    item.id = `copied/${record.space}/${record.id}`;
    return item;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): CopiedTree {
  const tree = new CopiedTree(services);
  const view = vscode.window.createTreeView(VIEWS.copied, { treeDataProvider: tree });
  context.subscriptions.push(tree, view, followLanguage(services, VIEWS.copied, view));
  return tree;
}
