// Follow-ups have ids derived from what they are (fu:<record>:<stage>:<kind>:<n>), so the server
// and any editor plan the same event; a notice past its due gets one reach check for those who
// have not read it; an escalation waits in the Pending of the head it went to while still owed.
import { strict as assert } from 'node:assert';
import { WorkCalendar } from '../../../src/domain/calendar';
import { ManualClock } from '../../../src/domain/clock';
import { SERVER_ACTOR, followUpId, parseFollowUpId, planEvents, planFollowUp } from '../../../src/domain/followUp';
import { InboxCache } from '../../../src/domain/inbox';
import { performAction } from '../../../src/domain/lifecycle';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import type { LiaisonRecord } from '../../../src/domain/record';

const calendar = new WorkCalendar(DEFAULT_POLICY.calendar);
const heads: Record<string, string> = { 李明: '张伟', 研发部: '张伟' };
const server = { name: SERVER_ACTOR };

function request(): LiaisonRecord {
  return {
    id: 'R-9',
    kind: 'collaboration-request',
    space: 'internal',
    title: 't',
    body: '',
    createdBy: '王芳',
    createdAt: '2026-05-18T02:00:00.000Z',
    fields: { recipients: ['李明'], audience: ['李明'], priority: 'high' },
    events: [{ id: 'e0', type: 'sent', actor: '王芳', at: '2026-05-18T02:00:00.000Z' }],
  };
}

describe('derived follow-up ids', () => {
  it('plans the same ids wherever it runs, and numbers the next reminder after the ones held', () => {
    const clock = new ManualClock('2026-05-18T05:00:00.000Z');
    const byServer = planFollowUp(request(), DEFAULT_POLICY, calendar, clock, server, (n) => heads[n]);
    const byEditor = planFollowUp(request(), DEFAULT_POLICY, calendar, clock, { name: '王芳', department: '产品部' }, (n) => heads[n]);
    assert.equal(byServer.remind?.id, 'fu:R-9:respond:remind:1');
    assert.equal(byEditor.remind?.id, byServer.remind?.id);
    assert.equal(byServer.remind?.actor, 'Liaison');
    const r = { ...request(), events: [...request().events, byServer.remind!] };
    clock.set('2026-05-18T07:30:00.000Z');
    assert.equal(planFollowUp(r, DEFAULT_POLICY, calendar, clock, server, (n) => heads[n]).remind?.id, 'fu:R-9:respond:remind:2');
    assert.deepEqual(parseFollowUpId('fu:R-9:respond:escalate:1'), { recordId: 'R-9', stage: 'respond', kind: 'escalate', n: 1 });
    assert.equal(followUpId('R:1', 'deliveryAcceptance', 'remind', 3), 'fu:R:1:deliveryAcceptance:remind:3');
    assert.equal(parseFollowUpId('E-abc'), undefined);
  });

  it('checks a notice’s reach once its due has passed: everyone not read, once', () => {
    const notice: LiaisonRecord = {
      ...request(),
      id: 'N-9',
      kind: 'internal-notice',
      fields: { audience: ['李明', '赵敏'], recipients: ['李明', '赵敏'] },
    };
    const read = performAction(notice, { type: 'read' }, { name: '赵敏' }, new ManualClock('2026-05-18T02:30:00.000Z'));
    const r = { ...notice, events: [...notice.events, read] };
    const warning = planFollowUp(r, DEFAULT_POLICY, calendar, new ManualClock('2026-05-18T03:40:00.000Z'), server, (n) => heads[n]);
    assert.equal(warning.reach, undefined, 'not before its due');
    const late = planFollowUp(r, DEFAULT_POLICY, calendar, new ManualClock('2026-05-18T04:10:00.000Z'), server, (n) => heads[n]);
    assert.equal(late.reach?.id, 'fu:N-9:respond:reach:1');
    assert.deepEqual(late.reach?.to, ['李明'], '赵敏 has read it');
    const after = { ...r, events: [...r.events, ...planEvents(late)] };
    const again = planFollowUp(after, DEFAULT_POLICY, calendar, new ManualClock('2026-05-18T08:10:00.000Z'), server, (n) => heads[n]);
    assert.equal(again.reach, undefined, 'once');
  });

  it('lists an escalation in the Pending of the head it went to, until it is answered', () => {
    const clock = new ManualClock('2026-05-21T05:00:00.000Z');
    const plan = planFollowUp(request(), DEFAULT_POLICY, calendar, clock, server, (n) => heads[n]);
    assert.deepEqual(plan.escalate?.to, ['张伟']);
    let r = { ...request(), events: [...request().events, ...planEvents(plan)] };
    const inbox = new InboxCache(() => ({ policy: DEFAULT_POLICY, calendar, headOf: (n) => heads[n] }));
    assert.equal(inbox.entry(r, { name: '张伟', department: '研发部' }, clock.now())?.reason, 'escalated');
    assert.equal(inbox.entry(r, { name: '赵敏', department: '研发部' }, clock.now()), undefined);
    r = { ...r, events: [...r.events, performAction(r, { type: 'accept' }, { name: '李明' }, clock)] };
    assert.equal(inbox.entry(r, { name: '张伟', department: '研发部' }, clock.now()), undefined, 'answered: no longer waiting on the head');
  });
});
