// The working calendar of a policy: its calendar settings plus the holidays of its .ics files.
// The caller reads the files (the domain does no I/O) and passes their text.
import { WorkCalendar } from './calendar';
import { parseIcsHolidays } from './ics';
import type { ResponsePolicy } from './policy';

export interface IcsFile {
  /** As named in the policy (shown in messages). */
  path: string;
  text: string;
}

export interface PolicyCalendar {
  calendar: WorkCalendar;
  /** Things read but not applied, each naming its file and line (an RRULE). */
  warnings: string[];
}

/**
 * Builds the calendar of `policy` with the holidays and make-up days (补班) of `icsFiles` added.
 * The policy's own lists win over a file: a date the policy lists under extraWorkdays stays a
 * working day when a feed calls it a holiday, and the other way round. Throws IcsError (naming
 * the file and line) for a malformed file, RangeError for an invalid calendar.
 */
export function policyCalendar(policy: Pick<ResponsePolicy, 'calendar'>, icsFiles: readonly IcsFile[] = []): PolicyCalendar {
  const own = policy.calendar;
  const ownHolidays = new Set(own.holidays);
  const ownWorkdays = new Set(own.extraWorkdays);
  const holidays = new Set(own.holidays);
  const workdays = new Set(own.extraWorkdays);
  const warnings: string[] = [];
  for (const file of icsFiles) {
    const dates = parseIcsHolidays(file.text, { source: file.path, timeZone: own.timeZone });
    warnings.push(...dates.warnings);
    for (const date of dates.holidays) if (!ownWorkdays.has(date)) holidays.add(date);
    for (const date of dates.workdays) if (!ownHolidays.has(date)) workdays.add(date);
  }
  // Two feeds that disagree: a day off wins over a make-up day only when a person listed it.
  for (const date of workdays) if (holidays.has(date) && !ownHolidays.has(date)) holidays.delete(date);
  return { calendar: new WorkCalendar({ ...own, holidays: [...holidays].sort(), extraWorkdays: [...workdays].sort() }), warnings };
}
