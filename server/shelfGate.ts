// Archive shelves (`S.archive.YYYY-MM`, src/store/shelves.ts) on the server: a shelf is a room of
// its own, created on disk the first time it is opened. Left open, a read-only member could make
// the server create one for every month from 0000-01 to 9999-12 (a folder, a log and a webhook
// ledger each: ~945 MiB and 361k inodes per space). So a shelf that does not exist yet opens only
// for a writing member of S, and only for a month from S's first record (firstRecordMonth, which
// counts the shelves and buckets S lists) to next month (China's storage month, UTC+8). Refused
// with 404, which clients retry with backoff: a replica that shelves while S is still syncing
// gets its shelf once S has the records.
import { stat } from 'node:fs/promises';
import type * as Y from 'yjs';
import { shiftMonth, storageMonth } from '../src/domain/time';
import type { ShelfRef } from '../src/store/shelves';
import { firstRecordMonth } from '../src/store/shelves';

export interface ShelfGate {
  /** True when the space (here: the shelf) is loaded or on disk. */
  exists(name: string): Promise<boolean>;
  /** Runs `read` on space `name`'s document (loading it if need be). */
  withSpace<T>(name: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** Now, for "next month". */
  clock(): Date;
}

/** Undefined when `shelf` may be opened by this session; else why not (for the log). */
export async function shelfRefusal(gate: ShelfGate, name: string, shelf: ShelfRef, readOnly: boolean): Promise<string | undefined> {
  if (await gate.exists(name)) return undefined;
  if (readOnly) return `shelf "${name}" does not exist, and a read-only member cannot create it`;
  const last = shiftMonth(storageMonth(gate.clock()) ?? shelf.month, 1);
  if (shelf.month > last) return `shelf month ${shelf.month} is after next month (${last})`;
  const first = await gate.withSpace(shelf.space, firstRecordMonth);
  if (first === undefined) return `space "${shelf.space}" has no records, so no shelf`;
  if (shelf.month < first) return `shelf month ${shelf.month} is before the first record of space "${shelf.space}" (${first})`;
  return undefined;
}

/** The gate of a server with the default store: a shelf exists when it is loaded or has a folder. */
export function storeShelfGate(
  spaceDir: (name: string) => string,
  rooms: { isLoaded(name: string): boolean; acquire(name: string): Promise<{ space: { doc: Y.Doc } }>; release(name: string): void },
  clock: () => Date,
): ShelfGate {
  return {
    exists: async (name) =>
      rooms.isLoaded(name) ||
      (await stat(spaceDir(name)).then(
        (found) => found.isDirectory(),
        () => false,
      )),
    withSpace: async (name, read) => {
      const room = await rooms.acquire(name);
      try {
        return read(room.space.doc);
      } finally {
        rooms.release(name);
      }
    },
    clock,
  };
}
