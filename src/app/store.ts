// How a front end opens a store: every front end reads and purges through a `Replica`
// (src/sync/replica.ts), the object the editor drives. The editor's replica syncs; the command line
// opens an offline one over the store folder (`openOfflineStore`). Why a Replica and not the
// `LocalStore` underneath: the replica is where records are listed (with the space they are in),
// shelves opened (their records with duplicate events merged), purges made (logged on the shelf and
// in the space's log, files compacted) and the directory read; a second reader on the LocalStore
// would be a second implementation of each, and they had drifted. The `LocalStore` stays the door
// for what needs raw documents: import, search indexing, sync.
//
// What differs between the two is which archive shelves can be read (`StoreReader.shelves`): the
// editor's are its catalog's (opening one fetches it from the server); offline, only those on this
// disk (opening one that is not would make an empty folder and find nothing).
import type { ShelfInfo } from '../sync/archiveShelves';
import { Replica } from '../sync/replica';
import { LocalStore } from '../store/localStore';
import { parseShelfName, readCatalog, shelfName } from '../store/shelves';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';

/** An open replica and the shelves of its spaces that can be read. */
export interface StoreReader {
  readonly replica: Replica;
  /** The readable shelves of `space`, newest month first. */
  shelves(space: string): ShelfInfo[];
}

/** The editor's reader: its replica, every shelf of the catalogs. */
export function replicaReader(replica: Replica): StoreReader {
  return { replica, shelves: (space) => replica.shelves(space) };
}

/** A store opened offline by the command line; `close()` flushes and closes it. */
export interface OfflineStore extends StoreReader {
  /** The spaces of the store folder (shelf folders counted as their space), sorted. */
  readonly spaces: readonly string[];
  close(): Promise<void>;
}

/** The spaces of a store folder: its folders, each shelf counted as its space; sorted. */
export async function storeSpaceNames(root: string): Promise<string[]> {
  return spacesOfFolders(await new LocalStore(root).spaceNames());
}

/** The spaces of a store's folder names: each shelf counted as its space; sorted. */
export function spacesOfFolders(folders: readonly string[]): string[] {
  return [...new Set(folders.map((name) => parseShelfName(name)?.space ?? name))].sort();
}

/**
 * Opens the store at `root` offline, with `spaces` (default: every space of the folder). Shelves: those
 * on disk, with the catalog's count when it lists them (else 0: counts are advisory). Throws the
 * replica's sentence for a name that cannot be a space.
 */
export async function openOfflineStore(root: string, options: { spaces?: readonly string[]; logger?: Logger } = {}): Promise<OfflineStore> {
  const folders = await new LocalStore(root).spaceNames();
  const all = spacesOfFolders(folders);
  const spaces = options.spaces ?? all;
  const replica = await Replica.open({ storeRoot: root, spaces, logger: options.logger ?? silentLogger });
  return {
    replica,
    spaces: all,
    shelves: (space) => {
      const doc = replica.doc(space);
      const counts = new Map(doc ? readCatalog(doc).map((entry) => [entry.month, entry.count]) : []);
      const months = folders.flatMap((name) => {
        const ref = parseShelfName(name);
        return ref?.space === space ? [ref.month] : [];
      });
      return months
        .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
        .map((month) => ({ name: shelfName(space, month), space, month, count: counts.get(month) ?? 0 }));
    },
    close: () => replica.close(),
  };
}
