import { strict as assert } from 'node:assert';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import { deriveState, isAddressedTo, isPendingFor, isSentBy } from '../../../src/domain/status';

function record(events: RecordEvent[], recipients: string[] = ['李明', '研发部']): LiaisonRecord {
  return {
    id: 'R-1',
    kind: 'internal-message',
    space: 'internal',
    title: 't',
    body: '',
    createdBy: '王芳',
    createdAt: '2026-11-21T01:00:00Z',
    fields: { sender: '王芳', recipients },
    events,
  };
}
const sent: RecordEvent = { id: 'E-1', type: 'sent', actor: '王芳', at: '2026-11-21T01:00:00Z' };

describe('deriveState', () => {
  it('counts a read per recipient, a department through any member', () => {
    const r = record([sent, { id: 'E-2', type: 'read', actor: '赵强', actorDepartment: '研发部', at: '2026-11-21T02:00:00Z' }]);
    const state = deriveState(r);
    assert.equal(state.status, 'sent');
    assert.equal(state.readCount, 1);
    assert.equal(state.recipientCount, 2);
    assert.deepEqual(
      state.receipts.map((receipt) => receipt.readBy),
      [undefined, '赵强'],
    );
  });

  it('is read once every recipient has read, whatever order the events merged in', () => {
    const reads: RecordEvent[] = [
      { id: 'E-3', type: 'read', actor: '李明', at: '2026-11-21T03:00:00Z' },
      { id: 'E-2', type: 'read', actor: '赵强', actorDepartment: '研发部', at: '2026-11-21T02:00:00Z' },
    ];
    assert.equal(deriveState(record([sent, ...reads])).status, 'read');
    assert.equal(deriveState(record([...reads].reverse().concat(sent))).status, 'read');
  });

  it("a draft without a sent event is nobody's pending item", () => {
    const r = record([]);
    assert.equal(deriveState(r).status, 'draft');
    assert.equal(isPendingFor(r, { name: '李明' }), false);
  });

  it('pending for recipients until done; sent by the sender', () => {
    const r = record([sent]);
    assert.equal(isPendingFor(r, { name: '李明' }), true);
    assert.equal(isPendingFor(r, { name: '赵强', department: '研发部' }), true);
    assert.equal(isPendingFor(r, { name: '孙丽', department: '财务部' }), false);
    assert.equal(isAddressedTo(r, { name: '孙丽', department: '' }), false);
    assert.equal(isSentBy(r, { name: '王芳' }), true);
    // Accepted and delivered by 李明, confirmed and closed by 王芳: nobody's pending item any more.
    const closed = record(
      [
        sent,
        { id: 'E-2', type: 'accepted', actor: '李明', at: '2026-11-21T02:00:00Z' },
        { id: 'E-3', type: 'delivered', actor: '李明', at: '2026-11-21T03:00:00Z' },
        { id: 'E-4', type: 'confirmed', actor: '王芳', at: '2026-11-21T04:00:00Z' },
        { id: 'E-9', type: 'archived', actor: '王芳', at: '2026-11-22T01:00:00Z' },
      ],
      ['李明'],
    );
    assert.equal(deriveState(closed).status, 'archived');
    assert.equal(isPendingFor(closed, { name: '李明' }), false);
    // Closing before delivery is not legal: the event is ignored, the record stays pending.
    const early = record([sent, { id: 'E-9', type: 'archived', actor: '王芳', at: '2026-11-22T01:00:00Z' }]);
    assert.equal(isPendingFor(early, { name: '李明' }), true);
    assert.equal(deriveState(early).lifecycle.ignored[0]?.event.id, 'E-9');
  });
});

describe('receipts, edge cases', () => {
  it('counts a repeated recipient once', () => {
    const state = deriveState(record([sent], ['李明', '李明']));
    assert.equal(state.recipientCount, 1);
    assert.equal(state.receipts.length, 1);
  });

  it('the author reading their own record is no receipt, even for their own department', () => {
    const own = record(
      [sent, { id: 'E-2', type: 'read', actor: '王芳', actorDepartment: '产品部', at: '2026-11-21T02:00:00Z' }],
      ['产品部'],
    );
    assert.equal(deriveState(own).readCount, 0);
    assert.equal(isPendingFor(own, { name: '王芳', department: '产品部' }), false, 'not pending for its author');
    assert.equal(isPendingFor(own, { name: '赵强', department: '产品部' }), true);
  });
});
