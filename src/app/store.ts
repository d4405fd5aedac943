// How a front end opens a store: every front end reads and purges through a `Replica`
// (src/sync/replica.ts), the object the editor drives. The editor's replica syncs; the command line
// opens an offline one over the store folder (`openOfflineStore`). Why a Replica and not the
// `LocalStore` underneath: the replica is where records are listed (with the space they are in),
// shelves opened (their records with duplicate events merged), purges made (logged on the shelf and
// in the space's log, files compacted) and the directory read; a second reader on the LocalStore
// would be a second implementation of each, and they had drifted. The `LocalStore` stays the door
// for what needs raw documents: import, search indexing, sync.
//
// A space's shelves are those its catalog lists (the same list on every replica once synced; a
// shelf folder the catalog does not list is a move cut short, which the next moving pass completes).
// What differs between the two front ends (`StoreReader.shelves`): the editor opens any of them
// (fetching it from the server); offline, only those this store holds can be read (opening another
// would make an empty folder and find nothing).
import type { ShelfInfo } from '../sync/archiveShelves';
import { Replica } from '../sync/replica';
import { LocalStore } from '../store/localStore';
import { parseShelfName } from '../store/shelves';
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
 * Opens the store at `root` offline, with `spaces` (default: every space of the folder). Shelves: the
 * catalog's that this store holds. Throws the replica's sentence for a name that cannot be a space.
 */
export async function openOfflineStore(root: string, options: { spaces?: readonly string[]; logger?: Logger } = {}): Promise<OfflineStore> {
  const folders = await new LocalStore(root).spaceNames();
  const all = spacesOfFolders(folders);
  const spaces = options.spaces ?? all;
  const replica = await Replica.open({ storeRoot: root, spaces, logger: options.logger ?? silentLogger });
  const onDisk = new Set(folders);
  return {
    replica,
    spaces: all,
    shelves: (space) => replica.shelves(space).filter((shelf) => onDisk.has(shelf.name)),
    close: () => replica.close(),
  };
}
