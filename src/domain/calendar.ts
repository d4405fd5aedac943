// The working calendar response times are counted on: working days, working hours (a lunch break
// is the gap between two periods), holidays and make-up working days (调休), in one IANA time
// zone. Everything is computed on real instants: a period's start and end are converted from
// wall time for each day, so across a DST change working time is counted in real minutes.
import { MINUTE_MS, Zone, dayNumberOf, weekdayOfDayNumber } from './zone';

/** How far ahead to look for working time before deciding the calendar has none (ten years). */
const SEARCH_DAYS = 3660;
const CACHE_DAYS = 2048;

/** A working period of every working day, in minutes after midnight: 09:00–12:00 is { start: 540, end: 720 }. */
export interface WorkingPeriod {
  start: number;
  end: number;
}

export interface CalendarSettings {
  /** IANA time zone the hours and dates are read in. */
  timeZone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  /** Working periods of each working day, in order, not overlapping. */
  hours: readonly WorkingPeriod[];
  /** `YYYY-MM-DD` dates that are not worked, whatever their weekday. */
  holidays: readonly string[];
  /** `YYYY-MM-DD` dates that are worked whatever their weekday (调休, a make-up Saturday). */
  extraWorkdays: readonly string[];
}

/** Monday–Friday, 09:00–12:00 and 13:00–18:00, Asia/Shanghai, no holidays: docs/design.md's default ("Response-time rules"). */
export const DEFAULT_CALENDAR: CalendarSettings = {
  timeZone: 'Asia/Shanghai',
  workdays: [1, 2, 3, 4, 5],
  hours: [
    { start: 9 * 60, end: 12 * 60 },
    { start: 13 * 60, end: 18 * 60 },
  ],
  holidays: [],
  extraWorkdays: [],
};

/** `HH:mm` → minutes after midnight (`24:00` allowed as an end); undefined when malformed. */
export function parseClockTime(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  if (minute > 59 || hour > 24 || (hour === 24 && minute !== 0)) return undefined;
  return hour * 60 + minute;
}

/** Minutes after midnight → `HH:mm`. */
export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Checks settings and returns the problems, each a sentence naming the setting and the fix; an
 * empty list means `new WorkCalendar(settings)` will not throw.
 */
export function calendarProblems(settings: CalendarSettings): string[] {
  const problems: string[] = [];
  try {
    new Zone(settings.timeZone);
  } catch (error) {
    problems.push(`timeZone: ${(error as Error).message}`);
  }
  if (settings.workdays.length === 0) problems.push('workdays: list at least one working weekday (1 = Monday … 7 = Sunday)');
  for (const day of settings.workdays) {
    if (!Number.isInteger(day) || day < 1 || day > 7) problems.push(`workdays: ${day} is not a weekday; use 1 = Monday … 7 = Sunday`);
  }
  if (settings.hours.length === 0) problems.push('hours: list at least one working period, e.g. 09:00-12:00');
  const sorted = [...settings.hours].sort((a, b) => a.start - b.start);
  sorted.forEach((period, index) => {
    const text = `${formatClockTime(period.start)}-${formatClockTime(period.end)}`;
    if (!(period.start >= 0 && period.end <= 1440 && period.start < period.end))
      problems.push(`hours: ${text} must start before it ends, within one day (00:00-24:00)`);
    const next = sorted[index + 1];
    if (next && next.start < period.end)
      problems.push(`hours: ${text} overlaps ${formatClockTime(next.start)}-${formatClockTime(next.end)}`);
  });
  const holidays = new Set<string>();
  for (const date of settings.holidays) {
    if (dayNumberOf(date) === undefined) problems.push(`holidays: "${date}" is not a date; write YYYY-MM-DD`);
    holidays.add(date);
  }
  for (const date of settings.extraWorkdays) {
    if (dayNumberOf(date) === undefined) problems.push(`extraWorkdays: "${date}" is not a date; write YYYY-MM-DD`);
    if (holidays.has(date)) problems.push(`extraWorkdays: ${date} is also a holiday; list it in one of the two`);
  }
  return problems;
}

/**
 * A working calendar. Periods are half-open: 09:00 is working time, 12:00 is not. Immutable
 * once built; it caches each day's periods as instants, so keep one per policy.
 */
export class WorkCalendar {
  readonly settings: CalendarSettings;
  readonly zone: Zone;
  /** Working minutes in one working day (480 by default): the length of a `wd`. */
  readonly minutesPerDay: number;
  private readonly hours: readonly WorkingPeriod[];
  private readonly workdays: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<number>;
  private readonly extraWorkdays: ReadonlySet<number>;
  private readonly dayCache = new Map<number, ReadonlyArray<readonly [number, number]>>();

  /** Missing settings take DEFAULT_CALENDAR's. Throws a RangeError listing every problem of calendarProblems. */
  constructor(settings: Partial<CalendarSettings> = {}) {
    const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
    const full: CalendarSettings = { ...DEFAULT_CALENDAR, ...given };
    const problems = calendarProblems(full);
    if (problems.length > 0) throw new RangeError(`invalid working calendar: ${problems.join('; ')}`);
    this.settings = full;
    this.zone = new Zone(full.timeZone);
    this.hours = [...full.hours].sort((a, b) => a.start - b.start);
    this.minutesPerDay = this.hours.reduce((sum, period) => sum + period.end - period.start, 0);
    this.workdays = new Set(full.workdays);
    this.holidays = new Set(full.holidays.map((date) => dayNumberOf(date) as number));
    this.extraWorkdays = new Set(full.extraWorkdays.map((date) => dayNumberOf(date) as number));
  }

  get timeZone(): string {
    return this.settings.timeZone;
  }

  /** Is `date` (`YYYY-MM-DD`) a working day: a listed make-up day, or a workday that is not a holiday. */
  isWorkingDay(date: string): boolean {
    const day = dayNumberOf(date);
    if (day === undefined) throw new RangeError(`"${date}" is not a date; write YYYY-MM-DD`);
    return this.isWorkingDayNumber(day);
  }

  /** Is `instant` inside a working period of a working day. */
  isWorkingTime(instant: Date): boolean {
    const t = instant.getTime();
    return this.periodsOf(this.zone.dayNumber(instant)).some(([start, end]) => start <= t && t < end);
  }

  /** `instant` itself when it is working time, otherwise the start of the next working period. */
  nextWorkingStart(instant: Date): Date {
    return this.addWorkingMinutes(instant, 0);
  }

  /**
   * The instant `minutes` working minutes after `start`. A start outside working time (after
   * hours, at lunch, a weekend or a holiday) counts from the next working minute. A total that
   * runs out exactly at the end of a period gives that end (18:00), not the next morning.
   */
  addWorkingMinutes(start: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`working minutes must be a number ≥ 0, not ${minutes}`);
    const t = start.getTime();
    if (Number.isNaN(t)) throw new RangeError('start is not a valid date');
    let remaining = Math.round(minutes * MINUTE_MS);
    const first = this.zone.dayNumber(start);
    for (let day = first; day < first + SEARCH_DAYS; day++) {
      for (const [periodStart, periodEnd] of this.periodsOf(day)) {
        if (periodEnd <= t) continue;
        const from = Math.max(periodStart, t);
        if (remaining <= periodEnd - from) return new Date(from + remaining);
        remaining -= periodEnd - from;
      }
    }
    throw new RangeError(
      `no working time within ${SEARCH_DAYS} days of ${start.toISOString()}: check the calendar's workdays and holidays`,
    );
  }

  /** `days` working days after `start`: `days × minutesPerDay` working minutes (Tuesday 10:00 + 2 → Thursday 10:00). */
  addWorkingDays(start: Date, days: number): Date {
    return this.addWorkingMinutes(start, days * this.minutesPerDay);
  }

  /** Working minutes in [a, b) (fractional when the instants are not on whole minutes); negative when b is before a. */
  workingMinutesBetween(a: Date, b: Date): number {
    const from = a.getTime();
    const to = b.getTime();
    if (to < from) return -this.workingMinutesBetween(b, a);
    let total = 0;
    const last = this.zone.dayNumber(b);
    for (let day = this.zone.dayNumber(a); day <= last; day++) {
      for (const [start, end] of this.periodsOf(day)) {
        const overlap = Math.min(end, to) - Math.max(start, from);
        if (overlap > 0) total += overlap;
      }
    }
    return total / MINUTE_MS;
  }

  /** `YYYY-MM-DD HH:mm` of `instant` in the calendar's zone. */
  format(instant: Date): string {
    return this.zone.format(instant);
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.extraWorkdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return this.workdays.has(weekdayOfDayNumber(day));
  }

  /** The working periods of one day as [start, end) instants in ms; empty on a day off. */
  private periodsOf(day: number): ReadonlyArray<readonly [number, number]> {
    const cached = this.dayCache.get(day);
    if (cached) return cached;
    const periods = this.isWorkingDayNumber(day)
      ? this.hours
          .map((period) => [this.zone.instantOf(day, period.start).getTime(), this.zone.instantOf(day, period.end).getTime()] as const)
          // A period inside a DST gap can have no real length; it then holds no working time.
          .filter(([start, end]) => end > start)
      : [];
    if (this.dayCache.size >= CACHE_DAYS) this.dayCache.clear();
    this.dayCache.set(day, periods);
    return periods;
  }
}
