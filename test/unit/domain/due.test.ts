import assert from 'node:assert/strict';
import { WorkCalendar } from '../../../src/domain/calendar';
import type { DueResult } from '../../../src/domain/due';
import { dueFor, dueState, mayRemind } from '../../../src/domain/due';
import { formatDueRelative } from '../../../src/domain/dueText';
import type { ResponsePolicy, Stage } from '../../../src/domain/policy';
import { matchRule } from '../../../src/domain/policy';
import { DEFAULT_POLICY, DEFAULT_RULES } from '../../../src/domain/policyDefaults';
import { parsePolicy } from '../../../src/domain/policyFile';
import type { FieldValue } from '../../../src/domain/record';

const shanghai = new WorkCalendar();
const sh = (wall: string): Date => {
  const instant = shanghai.zone.parseWallTime(wall);
  assert.ok(instant, wall);
  return instant;
};

function policyOf(text: string): ResponsePolicy {
  const result = parsePolicy(text);
  assert.deepEqual(result.problems, []);
  assert.ok(result.policy);
  return result.policy;
}

function due(
  kind: string,
  fields: Record<string, FieldValue>,
  at: string,
  stage: Stage = 'respond',
  policy = DEFAULT_POLICY,
  calendar = shanghai,
): DueResult {
  const result = dueFor(policy, calendar, { kind, fields }, stage, calendar.zone.parseWallTime(at) ?? new Date(Number.NaN));
  assert.ok(result, `${kind} ${JSON.stringify(fields)} has a due`);
  return result;
}

// 2026-05-20 is a Wednesday; 05-22 a Friday, 05-23 a Saturday, 05-25 a Monday. Default policy and
// calendar (Mon–Fri 09:00–12:00, 13:00–18:00, Asia/Shanghai). `due` is a wall time in Shanghai.
interface Case {
  name: string;
  kind: string;
  fields: Record<string, string>;
  stage?: Stage;
  at: string;
  due: string;
  rule: string;
  clock: 'working' | 'wall';
}

const CASES: readonly Case[] = [
  {
    name: 'an emergency at 22:00 is due at 22:30, not next morning',
    kind: 'emergency',
    fields: {},
    at: '2026-05-20 22:00',
    due: '2026-05-20 22:30',
    rule: 'emergency',
    clock: 'wall',
  },
  {
    name: 'an emergency on a Saturday night, whatever its priority field says',
    kind: 'emergency',
    fields: { priority: 'low' },
    at: '2026-05-23 03:10',
    due: '2026-05-23 03:40',
    rule: 'emergency',
    clock: 'wall',
  },
  {
    name: 'an urgent internal message on Friday evening',
    kind: 'internal-message',
    fields: { priority: 'urgent', type: 'notice' },
    at: '2026-05-22 17:50',
    due: '2026-05-22 18:20',
    rule: 'urgent',
    clock: 'wall',
  },
  {
    name: 'an urgent collaboration request: urgent comes before the 2-working-day rule',
    kind: 'collaboration-request',
    fields: { priority: 'urgent' },
    at: '2026-05-20 10:00',
    due: '2026-05-20 10:30',
    rule: 'urgent',
    clock: 'wall',
  },
  {
    name: 'an urgent complaint on a Saturday: urgent comes before complaint',
    kind: 'client-feedback',
    fields: { priority: 'urgent', feedbackType: 'complaint' },
    at: '2026-05-23 09:00',
    due: '2026-05-23 09:30',
    rule: 'urgent',
    clock: 'wall',
  },
  {
    name: 'a high internal message at 17:00: one hour today, one tomorrow',
    kind: 'internal-message',
    fields: { priority: 'high', type: 'issue-feedback' },
    at: '2026-05-20 17:00',
    due: '2026-05-21 10:00',
    rule: 'high',
    clock: 'working',
  },
  {
    name: 'a high collaboration request: high comes before accept/decline',
    kind: 'collaboration-request',
    fields: { priority: 'high' },
    at: '2026-05-20 10:00',
    due: '2026-05-20 12:00',
    rule: 'high',
    clock: 'working',
  },
  {
    name: 'a high client request over lunch',
    kind: 'external-request',
    fields: { priority: 'high', counterpartType: 'client' },
    at: '2026-05-20 11:30',
    due: '2026-05-20 14:30',
    rule: 'high',
    clock: 'working',
  },
  {
    name: 'an after-sales complaint: 2 h',
    kind: 'client-feedback',
    fields: { priority: 'medium', feedbackType: 'complaint' },
    at: '2026-05-20 11:00',
    due: '2026-05-20 14:00',
    rule: 'client-complaint',
    clock: 'working',
  },
  {
    name: 'an external client message: 4 h',
    kind: 'external-request',
    fields: { priority: 'medium', counterpartType: 'client' },
    at: '2026-05-20 15:00',
    due: '2026-05-21 10:00',
    rule: 'client-request',
    clock: 'working',
  },
  {
    name: 'client feedback that is no complaint: 4 h, over a weekend',
    kind: 'client-feedback',
    fields: { priority: 'low', feedbackType: 'issue' },
    at: '2026-05-22 16:00',
    due: '2026-05-25 11:00',
    rule: 'client-feedback',
    clock: 'working',
  },
  {
    name: 'client praise: 4 h',
    kind: 'client-feedback',
    fields: { priority: 'medium', feedbackType: 'praise' },
    at: '2026-05-20 09:00',
    due: '2026-05-20 14:00',
    rule: 'client-feedback',
    clock: 'working',
  },
  {
    name: 'a supplier request: normal, one working day',
    kind: 'external-request',
    fields: { priority: 'medium', counterpartType: 'supplier' },
    at: '2026-05-20 15:00',
    due: '2026-05-21 15:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'a partner request on Friday evening: normal, Monday',
    kind: 'external-request',
    fields: { priority: 'low', counterpartType: 'partner' },
    at: '2026-05-22 17:30',
    due: '2026-05-25 17:30',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'a notice published Friday 17:00: confirmation 2 working hours later',
    kind: 'internal-notice',
    fields: { priority: 'medium' },
    at: '2026-05-22 17:00',
    due: '2026-05-25 10:00',
    rule: 'notice-confirmation',
    clock: 'working',
  },
  {
    name: 'a collaboration request on Friday: accept or decline by Tuesday',
    kind: 'collaboration-request',
    fields: { priority: 'medium' },
    at: '2026-05-22 10:00',
    due: '2026-05-26 10:00',
    rule: 'collaboration-accept',
    clock: 'working',
  },
  {
    name: 'a collaboration request after hours: two full working days from the next morning',
    kind: 'collaboration-request',
    fields: { priority: 'low' },
    at: '2026-05-20 20:00',
    due: '2026-05-22 18:00',
    rule: 'collaboration-accept',
    clock: 'working',
  },
  {
    name: 'an internal notice message: 2 h',
    kind: 'internal-message',
    fields: { priority: 'medium', type: 'notice' },
    at: '2026-05-20 17:30',
    due: '2026-05-21 10:30',
    rule: 'internal-message',
    clock: 'working',
  },
  {
    name: 'a low internal result report sent at lunch',
    kind: 'internal-message',
    fields: { priority: 'low', type: 'result-report' },
    at: '2026-05-20 12:30',
    due: '2026-05-20 15:00',
    rule: 'internal-message',
    clock: 'working',
  },
  {
    name: 'meeting minutes: normal',
    kind: 'meeting-minutes',
    fields: {},
    at: '2026-05-20 10:00',
    due: '2026-05-21 10:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'a requirement confirmation: normal',
    kind: 'requirement-confirmation',
    fields: { priority: 'low' },
    at: '2026-05-21 14:00',
    due: '2026-05-22 14:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: "a team's own kind: normal",
    kind: 'vendor-onboarding',
    fields: { priority: 'medium' },
    at: '2026-05-20 10:00',
    due: '2026-05-21 10:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'delivery acceptance of a collaboration: 3 working days',
    kind: 'collaboration-request',
    fields: { priority: 'medium' },
    stage: 'deliveryAcceptance',
    at: '2026-05-20 10:00',
    due: '2026-05-25 10:00',
    rule: 'delivery-acceptance',
    clock: 'working',
  },
  {
    name: 'delivery acceptance of an urgent request: urgent is a respond rule',
    kind: 'external-request',
    fields: { priority: 'urgent', counterpartType: 'client' },
    stage: 'deliveryAcceptance',
    at: '2026-05-20 10:00',
    due: '2026-05-25 10:00',
    rule: 'delivery-acceptance',
    clock: 'working',
  },
  {
    name: 'follow-up after delivery to a client: 48 h as two working days',
    kind: 'external-request',
    fields: { priority: 'medium', counterpartType: 'client' },
    stage: 'followUp',
    at: '2026-05-20 10:00',
    due: '2026-05-22 10:00',
    rule: 'follow-up',
    clock: 'working',
  },
  {
    name: 'follow-up after a Friday-evening delivery',
    kind: 'external-request',
    fields: { priority: 'high', counterpartType: 'client' },
    stage: 'followUp',
    at: '2026-05-22 19:00',
    due: '2026-05-26 18:00',
    rule: 'follow-up',
    clock: 'working',
  },
];

describe('dueFor: the default rules', () => {
  for (const item of CASES) {
    it(item.name, () => {
      const result = due(item.kind, item.fields, item.at, item.stage);
      assert.equal(shanghai.format(result.due), item.due);
      assert.equal(result.rule.id, item.rule);
      assert.equal(result.rule.clock, item.clock);
      assert.equal(result.rule.stage, item.stage ?? 'respond');
      assert.equal(result.start.getTime(), sh(item.at).getTime());
    });
  }

  it('a knowledge entry expects no response: no due, though a rule matches', () => {
    assert.equal(dueFor(DEFAULT_POLICY, shanghai, { kind: 'knowledge-entry', fields: {} }, 'respond', sh('2026-05-20 10:00')), undefined);
    assert.equal(matchRule(DEFAULT_POLICY, { kind: 'knowledge-entry', fields: {} }, 'respond')?.id, 'knowledge-entry');
  });

  it('the table covers every default rule', () => {
    const covered = new Set([...CASES.map((item) => item.rule), 'knowledge-entry']);
    assert.deepEqual(
      DEFAULT_RULES.map((rule) => rule.id).filter((id) => !covered.has(id)),
      [],
    );
  });

  it('reads field values case-insensitively and from lists', () => {
    assert.equal(
      due('client-feedback', { priority: 'Medium', feedbackType: ' Complaint ' }, '2026-05-20 10:00').rule.id,
      'client-complaint',
    );
    assert.equal(
      due('external-request', { priority: 'medium', counterpartType: ['partner', 'client'] }, '2026-05-20 10:00').rule.id,
      'client-request',
    );
  });

  it('no due when no rule matches (a policy without the defaults)', () => {
    const policy = policyOf('useDefaults: false\nrules:\n  - { id: only-emergencies, kind: emergency, target: 15m, clock: wall }\n');
    assert.equal(
      dueFor(policy, shanghai, { kind: 'internal-message', fields: { priority: 'high' } }, 'respond', sh('2026-05-20 10:00')),
      undefined,
    );
    assert.equal(matchRule(policy, { kind: 'internal-message', fields: {} }, 'respond'), undefined);
    assert.equal(shanghai.format(due('emergency', {}, '2026-05-20 23:50', 'respond', policy).due), '2026-05-21 00:05');
  });

  it('refuses an invalid start', () => {
    assert.throws(() => dueFor(DEFAULT_POLICY, shanghai, { kind: 'emergency', fields: {} }, 'respond', new Date('nope')), RangeError);
  });
});

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
