// The history says what the server did: "Reminded 李明 by e-mail at 14:20" / "14:20 通过邮件提醒了李明".
import { strict as assert } from 'node:assert';
import type { RecordEvent } from '../../../src/domain/record';
import { followUpSentence } from '../../../src/render/followUpText';
import { recordToMarkdown } from '../../../src/render/recordMarkdown';
import type { LiaisonRecord } from '../../../src/domain/record';

// 06:20Z is 14:20 in Shanghai.
const reminder: RecordEvent = {
  id: 'fu:R-1:respond:remind:1',
  type: 'reminded',
  actor: 'Liaison',
  at: '2026-05-18T06:20:00.000Z',
  to: ['李明', '赵敏'],
  via: { 李明: ['email'], 赵敏: ['dingtalk', 'email'] },
};

describe('follow-ups in the history', () => {
  it('names each person and the channel the server told them on, in both languages', () => {
    assert.equal(followUpSentence({ ...reminder, to: ['李明'], via: { 李明: ['email'] } }, 'en'), 'Reminded 李明 by e-mail at 14:20');
    assert.equal(followUpSentence({ ...reminder, to: ['李明'], via: { 李明: ['email'] } }, 'zh'), '14:20 通过邮件提醒了李明');
    assert.equal(followUpSentence(reminder, 'en'), 'Reminded 李明 by e-mail; reminded 赵敏 by DingTalk and e-mail at 14:20');
    assert.equal(followUpSentence(reminder, 'zh'), '14:20 通过邮件提醒了李明；通过钉钉和邮件提醒了赵敏');
  });

  it('says an escalation, a reach check, a reminder told in Liaison only; not a person’s own reminder', () => {
    const escalation: RecordEvent = {
      ...reminder,
      id: 'fu:R-1:respond:escalate:1',
      type: 'escalated',
      to: ['张伟'],
      via: { 张伟: ['feishu'] },
    };
    assert.equal(followUpSentence(escalation, 'en'), 'Escalated to 张伟 by Feishu at 14:20');
    assert.equal(followUpSentence(escalation, 'zh'), '14:20 通过飞书升级给张伟');
    const reach: RecordEvent = { ...reminder, id: 'fu:N-1:respond:reach:1', to: ['研发部'], via: undefined };
    assert.equal(followUpSentence(reach, 'en'), 'Reach check: reminded 研发部 in Liaison at 14:20');
    assert.equal(followUpSentence(reach, 'zh'), '14:20 触达检查：在 Liaison 中提醒了研发部');
    const editor: RecordEvent = { ...reminder, actor: '王芳', to: ['李明'], via: undefined };
    assert.equal(followUpSentence(editor, 'en'), undefined, 'a person’s own reminder reads as her other actions');
    assert.equal(followUpSentence({ ...reminder, type: 'read' }, 'en'), undefined);
  });

  it('is what the record view’s history shows', () => {
    const record: LiaisonRecord = {
      id: 'R-1',
      kind: 'collaboration-request',
      space: 'internal',
      title: 't',
      body: '',
      createdBy: '王芳',
      createdAt: '2026-05-18T02:00:00.000Z',
      fields: { audience: ['李明'] },
      events: [
        { id: 'e0', type: 'sent', actor: '王芳', at: '2026-05-18T02:00:00.000Z' },
        { ...reminder, to: ['李明'], via: { 李明: ['email'] } },
      ],
    };
    assert.match(recordToMarkdown(record, 'en'), /- 2026-05-18 14:20 · Reminded 李明 by e-mail at 14:20\n/);
    assert.match(recordToMarkdown(record, 'zh'), /- 2026-05-18 14:20 · 14:20 通过邮件提醒了李明\n/);
  });
});
