// The records a monthly report is computed from: the active documents' and those of the archive
// shelves (src/sync/archiveShelves.ts) that may hold a record of the report's months. Closed records
// leave the active documents for their month's shelf a week after they were archived, so a report
// of a past month read from `replica.records()` alone would lose every closed request (and every
// satisfaction score). Shelves are opened on demand and kept open until `close()`, so that the
// editor's report, kept open, follows a change on a shelf (a reopen, a synced event) too; the
// command line closes them after its one report.
import type { LiaisonRecord } from '../domain/record';
import type { ShelfHandle } from '../sync/archiveShelves';
import type { Replica } from '../sync/replica';
import type { Logger } from '../util/logger';
import { activeRecords, eachRecordOnce, shelfRecords, shelvesToRead } from './records';
import type { RecordsOptions } from './records';
import type { StoreReader } from './store';

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
   * The records of `spaces` in `reader`, active documents first, then the shelves of `fromMonth`
   * (a storage month, YYYY-MM) and later, newest first; a record in two documents (mid-move) counts
   * once. A shelf that cannot be opened is logged and left out.
   */
  records(reader: StoreReader, spaces: readonly string[], fromMonth: string, options: RecordsOptions = {}): Promise<LiaisonRecord[]> {
    const next = this.queue.then(() => this.collect(reader, spaces, fromMonth, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async collect(
    reader: StoreReader,
    spaces: readonly string[],
    fromMonth: string,
    options: RecordsOptions,
  ): Promise<LiaisonRecord[]> {
    if (reader.replica !== this.replica) {
      await this.closeAll();
      this.replica = reader.replica;
    }
    const shelves = shelvesToRead(reader, spaces, fromMonth);
    for (const shelf of shelves) {
      if (this.handles.has(shelf.name)) continue;
      try {
        const handle = await reader.replica.openShelf(shelf.name);
        this.handles.set(shelf.name, handle);
        this.releases.push(handle.onChange(this.onShelfChange));
      } catch (error) {
        this.logger.warn(`monthly report: archive shelf ${shelf.name} left out: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const held = shelves.flatMap((shelf) => this.handles.get(shelf.name) ?? []);
    return eachRecordOnce([activeRecords(reader, spaces, options), ...shelfRecords(held, options)]);
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
