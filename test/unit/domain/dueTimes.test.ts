// Due times across DST, warning and escalation instants, dueState, mayRemind and the relative due text.
import assert from 'node:assert/strict';
import { WorkCalendar } from '../../../src/domain/calendar';
import type { DueResult } from '../../../src/domain/due';
import { dueFor, dueState, mayRemind } from '../../../src/domain/due';
import { formatDueRelative } from '../../../src/domain/dueText';
import type { ResponsePolicy } from '../../../src/domain/policy';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import { due, policyOf, sh, shanghai } from './dueFixtures';

describe('dueFor: time zones and DST (America/New_York)', () => {
  const newYork = new WorkCalendar({ timeZone: 'America/New_York' });
  const policy: ResponsePolicy = { ...DEFAULT_POLICY, calendar: newYork.settings };
  const nyDue = (kind: string, fields: Record<string, string>, instant: string): DueResult => {
    const result = dueFor(policy, newYork, { kind, fields }, 'respond', new Date(instant));
    assert.ok(result);
    return result;
  };

  it('an urgent wall-clock rule across spring-forward: 30 real minutes, the clock jumps', () => {
    const result = nyDue('internal-message', { priority: 'urgent' }, '2026-03-08T06:45:00Z'); // 01:45 EST
    assert.equal(result.due.toISOString(), '2026-03-08T07:15:00.000Z');
    assert.equal(newYork.format(result.due), '2026-03-08 03:15');
  });

  it('an urgent wall-clock rule across fall-back: 30 real minutes, the clock goes back', () => {
    const result = nyDue('emergency', {}, '2026-11-01T05:45:00Z'); // 01:45 EDT
    assert.equal(result.due.toISOString(), '2026-11-01T06:15:00.000Z');
    assert.equal(newYork.format(result.due), '2026-11-01 01:15');
  });

  it('a 24 h wall-clock rule across spring-forward is 24 elapsed hours (23 on the wall clock)', () => {
    const dayPolicy = { ...policyOf('rules:\n  - { id: day, target: 24h, clock: wall }\n'), calendar: newYork.settings };
    const result = dueFor(dayPolicy, newYork, { kind: 'meeting-minutes', fields: {} }, 'respond', new Date('2026-03-07T17:00:00Z')); // 12:00 EST
    assert.ok(result);
    assert.equal(result.due.toISOString(), '2026-03-08T17:00:00.000Z');
    assert.equal(newYork.format(result.due), '2026-03-08 13:00');
  });

  it('a working-clock rule across the change counts working minutes exactly', () => {
    const result = nyDue('internal-message', { priority: 'high' }, '2026-03-06T22:00:00Z'); // Friday 17:00 EST
    assert.equal(result.due.toISOString(), '2026-03-09T14:00:00.000Z');
    assert.equal(newYork.format(result.due), '2026-03-09 10:00');
  });
});

describe('dueFor: warning and escalation instants', () => {
  it('warns at 25% of the target before the due, on the rule clock; escalates 48 h after', () => {
    const high = due('internal-message', { priority: 'high' }, '2026-05-20 10:00');
    assert.equal(shanghai.format(high.warnAt), '2026-05-20 11:30');
    assert.equal(shanghai.format(high.escalateAt), '2026-05-22 12:00');
    const overWeekend = due('internal-message', { priority: 'high' }, '2026-05-22 17:30');
    assert.equal(shanghai.format(overWeekend.due), '2026-05-25 10:30');
    assert.equal(shanghai.format(overWeekend.warnAt), '2026-05-25 10:00');
    const urgent = due('emergency', {}, '2026-05-20 22:00');
    assert.equal(urgent.due.getTime() - urgent.warnAt.getTime(), 7.5 * 60_000);
  });

  it('takes warnBefore as a duration, escalateAfter in working days, and per-rule overrides', () => {
    const policy = policyOf('warnBefore: 45m\nescalateAfter: 2wd\nrules:\n  - { id: urgent, escalateAfter: 2h, warnBefore: 10m }\n');
    const high = due('internal-message', { priority: 'high' }, '2026-05-20 10:00', 'respond', policy);
    assert.equal(shanghai.format(high.warnAt), '2026-05-20 11:15');
    assert.equal(shanghai.format(high.escalateAt), '2026-05-22 12:00');
    const friday = due('internal-message', { priority: 'high' }, '2026-05-22 10:00', 'respond', policy);
    assert.equal(shanghai.format(friday.escalateAt), '2026-05-26 12:00');
    const urgent = due('internal-message', { priority: 'urgent' }, '2026-05-20 22:00', 'respond', policy);
    assert.equal(shanghai.format(urgent.warnAt), '2026-05-20 22:20');
    assert.equal(shanghai.format(urgent.escalateAt), '2026-05-21 00:30');
  });

  it('a warning longer than the target warns from the start', () => {
    const policy = policyOf('warnBefore: 3h\n');
    const high = due('internal-message', { priority: 'high' }, '2026-05-20 10:00', 'respond', policy);
    assert.equal(high.warnAt.getTime(), sh('2026-05-20 10:00').getTime());
  });
});

describe('dueState', () => {
  const high = due('internal-message', { priority: 'high' }, '2026-05-20 10:00'); // due 12:00, warn 11:30, escalate Fri 12:00
  const state = (instant: Date): ReturnType<typeof dueState> => dueState(high, instant);

  it('is ok before the warning, with the minutes left', () => {
    assert.deepEqual(state(sh('2026-05-20 11:00')), { state: 'ok', minutesLeft: 60, minutesOver: 0 });
  });

  it('is a warning from warnAt until the due, rounding the minutes left up', () => {
    assert.deepEqual(state(sh('2026-05-20 11:30')), { state: 'warning', minutesLeft: 30, minutesOver: 0 });
    assert.deepEqual(state(new Date(sh('2026-05-20 12:00').getTime() - 30_000)), { state: 'warning', minutesLeft: 1, minutesOver: 0 });
  });

  it('is breached from the due exactly, counting whole minutes over', () => {
    assert.deepEqual(state(sh('2026-05-20 12:00')), { state: 'breached', minutesLeft: 0, minutesOver: 0 });
    assert.deepEqual(state(new Date(sh('2026-05-20 12:00').getTime() + 59_000)), { state: 'breached', minutesLeft: 0, minutesOver: 0 });
    assert.deepEqual(state(sh('2026-05-20 15:00')), { state: 'breached', minutesLeft: -180, minutesOver: 180 });
    assert.equal(state(sh('2026-05-22 11:59')).state, 'breached');
  });

  it('is escalated 48 h after the due', () => {
    assert.deepEqual(state(sh('2026-05-22 12:00')), { state: 'escalated', minutesLeft: -2880, minutesOver: 2880 });
  });
});

describe('mayRemind', () => {
  it('allows a first reminder, then one every remindEvery (2 h)', () => {
    const last = sh('2026-05-20 10:00');
    assert.equal(mayRemind(undefined, last, DEFAULT_POLICY), true);
    assert.equal(mayRemind(last, sh('2026-05-20 11:59'), DEFAULT_POLICY), false);
    assert.equal(mayRemind(last, sh('2026-05-20 12:00'), DEFAULT_POLICY), true);
    assert.equal(mayRemind(last, sh('2026-05-20 10:30'), policyOf('remindEvery: 30m\n')), true);
  });
});

describe('formatDueRelative', () => {
  const cases: [number, string, string][] = [
    [80, 'in 1 h 20 min', '1 小时 20 分钟后'],
    [-180, 'overdue 3 h', '已超时 3 小时'],
    [2880, 'in 2 d', '2 天后'],
    [3000, 'in 2 d 2 h', '2 天 2 小时后'],
    [45, 'in 45 min', '45 分钟后'],
    [-1, 'overdue 1 min', '已超时 1 分钟'],
    [-1530, 'overdue 1 d 1 h', '已超时 1 天 1 小时'],
    [0, 'due now', '现在到期'],
  ];
  for (const [minutes, en, zh] of cases) {
    it(`${minutes} min: "${en}" / "${zh}"`, () => {
      assert.equal(formatDueRelative(minutes, 'en'), en);
      assert.equal(formatDueRelative(minutes, 'zh'), zh);
    });
  }
});
