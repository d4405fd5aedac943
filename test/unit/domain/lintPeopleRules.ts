// Lint-rule cases of recipients and structure: vague-recipient, unknown-recipient, one-person,
// title-structure, tag-mismatch, attachment-name, table-missing, table-columns, table-cell.
// Called inside the 'lint rules' suite of lintRules.test.ts, which checks every rule has cases.
import { strict as assert } from 'node:assert';
import { checkDraft } from '../../../src/domain/validate';
import { Directory } from '../../../src/domain/directory';
import { LANGUAGES, expectFinding, assertNoRule, assertClean } from './lintCases';
import type { Cover } from './lintCases';
import {
  DIRECTORY,
  NOW,
  actionTable,
  applyEdits,
  applyPreferred,
  externalRequest,
  internalMessage,
  meetingMinutes,
  textAt,
} from './lintFixtures';

export function peopleAndStructureRuleCases(cover: Cover): void {
  describe('vague-recipient', () => {
    it('相关部门 / relevant departments / 负责人 name no one; the fix picks a department', () => {
      cover('vague-recipient');
      for (const [language, written] of [
        ['zh', '[相关部门]'],
        ['en', '[relevant departments]'],
        ['zh', '[李明, 相关人员]'],
        ['en', '[Li Ming, everyone]'],
      ] as const) {
        const text = internalMessage(language, { recipients: written });
        const finding = expectFinding(text, language, 'vague-recipient', 'error', 5);
        assert.ok(finding.recipientSpan, 'offers the directory picker');
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^recipients: \[(李明, )?(Li Ming, )?产品部\]$/m);
        assertClean(fixed, language);
      }
      const owner = externalRequest('zh', { owner: '负责人' });
      expectFinding(owner, 'zh', 'vague-recipient', 'error', 7);
      expectFinding(externalRequest('en', { owner: 'the owner' }), 'en', 'vague-recipient', 'error', 7);
    });

    it('is an error even without a directory (then without fixes)', () => {
      const finding = expectFinding(
        internalMessage('zh', { recipients: '[相关部门]' }),
        'zh',
        'vague-recipient',
        'error',
        5,
        Directory.empty(),
      );
      assert.deepEqual(finding.fixes, []);
    });

    it('a name the directory knows is not vague: a department called Management, or 全体员工', () => {
      assertClean(internalMessage('en', { recipients: '[Management]' }), 'en');
      assertClean(internalMessage('zh', { recipients: '[全体员工]' }), 'zh');
      const without = new Directory({ people: DIRECTORY.people.slice(), departments: [] });
      expectFinding(internalMessage('en', { recipients: '[Management]' }), 'en', 'vague-recipient', 'error', 5, without);
    });

    it('a vague owner cell of an action item is an error too, fixed with a bare name', () => {
      const text = meetingMinutes('zh', ['| 准备评审材料 | 相关人员 | 2026-05-20 18:00 |']);
      const finding = expectFinding(text, 'zh', 'vague-recipient', 'error', 17);
      const fixed = applyPreferred(text, finding);
      assert.match(fixed, /\| 准备评审材料 \| 产品部 \|/);
      assertClean(fixed, 'zh');
    });
  });

  describe('unknown-recipient', () => {
    it('a name not in the directory is a warning, fixed to the closest name (aliases count)', () => {
      cover('unknown-recipient');
      for (const [language, written, meant] of [
        ['zh', '李敏', '李明'],
        ['en', 'Li Mng', 'Li Ming'],
        ['en', 'zhang wie', 'Zhang Wei'],
      ] as const) {
        const text = internalMessage(language, { recipients: `[${written}]` });
        const finding = expectFinding(text, language, 'unknown-recipient', 'warning', 5);
        assert.match(finding.message, new RegExp(meant));
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, new RegExp(`^recipients: \\[${meant}\\]$`, 'm'));
        assertClean(fixed, language);
      }
    });

    it('no suggestion: the message says to add the person; no directory: no warning at all', () => {
      const zh = expectFinding(internalMessage('zh', { recipients: '[欧阳娜娜]' }), 'zh', 'unknown-recipient', 'warning', 5);
      assert.deepEqual(zh.fixes, []);
      assert.match(zh.message, /通讯录/);
      assert.deepEqual(checkDraft(internalMessage('zh', { recipients: '[欧阳娜娜]' }), 'zh', { now: NOW }).findings, []);
    });

    it('names are case-insensitive and a scalar list (李明, 研发部) is read as two names, as Send does', () => {
      assertClean(internalMessage('en', { recipients: '[li ming, ZHANG WEI]' }), 'en');
      assertClean(internalMessage('zh', { recipients: '李明, 研发部' }), 'zh');
      assertClean(internalMessage('zh', { recipients: '李明、研发部' }), 'zh');
      const text = internalMessage('zh', { recipients: '李明、李敏' });
      const finding = expectFinding(text, 'zh', 'unknown-recipient', 'warning', 5);
      assert.equal(textAt(text, finding.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 }), '李敏');
      assert.match(applyPreferred(text, finding), /^recipients: 李明、李明$/m);
    });

    it('an unknown owner cell of a table is a warning with a bare-name fix', () => {
      const text = meetingMinutes('en', ['| Prepare the deck | Li Mng | 2026-05-20 18:00 |']);
      const finding = expectFinding(text, 'en', 'unknown-recipient', 'warning', 17);
      const fixed = applyPreferred(text, finding);
      assert.match(fixed, /\| Prepare the deck \| Li Ming \|/);
      assertClean(fixed, 'en');
    });
  });

  describe('one-person', () => {
    it('an owner field with two names is an error, as a list or as one string', () => {
      cover('one-person');
      for (const [language, written] of [
        ['zh', '[李明, 张伟]'],
        ['en', '[Li Ming, Zhang Wei]'],
        ['zh', '李明、张伟'],
        ['en', 'Li Ming, Zhang Wei'],
      ] as const) {
        const finding = expectFinding(externalRequest(language, { owner: written }), language, 'one-person', 'error', 7);
        assert.equal(finding.field, 'owner');
      }
      assertNoRule(externalRequest('zh', { owner: '李明' }), 'zh', 'one-person');
      // Without a directory too.
      assert.equal(checkDraft(externalRequest('zh', { owner: '李明、张伟' }), 'zh', { now: NOW }).findings[0]?.ruleId, 'one-person');
    });
  });

  describe('title-structure', () => {
    it('a title with event + object + status is clean; 请处理 / Hello are warnings', () => {
      cover('title-structure');
      assertClean(internalMessage('zh', { title: '关于Q3产品迭代需求评审会的安排-产品部' }), 'zh');
      assertClean(internalMessage('en', { title: '"Q3 review meeting: schedule confirmed - Product"' }), 'en');
      const zh = expectFinding(internalMessage('zh', { title: '请处理' }), 'zh', 'title-structure', 'warning', 3);
      assert.match(zh.message, /事件\+对象\+状态/);
      const en = expectFinding(internalMessage('en', { title: 'Hello' }), 'en', 'title-structure', 'warning', 3);
      assert.match(en.message, /event \+ object \+ status/);
      expectFinding(internalMessage('zh', { title: '关于需求的事情' }), 'zh', 'title-structure', 'warning', 3);
      expectFinding(internalMessage('en', { title: 'Meeting' }), 'en', 'title-structure', 'warning', 3);
    });
  });

  describe('tag-mismatch', () => {
    it('【紧急】 with priority medium is an error; the fix sets urgent; with urgent it is clean', () => {
      cover('tag-mismatch');
      for (const [language, title] of [
        ['zh', '【紧急】关于Q3产品迭代需求评审会的安排-产品部'],
        ['en', '"[urgent] Q3 review meeting: schedule confirmed - Product"'],
      ] as const) {
        const text = internalMessage(language, { title, priority: 'medium' });
        const finding = expectFinding(text, language, 'tag-mismatch', 'error', 3);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^priority: urgent$/m);
        assertClean(fixed, language);
        assertClean(internalMessage(language, { title, priority: 'urgent' }), language);
        // The other fix removes the tag instead.
        const removeTag = (finding.fixes ?? []).find((fix) => !fix.preferred);
        assert.ok(removeTag);
        const untagged = applyEdits(text, removeTag.edits);
        assert.doesNotMatch(untagged, /【紧急】|\[urgent\]/);
        assertClean(untagged, language);
      }
    });

    it('【通知】 with type collaboration-request is an error whose fix sets the type', () => {
      const text = internalMessage('zh', { title: '【通知】关于Q3产品迭代需求评审会的安排-产品部', type: 'collaboration-request' });
      const finding = expectFinding(text, 'zh', 'tag-mismatch', 'error', 3);
      assert.match(finding.message, /notice/);
      const fixed = applyPreferred(text, finding);
      assert.match(fixed, /^type: notice$/m);
      assertClean(fixed, 'zh');
    });

    it('a kind whose priority is fixed (emergency) never mismatches 【紧急】', () => {
      const text = [
        '---',
        'kind: emergency',
        'space: internal',
        'title: 【紧急】关于支付网关故障的紧急处理-研发部',
        'sender: 王芳',
        'recipients: [研发部]',
        'impact: 全部线上支付',
        'owner: 李明',
        'recovery: 2026-05-18 12:00',
        '---',
        '',
        '## 事件描述',
        '',
        '09:40 支付成功率降到 60%。',
        '',
        '## 已采取措施',
        '',
        '已切换备用通道。',
        '',
      ].join('\n');
      assertClean(text, 'zh');
    });
  });

  describe('attachment-name', () => {
    it('name-version-date-owner is clean; a bare name or an impossible date is a warning on the item', () => {
      cover('attachment-name');
      assertClean(internalMessage('zh', { attachments: '[产品需求V2.1-20240520-张.docx]' }), 'zh');
      assertClean(internalMessage('en', { attachments: '[Requirements-V2.1-20240520-Zhang.docx]' }), 'en');
      for (const [language, bad] of [
        ['zh', '需求文档.docx'],
        ['zh', '产品需求V2.1-20241340-张.docx'],
        ['en', 'spec.pdf'],
        ['en', 'Requirements-V2.1-2024-Zhang.docx'],
      ] as const) {
        const text = internalMessage(language, { attachments: `[产品需求V2.1-20240520-张.docx, ${bad}]` });
        const finding = expectFinding(text, language, 'attachment-name', 'warning', 9);
        assert.equal(textAt(text, finding.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 }), bad);
      }
    });
  });

  describe('table-missing', () => {
    it('action items in prose instead of a table: the fix inserts the table', () => {
      cover('table-missing');
      for (const language of LANGUAGES) {
        const text = meetingMinutes(language, undefined, language === 'zh' ? '李明负责准备评审材料。' : 'Li Ming prepares the deck.');
        const finding = expectFinding(text, language, 'table-missing', 'error', 13);
        const fixed = applyPreferred(text, finding);
        assertNoRule(fixed, language, 'table-missing');
        assert.match(fixed, language === 'zh' ? /^\| 事项 \* \| 负责人 \* \| 截止时间 \* \|$/m : /^\| Item \* \| Owner \* \| Due \* \|$/m);
        const filled = fixed.replace(
          /^\|\s+\|\s+\|\s+\|$/m,
          language === 'zh' ? '| 准备评审材料 | 李明 | 2026-05-20 18:00 |' : '| Prepare the deck | Li Ming | 2026-05-20 18:00 |',
        );
        assertClean(filled, language);
      }
    });
  });

  describe('table-columns', () => {
    it('a table without the owner column names the missing column and the header it needs', () => {
      cover('table-columns');
      for (const language of LANGUAGES) {
        const zh = language === 'zh';
        const table = zh
          ? '| 事项 | 截止时间 |\n| --- | --- |\n| 准备评审材料 | 2026-05-20 18:00 |'
          : '| Item | Due |\n| --- | --- |\n| Prepare the deck | 2026-05-20 18:00 |';
        const finding = expectFinding(meetingMinutes(language, undefined, table), language, 'table-columns', 'error', 15);
        assert.match(finding.message, zh ? /缺少列：负责人/ : /lacks the column\(s\) Owner/);
      }
      // Headers match in either language and by key, case-insensitively.
      assertClean(
        meetingMinutes('zh', undefined, actionTable('zh', ['| 准备评审材料 | 李明 | 2026-05-20 18:00 |'], '| item | OWNER | Due |')),
        'zh',
      );
    });
  });

  describe('table-cell', () => {
    it('an action item row without an owner is an error on its line', () => {
      cover('table-cell');
      for (const [language, row] of [
        ['zh', '| 准备评审材料 |  | 2026-05-20 18:00 |'],
        ['en', '| Prepare the deck | | 2026-05-20 18:00 |'],
        ['zh', '| 准备评审材料 | 李明 |'],
      ] as const) {
        const text = meetingMinutes(language, ['| 第一项 | 李明 | 2026-05-20 18:00 |', row]);
        const finding = expectFinding(text, language, 'table-cell', 'error', 18);
        assert.match(finding.message, /19/, 'names the 1-based line');
      }
      // An optional column may stay empty (milestone owner).
      const collaboration = [
        '---',
        'kind: collaboration-request',
        'space: internal',
        'title: 关于会员系统二期联调的协作请求-研发部',
        'sender: 王芳',
        'recipients: [研发部, 测试部]',
        'project: 会员系统二期',
        'stage: 联调',
        'priority: high',
        'deadline: 2026-05-20 18:00',
        '---',
        '',
        '## 背景与目标',
        '',
        '二期接口需联调。',
        '',
        '## 参与部门与分工',
        '',
        '| 部门 | 联系人 | 职责 |',
        '| --- | --- | --- |',
        '| 测试部 | 赵强 | 回归测试 |',
        '',
        '## 里程碑',
        '',
        '| 里程碑 | 时间 | 负责人 |',
        '| --- | --- | --- |',
        '| 联调完成 | 2026-05-29 18:00 |  |',
        '',
      ].join('\n');
      assertClean(collaboration, 'zh');
    });
  });
}
