// Months and dates: two kinds that must never be confused.
//
// A **storage month** is written into persisted names and never changes, whatever the team's time
// zone, so that every replica and the server name the same document the same way:
//   - a shelf's month (`S.archive.YYYY-MM`, src/store/shelves.ts): the record's `archivedAt` in
//     China Standard Time, a fixed UTC+8 (no daylight saving since 1991): `storageMonth()`;
//   - a bucket's month (`YYYY-MM/<clientID>`, src/store/recordsDoc.ts): the first seven characters
//     of `createdAt` as Liaison writes it (UTC), else the UTC month of now: `bucketMonthOf()`.
// A **display month** (and a display date or time) is what a person sees or what records are
// grouped by: the wall clock of the team's time zone, the response policy's `calendar.timeZone`
// (Asia/Shanghai by default): `displayMonth()`, `displayMonthRange()`, `displayDate()`,
// `displayTime()`. The report, the Archive tree and every date shown use these.
// Between the two: `storageMonthsOf(displayMonth, zone)` names the shelves that may hold the
// records closed in a display month (one or two months; the same one when the zone is UTC+8).
import { Zone, dayNumberOf } from './zone';

/** China Standard Time, the fixed offset storage months are counted in. */
const STORAGE_OFFSET_MS = 8 * 3_600_000;
const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const CREATED_MONTH = /^\d{4}-\d{2}/;

/** A time zone, or its IANA name (a Zone is made for a name; keep one when calling often). */
export type ZoneLike = Zone | string;

/** Zones made for names, kept: making one costs far more than using it (it builds an Intl formatter). */
const zonesByName = new Map<string, Zone>();

function zoneOf(zone: ZoneLike): Zone {
  if (typeof zone !== 'string') return zone;
  let made = zonesByName.get(zone);
  if (!made) {
    made = new Zone(zone);
    zonesByName.set(zone, made);
  }
  return made;
}

function instantMs(instant: Date | string | number): number {
  return instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** True for a `YYYY-MM` month. */
export function isMonth(text: string): boolean {
  return MONTH_PATTERN.test(text);
}

/** `YYYY-MM` → the month, or an error naming the format. */
export function parseMonth(text: string): { month: string } | { error: string } {
  const trimmed = text.trim();
  if (!isMonth(trimmed)) return { error: `"${text}" is not a month: write YYYY-MM, e.g. 2026-05` };
  return { month: trimmed };
}

/** The month `delta` months after `month` (YYYY-MM; negative goes back). */
export function shiftMonth(month: string, delta: number): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const index = year * 12 + (monthNumber - 1) + delta;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

// --- storage months (persisted; never change) ----------------------------------------------------

/** The storage month (`YYYY-MM`, UTC+8) of an instant, as shelf names carry it; undefined when it is not a date. */
export function storageMonth(instant: Date | string | number): string | undefined {
  const ms = instantMs(instant);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + STORAGE_OFFSET_MS).toISOString().slice(0, 7);
}

/** [start, end) of a storage month, in milliseconds: midnight UTC+8 of its 1st and of the next month's. */
export function storageMonthRange(month: string): { start: number; end: number } {
  if (!isMonth(month)) throw new RangeError(`"${month}" is not a month: write YYYY-MM`);
  const start = (value: string): number => Date.parse(`${value}-01T00:00:00.000Z`) - STORAGE_OFFSET_MS;
  return { start: start(month), end: start(shiftMonth(month, 1)) };
}

/** The month of the UTC calendar `date` falls in (a bucket's month when `createdAt` has none). */
export function utcMonth(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/**
 * The month a record's bucket is keyed by: the first seven characters of its `createdAt` (Liaison
 * writes it in UTC), else the UTC month of `now`.
 */
export function bucketMonthOf(createdAt: string, now: Date): string {
  return CREATED_MONTH.test(createdAt) ? createdAt.slice(0, 7) : utcMonth(now);
}

// --- display months and dates (the team's time zone) ---------------------------------------------

/** The display month (`YYYY-MM`) of an instant in `zone`; undefined when it is not a date. */
export function displayMonth(instant: Date | string | number, zone: ZoneLike): string | undefined {
  const ms = instantMs(instant);
  if (Number.isNaN(ms)) return undefined;
  const wall = zoneOf(zone).wallTime(new Date(ms));
  return `${pad(wall.year, 4)}-${pad(wall.month)}`;
}

/** [start, end) of a display month, in milliseconds: midnight of its 1st and of the next month's 1st in `zone`. */
export function displayMonthRange(month: string, zone: ZoneLike): { start: number; end: number } {
  const resolved = zoneOf(zone);
  const first = (value: string): number => {
    const day = isMonth(value) ? dayNumberOf(`${value}-01`) : undefined;
    if (day === undefined) throw new RangeError(`"${value}" is not a month: write YYYY-MM`);
    return resolved.instantOf(day, 0).getTime();
  };
  return { start: first(month), end: first(shiftMonth(month, 1)) };
}

/** `YYYY-MM-DD` of an instant in `zone`; the text itself when it is not a date. */
export function displayDate(instant: Date | string, zone: ZoneLike): string {
  return displayTime(instant, zone).slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` of an instant in `zone`; the text itself when it is not a date. */
export function displayTime(instant: Date | string, zone: ZoneLike): string {
  const ms = instantMs(instant);
  if (Number.isNaN(ms)) return String(instant);
  return zoneOf(zone).format(new Date(ms));
}

/** The instant a `YYYY-MM-DD HH:mm` wall time names in `zone`; undefined when it is not one. */
export function parseDisplayTime(text: string, zone: ZoneLike): Date | undefined {
  return zoneOf(zone).parseWallTime(text);
}

// --- between the two ---------------------------------------------------------------------------

/** The storage months whose instants overlap display month `month` in `zone`, oldest first. */
export function storageMonthsOf(month: string, zone: ZoneLike): string[] {
  const { start, end } = displayMonthRange(month, zone);
  return monthsBetween(storageMonth(start), storageMonth(end - 1));
}

/** The display months in `zone` whose instants overlap storage month `month`, oldest first. */
export function displayMonthsOf(month: string, zone: ZoneLike): string[] {
  const { start, end } = storageMonthRange(month);
  return monthsBetween(displayMonth(start, zone), displayMonth(end - 1, zone));
}

function monthsBetween(first: string | undefined, last: string | undefined): string[] {
  if (first === undefined || last === undefined) return [];
  const months: string[] = [];
  for (let month = first; month <= last; month = shiftMonth(month, 1)) months.push(month);
  return months;
}
