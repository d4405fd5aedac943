import { strict as assert } from 'node:assert';
import { checkDraft, isDateTime } from '../../../src/domain/validate';
import { DRAFT_NOW, filledDraft } from './draft.test';

describe('checkDraft', () => {
  it('names each missing required field, in the user language', () => {
    const text = [
      '---',
      'kind: internal-message',
      'title: 关于发布窗口的通知-已确定',
      'type: notice',
      '---',
      '## 背景',
      'x',
      '## 目标',
      'y',
      '## 行动',
      'z',
    ].join('\n');
    const en = checkDraft(text, 'en').findings;
    const missing = en.filter((finding) => finding.ruleId === 'required-field').map((finding) => finding.field);
    assert.deepEqual(missing, ['sender', 'recipients', 'priority', 'deadline']);
    assert.match(en[0].message, /Required field sender \(Sender\) is missing/);
    const zh = checkDraft(text, 'zh').findings;
    assert.match(zh[0].message, /必填字段 sender \(发送人\) 缺失/);
  });

  it('refuses vague deadlines and impossible dates', () => {
    for (const [deadline, ruleId] of [
      ['尽快', 'vague-deadline'],
      ['ASAP', 'vague-deadline'],
      ['2026-02-30 10:00', 'deadline-format'],
      ['2026-11-23', 'deadline-format'],
      ['2026/11/23 18:00', 'deadline-format'],
    ]) {
      const text = filledDraft('en').replace(/^deadline: .*$/m, `deadline: "${deadline}"`);
      const findings = checkDraft(text, 'en', { now: DRAFT_NOW }).findings;
      assert.equal(findings.length, 1, deadline);
      assert.equal(findings[0].ruleId, ruleId);
      assert.equal(findings[0].field, 'deadline');
      assert.match(findings[0].message, /YYYY-MM-DD HH:mm/);
    }
    assert.equal(isDateTime('2024-02-29 23:59'), true);
    assert.equal(isDateTime('2023-02-29 10:00'), false);
  });

  it('refuses a priority outside the list, naming the allowed values', () => {
    const findings = checkDraft(filledDraft('zh').replace(/^priority: .*$/m, 'priority: 非常急'), 'zh', { now: DRAFT_NOW }).findings;
    assert.equal(findings[0].ruleId, 'invalid-choice');
    assert.match(findings[0].message, /urgent \(紧急\)/);
  });

  it('finds an empty body section and points at its line', () => {
    const text = filledDraft('zh').replace('周五前完成评审。', '');
    const findings = checkDraft(text, 'zh', { now: DRAFT_NOW }).findings;
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'required-section');
    assert.equal(text.split('\n')[findings[0].line], '## 目标');
  });

  it('reports malformed front matter with a line, never throws', () => {
    const cases = [
      'no front matter at all',
      '---\nkind: internal-message\n',
      '---\nkind: [unclosed\n---\n',
      '---\n- a\n- b\n---\n',
      '---\nkind: x\nkind: y\n---\n',
      '',
    ];
    for (const text of cases) {
      const { findings } = checkDraft(text, 'en');
      assert.ok(findings.length > 0, JSON.stringify(text));
      assert.equal(findings[0].ruleId, 'front-matter', JSON.stringify(text));
      assert.ok(findings[0].line >= 0);
    }
  });

  it('names the known kinds for an unknown kind', () => {
    const findings = checkDraft('---\nkind: memo\ntitle: x\n---\n', 'en').findings;
    assert.equal(findings[0].ruleId, 'unknown-kind');
    assert.match(findings[0].message, /internal-message \(Internal message\)/);
    assert.equal(findings[0].line, 1);
  });
});

describe('checkDraft, YAML details', () => {
  it('points a YAML error at its own line, not the first', () => {
    const text = ['---', 'kind: internal-message', 'title: x', 'sender: 王芳', 'sender: 李明', '---', ''].join('\n');
    const findings = checkDraft(text, 'en').findings;
    assert.equal(findings[0].ruleId, 'front-matter');
    assert.equal(text.split('\n')[findings[0].line], 'sender: 李明');
  });

  it('follows YAML aliases instead of sending to a recipient named "*x"', () => {
    const text = filledDraft('en')
      .replace(/^sender: .*$/m, 'sender: &me 王芳')
      .replace(/^recipients: .*$/m, 'recipients: [*me, 李明]');
    const check = checkDraft(text, 'en', { now: DRAFT_NOW });
    assert.deepEqual(check.findings, []);
    assert.deepEqual(check.parsed.values.recipients, ['王芳', '李明']);
  });
});
