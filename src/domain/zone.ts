// Wall time in an IANA time zone <-> instants, with nothing but Intl (no date library). Days are
// counted as "day numbers" (days since 1970-01-01 on the proleptic Gregorian calendar), so a
// calendar walks days with integer arithmetic and asks Intl only for the offsets.

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
/** UTC days whose offsets a Zone remembers (about eleven years) before starting afresh. */
const OFFSET_CACHE_DAYS = 4096;

/** A wall-clock reading in some time zone. Months and days are 1-based; weekday is ISO (1 = Monday … 7 = Sunday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** True when `name` is a time zone Intl knows (an IANA name such as Asia/Shanghai, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.trim() !== '';
  } catch {
    return false;
  }
}

/** The day number of a `YYYY-MM-DD` date (undefined unless it is a real calendar date). */
export function dayNumberOf(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [y, m, d] = match.slice(1).map(Number);
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; day 0 (1970-01-01) was a Thursday. */
export function weekdayOfDayNumber(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * One time zone's conversions. Holds its Intl formatter (creating one costs far more than using
 * it) and the offsets it has looked up, so make one per zone and keep it, as WorkCalendar does.
 */
export class Zone {
  private readonly formatter: Intl.DateTimeFormat;
  /** UTC day → the offset of its every instant, or NaN for a day with a change. */
  private readonly dayOffsets = new Map<number, number>();

  /** Throws a RangeError naming the zone when Intl does not know it. */
  constructor(readonly timeZone: string) {
    if (!isTimeZone(timeZone))
      throw new RangeError(`unknown time zone "${timeZone}": use an IANA name such as Asia/Shanghai or America/New_York`);
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The wall-clock reading of `instant` in this zone. */
  wallTime(instant: Date): WallTime {
    const wall = new Date(this.wallMs(instant.getTime()));
    const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()];
    return {
      year,
      month,
      day,
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      weekday: weekdayOfDayNumber(Math.floor(wall.getTime() / DAY_MS)),
    };
  }

  /** The day number of the wall date `instant` falls on in this zone. */
  dayNumber(instant: Date): number {
    return Math.floor(this.wallMs(instant.getTime()) / DAY_MS);
  }

  /**
   * UTC offset in milliseconds (wall minus UTC) at `instant`: +8 h for Asia/Shanghai. Intl is
   * asked twice per UTC day and the answer kept: a day whose offset is the same at its first
   * and last second has no change in it (zones change at most once a day), so every instant of
   * it has that offset; only on a day with a change is Intl asked about the instant itself.
   */
  offsetAt(instant: number): number {
    const day = Math.floor(instant / DAY_MS);
    let constant = this.dayOffsets.get(day);
    if (constant === undefined) {
      const first = this.intlOffset(day * DAY_MS);
      constant = first === this.intlOffset((day + 1) * DAY_MS - 1000) ? first : Number.NaN;
      if (this.dayOffsets.size >= OFFSET_CACHE_DAYS) this.dayOffsets.clear();
      this.dayOffsets.set(day, constant);
    }
    return Number.isNaN(constant) ? this.intlOffset(instant) : constant;
  }

  /**
   * The instant at which the wall clock of this zone shows `minuteOfDay` minutes past midnight of
   * day `day` (1440 is the next midnight). Where a DST change makes that reading ambiguous (the
   * repeated hour of a fall-back) the earlier instant is returned; where the reading does not
   * exist (the skipped hour of a spring-forward) the instant the same distance after the change,
   * as a clock that was not moved forward would show it (02:30 on a 02:00→03:00 day is 03:30).
   * This is what Temporal calls the "compatible" disambiguation.
   */
  instantOf(day: number, minuteOfDay: number): Date {
    const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
    const before = wall - this.offsetAt(wall - DAY_MS);
    const after = wall - this.offsetAt(wall + DAY_MS);
    const beforeFits = this.wallMs(before) === wall;
    const afterFits = this.wallMs(after) === wall;
    if (beforeFits && afterFits) return new Date(Math.min(before, after));
    if (afterFits) return new Date(after);
    // Fits, or falls in a gap: the offset in force before the change moves it past the gap.
    return new Date(before);
  }

  /** The instant of a `YYYY-MM-DD HH:mm` (or `YYYY-MM-DDTHH:mm[:ss]`) wall time; undefined when it is not one. */
  parseWallTime(text: string): Date | undefined {
    const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
    if (!match) return undefined;
    const day = dayNumberOf(match[1]);
    const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
    if (day === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
    return new Date(this.instantOf(day, hour * 60 + minute).getTime() + second * 1000);
  }

  /** `YYYY-MM-DD HH:mm` of `instant` in this zone: the writing rules' format. */
  format(instant: Date): string {
    const wall = this.wallTime(instant);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
  }

  /** The wall reading of `instant`, as milliseconds of a UTC clock showing the same digits. */
  private wallMs(instant: number): number {
    return Math.floor(instant / 1000) * 1000 + this.offsetAt(instant);
  }

  /** The offset at `instant` as Intl reports it (whole seconds). */
  private intlOffset(instant: number): number {
    const whole = Math.floor(instant / 1000) * 1000;
    const parts = this.formatter.formatToParts(new Date(whole));
    const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
    // Some ICU versions still print midnight as 24 despite h23.
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second')) - whole;
  }
}
