// Archive shelves: the archived records of space S live in per-month documents named
// `S.archive.YYYY-MM` (the storage month of the record's `archivedAt`, src/domain/time.ts: China's
// calendar, UTC+8, which has had no daylight saving since 1991). A shelf name is an ordinary space name, so a shelf is
// stored exactly like a space (its own folder, the same crash-safe files) and synced as its own
// room; the server authorizes it as space S (server/access.ts).
//
// The active document of S keeps a small catalog of its shelves, the top-level Y.Map
// `archiveShelves` (month -> number of records the shelf held when a replica last moved records
// in or out), so a replica lists the months without opening any shelf; and `archiveReturns`
// (`<month>:<record id>` -> ISO time), the shelved records an event was appended to since the last
// moving pass, which that pass checks (a reopened record goes back to the active document). Both
// are top-level maps, so two replicas never race to create them. No `vscode` here.
import type * as Y from 'yjs';
import { storageMonth } from '../domain/time';
import { MAX_SPACE_NAME_LENGTH, validateSpaceName } from './localStore';
import { bucketMonth, bucketsMap, recordEntries } from './recordsDoc';

export const ARCHIVE_SHELVES_KEY = 'archiveShelves';
export const ARCHIVE_RETURNS_KEY = 'archiveReturns';

const SHELF_INFIX = '.archive.';
const SHELF_PATTERN = /^(.+)\.archive\.(\d{4}-(?:0[1-9]|1[0-2]))$/u;
/** Any name containing `.archive.` followed by a month is reserved, whatever comes before it. */
const RESERVED_PATTERN = /\.archive\.\d{4}-\d{2}$/u;

/** Longest name of a configured space: its shelves' names (`.archive.YYYY-MM`, 16 more) must fit the store's limit too. */
export const MAX_CONFIGURED_SPACE_NAME_LENGTH = MAX_SPACE_NAME_LENGTH - SHELF_INFIX.length - 'YYYY-MM'.length;

export interface ShelfRef {
  space: string;
  /** `YYYY-MM`. */
  month: string;
}

/** The shelf of `space` for `month` (`YYYY-MM`). Throws on a malformed month (a programming error). */
export function shelfName(space: string, month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`month "${month}" must be written YYYY-MM`);
  return `${space}${SHELF_INFIX}${month}`;
}

/** The space and month a shelf name stands for; undefined for any other name. */
export function parseShelfName(name: string): ShelfRef | undefined {
  const match = SHELF_PATTERN.exec(name);
  return match ? { space: match[1], month: match[2] } : undefined;
}

/**
 * The month (`YYYY-MM`, UTC+8) of an ISO instant, as shelf names carry it: the time module's storage
 * month (src/domain/time.ts); undefined when it is not a date.
 */
export function monthOf(iso: string): string | undefined {
  return storageMonth(iso);
}

/**
 * Undefined when `name` may be configured as a space (in settings or in a replica's list); else one
 * sentence naming the rule. On top of the store's rules (validateSpaceName): not a shelf name, and
 * short enough that its shelves' names are valid too.
 */
export function validateConfiguredSpaceName(name: string): string | undefined {
  const invalid = validateSpaceName(name);
  if (invalid !== undefined) return invalid;
  if (RESERVED_PATTERN.test(name)) {
    return `A space name must not end in ".archive.YYYY-MM": such names are reserved for the monthly archive shelves of a space (use another name, e.g. "${name.replace(RESERVED_PATTERN, '')}-archive").`;
  }
  const length = [...name].length;
  if (length > MAX_CONFIGURED_SPACE_NAME_LENGTH) {
    return `A space name must be at most ${MAX_CONFIGURED_SPACE_NAME_LENGTH} characters long (this one has ${length}), so that the names of its archive shelves (name + ".archive.YYYY-MM") fit in ${MAX_SPACE_NAME_LENGTH}.`;
  }
  return undefined;
}

export function shelfCatalog(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ARCHIVE_SHELVES_KEY);
}

export function archiveReturns(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ARCHIVE_RETURNS_KEY);
}

export interface CatalogEntry {
  month: string;
  /** Records in the shelf as last counted by a replica that moved records in or out (advisory). */
  count: number;
}

/** The catalog of an active document, newest month first; entries of the wrong shape are skipped. */
export function readCatalog(doc: Y.Doc): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (const [month, value] of shelfCatalog(doc).entries()) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) continue;
    const count =
      typeof value === 'number'
        ? value
        : typeof value === 'object' && value !== null && typeof (value as { count?: unknown }).count === 'number'
          ? (value as { count: number }).count
          : undefined;
    if (count === undefined || !Number.isFinite(count) || count < 0) continue;
    entries.push({ month, count });
  }
  return entries.sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
}

/** The key of a pending return check. */
export function returnKey(month: string, id: string): string {
  return `${month}:${id}`;
}

export function parseReturnKey(key: string): { month: string; id: string } | undefined {
  const match = /^(\d{4}-(?:0[1-9]|1[0-2])):(.+)$/u.exec(key);
  return match ? { month: match[1], id: match[2] } : undefined;
}

/**
 * The earliest month of space `doc`'s records (`YYYY-MM`), counting those already on shelves (the
 * catalog's months) and the buckets' months; undefined for a space without records. A server
 * creates a shelf only for a month from this one to next month (server/shelfGate.ts).
 */
export function firstRecordMonth(doc: Y.Doc): string | undefined {
  let first: string | undefined;
  const consider = (month: string | undefined): void => {
    if (month !== undefined && (first === undefined || month < first)) first = month;
  };
  for (const { month } of readCatalog(doc)) consider(month);
  for (const key of bucketsMap(doc).keys()) consider(bucketMonth(key));
  for (const [, value] of recordEntries(doc)) {
    const createdAt =
      typeof value === 'object' && value !== null && 'get' in value ? (value as Y.Map<unknown>).get('createdAt') : undefined;
    if (typeof createdAt === 'string') consider(storageMonth(createdAt));
  }
  return first;
}
