// Date-times as the writing rules want them (`YYYY-MM-DD HH:mm`), and the common ways people
// write them otherwise, so a fix can rewrite "2026/5/20 18:00" or "2026年5月20日 18:00".
import { DEFAULT_CALENDAR } from '../calendar';
import { displayDate, parseDisplayTime } from '../time';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validParts(y: number, mo: number, d: number, h = 0, mi = 0): boolean {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h >= 0 && h < 24 && mi >= 0 && mi < 60;
}

/** True for a real calendar date-time written `YYYY-MM-DD HH:mm`. */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi] = match.map(Number);
  return validParts(y, mo, d, h, mi);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, mo, d] = match.map(Number);
  return validParts(y, mo, d);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Reads a date-time written another common way and returns it as `YYYY-MM-DD HH:mm`:
 * 2026/5/20 18:00, 2026.5.20 18:00, 2026-05-20T18:00, 2026-05-20 18:00:00, 2026年5月20日 18:00,
 * 2026年5月20日18时30分, 2026年5月20日下午6点. A date alone gets `endOfDay` (default 18:00).
 * Undefined when it cannot be read unambiguously.
 */
export function normalizeDateTime(value: string, endOfDay = '18:00'): string | undefined {
  const text = value.trim().replace(/\s+/g, ' ');
  const match =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[ T]?\s*(上午|下午|晚上|中午)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?(?::\d{2})?)?$/u.exec(
      text,
    );
  if (!match) return undefined;
  const [, ys, mos, ds, half, hs, mis] = match;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  let h: number;
  let mi: number;
  if (hs === undefined) {
    [h, mi] = endOfDay.split(':').map(Number);
  } else {
    h = Number(hs);
    mi = mis === undefined ? 0 : Number(mis);
    if ((half === '下午' || half === '晚上') && h < 12) h += 12;
  }
  if (!validParts(y, mo, d, h, mi)) return undefined;
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}`;
}

/** Reads a date written another common way (2026/5/20, 2026年5月20日) as `YYYY-MM-DD`. */
export function normalizeDate(value: string): string | undefined {
  const text = value.trim();
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/u.exec(text);
  if (!match) return undefined;
  const [y, mo, d] = match.slice(1).map(Number);
  return validParts(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : undefined;
}

/** The instant a `YYYY-MM-DD HH:mm` names in the team's time zone (src/domain/time.ts). */
export function dateTimeToInstant(value: string, timeZone = DEFAULT_CALENDAR.timeZone): Date | undefined {
  return isDateTime(value) ? parseDisplayTime(value, timeZone) : undefined;
}

/** A concrete date-time to offer instead of a vague one: the next day at 18:00, team time. */
export function suggestedDeadline(now: Date, timeZone = DEFAULT_CALENDAR.timeZone): string {
  return `${displayDate(new Date(now.getTime() + 24 * 3600_000), timeZone)} 18:00`;
}
