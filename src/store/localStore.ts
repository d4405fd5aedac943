// The spaces stored on this machine: one folder per space under `<root>/spaces/<name>`.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { PersistedSpace } from './persistedSpace';
import type { PersistedSpaceOptions } from './persistedSpace';

export const MAX_SPACE_NAME_LENGTH = 64;

/** Names Windows reserves for devices: a folder with such a name cannot be created there. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Undefined when `name` may name a space (and its folder), otherwise one sentence naming the rule it
 * breaks. Rules: 1–64 characters; only letters (any script, e.g. Chinese), digits, '-', '_' and '.';
 * not starting or ending with '.'; in Unicode NFC form (so one name has one folder on every file
 * system); not a name Windows reserves for a device.
 */
export function validateSpaceName(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0) return 'A space name must not be empty.';
  if (length > MAX_SPACE_NAME_LENGTH)
    return `A space name must be at most ${MAX_SPACE_NAME_LENGTH} characters long (this one has ${length}).`;
  if (/[/\\]/.test(name)) return 'A space name must not contain path separators (/ or \\).';
  if (!/^[\p{L}\p{M}\p{Nd}._-]+$/u.test(name)) {
    return "A space name may contain only letters, digits, '-', '_' and '.'.";
  }
  if (/^\p{M}/u.test(name)) return 'A space name must start with a letter, digit, - or _.';
  if (name.startsWith('.')) return "A space name must not start with '.'.";
  if (name.endsWith('.')) return "A space name must not end with '.'.";
  if (name.normalize('NFC') !== name) return 'A space name must be in Unicode NFC form.';
  if (WINDOWS_RESERVED.test(name)) return `A space name must not be '${name}', a name Windows reserves for devices.`;
  return undefined;
}

export class LocalStore {
  readonly root: string;
  private readonly options: PersistedSpaceOptions;
  /** Opens in progress or done, by name: concurrent openSpace calls share one. */
  private readonly opening = new Map<string, Promise<PersistedSpace>>();
  private closing: Promise<void> | undefined;

  constructor(root: string, options: PersistedSpaceOptions = {}) {
    this.root = root;
    this.options = options;
  }

  /** The folder of space `name` (not validated). */
  spaceDir(name: string): string {
    return path.join(this.root, 'spaces', name);
  }

  /**
   * The open space `name`, opening (and creating) it on first use; the same instance for the same
   * name until it or this store is closed. Rejects with the rule's sentence for an invalid name.
   */
  openSpace(name: string): Promise<PersistedSpace> {
    if (this.closing) return Promise.reject(new Error('The local store is closed.'));
    const invalid = validateSpaceName(name);
    if (invalid !== undefined) return Promise.reject(new Error(invalid));
    const known = this.opening.get(name);
    if (known) {
      // A space closed directly by its user is reopened, once, by whichever caller comes first,
      // after its close has finished (two writers on one folder would corrupt the log).
      return known.then(async (space) => {
        if (!space.closed) return space;
        await space.close().catch(() => undefined);
        if (this.opening.get(name) === known) this.opening.delete(name);
        return this.openSpace(name);
      });
    }
    const opened = PersistedSpace.open(this.spaceDir(name), name, this.options);
    this.opening.set(name, opened);
    // A closed space is forgotten, so its document can be collected (a server unloads idle spaces).
    opened.then(
      (space) =>
        space.onClosed(() => {
          if (this.opening.get(name) === opened) this.opening.delete(name);
        }),
      () => {
        if (this.opening.get(name) === opened) this.opening.delete(name);
      },
    );
    return opened;
  }

  /** Names of the spaces on disk (folders under `<root>/spaces` with a valid name), sorted. */
  async spaceNames(): Promise<string[]> {
    let entries;
    try {
      entries = await fs.readdir(path.join(this.root, 'spaces'), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isDirectory() && validateSpaceName(entry.name) === undefined)
      .map((entry) => entry.name)
      .sort();
  }

  /** Closes every space this store opened (after flushing); idempotent. Rejects with the first failure after trying all. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = (async (): Promise<void> => {
        const opens = [...this.opening.values()];
        this.opening.clear();
        const spaces = await Promise.allSettled(opens);
        const results = await Promise.allSettled(spaces.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
        const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
        if (failure) throw failure.reason;
      })();
    }
    return this.closing;
  }
}
