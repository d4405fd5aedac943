// The Archive's months: closed records grouped by the display month they were closed in (the
// team's time zone, src/domain/time.ts), as the monthly report counts them. Shelves are named by
// storage month (UTC+8), so with another zone a shelf's records fall in its own month and, for the
// hours by which the zones differ, in the month before or after; `shelvesOfMonth` names every shelf
// that may hold a month's records. A shelf not read yet counts (its catalog count, advisory) under
// its own month; once read, the records closed in another month count there.
import type { LiaisonRecord } from '../domain/record';
import { deriveState } from '../domain/status';
import { displayMonth, storageMonthsOf } from '../domain/time';
import type { ZoneLike } from '../domain/time';

export interface ArchiveMonth {
  /** `YYYY-MM`, the display month in the team's time zone. */
  readonly month: string;
  readonly count: number;
}

/** When a record was closed, if it is archived now. */
export function archivedAt(record: LiaisonRecord): string | undefined {
  const state = deriveState(record);
  return state.status === 'archived' ? state.lifecycle.archivedAt : undefined;
}

/** The display month a record was closed in, if it is archived now. */
export function archiveMonthOf(record: LiaisonRecord, zone: ZoneLike): string | undefined {
  const at = archivedAt(record);
  return at === undefined ? undefined : displayMonth(at, zone);
}

/** Archived records by the display month they were closed in. */
export function byArchiveMonth(records: readonly LiaisonRecord[], zone: ZoneLike): Map<string, LiaisonRecord[]> {
  const months = new Map<string, LiaisonRecord[]>();
  for (const record of records) {
    const month = archiveMonthOf(record, zone);
    if (month === undefined) continue;
    const list = months.get(month);
    if (list) list.push(record);
    else months.set(month, [record]);
  }
  return months;
}

/** The shelves (of `shelves`, by storage month) that may hold records closed in display month `month`. */
export function shelvesOfMonth<T extends { readonly month: string }>(shelves: readonly T[], month: string, zone: ZoneLike): T[] {
  const months = new Set(storageMonthsOf(month, zone));
  return shelves.filter((shelf) => months.has(shelf.month));
}

/** A shelf as the month list counts it: `read` when its records were read (display month → count). */
export interface ShelfCount {
  readonly month: string;
  readonly count: number;
  readonly read?: ReadonlyMap<string, number>;
}

/** The month rows, newest first: the active documents' counts plus each shelf's (see the top of this file). */
export function archiveMonths(active: ReadonlyMap<string, readonly LiaisonRecord[]>, shelves: readonly ShelfCount[]): ArchiveMonth[] {
  const counts = new Map<string, number>();
  const add = (month: string, count: number): void => void counts.set(month, (counts.get(month) ?? 0) + count);
  for (const [month, records] of active) add(month, records.length);
  for (const shelf of shelves) {
    // Records read under another month move there; the rest stay counted by the catalog.
    let moved = 0;
    for (const [month, count] of shelf.read ?? []) {
      if (month === shelf.month) continue;
      add(month, count);
      moved += count;
    }
    add(shelf.month, Math.max(0, shelf.count - moved));
  }
  return [...counts].map(([month, count]) => ({ month, count })).sort((a, b) => b.month.localeCompare(a.month));
}
