import assert from 'node:assert/strict';
import { WorkCalendar, calendarProblems, DEFAULT_CALENDAR } from '../../../src/domain/calendar';
import { formatDateTime } from '../../../src/domain/draft';
import { IcsError, parseIcsHolidays } from '../../../src/domain/ics';
import { policyCalendar } from '../../../src/domain/policyCalendar';
import { Zone, isTimeZone } from '../../../src/domain/zone';

const shanghai = new WorkCalendar();
/** An instant from a wall time in the calendar's zone. */
function at(calendar: WorkCalendar, wall: string): Date {
  const instant = calendar.zone.parseWallTime(wall);
  assert.ok(instant, `${wall} is a wall time`);
  return instant;
}
const sh = (wall: string): Date => at(shanghai, wall);
const plus = (calendar: WorkCalendar, wall: string, minutes: number): string =>
  calendar.format(calendar.addWorkingMinutes(at(calendar, wall), minutes));

// 2026-10-01 (Thursday) … 2026-10-07 are the National Day holiday; Sunday 2026-09-20 and
// Saturday 2026-10-10 are worked instead (调休). CRLF line ends and a folded SUMMARY on purpose.
const NATIONAL_DAY_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//holidays//CN',
  'BEGIN:VEVENT',
  'UID:national-day-2026',
  'DTSTART;VALUE=DATE:20261001',
  'DTEND;VALUE=DATE:20261008',
  'SUMMARY:国庆节',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:make-up-1',
  'DTSTART;VALUE=DATE:20260920',
  'SUMMARY:国庆节 ',
  ' 补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:make-up-2',
  'DTSTART;VALUE=DATE:20261010',
  'DTEND;VALUE=DATE:20261011',
  'SUMMARY:国庆节补班',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('WorkCalendar: Monday–Friday 09:00–12:00, 13:00–18:00, Asia/Shanghai', () => {
  it('has the default hours and 480 working minutes a day', () => {
    assert.equal(shanghai.timeZone, 'Asia/Shanghai');
    assert.equal(shanghai.minutesPerDay, 480);
    assert.deepEqual(shanghai.settings, DEFAULT_CALENDAR);
  });

  it('knows working time: periods are half-open, lunch and weekends are not worked', () => {
    assert.equal(shanghai.isWorkingTime(sh('2026-05-20 09:00')), true);
    assert.equal(shanghai.isWorkingTime(sh('2026-05-20 08:59')), false);
    assert.equal(shanghai.isWorkingTime(sh('2026-05-20 11:59')), true);
    assert.equal(shanghai.isWorkingTime(sh('2026-05-20 12:00')), false);
    assert.equal(shanghai.isWorkingTime(sh('2026-05-20 12:59')), false);
    assert.equal(shanghai.isWorkingTime(sh('2026-05-20 13:00')), true);
    assert.equal(shanghai.isWorkingTime(sh('2026-05-20 18:00')), false);
    assert.equal(shanghai.isWorkingTime(sh('2026-05-23 10:00')), false, 'Saturday');
  });

  it('starts after hours at the next morning', () => {
    assert.equal(plus(shanghai, '2026-05-20 19:00', 30), '2026-05-21 09:30');
    assert.equal(plus(shanghai, '2026-05-21 07:45', 30), '2026-05-21 09:30');
    assert.equal(shanghai.format(shanghai.nextWorkingStart(sh('2026-05-20 19:00'))), '2026-05-21 09:00');
  });

  it('next working start is the instant itself in working time, else the next period', () => {
    assert.equal(shanghai.nextWorkingStart(sh('2026-05-20 10:17')).getTime(), sh('2026-05-20 10:17').getTime());
    assert.equal(shanghai.format(shanghai.nextWorkingStart(sh('2026-05-20 12:00'))), '2026-05-20 13:00');
    assert.equal(shanghai.format(shanghai.nextWorkingStart(sh('2026-05-22 18:00'))), '2026-05-25 09:00');
  });

  it('Friday 17:30 + 1 h is Monday 09:30', () => {
    assert.equal(plus(shanghai, '2026-05-22 17:30', 60), '2026-05-25 09:30');
  });

  it('skips the lunch break: 11:30 + 1 h is 13:30; from 12:15, + 30 min is 13:30', () => {
    assert.equal(plus(shanghai, '2026-05-20 11:30', 60), '2026-05-20 13:30');
    assert.equal(plus(shanghai, '2026-05-20 12:15', 30), '2026-05-20 13:30');
  });

  it('a total that ends with a period gives the end of the period, not the next morning', () => {
    assert.equal(plus(shanghai, '2026-05-20 16:00', 120), '2026-05-20 18:00');
    assert.equal(plus(shanghai, '2026-05-20 11:00', 60), '2026-05-20 12:00');
  });

  it('a weekend start counts from Monday 09:00; 2 working days from Tuesday 10:00 are Thursday 10:00', () => {
    assert.equal(plus(shanghai, '2026-05-23 15:00', 120), '2026-05-25 11:00');
    assert.equal(shanghai.format(shanghai.addWorkingDays(sh('2026-05-19 10:00'), 2)), '2026-05-21 10:00');
    assert.equal(shanghai.format(shanghai.addWorkingDays(sh('2026-05-22 10:00'), 1)), '2026-05-25 10:00');
  });

  it('counts working minutes between two instants, negative when reversed', () => {
    assert.equal(shanghai.workingMinutesBetween(sh('2026-05-22 17:30'), sh('2026-05-25 09:30')), 60);
    assert.equal(shanghai.workingMinutesBetween(sh('2026-05-25 09:30'), sh('2026-05-22 17:30')), -60);
    assert.equal(shanghai.workingMinutesBetween(sh('2026-05-20 08:00'), sh('2026-05-20 20:00')), 480);
    assert.equal(shanghai.workingMinutesBetween(sh('2026-05-18 00:00'), sh('2026-05-25 00:00')), 5 * 480);
    assert.equal(shanghai.workingMinutesBetween(sh('2026-05-20 11:30'), sh('2026-05-20 13:30')), 60);
  });

  it('refuses a negative or non-finite number of minutes', () => {
    assert.throws(() => shanghai.addWorkingMinutes(sh('2026-05-20 10:00'), -1), RangeError);
    assert.throws(() => shanghai.addWorkingMinutes(sh('2026-05-20 10:00'), Number.NaN), RangeError);
  });
});

describe('WorkCalendar: holidays and make-up working days (调休)', () => {
  const { calendar } = policyCalendar({ calendar: DEFAULT_CALENDAR }, [{ path: 'cn.ics', text: NATIONAL_DAY_ICS }]);

  it('skips a holiday week read from an .ics file', () => {
    assert.equal(calendar.isWorkingDay('2026-10-01'), false);
    assert.equal(calendar.isWorkingDay('2026-10-07'), false);
    assert.equal(calendar.isWorkingDay('2026-10-08'), true);
    assert.equal(plus(calendar, '2026-09-30 17:30', 60), '2026-10-08 09:30');
    assert.equal(plus(shanghai, '2026-09-30 17:30', 60), '2026-10-01 09:30', 'without the holidays');
  });

  it('works a make-up Saturday and Sunday', () => {
    assert.equal(calendar.isWorkingDay('2026-10-10'), true);
    assert.equal(calendar.isWorkingDay('2026-09-20'), true);
    assert.equal(calendar.isWorkingTime(at(calendar, '2026-10-10 10:00')), true);
    assert.equal(plus(calendar, '2026-10-09 17:30', 60), '2026-10-10 09:30');
    assert.equal(plus(shanghai, '2026-10-09 17:30', 60), '2026-10-12 09:30', 'without the make-up day');
  });

  it('takes holidays and extra workdays from its settings too', () => {
    const listed = new WorkCalendar({ holidays: ['2026-05-21'], extraWorkdays: ['2026-05-23'] });
    assert.equal(plus(listed, '2026-05-20 17:30', 60), '2026-05-22 09:30');
    assert.equal(plus(listed, '2026-05-22 17:30', 60), '2026-05-23 09:30');
  });

  it("the policy's own lists win over a feed", () => {
    const own = { ...DEFAULT_CALENDAR, extraWorkdays: ['2026-10-02'], holidays: ['2026-10-10'] };
    const merged = policyCalendar({ calendar: own }, [{ path: 'cn.ics', text: NATIONAL_DAY_ICS }]).calendar;
    assert.equal(merged.isWorkingDay('2026-10-02'), true);
    assert.equal(merged.isWorkingDay('2026-10-10'), false);
    assert.equal(merged.isWorkingDay('2026-10-01'), false);
  });
});

describe('WorkCalendar: other time zones and DST (America/New_York)', () => {
  const newYork = new WorkCalendar({ timeZone: 'America/New_York' });
  const ny = (wall: string): Date => at(newYork, wall);

  it('converts wall time to instants on both sides of a DST change', () => {
    assert.equal(ny('2026-03-06 17:00').toISOString(), '2026-03-06T22:00:00.000Z', 'EST, UTC-5');
    assert.equal(ny('2026-03-09 10:00').toISOString(), '2026-03-09T14:00:00.000Z', 'EDT, UTC-4');
    // The skipped hour moves forward; the repeated hour takes its first occurrence.
    assert.equal(ny('2026-03-08 02:30').toISOString(), '2026-03-08T07:30:00.000Z');
    assert.equal(newYork.format(ny('2026-03-08 02:30')), '2026-03-08 03:30');
    assert.equal(ny('2026-11-01 01:30').toISOString(), '2026-11-01T05:30:00.000Z');
    assert.equal(newYork.format(new Date('2026-11-01T06:30:00Z')), '2026-11-01 01:30');
  });

  it('adds working time across the spring-forward change exactly', () => {
    const end = newYork.addWorkingMinutes(ny('2026-03-06 17:00'), 120);
    assert.equal(end.toISOString(), '2026-03-09T14:00:00.000Z');
    assert.equal(newYork.format(end), '2026-03-09 10:00');
    assert.equal(newYork.workingMinutesBetween(ny('2026-03-06 17:00'), end), 120);
  });

  it('adds working time across the fall-back change exactly', () => {
    const end = newYork.addWorkingMinutes(ny('2026-10-30 17:00'), 120);
    assert.equal(end.toISOString(), '2026-11-02T15:00:00.000Z');
    assert.equal(newYork.format(end), '2026-11-02 10:00');
  });

  it('counts real minutes when working hours span the change (a 23 h and a 25 h day)', () => {
    const always = new WorkCalendar({ timeZone: 'America/New_York', workdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: 0, end: 1440 }] });
    const wall = (text: string): Date => at(always, text);
    assert.equal(always.workingMinutesBetween(wall('2026-03-08 00:00'), wall('2026-03-09 00:00')), 23 * 60);
    assert.equal(always.workingMinutesBetween(wall('2026-11-01 00:00'), wall('2026-11-02 00:00')), 25 * 60);
    // Midnight EST + 3 real hours is 04:00 EDT.
    assert.equal(always.format(always.addWorkingMinutes(wall('2026-03-08 00:00'), 180)), '2026-03-08 04:00');
    assert.equal(always.addWorkingMinutes(wall('2026-11-01 00:00'), 180).toISOString(), '2026-11-01T07:00:00.000Z');
  });

  it('agrees with Intl on every 7th hour of 2026 in zones with odd offsets and midnight changes', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'America/Santiago',
      'Asia/Kathmandu',
      'America/St_Johns',
      'Asia/Shanghai',
    ];
    for (const name of zones) {
      const zone = new Zone(name);
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 7 * 3_600_000 + 60_000) {
        const instant = new Date(t);
        const expected = formatDateTime(instant, name);
        assert.equal(zone.format(instant), expected, `${name} at ${instant.toISOString()}`);
        // And back: a wall time that exists names this instant (or, repeated, its first occurrence).
        const back = zone.parseWallTime(expected);
        assert.ok(back && zone.format(back) === expected && back.getTime() <= t, `${name} ${expected} back to ${back?.toISOString()}`);
      }
    }
  });

  it('keeps Asia/Shanghai at +08:00 and reads other zones', () => {
    assert.equal(sh('2026-05-20 10:00').toISOString(), '2026-05-20T02:00:00.000Z');
    const berlin = new Zone('Europe/Berlin');
    assert.equal(berlin.format(new Date('2026-07-01T10:00:00Z')), '2026-07-01 12:00');
    assert.equal(isTimeZone('Asia/Kolkata'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });
});

describe('WorkCalendar: settings are checked', () => {
  it('names an unknown time zone', () => {
    assert.throws(() => new WorkCalendar({ timeZone: 'Asia/Shangai' }), /Asia\/Shangai/);
  });

  it('refuses overlapping or backwards hours, no workdays, a date both off and worked', () => {
    assert.match(
      calendarProblems({
        ...DEFAULT_CALENDAR,
        hours: [
          { start: 540, end: 780 },
          { start: 720, end: 1080 },
        ],
      }).join(),
      /09:00-13:00 overlaps 12:00-18:00/,
    );
    assert.match(
      calendarProblems({ ...DEFAULT_CALENDAR, hours: [{ start: 1080, end: 540 }] }).join(),
      /18:00-09:00 must start before it ends/,
    );
    assert.match(calendarProblems({ ...DEFAULT_CALENDAR, workdays: [] }).join(), /workdays: list at least one/);
    assert.match(
      calendarProblems({ ...DEFAULT_CALENDAR, holidays: ['2026-10-10'], extraWorkdays: ['2026-10-10'] }).join(),
      /2026-10-10 is also a holiday/,
    );
    assert.match(calendarProblems({ ...DEFAULT_CALENDAR, holidays: ['2026-02-30'] }).join(), /"2026-02-30" is not a date/);
    assert.deepEqual(calendarProblems(DEFAULT_CALENDAR), []);
    assert.throws(() => new WorkCalendar({ workdays: [0] }), /0 is not a weekday/);
  });
});

describe('parseIcsHolidays', () => {
  const wrap = (...lines: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'].join('\n');

  it('expands multi-day all-day events (DTEND exclusive), reads make-up days, accepts CRLF and folded lines', () => {
    const dates = parseIcsHolidays(NATIONAL_DAY_ICS);
    assert.deepEqual(dates.holidays, ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    assert.deepEqual(dates.workdays, ['2026-09-20', '2026-10-10']);
    assert.deepEqual(dates.warnings, []);
  });

  it('takes the date of a DTSTART with a time; a UTC time is dated in the calendar zone', () => {
    const text = wrap(
      'BEGIN:VEVENT',
      'DTSTART:20260501T090000',
      'DTEND:20260501T180000',
      'SUMMARY:Labour Day',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20260930T170000Z',
      'SUMMARY:UTC evening',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID="Asia/Shanghai":20260603T090000',
      'DTEND;TZID="Asia/Shanghai":20260605T000000',
      'SUMMARY:Two days',
      'END:VEVENT',
    );
    assert.deepEqual(parseIcsHolidays(text, { timeZone: 'Asia/Shanghai' }).holidays, [
      '2026-05-01',
      '2026-06-03',
      '2026-06-04',
      '2026-10-01',
    ]);
    assert.deepEqual(parseIcsHolidays(text).holidays, ['2026-05-01', '2026-06-03', '2026-06-04', '2026-09-30']);
  });

  it('reads DURATION, skips cancelled events, warns about a recurrence it does not expand', () => {
    const text = wrap(
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260101',
      'DURATION:P3D',
      'RRULE:FREQ=YEARLY',
      'SUMMARY:New Year',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260202',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260303',
      'BEGIN:VALARM',
      'DTSTART:20990101T000000',
      'END:VALARM',
      'END:VEVENT',
    );
    const dates = parseIcsHolidays(text, { source: 'hk.ics' });
    assert.deepEqual(dates.holidays, ['2026-01-01', '2026-01-02', '2026-01-03', '2026-03-03']);
    assert.deepEqual(dates.warnings, ["hk.ics:6: RRULE is not expanded; only the event's first occurrence counts"]);
  });

  const cases: { name: string; text: string; line: number; message: RegExp }[] = [
    { name: 'not an iCalendar file', text: 'hello\nworld', line: 1, message: /must start with BEGIN:VCALENDAR/ },
    {
      name: 'a bad date',
      text: wrap('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:2026-10-01', 'END:VEVENT'),
      line: 4,
      message: /DTSTART "2026-10-01" is not a date \(YYYYMMDD\)/,
    },
    {
      name: 'an impossible date',
      text: wrap('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20260230', 'END:VEVENT'),
      line: 4,
      message: /"20260230" is not a date/,
    },
    {
      name: 'VALUE=DATE with a time',
      text: wrap('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261001T090000', 'END:VEVENT'),
      line: 4,
      message: /VALUE=DATE but .* has a time/,
    },
    { name: 'an event without DTSTART', text: wrap('BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT'), line: 3, message: /no DTSTART/ },
    {
      name: 'DTEND before DTSTART',
      text: wrap('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261008', 'DTEND;VALUE=DATE:20261001', 'END:VEVENT'),
      line: 5,
      message: /DTEND 20261001 must be after DTSTART 20261008/,
    },
    {
      name: 'a missing END',
      text: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261001', 'END:VCALENDAR'].join('\n'),
      line: 4,
      message: /END:VCALENDAR closes BEGIN:VEVENT of line 2/,
    },
    {
      name: 'an unclosed calendar',
      text: ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261001', 'END:VEVENT'].join('\n'),
      line: 1,
      message: /BEGIN:VCALENDAR has no END:VCALENDAR/,
    },
    {
      name: 'a line without a colon',
      text: wrap('BEGIN:VEVENT', 'DTSTART 20261001', 'END:VEVENT'),
      line: 4,
      message: /not a content line/,
    },
    { name: 'a fold with nothing before it', text: ' BEGIN:VCALENDAR', line: 1, message: /folded line/ },
    {
      name: 'an absurdly long event',
      text: wrap('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20280101', 'END:VEVENT'),
      line: 5,
      message: /spans 730 days/,
    },
    {
      name: 'a day both off and worked',
      text: wrap(
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20261010',
        'SUMMARY:假期',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20261010',
        'SUMMARY:补班',
        'END:VEVENT',
      ),
      line: 7,
      message: /2026-10-10 is a make-up working day \(补班\) here but the opposite in the event of line 3/,
    },
  ];
  for (const { name, text, line, message } of cases) {
    it(`names the line of ${name}`, () => {
      assert.throws(
        () => parseIcsHolidays(text, { source: 'feed.ics' }),
        (error: unknown) => {
          assert.ok(error instanceof IcsError);
          assert.equal(error.line, line);
          assert.match(error.message, new RegExp(`^feed\\.ics:${line}: `));
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it('says "line N" when the file has no name', () => {
    assert.throws(() => parseIcsHolidays('nope'), /^IcsError: line 1: not an iCalendar file/);
  });
});
