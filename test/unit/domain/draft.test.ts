import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/domain/clock';
import { composeRecord } from '../../../src/domain/compose';
import { formatDateTime, renderDraft } from '../../../src/domain/draft';
import { internalMessage } from '../../../src/domain/templates/internalMessage';
import { checkDraft } from '../../../src/domain/validate';

const alice = { name: '王芳', department: '产品部' };
/** Before the drafts' deadline (2026-11-23 18:00), so the deadline-past rule stays quiet whatever the date. */
export const DRAFT_NOW = new Date('2026-11-21T02:00:00Z');

/** A draft from the template, filled in the way a user would. */
export function filledDraft(language: 'zh' | 'en' = 'zh'): string {
  return renderDraft(internalMessage, language, { identity: alice, space: 'internal', deadline: '2026-11-23 18:00' })
    .replace(/^title: ''/m, 'title: 关于Q3需求评审会的安排-已确定')
    .replace(/^recipients: \[\]/m, 'recipients: [李明, 研发部]')
    .replace(/<!-- 为什么发这条消息 -->/, 'Q3 迭代需求已收齐。')
    .replace(/<!-- 要达成什么结果 -->/, '周五前完成评审。')
    .replace(/<!-- 需要对方做什么、何时完成 -->/, '李明 2026-11-22 18:00 前准备评审材料。')
    .replace(/<!-- Why this message -->/, 'Q3 requests are in.')
    .replace(/<!-- What outcome is needed -->/, 'Review them by Friday.')
    .replace(/<!-- What the recipients must do, and by when -->/, 'Li Ming prepares the deck by 2026-11-22 18:00.');
}

describe('draft', () => {
  it('renders a draft whose only gaps are the ones the user must fill', () => {
    const draft = renderDraft(internalMessage, 'zh', { identity: alice, space: 'internal', deadline: '2026-11-23 18:00' });
    const { findings } = checkDraft(draft, 'zh', { now: DRAFT_NOW });
    const fields = findings.map((finding) => finding.field).sort();
    assert.deepEqual(fields, ['action', 'background', 'goal', 'recipients', 'title']);
    assert.match(draft, /^sender: 王芳/m);
    assert.match(draft, /^## 背景$/m);
  });

  it('renders English headings and help in English', () => {
    const draft = renderDraft(internalMessage, 'en', { identity: alice, space: 'internal', deadline: '2026-11-23 18:00' });
    assert.match(draft, /^## Background$/m);
    assert.match(draft, /Recipients \*: named people/);
  });

  it('round-trips: template -> filled draft -> record, losing no field', () => {
    for (const language of ['zh', 'en'] as const) {
      const check = checkDraft(filledDraft(language), language, { now: DRAFT_NOW });
      assert.deepEqual(check.findings, [], language);
      assert.ok(check.template);
      const record = composeRecord(check.parsed, check.template, alice, 'internal', new ManualClock('2026-11-21T02:00:00Z'));
      assert.equal(record.title, '关于Q3需求评审会的安排-已确定');
      assert.deepEqual(record.fields.recipients, ['李明', '研发部']);
      assert.equal(record.fields.sender, '王芳');
      assert.equal(record.fields.priority, 'medium');
      assert.equal(record.fields.type, 'notice');
      assert.equal(record.fields.deadline, '2026-11-23 18:00');
      assert.equal(record.kind, 'internal-message');
      assert.equal(record.events.length, 1);
      assert.equal(record.events[0].type, 'sent');
      assert.equal(record.events[0].at, '2026-11-21T02:00:00.000Z');
      assert.doesNotMatch(record.body, /<!--/);
      assert.match(record.body, language === 'zh' ? /Q3 迭代需求已收齐/ : /Q3 requests are in/);
      assert.match(record.id, /^R-20261121-[0-9a-z]{8}$/);
    }
  });

  it('formats date-times in the team time zone', () => {
    assert.equal(formatDateTime(new Date('2026-11-21T10:05:00Z'), 'Asia/Shanghai'), '2026-11-21 18:05');
    assert.equal(formatDateTime(new Date('2026-11-21T16:30:00Z'), 'Asia/Shanghai'), '2026-11-22 00:30');
  });
});
