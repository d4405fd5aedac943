// What the record commands (import, export, search, report, purge) share: the `--store DIR` /
// `--space NAME` flags, choosing the space, opening the store offline (src/app/store.ts: the same
// reader as the editor's), reading the workspace's policy files from the current folder, the
// documents of a space for search (its active document and the archive shelves this store holds,
// src/store/shelves.ts), and a store space's search index kept in step with its records. A shelf is
// stored as a folder of its own, like a space, but it is part of its space: it is never listed,
// nor chosen, as a space of its own.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { loadPolicyInForce, policySpaceOf } from '../app/policyInForce';
import type { PolicyInForce } from '../app/policyInForce';
import { openOfflineStore, spacesOfFolders } from '../app/store';
import type { OfflineStore } from '../app/store';
import type { PolicyFileReader } from '../app/policyFiles';
import type { UnreadableRecord } from '../app/records';
import type { LiaisonRecord } from '../domain/record';
import { deriveState } from '../domain/status';
import { validateSpaceName } from '../store/localStore';
import { LocalStore } from '../store/localStore';
import { parseShelfName } from '../store/shelves';
import type { PersistedSpace } from '../store/persistedSpace';
import { searchDir } from '../search/searchApi';
import { SearchService } from '../search/searchService';
import { SpaceIndexer, docVersion } from '../search/spaceIndexer';
import type { CatchUpReport } from '../search/spaceIndexer';
import { consoleLogger } from '../util/logger';
import type { Logger } from '../util/logger';
import { UsageError } from './command';
import type { CommandIo, ParsedFlags } from './command';

export const STORE_FLAGS_USAGE = `  --store DIR    the store folder (the extension's liaison.store.path; DIR/spaces/<name>)
  --space NAME   the space, when the store holds several`;

export function storeRoot(command: string, flags: ParsedFlags): string {
  const root = flags.values.get('store');
  if (!root) throw new UsageError(`${command}: --store DIR is required (the folder holding spaces/<name>)`);
  return root;
}

/**
 * The spaces a command works on: `--space NAME` if given (validated; a shelf's name is refused with
 * its space's), else every space in the store (`all`), or the only one; several without --space is
 * a usage error naming them. Shelf folders count as their space (a store may hold a space's
 * shelves without its folder when only they were written).
 */
export async function chooseSpaces(command: string, flags: ParsedFlags, store: LocalStore, mode: 'one' | 'all'): Promise<string[]> {
  const named = flags.values.get('space');
  if (named !== undefined) {
    const invalid = validateSpaceName(named);
    if (invalid) throw new UsageError(`${command}: --space ${named}: ${invalid}`);
    const shelf = parseShelfName(named);
    if (shelf)
      throw new UsageError(
        `${command}: --space ${named} is an archive shelf of space ${shelf.space}: give --space ${shelf.space} (its shelves are included)`,
      );
    return [named];
  }
  const spaces = await storeSpaces(store);
  if (mode === 'all' || spaces.length <= 1) return spaces;
  throw new UsageError(`${command}: the store holds several spaces (${spaces.join(', ')}); give --space NAME`);
}

/** The spaces of the store: its folders, each shelf counted as its space; sorted. */
export async function storeSpaces(store: LocalStore): Promise<string[]> {
  return spacesOfFolders(await store.spaceNames());
}

/** This account's user name, for who did a change (some containers have none). */
export function accountName(): string {
  try {
    return userInfo().username || 'liaison';
  } catch {
    return 'liaison';
  }
}

/** The policy files of the current folder (and the files they name), read with node:fs. */
export const nodeFiles: PolicyFileReader = { readFile: (path) => readFile(path, 'utf8') };

/**
 * The policy in force for a command over `spaces` of an open store (src/app/policyInForce.ts: a
 * file the command line names, else the team policy of the space holding one, else the workspace
 * files of the current folder, else the built-in rules); its warnings are printed.
 */
export async function storePolicyInForce(
  command: string,
  store: OfflineStore | undefined,
  spaces: readonly string[],
  files: { policy?: string; retention?: string; policySpace?: string },
  io: CommandIo,
): Promise<PolicyInForce> {
  const name = store ? policySpaceOf(spaces, (space) => store.replica.doc(space), { policySpace: files.policySpace }) : undefined;
  const doc = name === undefined ? undefined : store?.replica.doc(name);
  const loaded = await loadPolicyInForce({
    space: name !== undefined && doc !== undefined ? { name, doc } : undefined,
    folder: process.cwd(),
    io: nodeFiles,
    file: files.policy,
    retentionFile: files.retention,
  });
  for (const warning of loaded.warnings) io.stderr.write(`liaison ${command}: ${warning}\n`);
  return loaded;
}

/** Warnings and errors on stderr, prefixed with the command; nothing for info. */
export function cliLogger(command: string, io: CommandIo): Logger {
  const write = (message: string): void => void io.stderr.write(`liaison ${command}: ${message}\n`);
  return { info: () => undefined, warn: write, error: write };
}

/** Opens the store offline on `spaces`, its repairs told on stderr. */
export function openStore(command: string, root: string, spaces: readonly string[], io: CommandIo): Promise<OfflineStore> {
  return openOfflineStore(root, { spaces, logger: cliLogger(command, io) });
}

/**
 * chooseSpaces, then the store opened on them; undefined (after saying so on stderr) when the
 * store holds no space at all. The caller closes the store.
 */
export async function openChosenSpaces(
  command: string,
  flags: ParsedFlags,
  root: string,
  mode: 'one' | 'all',
  io: CommandIo,
): Promise<{ store: OfflineStore; spaces: string[] } | undefined> {
  const spaces = await chooseSpaces(command, flags, new LocalStore(root), mode);
  if (spaces.length === 0) {
    io.stderr.write(`liaison ${command}: no spaces in ${root}\n`);
    return undefined;
  }
  return { store: await openStore(command, root, spaces, io), spaces };
}

/** One line on stderr for a record that could not be read (`kept`: by a purge). */
export function unreadableLine(command: string, record: UnreadableRecord, kept = false): string {
  return `liaison ${command}: record ${record.id} of space ${record.space}${record.shelf === undefined ? '' : ` (shelf ${record.shelf})`} skipped${kept ? ' (kept)' : ''}: ${record.reason}\n`;
}

/**
 * The documents of `space` in this store: the active document's name first, then its archive
 * shelves on disk, oldest month first (only the shelves this store holds: a replica fetches a
 * shelf from the server when it first opens it).
 */
export async function spaceDocuments(store: LocalStore, space: string): Promise<string[]> {
  const shelves = (await store.spaceNames()).filter((name) => parseShelfName(name)?.space === space).sort();
  return [space, ...shelves];
}

/** An open space with its search index caught up; `close()` commits the index and closes both. */
export interface IndexedSpace {
  readonly space: PersistedSpace;
  readonly report: CatchUpReport;
  close(): Promise<void>;
}

/** A record's status as the domain derives it (the whole lifecycle), for the search filters. */
export function statusOf(record: LiaisonRecord): string {
  return deriveState(record).status;
}

/**
 * Opens `name` in the store and its search index (in `<root>/search/<name>`), bringing the index up
 * to date with the records (skipped when its last commit recorded the same document version).
 */
export async function openIndexedSpace(store: LocalStore, search: SearchService, name: string): Promise<IndexedSpace> {
  const space = await store.openSpace(name);
  const indexer = new SpaceIndexer({
    api: search,
    space: name,
    dir: searchDir(store.root, name),
    doc: space.doc,
    commitAfterMs: 0,
    statusOf,
    sourceVersion: () => docVersion(space.doc),
    logger: consoleLogger('liaison-search'),
  });
  const report = await indexer.start();
  return {
    space,
    report,
    close: () => indexer.dispose(),
  };
}

export function newSearchService(): SearchService {
  return new SearchService({ logger: consoleLogger('liaison-search') });
}
