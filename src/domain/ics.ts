// Holidays from an iCalendar (.ics) file, the form public-holiday feeds are published in. Only
// what a working calendar needs is read: each VEVENT's dates. All-day events (DTSTART;VALUE=DATE)
// cover DTSTART up to but not including DTEND (RFC 5545); an event with a time covers the date
// it starts on, through the date it ends on (a time with TZID, or none, is dated as written; a
// UTC time …Z in the calendar's zone). An event whose SUMMARY says 补班 or 上班 is a
// make-up working day (调休), as Chinese holiday feeds write them. Folded lines (RFC 5545 §3.1)
// and CRLF, LF or CR line ends are accepted; anything malformed is an IcsError naming its line.
import { Zone, dateOfDayNumber, dayNumberOf } from './zone';

/** Longest event expanded day by day: anything longer is a typo, not a holiday. */
const MAX_EVENT_DAYS = 366;
const MAKE_UP_DAY = /补班|上班/;

export interface IcsDates {
  /** `YYYY-MM-DD` days off, sorted, each once. */
  holidays: string[];
  /** `YYYY-MM-DD` make-up working days, sorted, each once. */
  workdays: string[];
  /** Things read but not applied (a recurrence rule), each naming its line. */
  warnings: string[];
}

export interface IcsOptions {
  /** Named in messages: `holidays.ics:12: …`. */
  source?: string;
  /** Zone a UTC time (…T160000Z) is converted to before taking its date; by default the UTC date. */
  timeZone?: string;
}

/** A malformed .ics file; `line` is the 1-based physical line (of a folded line, its first). */
export class IcsError extends Error {
  constructor(
    readonly line: number,
    message: string,
    source?: string,
  ) {
    super(`${source === undefined ? 'line ' : `${source}:`}${line}: ${message}`);
    this.name = 'IcsError';
  }
}

interface ContentLine {
  line: number;
  name: string;
  params: Map<string, string>;
  value: string;
}

interface IcsDate {
  day: number;
  /** Minutes after midnight; undefined for a date without a time. */
  minute?: number;
}

interface EventLines {
  begin: number;
  props: ContentLine[];
}

/** Joins folded lines; each logical line keeps the number of the physical line it began on. */
function unfold(text: string, fail: (line: number, message: string) => never): { line: number; text: string }[] {
  const logical: { line: number; text: string }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((physical, index) => {
      if (physical.startsWith(' ') || physical.startsWith('\t')) {
        const previous = logical.at(-1);
        if (!previous) fail(index + 1, 'a folded line (starting with a space) must continue a previous line');
        previous.text += physical.slice(1);
      } else if (physical.trim() !== '') {
        logical.push({ line: index + 1, text: physical });
      }
    });
  return logical;
}

/** Splits `NAME;PARAM=x;PARAM="a:b":value` at the first colon outside quotes. */
function contentLine(line: number, text: string, fail: (line: number, message: string) => never): ContentLine {
  let quoted = false;
  const cuts: number[] = [];
  let colon = -1;
  for (let i = 0; i < text.length && colon === -1; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') cuts.push(i);
    else if (!quoted && char === ':') colon = i;
  }
  if (colon === -1) fail(line, `"${text.slice(0, 40)}" is not a content line: write NAME:value`);
  const head = text.slice(0, colon);
  const bounds = [-1, ...cuts, colon];
  const name = head
    .slice(0, cuts[0] ?? colon)
    .trim()
    .toUpperCase();
  if (!/^[A-Z][A-Z0-9-]*$/.test(name)) fail(line, `"${name}" is not a property name`);
  const params = new Map<string, string>();
  for (let i = 1; i < bounds.length - 1; i++) {
    const param = text.slice(bounds[i] + 1, bounds[i + 1]);
    const eq = param.indexOf('=');
    if (eq === -1) fail(line, `parameter "${param}" of ${name} needs a value: write NAME=value`);
    params.set(
      param.slice(0, eq).trim().toUpperCase(),
      param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return { line, name, params, value: text.slice(colon + 1).trim() };
}

function parseDate(prop: ContentLine, zone: Zone | undefined, fail: (line: number, message: string) => never): IcsDate {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(prop.value);
  const day = match ? dayNumberOf(`${match[1]}-${match[2]}-${match[3]}`) : undefined;
  if (!match || day === undefined) {
    fail(prop.line, `${prop.name} "${prop.value}" is not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS, optionally ending in Z)`);
  }
  const isDateOnly = match[4] === undefined;
  if (prop.params.get('VALUE') === 'DATE' && !isDateOnly)
    fail(prop.line, `${prop.name} says VALUE=DATE but "${prop.value}" has a time; write YYYYMMDD`);
  if (isDateOnly) return { day };
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6])];
  if (hour > 23 || minute > 59 || second > 60) fail(prop.line, `${prop.name} "${prop.value}" has no such time of day`);
  if (match[7] === 'Z' && zone) {
    // A UTC time names the date it falls on in the calendar's zone.
    const instant = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), hour, minute, second));
    const wall = zone.wallTime(instant);
    return { day: zone.dayNumber(instant), minute: wall.hour * 60 + wall.minute };
  }
  return { day, minute: hour * 60 + minute };
}

/** Days and minutes of an RFC 5545 DURATION such as P3D, P1W or PT4H. */
function parseDuration(prop: ContentLine, fail: (line: number, message: string) => never): { days: number; minutes: number } {
  const match = /^\+?P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/.exec(prop.value);
  if (!match || prop.value === 'P' || prop.value.endsWith('T'))
    fail(prop.line, `DURATION "${prop.value}" is not a duration such as P1D, P1W or PT4H`);
  const days = Number(match[1] ?? 0) * 7 + Number(match[2] ?? 0);
  return { days, minutes: Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0) + Math.ceil(Number(match[5] ?? 0) / 60) };
}

/** The day numbers one event covers. */
function eventDays(event: EventLines, zone: Zone | undefined, fail: (line: number, message: string) => never): number[] {
  const find = (name: string): ContentLine | undefined => event.props.find((prop) => prop.name === name);
  const startProp = find('DTSTART');
  if (!startProp) fail(event.begin, 'this VEVENT has no DTSTART: every event needs its date');
  const start = parseDate(startProp, zone, fail);
  const endProp = find('DTEND');
  const durationProp = find('DURATION');
  let lastDay = start.day;
  if (endProp) {
    const end = parseDate(endProp, zone, fail);
    if ((end.minute === undefined) !== (start.minute === undefined))
      fail(endProp.line, 'DTEND must be a date when DTSTART is a date, and a date-time when DTSTART has a time');
    const startKey = start.day * 1440 + (start.minute ?? 0);
    const endKey = end.day * 1440 + (end.minute ?? 0);
    if (endKey < startKey || (start.minute === undefined && endKey === startKey))
      fail(endProp.line, `DTEND ${endProp.value} must be after DTSTART ${startProp.value}`);
    // DTEND is exclusive: an all-day DTEND, or a timed one at midnight, is the day after the last.
    lastDay = start.minute === undefined || (end.minute === 0 && end.day > start.day) ? end.day - 1 : end.day;
  } else if (durationProp) {
    const duration = parseDuration(durationProp, fail);
    if (start.minute === undefined) lastDay = start.day + Math.max(1, duration.days + (duration.minutes > 0 ? 1 : 0)) - 1;
    else {
      const endKey = start.day * 1440 + start.minute + duration.days * 1440 + duration.minutes;
      lastDay = Math.floor((endKey - (endKey % 1440 === 0 && endKey > start.day * 1440 + start.minute ? 1 : 0)) / 1440);
    }
  }
  if (lastDay - start.day + 1 > MAX_EVENT_DAYS)
    fail(
      (endProp ?? durationProp ?? startProp).line,
      `this event spans ${lastDay - start.day + 1} days; an event longer than ${MAX_EVENT_DAYS} days is taken for a mistake`,
    );
  const days: number[] = [];
  for (let day = start.day; day <= lastDay; day++) days.push(day);
  return days;
}

/** Reads the holidays and make-up working days of an .ics file. Throws IcsError naming the line. */
export function parseIcsHolidays(text: string, options: IcsOptions = {}): IcsDates {
  // Typed explicitly so that TypeScript narrows after a call (a never-returning call must be).
  const fail: (line: number, message: string) => never = (line, message) => {
    throw new IcsError(line, message, options.source);
  };
  const zone = options.timeZone === undefined ? undefined : new Zone(options.timeZone);
  const lines = unfold(text, fail);
  const first = lines[0];
  if (!first || first.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR')
    fail(first?.line ?? 1, 'not an iCalendar file: it must start with BEGIN:VCALENDAR');
  const open: { name: string; line: number }[] = [];
  const events: EventLines[] = [];
  let event: EventLines | undefined;
  for (const { line, text: raw } of lines) {
    const prop = contentLine(line, raw, fail);
    if (prop.name === 'BEGIN') {
      const name = prop.value.toUpperCase();
      if (open.length === 0 && name !== 'VCALENDAR') fail(line, `BEGIN:${name} outside BEGIN:VCALENDAR … END:VCALENDAR`);
      open.push({ name, line });
      if (name === 'VEVENT') event = { begin: line, props: [] };
      continue;
    }
    if (prop.name === 'END') {
      const name = prop.value.toUpperCase();
      const top = open.pop();
      if (!top) fail(line, `END:${name} has no matching BEGIN:${name}`);
      if (top.name !== name) fail(line, `END:${name} closes BEGIN:${top.name} of line ${top.line}; write END:${top.name} first`);
      if (name === 'VEVENT' && event) {
        events.push(event);
        event = undefined;
      }
      continue;
    }
    if (open.length === 0) fail(line, `${prop.name} after END:VCALENDAR`);
    // Only the event's own properties: not those of an alarm nested in it.
    if (event && open.at(-1)?.name === 'VEVENT') event.props.push(prop);
  }
  const unclosed = open.at(-1);
  if (unclosed) fail(unclosed.line, `BEGIN:${unclosed.name} has no END:${unclosed.name}`);

  const holidays = new Map<number, number>();
  const workdays = new Map<number, number>();
  const warnings: string[] = [];
  for (const item of events) {
    const status = item.props.find((prop) => prop.name === 'STATUS')?.value.toUpperCase();
    if (status === 'CANCELLED') continue;
    const rrule = item.props.find((prop) => prop.name === 'RRULE');
    if (rrule)
      warnings.push(
        `${options.source === undefined ? 'line ' : `${options.source}:`}${rrule.line}: RRULE is not expanded; only the event's first occurrence counts`,
      );
    const summary = item.props.find((prop) => prop.name === 'SUMMARY')?.value ?? '';
    const isWorkday = MAKE_UP_DAY.test(summary);
    for (const day of eventDays(item, zone, fail)) {
      const other = (isWorkday ? holidays : workdays).get(day);
      if (other !== undefined) {
        const what = isWorkday ? 'a make-up working day (补班) here' : 'a holiday here';
        fail(item.begin, `${dateOfDayNumber(day)} is ${what} but the opposite in the event of line ${other}`);
      }
      (isWorkday ? workdays : holidays).set(day, item.begin);
    }
  }
  const sorted = (days: Map<number, number>): string[] => [...days.keys()].sort((a, b) => a - b).map(dateOfDayNumber);
  return { holidays: sorted(holidays), workdays: sorted(workdays), warnings };
}
