// The Archive tree: closed (archived) records by month of closing (the display month in the team's
// time zone, as the monthly report counts them: src/app/archiveMonths.ts), newest month first, and
// inside a month by topic (the record's first tag, else its category, else its kind's name).
//
// The tree reads only an ArchiveSource: the month list is cheap and always there; a month's
// records are asked for when that month is expanded. The source (ShelvedArchiveSource) reads the
// archived records still in the replica's memory and those moved to the monthly archive shelves.
import * as vscode from 'vscode';
import { fieldList } from '../../domain/record';
import type { LiaisonRecord } from '../../domain/record';
import { archiveMonthOf, archiveMonths, archivedAt, byArchiveMonth, shelvesOfMonth } from '../../app/archiveMonths';
import type { ArchiveMonth } from '../../app/archiveMonths';
import { displayDate, displayMonth, displayTime } from '../../domain/time';
import type { Zone } from '../../domain/zone';
import type { ShelfHandle, ShelfInfo } from '../../sync/archiveShelves';
import { VIEWS } from '../commands';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import type { ReplicaScope } from '../shared/replicaScope';
import { choiceLabel, openRecordCommand, recordTooltip } from '../shared/recordItems';
import { followLanguage } from '../shared/viewTitles';

/** Where archived records come from; the tree calls nothing else. */
export interface ArchiveSource {
  /** Months that have archived records, newest first. */
  months(): ArchiveMonth[];
  /** The records archived in `month` (any order). */
  recordsOf(month: string): Promise<LiaisonRecord[]>;
  /** Fires when the months or any month's records may have changed. */
  readonly onDidChange: vscode.Event<void>;
  /** The tree no longer shows `month`'s records (collapsed): resources held for it may go. */
  release?(month: string): void;
}

export { archivedAt };
export type { ArchiveMonth };

/** `YYYY-MM` of an instant in the team's time zone (the policy's). */
export function monthOf(instant: string, zone: Zone): string {
  return displayMonth(instant, zone) ?? '';
}

/** At most this many shelves are kept open for the tree (least recently read are closed first). */
const MAX_OPEN_SHELVES = 8;

interface HeldShelf {
  readonly month: string;
  readonly handle: ShelfHandle;
  readonly release: () => void;
}

/**
 * The archived records of the open replica, by month: those still in the active documents (closed
 * less than `liaison.archive.shelveAfterDays` ago) and those moved to the monthly archive shelves
 * (src/store/shelves.ts). The month list comes from memory and the shelves' catalogs (no shelf is
 * opened for it); a month's shelves are opened when the month is read and kept open, so that their
 * changes show, until the month is collapsed, more than MAX_OPEN_SHELVES are open, the replica
 * closes (its scope awaits them), or the source is disposed.
 */
export class ShelvedArchiveSource extends Disposable implements ArchiveSource {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** Built from one `replica.records()` array (the replica keeps it until the next change) in one zone. */
  private cache: { from: readonly LiaisonRecord[]; zone: Zone; byMonth: Map<string, LiaisonRecord[]> } | undefined;
  /** The display months of the records of shelves read, by shelf name, while the catalog count is the same. */
  private readonly read = new Map<string, { count: number; zone: Zone; months: Map<string, number> }>();
  /** The scope of the replica open now; the shelves held are its own. */
  private scope: ReplicaScope | undefined;
  /** Open shelves by name, least recently read first. */
  private readonly shelves = new Map<string, { month: string; held: Promise<HeldShelf | undefined> }>();
  private closed = false;

  constructor(private readonly services: Services) {
    super();
    // A move changes the active records and the catalog in one transaction, so the records' change
    // event covers the catalog; an open shelf's own changes (a Reopen, sync) come through its handle.
    this.register(services.onDidChangeRecords(() => this.changed.fire()));
    // The shelves held for a replica are given back before it closes.
    this.register(
      services.onDidOpenReplica((scope) => {
        this.scope = scope;
        scope.add(() => {
          this.read.clear();
          return this.closeShelves(() => true);
        });
      }),
    );
    // The months are the policy's time zone's.
    this.register(services.policy.onDidChange(() => this.changed.fire()));
  }

  private get zone(): Zone {
    return this.services.policy.current.calendar.zone;
  }

  private byMonth(): Map<string, LiaisonRecord[]> {
    const records = this.services.replica?.records() ?? [];
    const zone = this.zone;
    if (this.cache?.from !== records || this.cache.zone !== zone)
      this.cache = { from: records, zone, byMonth: byArchiveMonth(records, zone) };
    return this.cache.byMonth;
  }

  /** Notes the display months of a shelf's records; fires a change when they moved a month row. */
  private learn(info: ShelfInfo, records: readonly LiaisonRecord[]): void {
    const months = new Map<string, number>();
    for (const [month, list] of byArchiveMonth(records, this.zone)) months.set(month, list.length);
    const known = this.read.get(info.name);
    this.read.set(info.name, { count: info.count, zone: this.zone, months });
    const same =
      known && known.count === info.count && known.months.size === months.size && [...months].every(([m, n]) => known.months.get(m) === n);
    if (!same && [...months.keys()].some((month) => month !== info.month)) this.changed.fire();
  }

  months(): ArchiveMonth[] {
    const shelves = (this.services.replica?.shelves() ?? []).map((shelf) => {
      const read = this.read.get(shelf.name);
      return read && read.count === shelf.count && read.zone === this.zone ? { ...shelf, read: read.months } : shelf;
    });
    // The catalog's counts are advisory (as of the last move), which is all a month row needs.
    return archiveMonths(this.byMonth(), shelves);
  }

  async recordsOf(month: string): Promise<LiaisonRecord[]> {
    const scope = this.scope;
    if (!scope?.isOpen) return [];
    const zone = this.zone;
    const records = [...(this.byMonth().get(month) ?? [])];
    const seen = new Set(records.map((record) => `${record.space}/${record.id}`));
    for (const info of shelvesOfMonth(scope.replica.shelves(), month, zone)) {
      const held = await this.hold(scope, info.name, info.month);
      const shelved = held?.handle.records() ?? [];
      if (held) this.learn(info, shelved);
      for (const record of shelved) {
        // A record reopened on its shelf is no longer archived (the next pass takes it back); a
        // record in both documents (a move cut short) is listed once.
        const key = `${record.space}/${record.id}`;
        if (archiveMonthOf(record, zone) !== month || seen.has(key)) continue;
        seen.add(key);
        records.push(record);
      }
    }
    return records;
  }

  /** Closes the shelves of `month` (the tree collapsed it). */
  release(month: string): void {
    void this.closeShelves((_, shelfMonth) => shelfMonth === month);
  }

  private hold(scope: ReplicaScope, name: string, month: string): Promise<HeldShelf | undefined> {
    const open = this.shelves.get(name);
    if (open) {
      // Most recently read last.
      this.shelves.delete(name);
      this.shelves.set(name, open);
      return open.held;
    }
    const entry = { month, held: Promise.resolve<HeldShelf | undefined>(undefined) };
    entry.held = scope.replica.openShelf(name).then(
      (handle): HeldShelf | undefined => {
        // Opened after the tree was disposed, the replica began closing or the month was let go: give it back.
        if (this.closed || !scope.isOpen || this.shelves.get(name) !== entry) {
          void handle.close();
          return undefined;
        }
        return { month, handle, release: handle.onChange(() => this.changed.fire()) };
      },
      (error: unknown) => {
        if (this.shelves.get(name) === entry) this.shelves.delete(name);
        this.services.logger.warn(`archive: could not open the shelf ${name}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      },
    );
    this.shelves.set(name, entry);
    for (const oldest of this.shelves.keys()) {
      if (this.shelves.size <= MAX_OPEN_SHELVES) break;
      void this.closeShelves((candidate) => candidate === oldest);
    }
    return entry.held;
  }

  /** Gives back the shelves `which` selects; resolves when they are closed. */
  private closeShelves(which: (name: string, month: string) => boolean): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [name, { month, held }] of [...this.shelves]) {
      if (!which(name, month)) continue;
      this.shelves.delete(name);
      closing.push(
        held
          .then(async (shelf) => {
            shelf?.release();
            await shelf?.handle.close();
          })
          .catch((error: unknown) => this.services.logger.warn(`archive: closing the shelf ${name} failed: ${String(error)}`)),
      );
    }
    return Promise.all(closing).then(() => undefined);
  }

  override dispose(): void {
    this.closed = true;
    void this.closeShelves(() => true);
    super.dispose();
  }
}

export type ArchiveNode =
  | { kind: 'month'; month: ArchiveMonth }
  | { kind: 'topic'; month: string; topic: string; records: LiaisonRecord[] }
  | { kind: 'record'; month: string; topic: string; record: LiaisonRecord };

export class ArchiveTree extends Disposable implements vscode.TreeDataProvider<ArchiveNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ArchiveNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly services: Services,
    private readonly source: ArchiveSource,
  ) {
    super();
    this.register(source.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The topic a record is filed under: its first tag, else its category, else its kind's name. */
  topicOf(record: LiaisonRecord): string {
    return (
      fieldList(record, 'tags')[0] ??
      (choiceLabel(this.services, record, 'category') || undefined) ??
      this.services.templates.current.find(record.kind)?.label[this.services.language] ??
      record.kind
    );
  }

  /** A month's topics (by name) with their records, most recently closed first. */
  async topics(month: string): Promise<{ topic: string; records: LiaisonRecord[] }[]> {
    const records = await this.source.recordsOf(month);
    const groups = new Map<string, LiaisonRecord[]>();
    for (const record of records) {
      const topic = this.topicOf(record);
      groups.set(topic, [...(groups.get(topic) ?? []), record]);
    }
    const closed = (record: LiaisonRecord): string => archivedAt(record) ?? record.createdAt;
    return [...groups]
      .sort(([a], [b]) => a.localeCompare(b, this.services.language === 'zh' ? 'zh-CN' : 'en'))
      .map(([topic, list]) => ({ topic, records: list.sort((a, b) => closed(b).localeCompare(closed(a))) }));
  }

  async getChildren(node?: ArchiveNode): Promise<ArchiveNode[]> {
    if (!node) return this.source.months().map((month) => ({ kind: 'month', month }));
    if (node.kind === 'month') {
      return (await this.topics(node.month.month)).map(({ topic, records }) => ({
        kind: 'topic',
        month: node.month.month,
        topic,
        records,
      }));
    }
    if (node.kind === 'topic') return node.records.map((record) => ({ kind: 'record', month: node.month, topic: node.topic, record }));
    return [];
  }

  getTreeItem(node: ArchiveNode): vscode.TreeItem {
    if (node.kind === 'month') {
      const item = new vscode.TreeItem(node.month.month, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.month.count);
      item.iconPath = new vscode.ThemeIcon('calendar');
      item.contextValue = 'liaison.archive.month';
      item.id = `archive/${node.month.month}`;
      return item;
    }
    if (node.kind === 'topic') {
      const item = new vscode.TreeItem(node.topic, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.records.length);
      item.iconPath = new vscode.ThemeIcon('tag');
      item.contextValue = 'liaison.archive.topic';
      item.id = `archive/${node.month}/${node.topic}`;
      return item;
    }
    const { record } = node;
    const zh = this.services.language === 'zh';
    const closed = archivedAt(record);
    const item = new vscode.TreeItem(record.title || record.id, vscode.TreeItemCollapsibleState.None);
    item.description = [
      this.services.templates.current.find(record.kind)?.label[this.services.language],
      closed ? displayDate(closed, this.services.policy.current.calendar.zone) : '',
      record.space,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon('archive');
    item.tooltip = recordTooltip(
      this.services,
      record,
      closed ? [[zh ? '归档' : 'Closed', displayTime(closed, this.services.policy.current.calendar.zone)]] : [],
    );
    item.contextValue = 'liaison.record.archived';
    item.command = openRecordCommand(record);
    item.id = `archive/${node.month}/${node.topic}/${record.space}/${record.id}`;
    return item;
  }
}

export function register(
  context: vscode.ExtensionContext,
  services: Services,
  source: ArchiveSource = new ShelvedArchiveSource(services),
): ArchiveTree {
  const tree = new ArchiveTree(services, source);
  const view = vscode.window.createTreeView(VIEWS.archive, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    view,
    followLanguage(services, VIEWS.archive, view),
    view.onDidCollapseElement((event) => {
      if (event.element.kind === 'month') source.release?.(event.element.month.month);
    }),
  );
  if (source instanceof ShelvedArchiveSource) context.subscriptions.push(source);
  return tree;
}
