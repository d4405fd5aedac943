// The records of a space with its archive shelves, each record once: what the report, export and
// the editor's views read. The active documents come first, then the shelves newest month first
// (the order `Replica.findRecord` looks in); a record found in two documents (a move to a shelf cut
// short by a crash, until the next moving pass) counts once, as its first copy.
import type { LiaisonRecord } from '../domain/record';
import type { ShelfHandle, ShelfInfo } from '../sync/archiveShelves';
import type { StoreReader } from './store';

/** A record that could not be read: its space, the shelf it is on (if it is), its id and why. */
export interface UnreadableRecord {
  space: string;
  shelf?: string;
  id: string;
  reason: string;
}

export interface RecordsOptions {
  /** Only the shelves of this storage month (`YYYY-MM`, src/domain/time.ts) and later. */
  fromMonth?: string;
  /** Told of each record that could not be read (left out). */
  onUnreadable?: (record: UnreadableRecord) => void;
  /** Told of each shelf that could not be opened (left out). */
  onShelfError?: (shelf: ShelfInfo, error: unknown) => void;
}

/** The key of a record among several spaces. */
export function recordKey(record: Pick<LiaisonRecord, 'space' | 'id'>): string {
  return `${record.space}\u0000${record.id}`;
}

/** Each record once (by space and id), the first copy kept, in the order given. */
export function eachRecordOnce(lists: Iterable<readonly LiaisonRecord[]>): LiaisonRecord[] {
  const seen = new Set<string>();
  const records: LiaisonRecord[] = [];
  for (const list of lists) {
    for (const record of list) {
      const key = recordKey(record);
      if (seen.has(key)) continue;
      seen.add(key);
      records.push(record);
    }
  }
  return records;
}

/** The shelves of `spaces` to read, newest month first (across spaces), from `fromMonth` on. */
export function shelvesToRead(reader: StoreReader, spaces: readonly string[], fromMonth?: string): ShelfInfo[] {
  return spaces
    .flatMap((space) => reader.shelves(space))
    .filter((shelf) => fromMonth === undefined || shelf.month >= fromMonth)
    .sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : a.name < b.name ? -1 : 1));
}

/** The active records of `spaces` in the replica, and those that could not be read. */
export function activeRecords(reader: StoreReader, spaces: readonly string[], options: RecordsOptions = {}): LiaisonRecord[] {
  const wanted = new Set(spaces);
  if (options.onUnreadable)
    for (const bad of reader.replica.malformed())
      if (wanted.has(bad.space)) options.onUnreadable({ space: bad.space, id: bad.id, reason: bad.reason });
  return reader.replica.records().filter((record) => wanted.has(record.space));
}

/** Records of open shelf handles, in the order given, with their unreadable ones reported. */
export function shelfRecords(handles: readonly ShelfHandle[], options: RecordsOptions = {}): LiaisonRecord[][] {
  return handles.map((handle) => {
    if (options.onUnreadable)
      for (const bad of handle.malformed())
        options.onUnreadable({ space: handle.space, shelf: handle.name, id: bad.id, reason: bad.reason });
    return handle.records();
  });
}

/**
 * Every record of `spaces`: active documents, then the shelves (from `fromMonth`), each opened,
 * read and given back; each record once. A shelf that cannot be opened is left out (and told).
 */
export async function readRecords(reader: StoreReader, spaces: readonly string[], options: RecordsOptions = {}): Promise<LiaisonRecord[]> {
  const lists: LiaisonRecord[][] = [activeRecords(reader, spaces, options)];
  for (const shelf of shelvesToRead(reader, spaces, options.fromMonth)) {
    let handle: ShelfHandle;
    try {
      handle = await reader.replica.openShelf(shelf.name);
    } catch (error) {
      options.onShelfError?.(shelf, error);
      continue;
    }
    try {
      lists.push(...shelfRecords([handle], options));
    } finally {
      await handle.close();
    }
  }
  return eachRecordOnce(lists);
}
