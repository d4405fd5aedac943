// Response-time targets as a policy writes them: `30m`, `2h`, `1h30m`, `2d`, `2wd`, or in
// Chinese `30分钟`, `2小时`, `2天`, `2个工作日`. Whether `h` means wall hours or working hours is
// the rule's clock, not the duration's: see ./policy.ts.

export interface Duration {
  /** As written in the policy, for messages: `2wd`. */
  text: string;
  /** Minutes from the m, h and d units (a d is 1440 minutes). */
  minutes: number;
  /** Working days from the wd unit: each one working day's length on the calendar (8 h by default). */
  workingDays: number;
  /** Whether a d unit was used: 24 wall hours, which has no meaning on a working clock. */
  usesDays: boolean;
}

const UNITS: Readonly<Record<string, 'm' | 'h' | 'd' | 'wd'>> = {
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  分: 'm',
  分钟: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  小时: 'h',
  个小时: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  天: 'd',
  wd: 'wd',
  workday: 'wd',
  workdays: 'wd',
  工作日: 'wd',
  个工作日: 'wd',
};

export const DURATION_HELP = 'write a number and a unit: 30m, 2h, 1h30m, 2d (24 h each) or 2wd (working days)';

/**
 * Reads a duration; a string is the reason it cannot be read (to be prefixed with the field).
 * Zero is refused unless `allowZero` (a warning 0m before the due is no warning).
 */
export function parseDuration(text: string, allowZero = false): Duration | string {
  const compact = text.trim().replace(/\s+/g, '').toLowerCase();
  const part = /(\d+(?:\.\d+)?)([a-z\u4e00-\u9fff]+)/y;
  let minutes = 0;
  let workingDays = 0;
  let usesDays = false;
  let count = 0;
  part.lastIndex = 0;
  while (part.lastIndex < compact.length) {
    const match = part.exec(compact);
    if (!match) return `"${text}" is not a duration; ${DURATION_HELP}`;
    const unit = UNITS[match[2]];
    if (unit === undefined) return `"${match[2]}" in "${text}" is not a unit; ${DURATION_HELP}`;
    const value = Number(match[1]);
    if (unit === 'm') minutes += value;
    else if (unit === 'h') minutes += value * 60;
    else if (unit === 'd') {
      minutes += value * 1440;
      usesDays = true;
    } else workingDays += value;
    count++;
  }
  if (count === 0) return `"${text}" is empty; ${DURATION_HELP}`;
  if (minutes === 0 && workingDays === 0 && !allowZero) return `"${text}" is zero; a response time must be longer than that`;
  return { text: text.trim(), minutes, workingDays, usesDays };
}
