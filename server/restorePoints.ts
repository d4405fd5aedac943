// Restore points: dated copies of a space's whole document, kept by the server in
// `<data>/restore-points/<space>/<YYYYMMDDTHHMMSSmmmZ>.ydoc` (one Yjs update holding the whole
// state, written to a .tmp file, fsynced, renamed), so a space can be brought back after a mass
// deletion (`liaison restore`, src/cli/commands/restore.ts; the live server: restoreKeeper.ts).
//
// Which points are kept: the tiers of `--restore-points` (default `1h:2d,1d:30d`: one point per
// hour for two days, one per day for 30 days). For each tier, the newest point of each period
// (hour, day) younger than the tier's age is kept; the newest point of all is always kept.
//
// A restore (`restoreInto`) is a new change to the live document: every record of the point that
// the document no longer holds is put back as it was at the point, unless it was purged since
// (purged means gone) or is now on its archive shelf; records the document holds are left as they
// are (nothing written since is lost), and records created since are deleted only when the admin
// asks (`dropNewer`).
//
// A retention purge removes the purged records from every restore point too (`purgeFromPoints`):
// each point is loaded into a garbage-collecting document, the records deleted, and written again.
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { foldLifecycle } from '../src/domain/lifecycle';
import type { LiaisonRecord } from '../src/domain/record';
import { deleteRecords, hasRecord, listRecords, putRecord, recordIds } from '../src/store/recordsDoc';
import { purgeLog } from '../src/store/purge';
import { monthOf, shelfName } from '../src/store/shelves';
import { exists, fsyncDir, writeFileDurably } from '../src/store/spaceFiles';

export interface RestoreTier {
  /** One point per period of this length. */
  readonly everyMs: number;
  /** Kept while younger than this. */
  readonly keepMs: number;
}

export interface RestorePoint {
  readonly at: Date;
  readonly file: string;
}

const hour = 3_600_000;
const day = 24 * hour;
export const DEFAULT_RESTORE_TIERS: readonly RestoreTier[] = [
  { everyMs: hour, keepMs: 2 * day },
  { everyMs: day, keepMs: 30 * day },
];

const units: Record<string, number> = { s: 1000, m: 60_000, h: hour, d: day };
const durationPattern = /^([1-9]\d*)([smhd])$/;
const fileSuffix = '.ydoc';
const stampPattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.ydoc$/;

function duration(text: string, what: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new Error(`${what}: "${text}" is not a duration; write a whole number and s, m, h or d (e.g. 1h, 2d)`);
  return Number(match[1]) * units[match[2]];
}

/** `1h:2d,1d:30d` → tiers; `off` → none. Throws naming the part and the fix. */
export function parseRestoreTiers(text: string): RestoreTier[] {
  if (text.trim() === 'off') return [];
  return text.split(',').map((part, index) => {
    const [every, keep, extra] = part.split(':');
    if (keep === undefined || extra !== undefined) {
      throw new Error(`tier ${index + 1} ("${part}"): write EVERY:KEEP, e.g. 1h:2d (one point an hour, kept two days)`);
    }
    const tier = { everyMs: duration(every, `tier ${index + 1} EVERY`), keepMs: duration(keep, `tier ${index + 1} KEEP`) };
    if (tier.keepMs < tier.everyMs) throw new Error(`tier ${index + 1} ("${part}"): KEEP must be at least EVERY`);
    return tier;
  });
}

export function restoreFolder(dataDir: string, space: string): string {
  return join(dataDir, 'restore-points', space);
}

/** `2030-06-01T09:00:00.000Z` → `20300601T090000000Z`: sortable, and a valid file name everywhere. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

function parseStamp(name: string): Date | undefined {
  const match = stampPattern.exec(name);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, ms] = match;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** The points of `space`, oldest first ([] when it has none). */
export async function listRestorePoints(dataDir: string, space: string): Promise<RestorePoint[]> {
  const folder = restoreFolder(dataDir, space);
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const points: RestorePoint[] = [];
  for (const name of names) {
    const at = parseStamp(name);
    if (at !== undefined) points.push({ at, file: join(folder, name) });
  }
  return points.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The newest point at or before `at`; undefined when there is none. */
export function pointAt(points: readonly RestorePoint[], at: Date): RestorePoint | undefined {
  let found: RestorePoint | undefined;
  for (const point of points) if (point.at.getTime() <= at.getTime()) found = point;
  return found;
}

/** Writes a point of `doc` as it is now (durably: .tmp, fsync, rename, fsync the folder). */
export async function writeRestorePoint(dataDir: string, space: string, doc: Y.Doc, at: Date): Promise<RestorePoint> {
  const state = Y.encodeStateAsUpdate(doc);
  const folder = restoreFolder(dataDir, space);
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${stamp(at)}${fileSuffix}`);
  const tmp = `${file}.tmp`;
  await writeFileDurably(tmp, [state], true);
  await rename(tmp, file);
  await fsyncDir(folder);
  return { at, file };
}

/** The document of a point (garbage-collecting: deleted content is not kept in memory). */
export async function readRestorePoint(point: RestorePoint): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await readFile(point.file)));
  return doc;
}

/** The points the tiers keep at `now` (see the top of this file). */
export function pointsToKeep(points: readonly RestorePoint[], tiers: readonly RestoreTier[], now: Date): Set<RestorePoint> {
  const keep = new Set<RestorePoint>();
  const newest = points.at(-1);
  if (newest !== undefined) keep.add(newest);
  for (const tier of tiers) {
    const newestOfPeriod = new Map<number, RestorePoint>();
    for (const point of points) {
      if (now.getTime() - point.at.getTime() > tier.keepMs) continue;
      newestOfPeriod.set(Math.floor(point.at.getTime() / tier.everyMs), point);
    }
    for (const point of newestOfPeriod.values()) keep.add(point);
  }
  return keep;
}

/** Removes the points the tiers no longer keep; returns how many. */
export async function prunePoints(dataDir: string, space: string, tiers: readonly RestoreTier[], now: Date): Promise<number> {
  const points = await listRestorePoints(dataDir, space);
  const keep = pointsToKeep(points, tiers, now);
  let removed = 0;
  for (const point of points) {
    if (keep.has(point)) continue;
    await rm(point.file, { force: true });
    removed++;
  }
  return removed;
}

/**
 * Removes the records `ids` from every point of `space` that holds one of them: the point is read
 * into a garbage-collecting document, the records deleted (their content collected) and the point
 * written again in its place. Returns the number of points rewritten.
 */
export async function purgeFromPoints(dataDir: string, space: string, ids: ReadonlySet<string>): Promise<number> {
  let rewritten = 0;
  for (const point of await listRestorePoints(dataDir, space)) {
    const doc = await readRestorePoint(point);
    const present = recordIds(doc).filter((id) => ids.has(id));
    if (present.length === 0) continue;
    deleteRecords(doc, present);
    // A fresh document from the collected state holds no trace of the purged content.
    const tmp = `${point.file}.tmp`;
    await writeFileDurably(tmp, [Y.encodeStateAsUpdate(doc)], true);
    await rename(tmp, point.file);
    rewritten++;
  }
  if (rewritten > 0) await fsyncDir(restoreFolder(dataDir, space));
  return rewritten;
}

export interface RestoreOptions {
  /** Delete the records created since the point (the admin chose to). */
  readonly dropNewer?: boolean;
  /** Records of the point on their archive shelf now (moved there since the point): not put back. */
  readonly shelved?: ReadonlySet<string>;
}

export interface RestoreResult {
  /** Records put back. */
  readonly restored: string[];
  /** Records deleted because they were created since the point (`dropNewer`). */
  readonly dropped: string[];
  /** Records of the point not put back: purged since, or now on their shelf. */
  readonly skipped: string[];
}

/** The month of the shelf `record` would be on, when it is archived; see shelving.ts. */
function archivedMonth(record: LiaisonRecord): string | undefined {
  if (!record.events.some((event) => event.type === 'archived')) return undefined;
  const state = foldLifecycle(record);
  return state.status === 'archived' && state.archivedAt !== undefined ? monthOf(state.archivedAt) : undefined;
}

/** The point's archived records by the month of their shelf (those a restore must look for on the shelf). */
export function archivedMonths(point: Y.Doc): Map<string, string[]> {
  const months = new Map<string, string[]>();
  for (const record of listRecords(point).records) {
    const month = archivedMonth(record);
    if (month === undefined) continue;
    const ids = months.get(month) ?? [];
    ids.push(record.id);
    months.set(month, ids);
  }
  return months;
}

/**
 * Ids of the point's archived records that are on their shelf now. `holds(shelf, ids)` answers for
 * one shelf (`S.archive.YYYY-MM`) which of `ids` it holds; it is only asked about shelves that exist
 * in `dataDir` (a restore creates none).
 */
export async function shelvedIds(
  dataDir: string,
  space: string,
  point: Y.Doc,
  holds: (shelf: string, ids: readonly string[]) => Promise<string[]>,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [month, ids] of archivedMonths(point)) {
    const shelf = shelfName(space, month);
    if (!(await exists(join(dataDir, 'spaces', shelf)))) continue;
    for (const id of await holds(shelf, ids)) found.add(id);
  }
  return found;
}

/** Puts the point's records back into `doc` (see the top of this file); call it inside one transaction. */
export function restoreInto(doc: Y.Doc, point: Y.Doc, options: RestoreOptions = {}): RestoreResult {
  const purged = new Set(purgeLog(doc).flatMap((entry) => entry.ids));
  const restored: string[] = [];
  const skipped: string[] = [];
  const atPoint = new Set<string>();
  for (const record of listRecords(point).records) {
    atPoint.add(record.id);
    if (hasRecord(doc, record.id)) continue;
    if (purged.has(record.id) || options.shelved?.has(record.id)) {
      skipped.push(record.id);
      continue;
    }
    putRecord(doc, record);
    restored.push(record.id);
  }
  const dropped = options.dropNewer
    ? deleteRecords(
        doc,
        recordIds(doc).filter((id) => !atPoint.has(id)),
      )
    : [];
  return { restored, dropped, skipped };
}
