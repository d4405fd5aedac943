// Lint-rule cases of the front matter and its fields: front-matter, unknown-kind, unknown-field,
// required-field, required-section, placeholder-value, invalid-choice.
// Called inside the 'lint rules' suite of lintRules.test.ts, which checks every rule has cases.
import { strict as assert } from 'node:assert';
import { LANGUAGES, expectFinding, assertNoRule, assertClean } from './lintCases';
import type { Cover } from './lintCases';
import { SUGGESTED, applyPreferred, externalRequest, findingsOf, internalMessage, lint, meetingMinutes, textAt } from './lintFixtures';

export function fieldRuleCases(cover: Cover): void {
  describe('front-matter', () => {
    it('a draft without front matter says how to write one', () => {
      cover('front-matter');
      for (const language of LANGUAGES) {
        const finding = expectFinding('Q3 需求评审改到周五。\nThe Q3 review moves to Friday.', language, 'front-matter', 'error', 0);
        assert.match(finding.message, /---/);
        assertNoRule(internalMessage(language), language, 'front-matter');
      }
    });
  });

  describe('unknown-kind', () => {
    it('a misspelt kind names its line and is fixed to the closest kind', () => {
      cover('unknown-kind');
      for (const language of LANGUAGES) {
        const text = internalMessage(language).replace('kind: internal-message', 'kind: internal-mesage');
        const finding = expectFinding(text, language, 'unknown-kind', 'error', 1);
        assert.match(finding.message, language === 'zh' ? /第 2 行/ : /Line 2/);
        assert.match(finding.message, /internal-message \((内部常规消息|Internal message)\)/);
        assert.equal(textAt(text, finding.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 }), 'internal-mesage');
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^kind: internal-message$/m);
        assertClean(fixed, language);
      }
    });

    it('a kind nothing resembles gets choices but no preferred fix; a missing kind is named', () => {
      const memo = lint('---\nkind: memo\ntitle: x\n---\n', 'en').findings;
      assert.equal(memo.length, 1);
      assert.ok((memo[0].fixes ?? []).length > 0);
      assert.ok((memo[0].fixes ?? []).every((fix) => !fix.preferred));
      const missing = expectFinding('---\nspace: internal\ntitle: x\n---\n', 'zh', 'unknown-kind', 'error', 1);
      assert.match(missing.message, /缺少字段 kind/);
    });
  });

  describe('unknown-field', () => {
    it('a typo of a field is a warning whose fix renames the key', () => {
      cover('unknown-field');
      for (const language of LANGUAGES) {
        // deadine lands after attachments: line 9; the closing --- is line 10.
        const text = internalMessage(language, { deadline: undefined, deadine: '2026-05-20 18:00' });
        assert.equal(text.split('\n')[9], 'deadine: 2026-05-20 18:00');
        const finding = expectFinding(text, language, 'unknown-field', 'warning', 9);
        assert.equal(finding.field, 'deadine');
        assert.match(finding.message, /deadline/);
        expectFinding(text, language, 'required-field', 'error', 10);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^deadline: 2026-05-20 18:00$/m);
        assertClean(fixed, language);
      }
    });

    it('an unrelated extra key is kept without a fix; record keys (id) are not unknown', () => {
      const text = internalMessage('en', { budgetCode: 'BX-204', id: 'R-20260518-abcdefgh' });
      const [finding] = findingsOf(text, 'en', 'unknown-field');
      assert.equal(finding.field, 'budgetCode');
      assert.deepEqual(finding.fixes, []);
      assert.equal(findingsOf(text, 'en', 'unknown-field').length, 1);
    });
  });

  describe('required-field', () => {
    it('a missing deadline points at the closing --- and its fix inserts the field with a date-time', () => {
      cover('required-field');
      for (const language of LANGUAGES) {
        const text = internalMessage(language, { deadline: undefined });
        assert.equal(text.split('\n')[9], '---');
        const finding = expectFinding(text, language, 'required-field', 'error', 9);
        assert.equal(finding.field, 'deadline');
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, new RegExp(`^deadline: ${SUGGESTED} {2}# `, 'm'));
        assertClean(fixed, language);
      }
    });

    it('a missing choice gets its skeleton with a default option', () => {
      for (const language of LANGUAGES) {
        const text = internalMessage(language, { priority: undefined });
        const finding = expectFinding(text, language, 'required-field', 'error', 9);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^priority: medium {2}# /m);
        assertClean(fixed, language);
      }
    });

    it('an empty deadline gets a date-time; empty recipients point at the picker span', () => {
      for (const language of LANGUAGES) {
        const text = internalMessage(language, { deadline: "''" });
        const finding = expectFinding(text, language, 'required-field', 'error', 8);
        assert.match(finding.message, language === 'zh' ? /为空/ : /is empty/);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, new RegExp(`^deadline: ${SUGGESTED}$`, 'm'));
        assertClean(fixed, language);
        const empty = internalMessage(language, { recipients: '[]' });
        const recipients = expectFinding(empty, language, 'required-field', 'error', 5);
        assert.ok(recipients.recipientSpan);
        assert.equal(textAt(empty, recipients.recipientSpan), '[]');
      }
    });
  });

  describe('required-section', () => {
    it('a missing section is added by its fix; an empty one points at its heading', () => {
      cover('required-section');
      for (const language of LANGUAGES) {
        const zh = language === 'zh';
        const sections: [string, string][] = zh
          ? [
              ['背景', 'Q3 迭代需求已收齐。'],
              ['行动', '李明准备评审材料。'],
            ]
          : [
              ['Background', 'The Q3 requests are in.'],
              ['Action', 'Li Ming prepares the deck.'],
            ];
        const text = internalMessage(language, {}, sections);
        const finding = expectFinding(text, language, 'required-section', 'error', 11);
        assert.equal(finding.field, 'goal');
        const added = applyPreferred(text, finding);
        const headingLine = added.split('\n').indexOf(zh ? '## 目标' : '## Goal');
        assert.ok(headingLine > 11, 'the heading was added');
        const empty = expectFinding(added, language, 'required-section', 'error', headingLine);
        assert.match(empty.message, zh ? /为空/ : /is empty/);
        const filled = added.replace(/<!-- [^>]*-->/, zh ? '2026-05-22 18:00 前完成评审。' : 'Review them by 2026-05-22 18:00.');
        assertClean(filled, language);
      }
    });

    it('a table with only the empty starter row counts as empty', () => {
      for (const language of LANGUAGES) {
        const text = meetingMinutes(language, ['|   |   |   |']);
        expectFinding(text, language, 'required-section', 'error', 17);
      }
    });
  });

  describe('placeholder-value', () => {
    it('TBD / 待定 as a field value is an error', () => {
      cover('placeholder-value');
      expectFinding(externalRequest('zh', { counterpart: '待定' }), 'zh', 'placeholder-value', 'error', 6);
      expectFinding(externalRequest('en', { counterpart: 'TBD' }), 'en', 'placeholder-value', 'error', 6);
      expectFinding(internalMessage('zh', { title: '待定' }), 'zh', 'placeholder-value', 'error', 3);
      const item = expectFinding(internalMessage('en', { recipients: '[Li Ming, TBD]' }), 'en', 'placeholder-value', 'error', 5);
      assert.equal(
        textAt(internalMessage('en', { recipients: '[Li Ming, TBD]' }), item.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 }),
        'TBD',
      );
    });

    it('详见附件 / "See attachment." as a whole section is an error; a sentence mentioning it is not', () => {
      const zh = internalMessage('zh', {}, [
        ['背景', '详见附件'],
        ['目标', '完成评审。'],
        ['行动', '李明准备材料。'],
      ]);
      expectFinding(zh, 'zh', 'placeholder-value', 'error', 12);
      const en = internalMessage('en', {}, [
        ['Background', 'See attachment.'],
        ['Goal', 'Review.'],
        ['Action', 'Li Ming prepares the deck.'],
      ]);
      expectFinding(en, 'en', 'placeholder-value', 'error', 12);
      assertNoRule(
        internalMessage('zh', {}, [
          ['背景', '详见附件中的报价单，要点：单价下降 5%。'],
          ['目标', '完成评审。'],
          ['行动', '李明准备材料。'],
        ]),
        'zh',
        'placeholder-value',
      );
    });

    it('a table cell that says 待定 is an error', () => {
      expectFinding(meetingMinutes('zh', ['| 准备评审材料 | 待定 | 2026-05-20 18:00 |']), 'zh', 'placeholder-value', 'error', 17);
      expectFinding(meetingMinutes('en', ['| Prepare the deck | Li Ming | TBD |']), 'en', 'placeholder-value', 'error', 17);
    });
  });

  describe('invalid-choice', () => {
    it('a label (紧急, Urgent) is fixed to its option value', () => {
      cover('invalid-choice');
      for (const [language, written] of [
        ['zh', '紧急'],
        ['en', 'Urgent'],
      ] as const) {
        const text = internalMessage(language, { priority: written });
        const finding = expectFinding(text, language, 'invalid-choice', 'error', 7);
        assert.match(finding.message, /urgent/);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^priority: urgent$/m);
        assertClean(fixed, language);
      }
      const type = expectFinding(internalMessage('zh', { type: '通知' }), 'zh', 'invalid-choice', 'error', 6);
      assert.match(applyPreferred(internalMessage('zh', { type: '通知' }), type), /^type: notice$/m);
    });

    it('a value nothing matches offers every option, none preferred', () => {
      const finding = expectFinding(internalMessage('en', { priority: 'whenever' }), 'en', 'invalid-choice', 'error', 7);
      assert.deepEqual(
        (finding.fixes ?? []).map((fix) => fix.edits[0].newText),
        ['urgent', 'high', 'medium', 'low'],
      );
      assert.ok((finding.fixes ?? []).every((fix) => !fix.preferred));
    });
  });
}
