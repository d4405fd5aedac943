// Action items of minutes become tracked items of their owners.
import { strict as assert } from 'node:assert';
import { actionItems, openItemsFor } from '../../../src/domain/actionItems';
import { ManualClock } from '../../../src/domain/clock';
import { performAction } from '../../../src/domain/lifecycle';
import type { LiaisonRecord } from '../../../src/domain/record';
import { pendingReason } from '../../../src/domain/status';

function minutes(): LiaisonRecord {
  return {
    id: 'm-1',
    kind: 'meeting-minutes',
    space: 'internal',
    title: '关于Q3迭代范围评审会的会议纪要-产品部',
    createdBy: '王芳',
    createdAt: '2026-05-18T02:00:00.000Z',
    fields: { sender: '王芳', attendees: ['李明', '张伟'], audience: ['李明', '张伟'] },
    body: [
      '## 会议决定',
      '',
      '范围冻结',
      '',
      '## 行动项',
      '',
      '| 事项 * | 负责人 * | 截止时间 * |',
      '| --- | --- | --- |',
      '| 更新接口文档 | 李明 | 2026-05-20 18:00 |',
      '|  |  |  |',
      '| 准备测试环境 | 研发部 | 2026-05-21 12:00 |',
      '',
    ].join('\n'),
    events: [{ id: 'e0', type: 'sent', actor: '王芳', at: '2026-05-18T02:00:00.000Z' }],
  };
}

describe('action items of minutes', () => {
  it('reads each filled row as an item with owner and due', () => {
    assert.deepEqual(
      actionItems(minutes()).map((item) => [item.index, item.item, item.owner, item.due, item.done]),
      [
        [1, '更新接口文档', '李明', '2026-05-20 18:00', false],
        [2, '准备测试环境', '研发部', '2026-05-21 12:00', false],
      ],
    );
  });

  it('is pending for its owner (a person, or a member of the department) until delivered', () => {
    let record = minutes();
    assert.equal(pendingReason(record, { name: '李明', department: '研发部' }), 'item');
    assert.deepEqual(
      openItemsFor(record, { name: '赵强', department: '研发部' }).map((item) => item.index),
      [2],
    );
    const clock = new ManualClock(new Date('2026-05-19T02:00:00.000Z'));
    for (const item of [1, 2])
      record = {
        ...record,
        events: [...record.events, performAction(record, { type: 'deliver', item }, { name: '李明', department: '研发部' }, clock)],
      };
    assert.deepEqual(
      actionItems(record).map((item) => item.done),
      [true, true],
    );
    assert.equal(openItemsFor(record, { name: '李明', department: '研发部' }).length, 0);
    assert.equal(pendingReason(record, { name: '李明', department: '研发部' }), 'confirm', 'the minutes still wait for his confirmation');
  });

  it('other kinds have no action items', () => {
    assert.deepEqual(actionItems({ ...minutes(), kind: 'internal-message' }), []);
  });
});
