// Every due says which due it is and since when it is overdue (issue 15, point 3): a Pending row
// read "截止 2026-12-02 13:09 · 已超时 38 分钟" while the deadline was hours away, because the
// overdue part was the first-response rule's. dueFacts names both clocks; dueShort/dueLong say them.
import { strict as assert } from 'node:assert';
import { WorkCalendar } from '../../../src/domain/calendar';
import { dueFacts, dueLong, dueShort, mostPressing } from '../../../src/domain/dueLabel';
import { recordDue } from '../../../src/domain/followUp';
import { parsePolicy } from '../../../src/domain/policyFile';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import { deriveState } from '../../../src/domain/status';
import { POLICY_YAML } from './reportFixture';

// The report's policy, and a day to accept a delivery.
const parsed = parsePolicy(POLICY_YAML.replace('rules:\n', 'rules:\n  - id: accept\n    stage: deliveryAcceptance\n    target: 1wd\n'));
assert.ok(parsed.policy);
const policy = parsed.policy;
const calendar = new WorkCalendar(policy.calendar);

function request(events: RecordEvent[] = []): LiaisonRecord {
  return {
    id: 'R-due',
    kind: 'collaboration-request',
    space: 'internal',
    title: '关于接口联调的协作请求-产品部',
    fields: { sender: '王芳', recipients: ['李明'], deadline: '2026-05-04 16:00' },
    body: '',
    createdBy: '王芳',
    createdAt: '2026-05-04T09:00:00.000Z',
    events: [{ id: 'e0', type: 'sent', actor: '王芳', at: '2026-05-04T09:00:00.000Z' }, ...events],
  };
}

function facts(record: LiaisonRecord, now: string): ReturnType<typeof dueFacts> {
  const at = new Date(now);
  return dueFacts(record, deriveState(record), recordDue(record, policy, calendar, at), at, calendar.zone);
}

describe('due labels: which due, and since when overdue', () => {
  it('names the response rule and the deadline apart: respond overdue while delivery is hours away', () => {
    const dues = facts(request(), '2026-05-04T13:38:00Z');
    assert.deepEqual(
      dues.map((due) => due.kind),
      ['respond', 'deliver'],
    );
    assert.equal(dueLong(dues[0], 'zh', calendar.zone), '答复已超时 38 分钟（自 2026-05-04 13:00 起）');
    assert.equal(dueLong(dues[0], 'en', calendar.zone), 'Respond overdue 38 min (since 2026-05-04 13:00)');
    assert.equal(dueLong(dues[1], 'zh', calendar.zone), '交付期限 2026-05-04 16:00（2 小时 22 分钟后）');
    assert.equal(dueLong(dues[1], 'en', calendar.zone), 'Deliver by 2026-05-04 16:00 (in 2 h 22 min)');
    // The row shows the overdue one, named.
    const row = mostPressing(dues);
    assert.ok(row);
    assert.equal(dueShort(row, 'zh'), '答复已超时 38 分钟');
    assert.equal(dueShort(row, 'en'), 'Respond overdue 38 min');
  });

  it('once accepted only the deadline is left; past it, it is overdue since the deadline', () => {
    const accepted = request([{ id: 'e1', type: 'accepted', actor: '李明', at: '2026-05-04T10:00:00.000Z' }]);
    const dues = facts(accepted, '2026-05-04T17:05:00Z');
    assert.deepEqual(
      dues.map((due) => due.kind),
      ['deliver'],
    );
    assert.equal(dueShort(dues[0], 'zh'), '交付已超时 1 小时 5 分钟');
    assert.equal(dueLong(dues[0], 'en', calendar.zone), 'Deliver overdue 1 h 5 min (since 2026-05-04 16:00)');
  });

  it('a delay moves the deliver due to its new plan', () => {
    const delayed = request([
      { id: 'e1', type: 'accepted', actor: '李明', at: '2026-05-04T10:00:00.000Z' },
      { id: 'e2', type: 'delay', actor: '李明', at: '2026-05-04T11:00:00.000Z', reason: '依赖未就绪', due: '2026-05-05 12:00' },
    ]);
    const dues = facts(delayed, '2026-05-04T17:05:00Z');
    assert.equal(dueLong(dues[0], 'zh', calendar.zone), '交付期限 2026-05-05 12:00（18 小时 55 分钟后）');
  });

  it('after delivery the requester owes the confirmation, no deliver due', () => {
    const delivered = request([
      { id: 'e1', type: 'accepted', actor: '李明', at: '2026-05-04T10:00:00.000Z' },
      { id: 'e2', type: 'delivered', actor: '李明', at: '2026-05-04T11:00:00.000Z' },
    ]);
    const dues = facts(delivered, '2026-05-04T11:30:00Z');
    assert.deepEqual(
      dues.map((due) => due.kind),
      ['confirm'],
    );
    assert.match(dueShort(dues[0], 'zh'), /^确认 .*后到期$/);
    assert.match(dueShort(dues[0], 'en'), /^Confirm in /);
  });
});

describe("due labels: a notice's own deadline", () => {
  it('is 截止 / Deadline, apart from the confirmation the policy asks for', () => {
    const notice: LiaisonRecord = {
      ...request(),
      kind: 'internal-notice',
      fields: { sender: '王芳', audience: ['李明'], deadline: '2026-05-04 16:00' },
    };
    const dues = facts(notice, '2026-05-04T10:00:00Z');
    assert.deepEqual(
      dues.map((due) => due.kind),
      ['confirm', 'deadline'],
    );
    assert.equal(dueLong(dues[1], 'zh', calendar.zone), '截止 2026-05-04 16:00（6 小时后）');
    assert.equal(dueLong(dues[1], 'en', calendar.zone), 'Deadline 2026-05-04 16:00 (in 6 h)');
  });
});
