// Response-time rules applied to the loop: due, reminders only to those who owe an answer and
// never more often than remindEvery, one escalation to the department heads at 48 h overdue.
import { strict as assert } from 'node:assert';
import { WorkCalendar } from '../../../src/domain/calendar';
import { ManualClock } from '../../../src/domain/clock';
import { planFollowUp, recordDue } from '../../../src/domain/followUp';
import { performAction } from '../../../src/domain/lifecycle';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import type { LiaisonRecord } from '../../../src/domain/record';

const calendar = new WorkCalendar(DEFAULT_POLICY.calendar);
const wang = { name: '王芳', department: '产品部' };
const heads: Record<string, string> = { 李明: '张伟', 赵敏: '钱进' };

// Sent Monday 2026-05-18 10:00 Shanghai (02:00Z), high priority: due in 2 working hours.
function record(): LiaisonRecord {
  return {
    id: 'r-1',
    kind: 'collaboration-request',
    space: 'internal',
    title: 't',
    body: '',
    createdBy: '王芳',
    createdAt: '2026-05-18T02:00:00.000Z',
    fields: { sender: '王芳', recipients: ['李明', '赵敏'], audience: ['李明', '赵敏'], priority: 'high' },
    events: [{ id: 'e0', type: 'sent', actor: '王芳', at: '2026-05-18T02:00:00.000Z' }],
  };
}

function at(clock: ManualClock, iso: string): ManualClock {
  clock.set(new Date(iso));
  return clock;
}

describe('follow-ups', () => {
  it('is due 2 working hours after sending a high-priority request, owed by both recipients', () => {
    const due = recordDue(record(), DEFAULT_POLICY, calendar, new Date('2026-05-18T02:30:00.000Z'));
    assert.equal(due?.stage, 'respond');
    assert.equal(due?.due.due.toISOString(), '2026-05-18T04:00:00.000Z');
    assert.equal(due?.status.state, 'ok');
    assert.deepEqual(due?.owedBy, ['李明', '赵敏']);
  });

  it('reminds only those who have not answered, not more often than remindEvery, then escalates once', () => {
    let r = record();
    const clock = new ManualClock(new Date('2026-05-18T02:10:00.000Z'));
    assert.deepEqual(
      planFollowUp(r, DEFAULT_POLICY, calendar, clock, wang, (n) => heads[n]),
      {},
      'nothing before the warning',
    );
    // 李明 accepts; 赵敏 does not answer.
    r = { ...r, events: [...r.events, performAction(r, { type: 'accept' }, { name: '李明' }, at(clock, '2026-05-18T02:20:00.000Z'))] };
    const late = planFollowUp(r, DEFAULT_POLICY, calendar, at(clock, '2026-05-18T05:00:00.000Z'), wang, (n) => heads[n]);
    assert.deepEqual(late.remind?.to, ['赵敏']);
    assert.equal(late.escalate, undefined);
    r = { ...r, events: [...r.events, late.remind!] };
    assert.equal(
      planFollowUp(r, DEFAULT_POLICY, calendar, at(clock, '2026-05-18T06:00:00.000Z'), wang, (n) => heads[n]).remind,
      undefined,
      'within remindEvery (2 h): no second reminder',
    );
    assert.ok(
      planFollowUp(r, DEFAULT_POLICY, calendar, at(clock, '2026-05-18T07:01:00.000Z'), wang, (n) => heads[n]).remind,
      'after 2 h: again',
    );
    // 48 h after the due: escalate to 赵敏's head, once.
    const escalation = planFollowUp(r, DEFAULT_POLICY, calendar, at(clock, '2026-05-20T04:01:00.000Z'), wang, (n) => heads[n]).escalate;
    assert.deepEqual(escalation?.to, ['钱进']);
    r = { ...r, events: [...r.events, escalation!] };
    assert.equal(
      planFollowUp(r, DEFAULT_POLICY, calendar, at(clock, '2026-05-21T04:01:00.000Z'), wang, (n) => heads[n]).escalate,
      undefined,
    );
  });

  it('owes nothing once every recipient answered; a delivery is then owed by the requester', () => {
    let r = record();
    const clock = new ManualClock(new Date('2026-05-18T02:20:00.000Z'));
    for (const name of ['李明', '赵敏']) r = { ...r, events: [...r.events, performAction(r, { type: 'accept' }, { name }, clock)] };
    assert.equal(recordDue(r, DEFAULT_POLICY, calendar, clock.now()), undefined);
    r = { ...r, events: [...r.events, performAction(r, { type: 'deliver' }, { name: '李明' }, at(clock, '2026-05-18T03:00:00.000Z'))] };
    const due = recordDue(r, DEFAULT_POLICY, calendar, clock.now());
    assert.equal(due?.stage, 'deliveryAcceptance');
    assert.deepEqual(due?.owedBy, ['王芳']);
  });
});
