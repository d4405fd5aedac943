// Remind now (催办) and Recall (撤回), issue 15 point 9: the author reminds those who have not
// answered, recorded, never more often than the policy's remindEvery; she recalls what she sent,
// with a reason, while nobody has acted on it, and then it asks nothing of anyone.
import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/domain/clock';
import { availableActions, checkAction, foldLifecycle, performAction } from '../../../src/domain/lifecycle';
import type { ActionInput } from '../../../src/domain/lifecycle';
import type { Identity, LiaisonRecord } from '../../../src/domain/record';
import { deriveState, pendingReason } from '../../../src/domain/status';

const wang: Identity = { name: '王芳', department: '产品部' };
const li: Identity = { name: '李明', department: '研发部' };
const zhang: Identity = { name: '张伟', department: '运营部' };
const SENT_AT = '2026-05-04T09:00:00.000Z';

function request(): LiaisonRecord {
  return {
    id: 'R-remind',
    kind: 'collaboration-request',
    space: 'internal',
    title: '关于接口联调的协作请求-产品部',
    fields: { sender: '王芳', recipients: ['李明', '张伟'], deadline: '2026-05-06 18:00' },
    body: '',
    createdBy: '王芳',
    createdAt: SENT_AT,
    events: [{ id: 'e0', type: 'sent', actor: '王芳', actorDepartment: '产品部', at: SENT_AT }],
  };
}

function act(record: LiaisonRecord, actor: Identity, action: ActionInput, clock: ManualClock, remindEveryMinutes = 120): LiaisonRecord {
  const event = performAction(record, action, actor, clock, { now: clock.now(), remindEveryMinutes });
  return { ...record, events: [...record.events, event] };
}

describe('Remind now (催办)', () => {
  it('reminds those who have not answered, recorded as a reminded event', () => {
    const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
    let record = act(request(), li, { type: 'accept' }, clock);
    record = act(record, wang, { type: 'remind' }, clock);
    const reminder = record.events.at(-1);
    assert.equal(reminder?.type, 'reminded');
    assert.deepEqual(reminder?.to, ['张伟']);
  });

  it('is refused within remindEvery of the last reminder, saying when it may be sent again', () => {
    const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
    const record = act(request(), wang, { type: 'remind' }, clock);
    clock.advance(30 * 60_000);
    const why = checkAction(record, { type: 'remind' }, wang, { now: clock.now(), remindEveryMinutes: 120 });
    assert.match(why?.zh ?? '', /每 2 小时最多催办一次，1 小时 30 分钟后可再催办/);
    assert.match(why?.en ?? '', /one reminder every 2 h; try again in 1 h 30 min/);
    clock.advance(90 * 60_000);
    assert.equal(checkAction(record, { type: 'remind' }, wang, { now: clock.now(), remindEveryMinutes: 120 }), undefined);
  });

  it('only the author reminds, and only while someone owes an answer', () => {
    const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
    assert.match(checkAction(request(), { type: 'remind' }, li)?.en ?? '', /Only the author/);
    let record = act(request(), li, { type: 'accept' }, clock);
    record = act(record, zhang, { type: 'accept' }, clock);
    assert.match(checkAction(record, { type: 'remind' }, wang)?.zh ?? '', /没有需要催办的人/);
  });
});

describe('Recall (撤回)', () => {
  it('withdraws a sent record with a reason; recipients are asked nothing more', () => {
    const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
    let record = request();
    // Reading is not acting: still recallable.
    record = {
      ...record,
      events: [...record.events, { id: 'r1', type: 'read', actor: '李明', actorDepartment: '研发部', at: '2026-05-04T09:30:00.000Z' }],
    };
    assert.ok(availableActions(record, wang).includes('recall'));
    assert.match(checkAction(record, { type: 'recall' }, wang)?.zh ?? '', /撤回需要写明原因/);
    record = act(record, wang, { type: 'recall', reason: '需求变更，另发新请求' }, clock);
    const state = deriveState(record);
    assert.equal(state.status, 'recalled');
    assert.deepEqual(foldLifecycle(record).recall, { by: '王芳', reason: '需求变更，另发新请求', at: '2026-05-04T10:00:00.000Z' });
    assert.equal(pendingReason(record, li, state), undefined);
    assert.match(checkAction(record, { type: 'accept' }, li)?.zh ?? '', /记录已撤回/);
    assert.deepEqual(availableActions(record, li), []);
  });

  it('is refused once someone has acted, and to anyone but the author', () => {
    const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
    assert.match(checkAction(request(), { type: 'recall', reason: 'x' }, li)?.en ?? '', /Only the author/);
    const accepted = act(request(), li, { type: 'accept' }, clock);
    assert.match(checkAction(accepted, { type: 'recall', reason: '不需要了' }, wang)?.zh ?? '', /已经有人处理，不能撤回/);
    assert.ok(!availableActions(accepted, wang).includes('recall'));
  });
});
