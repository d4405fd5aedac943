import assert from 'node:assert/strict';
import type { NotificationSettings } from '../../../src/domain/notifySchedule';
import { defaultNotificationSettings, nextDigest, parseDailyWindow, planSend, quietUntil } from '../../../src/domain/notifySchedule';
import { emailProblem, personChannels, webhookShown } from '../../../src/domain/personChannels';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import { parsePolicy } from '../../../src/domain/policyFile';

const SHANGHAI = defaultNotificationSettings('Asia/Shanghai');
const reminder = { urgent: false, digestable: true };
const plain = { urgent: false, digestable: false };
const urgent = { urgent: true, digestable: false };

/** `2026-06-01T22:00` read as Shanghai wall time (UTC+8, no DST). */
function sh(wall: string): Date {
  return new Date(`${wall}:00+08:00`);
}

describe('notification schedule: quiet hours and the daily digest (clock passed in)', () => {
  it('reads a span of the day, over midnight or not, and refuses what is not one', () => {
    assert.deepEqual(parseDailyWindow('21:00-08:30'), { start: 1260, end: 510 });
    assert.deepEqual(parseDailyWindow('12:00 – 13:30'), { start: 720, end: 810 });
    assert.deepEqual(parseDailyWindow('22:00-24:00'), { start: 1320, end: 0 });
    assert.match(parseDailyWindow('21:00') as string, /is not a span of the day; write HH:mm-HH:mm/);
    assert.match(parseDailyWindow('25:00-08:00') as string, /is not a span/);
    assert.match(parseDailyWindow('08:00-08:00') as string, /starts where it ends/);
  });

  it('holds a non-urgent notice made in quiet hours until they end, and sends an urgent one at once', () => {
    assert.deepEqual(planSend(SHANGHAI, plain, sh('2026-06-01T22:15')), { at: sh('2026-06-02T08:00'), reason: 'quiet' });
    assert.deepEqual(planSend(SHANGHAI, plain, sh('2026-06-02T06:59')), { at: sh('2026-06-02T08:00'), reason: 'quiet' });
    assert.deepEqual(planSend(SHANGHAI, plain, sh('2026-06-02T08:00')), { at: sh('2026-06-02T08:00'), reason: 'now' });
    assert.deepEqual(planSend(SHANGHAI, plain, sh('2026-06-02T20:59')), { at: sh('2026-06-02T20:59'), reason: 'now' });
    assert.deepEqual(planSend(SHANGHAI, urgent, sh('2026-06-01T23:30')), { at: sh('2026-06-01T23:30'), reason: 'now' });
    // Without a digest a reminder is like any other notice.
    assert.equal(planSend(SHANGHAI, reminder, sh('2026-06-01T23:30')).reason, 'quiet');
  });

  it('keeps reminders for the next digest time when the team has one; other notices do not wait for it', () => {
    const digest: NotificationSettings = { ...SHANGHAI, digest: 9 * 60 };
    assert.deepEqual(planSend(digest, reminder, sh('2026-06-02T08:30')), { at: sh('2026-06-02T09:00'), reason: 'digest' });
    assert.deepEqual(planSend(digest, reminder, sh('2026-06-02T09:00')), { at: sh('2026-06-02T09:00'), reason: 'digest' });
    assert.deepEqual(planSend(digest, reminder, sh('2026-06-02T09:01')), { at: sh('2026-06-03T09:00'), reason: 'digest' });
    assert.deepEqual(planSend(digest, plain, sh('2026-06-02T09:01')), { at: sh('2026-06-02T09:01'), reason: 'now' });
    assert.deepEqual(planSend(digest, { urgent: true, digestable: true }, sh('2026-06-02T09:01')).reason, 'now');
  });

  it('counts in the policy zone across a DST change (New York springs forward on 2026-03-08)', () => {
    const ny = defaultNotificationSettings('America/New_York');
    // 22:00 EST on the 7th; quiet until 08:00 EDT on the 8th, which is 12:00 UTC, not 13:00.
    assert.equal(quietUntil(ny, new Date('2026-03-08T03:00:00Z'))?.toISOString(), '2026-03-08T12:00:00.000Z');
    assert.equal(nextDigest({ ...ny, digest: 9 * 60 }, new Date('2026-03-08T03:00:00Z'))?.toISOString(), '2026-03-08T13:00:00.000Z');
    assert.equal(quietUntil({ ...ny, quietHours: undefined }, new Date('2026-03-08T03:00:00Z')), undefined);
  });

  it('is read from the policy file: notifications.quietHours and notifications.digest, with off and the defaults', () => {
    assert.deepEqual(DEFAULT_POLICY.notifications, { quietHours: { start: 1260, end: 480 } });
    const set = parsePolicy('notifications:\n  quietHours: 22:00-07:30\n  digest: 09:00\n');
    assert.deepEqual(set.problems, []);
    assert.deepEqual(set.policy?.notifications, { quietHours: { start: 1320, end: 450 }, digest: 540 });
    assert.deepEqual(parsePolicy('notifications: { quietHours: off, digest: "08:45" }').policy?.notifications, {
      quietHours: undefined,
      digest: 525,
    });
    assert.deepEqual(parsePolicy('calendar: { timeZone: Europe/Berlin }').policy?.notifications, DEFAULT_POLICY.notifications);
  });

  it('refuses a bad notifications key with its line, path and fix, and keeps nothing of that policy', () => {
    const result = parsePolicy('rules: []\nnotifications:\n  quietHours: 9pm-8am\n  digest: 7:00\n  digets: 09:00\n');
    assert.equal(result.policy, undefined);
    assert.deepEqual(
      result.problems.map((problem) => [problem.line, problem.path]),
      [
        [3, 'notifications.quietHours'],
        // 7:00 is a time, but within the quiet hours in force (the default, the given ones being refused).
        [4, 'notifications.digest'],
        [5, 'notifications.digets'],
      ],
    );
    assert.match(result.problems[0].message, /write HH:mm-HH:mm, e\.g\. 21:00-08:30/);
    const inside = parsePolicy('notifications:\n  digest: "07:00"\n');
    assert.deepEqual(
      inside.problems.map((problem) => [problem.line, problem.path, problem.message]),
      [[2, 'notifications.digest', '07:00 is within quietHours 21:00-08:00; pick a digest time outside them, e.g. 08:00']],
    );
    assert.equal(parsePolicy('notifications: 9am').problems[0].path, 'notifications');
  });
});

describe('a person’s channels from the directory', () => {
  it('keeps the addresses in the order notices try them and refuses the rest with a reason in both languages', () => {
    const { channels, problems } = personChannels({
      name: '李明',
      email: 'li.ming@example',
      dingtalk: 'manager6712',
      feishu: 'ou_1a2b',
      webhook: 'https://hooks.example.com/p/li?token=SECRET',
    });
    assert.deepEqual(
      channels.map((channel) => channel.channel),
      ['dingtalk', 'feishu', 'webhook'],
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0].channel, 'email');
    assert.match(problems[0].reason.en, /not an e-mail address/);
    assert.match(problems[0].reason.zh, /不是邮件地址/);
    assert.equal(personChannels({ name: 'x', webhook: 'ftp://x' }).problems[0].reason.en, 'ftp: is not supported; use https://');
    assert.equal(personChannels({ name: 'x', dingtalk: 'has space' }).problems[0].channel, 'dingtalk');
    assert.deepEqual(personChannels({ name: 'x', email: '  ' }), { channels: [], problems: [] });
  });

  it('checks e-mail addresses and never shows a webhook’s query', () => {
    assert.equal(emailProblem('王芳@例子.中国'), undefined);
    assert.equal(emailProblem('li.ming+liaison@example.com'), undefined);
    for (const bad of ['li.ming', 'Li Ming <li@example.com>', 'a@b', 'a@@b.com', 'a b@c.com', `${'x'.repeat(65)}@example.com`])
      assert.notEqual(emailProblem(bad), undefined, bad);
    assert.equal(webhookShown('https://oapi.dingtalk.com/robot/send?access_token=abc'), 'https://oapi.dingtalk.com/robot/send');
    const problem = personChannels({ name: 'x', webhook: 'https://u:p@h.example.com/x?token=T' }).problems[0];
    assert.equal(problem.value, 'https://h.example.com/x');
  });
});
