// The records a monthly report is computed from: the active documents' and those of the archive
// shelves (src/sync/archiveShelves.ts) since a given month. Closed records leave the active
// documents for their month's shelf a week after they were archived, so a report of a past month
// read from `replica.records()` alone would lose every closed request (and every satisfaction
// score). Shelves are opened on demand and kept open while the report is shown, so a change on a
// shelf (a reopen, a synced event) updates the report too.
import type { LiaisonRecord } from '../../domain/record';
import type { ShelfHandle } from '../../sync/archiveShelves';
import type { Replica } from '../../sync/replica';
import type { Logger } from '../../util/logger';

export class ReportRecords {
  private replica: Replica | undefined;
  private readonly handles = new Map<string, ShelfHandle>();
  private releases: (() => void)[] = [];
  /** One call at a time, so a shelf is never opened twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly onShelfChange: () => void,
    private readonly logger: Logger,
  ) {}

  /**
   * The records of `replica`'s spaces, active documents first, then the shelves of `fromMonth`
   * (YYYY-MM, the month of archiving) and later, newest first; a record in two documents (mid-move)
   * counts once. A shelf that cannot be opened is logged and left out.
   */
  records(replica: Replica, fromMonth: string): Promise<LiaisonRecord[]> {
    const next = this.queue.then(() => this.collect(replica, fromMonth));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async collect(replica: Replica, fromMonth: string): Promise<LiaisonRecord[]> {
    if (replica !== this.replica) {
      await this.closeAll();
      this.replica = replica;
    }
    for (const shelf of replica.shelves()) {
      if (shelf.month < fromMonth || this.handles.has(shelf.name)) continue;
      try {
        const handle = await replica.openShelf(shelf.name);
        this.handles.set(shelf.name, handle);
        this.releases.push(handle.onChange(this.onShelfChange));
      } catch (error) {
        this.logger.warn(`monthly report: archive shelf ${shelf.name} left out: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const seen = new Set<string>();
    const records: LiaisonRecord[] = [];
    const add = (record: LiaisonRecord): void => {
      const key = `${record.space}\u0000${record.id}`;
      if (seen.has(key)) return;
      seen.add(key);
      records.push(record);
    };
    replica.records().forEach(add);
    const shelves = [...this.handles.values()].sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
    for (const shelf of shelves) shelf.records().forEach(add);
    return records;
  }

  /** Gives back every open shelf (the report was closed, or the replica was reopened). */
  close(): Promise<void> {
    const next = this.queue.then(() => this.closeAll());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async closeAll(): Promise<void> {
    for (const release of this.releases) release();
    this.releases = [];
    const handles = [...this.handles.values()];
    this.handles.clear();
    this.replica = undefined;
    await Promise.all(
      handles.map((handle) =>
        handle.close().catch((error: unknown) => {
          this.logger.warn(
            `monthly report: closing archive shelf ${handle.name}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }),
      ),
    );
  }
}
