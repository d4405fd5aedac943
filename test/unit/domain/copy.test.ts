// Heads in copy (抄送): the handbooks' defaults, the policy's `copy` list, the record's `cc`, and
// that a copied head owes nothing (never pending, never counted in the reach).
import { strict as assert } from 'node:assert';
import { WorkCalendar } from '../../../src/domain/calendar';
import { composeRecord } from '../../../src/domain/compose';
import { DEFAULT_COPY_RULES, copiedOn, headsInCopy } from '../../../src/domain/copy';
import { InboxCache } from '../../../src/domain/inbox';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import { parsePolicy } from '../../../src/domain/policyFile';
import { deriveState } from '../../../src/domain/status';
import { DIRECTORY, NOW, internalMessage, lint } from './lintFixtures';

const clock = { now: () => NOW };

describe('heads in copy', () => {
  it('copies both departments’ heads on a collaboration request, never the author nor anyone asked', () => {
    const li = { name: '李明', department: '研发部' };
    // 李明's head is 张伟; 产品部's head is 王芳, who is asked and so not copied as well.
    assert.deepEqual(headsInCopy({ kind: 'collaboration-request', author: li, asked: ['王芳'] }, DEFAULT_COPY_RULES, DIRECTORY), ['张伟']);
    // To 赵强 of 测试部 (no head in the directory): only the sender's head.
    assert.deepEqual(headsInCopy({ kind: 'collaboration-request', author: li, asked: ['赵强'] }, DEFAULT_COPY_RULES, DIRECTORY), ['张伟']);
    // 王芳 heads 产品部 herself, and the head of 研发部 is copied: asking the department is not asking him by name.
    const wang = { name: '王芳', department: '产品部' };
    assert.deepEqual(headsInCopy({ kind: 'collaboration-request', author: wang, asked: ['研发部'] }, DEFAULT_COPY_RULES, DIRECTORY), [
      '张伟',
    ]);
    assert.deepEqual(headsInCopy({ kind: 'collaboration-request', author: wang, asked: ['张伟'] }, DEFAULT_COPY_RULES, DIRECTORY), []);
    // An internal message of the type collaboration-request is one too; of another type, it is not.
    const message = (type: string): string[] =>
      headsInCopy({ kind: 'internal-message', type, author: wang, asked: ['研发部'] }, DEFAULT_COPY_RULES, DIRECTORY);
    assert.deepEqual(message('collaboration-request'), ['张伟']);
    assert.deepEqual(message('notice'), []);
  });

  it('copies the sender’s head on high and urgent items only', () => {
    const li = { name: '李明', department: '研发部' };
    const copy = (priority: string): string[] =>
      headsInCopy({ kind: 'internal-message', priority, author: li, asked: ['王芳'] }, DEFAULT_COPY_RULES, DIRECTORY);
    assert.deepEqual(copy('urgent'), ['张伟']);
    assert.deepEqual(copy('high'), ['张伟']);
    assert.deepEqual(copy('medium'), []);
    assert.deepEqual(copy('low'), []);
  });

  it('takes the policy’s copy list instead of the defaults; [] copies nobody; a bad value names its line and field', () => {
    const own = parsePolicy(
      'copy:\n  - { kind: internal-notice, heads: [sender] }\n  - { kind: internal-message, type: [result-report], heads: [发起人] }\n',
    );
    assert.deepEqual(own.problems, []);
    assert.deepEqual(own.policy?.copy, [
      { kinds: ['internal-notice'], heads: ['sender'] },
      { kinds: ['internal-message'], types: ['result-report'], heads: ['sender'] },
    ]);
    assert.deepEqual(parsePolicy('copy: []\n').policy?.copy, []);
    assert.equal(parsePolicy('remindEvery: 2h\n').policy?.copy, DEFAULT_COPY_RULES);
    const bad = parsePolicy('copy:\n  - kind: internal-notice\n    heads: [boss]\n');
    assert.equal(bad.policy, undefined);
    assert.deepEqual(
      bad.problems.map((problem) => [problem.line, problem.path]),
      [[3, 'copy[0].heads']],
    );
    assert.match(bad.problems[0].message, /"boss" is not one of sender, recipients/);
    assert.deepEqual(
      parsePolicy('copy:\n  - kind: internal-notice\n').problems.map((problem) => problem.path),
      ['copy[0].heads'],
    );
  });

  it('stores the copied heads in cc at Send; they owe nothing and do not count in the reach', () => {
    const check = lint(internalMessage('zh', { sender: '李明', recipients: '[王芳]', priority: 'high' }), 'zh');
    assert.ok(check.template);
    const li = { name: '李明', department: '研发部' };
    const record = composeRecord(check.parsed, check.template, li, 'internal', clock, { rules: DEFAULT_POLICY.copy, directory: DIRECTORY });
    assert.deepEqual(copiedOn(record), ['张伟']);
    assert.deepEqual(record.fields.audience, ['王芳']);
    assert.equal(deriveState(record).recipientCount, 1, 'the reach counts the recipient only');
    const inbox = new InboxCache(() => ({
      policy: DEFAULT_POLICY,
      calendar: new WorkCalendar(DEFAULT_POLICY.calendar),
      headOf: (name) => DIRECTORY.headOf(name),
    }));
    const later = new Date(NOW.getTime() + 7 * 24 * 3600_000);
    assert.deepEqual(inbox.pending([record], { name: '张伟', department: '研发部' }, later), [], 'nothing pending for the copied head');
    assert.equal(inbox.pending([record], { name: '王芳', department: '产品部' }, later).length, 1, 'the recipient owes the answer');
    // Without copy rules (an older caller), no cc at all.
    assert.deepEqual(copiedOn(composeRecord(check.parsed, check.template, li, 'internal', clock)), []);
  });
});
