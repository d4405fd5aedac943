// Every transition of the closed loop, legal and illegal, and convergence of concurrent actions.
import { strict as assert } from 'node:assert';
import * as Y from 'yjs';
import { ManualClock } from '../../../src/domain/clock';
import { availableActions, checkAction, foldLifecycle, keyConfirmers, LifecycleError, performAction } from '../../../src/domain/lifecycle';
import type { ActionInput } from '../../../src/domain/lifecycle';
import type { Identity, LiaisonRecord } from '../../../src/domain/record';
import { deriveState, pendingReason } from '../../../src/domain/status';
import { appendEvent, getRecord, putRecord } from '../../../src/store/recordsDoc';

const wang: Identity = { name: '王芳', department: '产品部' };
const li: Identity = { name: '李明', department: '研发部' };
const zhang: Identity = { name: '张伟', department: '研发部' };
const zhao: Identity = { name: '赵敏', department: '测试部' };

function request(overrides: Partial<LiaisonRecord> = {}): LiaisonRecord {
  return {
    id: 'r-1',
    kind: 'collaboration-request',
    space: 'internal',
    title: '关于发票导出联调的协作请求-财务部',
    fields: { sender: '王芳', recipients: ['李明'], audience: ['李明'], priority: 'high' },
    body: '## 背景与目标\n\n导出发票\n',
    createdBy: '王芳',
    createdAt: '2026-05-18T01:00:00.000Z',
    events: [{ id: 'e0', type: 'sent', actor: '王芳', actorDepartment: '产品部', at: '2026-05-18T01:00:00.000Z' }],
    ...overrides,
  };
}

class Loop {
  readonly clock = new ManualClock(new Date('2026-05-18T02:00:00.000Z'));
  constructor(public record: LiaisonRecord) {}

  act(actor: Identity, action: ActionInput, arbiter?: string): this {
    this.clock.advance(60_000);
    const event = performAction(this.record, action, actor, this.clock, { arbiter });
    this.record = { ...this.record, events: [...this.record.events, event] };
    return this;
  }

  refuse(actor: Identity, action: ActionInput, pattern: RegExp, arbiter?: string): this {
    const why = checkAction(this.record, action, actor, { arbiter });
    assert.ok(why, `${actor.name} ${action.type} should be refused`);
    assert.match(`${why.en} ${why.zh}`, pattern);
    assert.throws(() => performAction(this.record, action, actor, this.clock, { arbiter }), LifecycleError);
    return this;
  }

  get status(): string {
    return deriveState(this.record).status;
  }
}

describe('lifecycle: a request', () => {
  it('goes sent → read → accepted → in progress → delivered → confirmed → archived', () => {
    const loop = new Loop(request());
    assert.equal(loop.status, 'sent');
    assert.equal(pendingReason(loop.record, li), 'answer');
    loop.act(li, { type: 'read' });
    assert.equal(loop.status, 'read');
    loop.act(li, { type: 'accept' });
    assert.equal(loop.status, 'accepted');
    loop.act(li, { type: 'status', note: '联调 60%' });
    assert.equal(loop.status, 'in-progress');
    loop.act(li, { type: 'delay', reason: '环境故障', due: '2026-05-22 18:00' });
    assert.equal(deriveState(loop.record).lifecycle.plan?.due, '2026-05-22 18:00');
    loop.act(wang, { type: 'feedback', note: '请同时导出 CSV' });
    loop.act(li, { type: 'deliver', note: '已上线' });
    assert.equal(loop.status, 'delivered');
    assert.equal(pendingReason(loop.record, wang), 'confirm', 'the requester must confirm the delivery');
    assert.equal(pendingReason(loop.record, li), undefined);
    loop.act(wang, { type: 'confirm' });
    assert.equal(loop.status, 'confirmed');
    loop.act(wang, { type: 'archive' });
    assert.equal(loop.status, 'archived');
    assert.deepEqual(availableActions(loop.record, wang), ['reopen']);
  });

  it('refuses what is out of turn, saying why', () => {
    const loop = new Loop(request());
    loop.refuse(li, { type: 'deliver' }, /Accept it before delivering/);
    loop.refuse(wang, { type: 'accept' }, /Only a recipient \(李明\)/);
    loop.refuse(zhao, { type: 'status', note: 'x' }, /Only the author and the recipients/);
    loop.refuse(li, { type: 'decline', reason: '没空' }, /reason and an alternative/);
    loop.refuse(wang, { type: 'archive' }, /Nothing has been delivered yet/);
    loop.refuse(li, { type: 'confirm' }, /Only those who must confirm \(王芳\)/);
    loop.refuse(wang, { type: 'read' }, /your own record/);
    loop.act(li, { type: 'accept' });
    loop.refuse(li, { type: 'accept' }, /answered already|Work has started/);
    loop.refuse(li, { type: 'delay', reason: 'late' }, /new planned time/);
    loop.act(li, { type: 'deliver' });
    loop.refuse(li, { type: 'archive' }, /Only the author can close/);
    loop.refuse(wang, { type: 'archive' }, /Cannot close yet: 王芳 has not confirmed/);
    loop.refuse(wang, { type: 'reopen' }, /needs a reason/);
    loop.refuse(wang, { type: 'arbitrate', decision: 'accept' }, /no open dispute|project lead/i, '张伟');
  });

  it('a decline carries a reason and an alternative, and may be reopened to ask again', () => {
    const loop = new Loop(request());
    loop.act(li, { type: 'decline', reason: '本周排满', alternative: '下周一开始，或找张伟' });
    assert.equal(loop.status, 'declined');
    const answer = deriveState(loop.record).lifecycle.answers[0];
    assert.deepEqual([answer.answer, answer.reason, answer.alternative], ['declined', '本周排满', '下周一开始，或找张伟']);
    assert.equal(pendingReason(loop.record, li), undefined, 'a declined request no longer waits for the decliner');
    loop.act(wang, { type: 'reopen', reason: '已协调资源' });
    assert.equal(loop.status, 'sent');
    loop.act(li, { type: 'accept' });
    assert.equal(loop.status, 'accepted');
  });

  it('a declined request may be closed without confirmations', () => {
    const loop = new Loop(request()).act(li, { type: 'decline', reason: 'r', alternative: 'a' }).act(wang, { type: 'archive' });
    assert.equal(loop.status, 'archived');
  });

  it('a department recipient is answered by any member of the department', () => {
    const loop = new Loop(request({ fields: { sender: '王芳', recipients: ['研发部'], audience: ['研发部'], priority: 'high' } }));
    assert.equal(pendingReason(loop.record, zhang), 'answer');
    loop.act(zhang, { type: 'accept' });
    assert.deepEqual(
      deriveState(loop.record).lifecycle.answers.map((a) => [a.recipient, a.by]),
      [['研发部', '张伟']],
    );
    loop.refuse(li, { type: 'accept' }, /answered already/);
  });

  it('a dispute goes to the project lead, who accepts the result or sends it back to work', () => {
    const loop = new Loop(request()).act(li, { type: 'accept' }).act(li, { type: 'deliver' });
    loop.refuse(wang, { type: 'dispute' }, /needs a reason/);
    loop.act(wang, { type: 'dispute', reason: '导出缺少税号' });
    assert.equal(loop.status, 'disputed');
    loop.refuse(wang, { type: 'confirm' }, /dispute is open/);
    loop.refuse(wang, { type: 'archive' }, /dispute is open/);
    loop.refuse(li, { type: 'arbitrate', decision: 'accept' }, /Only the project lead, 张伟/, '张伟');
    loop.refuse(zhang, { type: 'arbitrate', decision: 'accept' }, /No project lead/);
    assert.equal(pendingReason(loop.record, zhang, deriveState(loop.record), '张伟'), 'arbitrate');
    loop.act(zhang, { type: 'arbitrate', decision: 'rework' }, '张伟');
    assert.equal(loop.status, 'in-progress');
    loop.act(li, { type: 'deliver' }).act(li, { type: 'dispute', reason: '需求变更' });
    loop.act(zhang, { type: 'arbitrate', decision: 'accept' }, '张伟');
    assert.equal(loop.status, 'confirmed');
    loop.act(wang, { type: 'archive' });
    assert.equal(loop.status, 'archived');
  });

  it('the record field lead names the project lead', () => {
    const loop = new Loop(request({ fields: { sender: '王芳', recipients: ['李明'], audience: ['李明'], lead: '赵敏' } }))
      .act(li, { type: 'accept' })
      .act(li, { type: 'deliver' })
      .act(wang, { type: 'dispute', reason: 'x' });
    loop.refuse(zhang, { type: 'arbitrate', decision: 'accept' }, /Only the project lead, 赵敏/, '张伟');
    loop.act(zhao, { type: 'arbitrate', decision: 'accept' });
    assert.equal(loop.status, 'confirmed');
  });

  it('a reopened delivery needs confirming again', () => {
    const loop = new Loop(request())
      .act(li, { type: 'accept' })
      .act(li, { type: 'deliver' })
      .act(wang, { type: 'confirm' })
      .act(wang, { type: 'archive' });
    loop.act(wang, { type: 'reopen', reason: '月底对账出错' });
    assert.equal(loop.status, 'in-progress');
    assert.deepEqual(deriveState(loop.record).lifecycle.confirmations, []);
    loop.refuse(wang, { type: 'archive' }, /Nothing has been delivered/);
  });
});

describe('lifecycle: a notice and minutes', () => {
  const notice = (): LiaisonRecord =>
    request({
      id: 'n-1',
      kind: 'internal-notice',
      title: '关于国庆放假安排的通知-行政部',
      fields: { sender: '王芳', recipients: ['研发部'], confirmers: ['李明', '张伟'], audience: ['研发部', '李明', '张伟'] },
    });

  it('is confirmed by each confirmer, shown as a confirmation list, then closed', () => {
    const loop = new Loop(notice());
    assert.deepEqual(keyConfirmers(loop.record), ['李明', '张伟']);
    loop.refuse(li, { type: 'accept' }, /confirmed, not accepted/);
    loop.refuse(li, { type: 'deliver' }, /confirmed, not delivered/);
    loop.act(li, { type: 'confirm' });
    const state = deriveState(loop.record).lifecycle;
    assert.deepEqual(
      state.confirmations.map((c) => c.confirmer),
      ['李明'],
    );
    assert.equal(pendingReason(loop.record, zhang), 'confirm');
    loop.refuse(wang, { type: 'archive' }, /张伟 has not confirmed/);
    loop.act(zhang, { type: 'confirm' });
    assert.equal(loop.status, 'confirmed');
    loop.act(wang, { type: 'archive' });
    assert.equal(loop.status, 'archived');
  });

  it('an internal message of type notice is confirmed by its recipients', () => {
    const loop = new Loop(request({ kind: 'internal-message', fields: { sender: '王芳', recipients: ['李明'], type: 'notice' } }));
    assert.equal(foldLifecycle(loop.record).flow, 'notice');
    loop.act(li, { type: 'confirm' }).act(wang, { type: 'archive' });
    assert.equal(loop.status, 'archived');
  });

  it('action items of minutes are delivered item by item', () => {
    const loop = new Loop(
      request({ kind: 'meeting-minutes', fields: { sender: '王芳', attendees: ['李明', '张伟'], audience: ['李明', '张伟'] } }),
    );
    loop.act(li, { type: 'deliver', item: 2, note: '接口文档已更新' });
    assert.deepEqual(foldLifecycle(loop.record).itemsDone, [2]);
    assert.equal(loop.status, 'sent', 'an item done does not deliver the minutes');
  });
});

describe('lifecycle: concurrent actions on two replicas', () => {
  it('converge to the same state after the documents merge', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const record = request();
    putRecord(a, record);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const clockA = new ManualClock(new Date('2026-05-18T03:00:00.000Z'));
    const clockB = new ManualClock(new Date('2026-05-18T03:00:00.000Z'));
    // Offline: 李明 accepts and delivers on machine A; on machine B he declines (a second laptop)
    // and 王芳 posts feedback.
    const onA = getRecord(a, 'r-1') as LiaisonRecord;
    appendEvent(a, 'r-1', performAction(onA, { type: 'accept' }, li, clockA));
    clockA.advance(60_000);
    appendEvent(a, 'r-1', performAction(getRecord(a, 'r-1') as LiaisonRecord, { type: 'deliver' }, li, clockA));
    clockB.advance(30_000);
    appendEvent(
      b,
      'r-1',
      performAction(
        getRecord(b, 'r-1') as LiaisonRecord,
        { type: 'decline', reason: '另一台电脑上的回答', alternative: '下周' },
        li,
        clockB,
      ),
    );
    appendEvent(b, 'r-1', performAction(getRecord(b, 'r-1') as LiaisonRecord, { type: 'feedback', note: '请尽快答复' }, wang, clockB));
    // Sync both ways, in either order.
    const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
    const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
    Y.applyUpdate(a, fromB);
    Y.applyUpdate(b, fromA);
    const stateA = deriveState(getRecord(a, 'r-1') as LiaisonRecord);
    const stateB = deriveState(getRecord(b, 'r-1') as LiaisonRecord);
    assert.equal(stateA.status, stateB.status);
    assert.deepEqual(stateA.lifecycle, stateB.lifecycle);
    // The accept (03:00) came first; the later decline from the other machine is ignored on both.
    assert.equal(stateA.status, 'delivered');
    assert.equal(stateA.lifecycle.ignored.length, 1);
    assert.equal(stateA.lifecycle.ignored[0].event.type, 'declined');
  });
});
