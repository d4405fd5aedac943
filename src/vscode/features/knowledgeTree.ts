// The Knowledge tree: every knowledge entry (复盘 / 知识条目) grouped by its category field, newest
// first. Thin, like trees.ts: the records come from the replica in memory; an emitter; refresh().
import * as vscode from 'vscode';
import { fieldList, fieldText } from '../../domain/record';
import type { LiaisonRecord } from '../../domain/record';
import { VIEWS } from '../commands';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import { choiceLabel, openRecordCommand, recordTooltip, teamDate } from '../shared/recordItems';
import { followLanguage } from '../shared/viewTitles';
import { l10n } from '../shared/l10n';

export const KNOWLEDGE_KIND = 'knowledge-entry';

export type KnowledgeNode = { kind: 'category'; category: string; records: LiaisonRecord[] } | { kind: 'record'; record: LiaisonRecord };

export class KnowledgeTree extends Disposable implements vscode.TreeDataProvider<KnowledgeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<KnowledgeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly services: Services) {
    super();
    this.register(services.onDidChangeRecords(() => this.refresh()));
    this.register(services.templates.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Every knowledge entry of every open space, newest first. */
  entries(): LiaisonRecord[] {
    const replica = this.services.replica;
    if (!replica) return [];
    return replica
      .records()
      .filter((record) => record.kind === KNOWLEDGE_KIND)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Categories in the template's order, then any others alphabetically, then entries without one. */
  private categories(): KnowledgeNode[] {
    const groups = new Map<string, LiaisonRecord[]>();
    for (const record of this.entries()) {
      const category = fieldText(record, 'category').trim();
      groups.set(category, [...(groups.get(category) ?? []), record]);
    }
    const order = (
      this.services.templates.current.find(KNOWLEDGE_KIND)?.fields.find((field) => field.key === 'category')?.options ?? []
    ).map((option) => option.value);
    const rank = (category: string): number =>
      category === '' ? Number.MAX_SAFE_INTEGER : order.includes(category) ? order.indexOf(category) : order.length;
    return [...groups]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([category, records]) => ({ kind: 'category', category, records }));
  }

  getChildren(node?: KnowledgeNode): KnowledgeNode[] {
    if (!node) return this.categories();
    if (node.kind === 'category') return node.records.map((record) => ({ kind: 'record', record }));
    return [];
  }

  getTreeItem(node: KnowledgeNode): vscode.TreeItem {
    if (node.kind === 'category') {
      const label =
        node.category === ''
          ? l10n.t('(no category)')
          : choiceLabel(this.services, { ...node.records[0], fields: { category: node.category } }, 'category');
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.records.length);
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.contextValue = 'liaison.knowledge.category';
      item.id = `knowledge/category/${node.category}`;
      return item;
    }
    const { record } = node;
    const item = new vscode.TreeItem(record.title || record.id, vscode.TreeItemCollapsibleState.None);
    const tags = fieldList(record, 'tags');
    item.description = [tags.join(', '), teamDate(this.services, record.createdAt)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('book');
    item.tooltip = recordTooltip(this.services, record);
    item.contextValue = 'liaison.record.knowledge';
    item.command = openRecordCommand(record);
    item.id = `knowledge/${record.space}/${record.id}`;
    return item;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): KnowledgeTree {
  const tree = new KnowledgeTree(services);
  const view = vscode.window.createTreeView(VIEWS.knowledge, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, view, followLanguage(services, VIEWS.knowledge, view));
  return tree;
}
