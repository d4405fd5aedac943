// Plain wording in the body (issue 17, deliver 3): vague recipients, placeholders and vague times
// standing in the body's sentences, in Simplified Chinese, Traditional Chinese and English — the
// sentences that must be flagged (a warning on the exact words, with its quick fix) and those
// that must not (a report of what happened names no one to act).
import { strict as assert } from 'node:assert';
import type { Directory } from '../../../src/domain/directory';
import { WORDING_EXAMPLES } from '../../../src/domain/lint/wordingDocs';
import type { Finding } from '../../../src/domain/validate';
import { DIRECTORY, SUGGESTED, applyEdits, assertLanguage, internalMessage, lint, textAt } from './lintFixtures';

type Script = 'zh' | 'zh-TW' | 'en';
const WORDING_RULES = ['vague-recipient', 'placeholder-value', 'vague-deadline'];
/** internalMessage puts the third section's text on line 22; the sentence under test follows on 23. */
const ACTION_LINE = 23;

function draft(script: Script, sentence: string, overrides: Record<string, string | undefined> = {}): string {
  const zh = script !== 'en';
  return internalMessage(
    zh ? 'zh' : 'en',
    overrides,
    zh
      ? [
          ['背景', 'Q3 迭代需求已收齐，共 42 条。'],
          ['目标', '2026-05-22 18:00 前完成评审。'],
          ['行动', `李明 2026-05-20 18:00 前准备评审材料。\n${sentence}`],
        ]
      : [
          ['Background', 'The Q3 requests are in: 42 of them.'],
          ['Goal', 'Review them by 2026-05-22 18:00.'],
          ['Action', `Li Ming prepares the deck by 2026-05-20 18:00.\n${sentence}`],
        ],
  );
}

/** The wording findings of the action line. */
function wording(text: string, script: Script, directory: Directory = DIRECTORY): Finding[] {
  return lint(text, script === 'en' ? 'en' : 'zh', directory).findings.filter(
    (finding) => WORDING_RULES.includes(finding.ruleId) && finding.line === ACTION_LINE,
  );
}

/** One warning of `ruleId` on exactly `words`, in the user's language; returns it. */
function expectFlagged(script: Script, sentence: string, ruleId: string, words: string, overrides = {}): Finding {
  const text = draft(script, sentence, overrides);
  const found = wording(text, script).filter((finding) => finding.ruleId === ruleId);
  assert.equal(
    found.length,
    1,
    `${ruleId} on "${words}" in "${sentence}": ${JSON.stringify(wording(text, script).map((f) => [f.ruleId, f.message]))}`,
  );
  const [finding] = found;
  assert.equal(finding.severity, 'warning', sentence);
  assert.equal(textAt(text, finding.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 }), words, sentence);
  assertLanguage(finding.message, script === 'en' ? 'en' : 'zh');
  return finding;
}

function expectNotFlagged(script: Script, sentence: string): void {
  const found = wording(draft(script, sentence), script);
  assert.deepEqual(
    found.map((finding) => [finding.ruleId, finding.message]),
    [],
    `nothing in "${sentence}"`,
  );
}

function applyFix(text: string, finding: Finding, index = 0): string {
  const fix = finding.fixes?.[index];
  assert.ok(fix, `fix ${index} of ${finding.ruleId}: ${JSON.stringify(finding.fixes)}`);
  return applyEdits(text, fix.edits);
}

describe('lint: plain wording in the body', () => {
  describe('vague-recipient in a sentence', () => {
    const flagged: [Script, string, string][] = [
      ['zh', '请相关部门配合测试。', '相关部门'],
      ['zh', '相关部门负责跟进上线。', '相关部门'],
      ['zh', '由有关人员处理。', '有关人员'],
      ['zh', '通知相关人员参加评审。', '相关人员'],
      ['zh', '请与相关部门沟通后确定方案。', '相关部门'],
      ['zh', '相关部门需在 5 月 20 日前提交材料。', '相关部门'],
      ['zh', '相关部门负责人请于周五前签字。', '相关部门负责人'],
      ['zh', '请各相关部门于 5 月 20 日前确认。', '各相关部门'],
      ['zh', '负责人：相关同事', '相关同事'],
      ['zh', '相关部门：请于周五前反馈。', '相关部门'],
      ['zh', '交给有关部门跟进。', '有关部门'],
      ['zh-TW', '請相關部門配合測試。', '相關部門'],
      ['zh-TW', '相關部門負責跟進上線。', '相關部門'],
      ['zh-TW', '由有關人員處理。', '有關人員'],
      ['zh-TW', '通知相關人員參加評審。', '相關人員'],
      ['zh-TW', '負責人：相關同事', '相關同事'],
      ['en', 'Please ask the relevant teams to review the plan.', 'the relevant teams'],
      ['en', 'Relevant departments should send their numbers by Friday.', 'Relevant departments'],
      ['en', 'Please send the deck to the relevant teams.', 'the relevant teams'],
      ['en', 'Notify the relevant people before the release.', 'the relevant people'],
      ['en', 'Owner: relevant team', 'relevant team'],
      ['en', 'Relevant teams: please confirm by Friday.', 'Relevant teams'],
      ['en', 'The person in charge must sign off.', 'The person in charge'],
    ];
    for (const [script, sentence, words] of flagged) {
      it(`flags ${script}: ${sentence}`, () => {
        const finding = expectFlagged(script, sentence, 'vague-recipient', words);
        assert.deepEqual(finding.recipientSpan, finding.range, 'the editor offers the directory over the words');
      });
    }

    const fine: [Script, string][] = [
      ['zh', '相关部门已确认。'],
      ['zh', '经相关部门确认，方案可行。'],
      ['zh', '相关部门的意见已收到。'],
      ['zh', '已通知相关部门。'],
      ['zh', '据相关人员介绍，问题已解决。'],
      ['zh', '感谢相关部门的支持。'],
      ['zh', '本次变更涉及相关部门的系统。'],
      ['zh', '相关部门提出了三点意见。'],
      ['zh', '相关部门处理了 5 起投诉。'],
      ['zh', '会议邀请了相关部门参加。'],
      ['zh', '无需相关部门参与。'],
      ['zh-TW', '相關部門已確認。'],
      ['zh-TW', '經相關部門確認，方案可行。'],
      ['zh-TW', '感謝相關部門的支持。'],
      ['zh-TW', '已通知相關部門。'],
      ['en', 'The relevant teams have confirmed the plan.'],
      ['en', 'The deck was sent to relevant teams yesterday.'],
      ['en', 'Thanks to the relevant teams for their support.'],
      ['en', 'We worked with the relevant teams last week.'],
      ['en', "The issue affects the relevant teams' dashboards."],
      ['en', 'Relevant departments confirmed the figures.'],
    ];
    for (const [script, sentence] of fine) it(`leaves ${script}: ${sentence}`, () => expectNotFlagged(script, sentence));

    it("offers the draft's own recipients, together and one by one, and the finding is gone once applied", () => {
      for (const [script, sentence, fixed] of [
        ['zh', '请相关部门配合测试。', '请李明、研发部配合测试。'],
        ['zh-TW', '請相關部門配合測試。', '請李明、研发部配合測試。'],
        ['en', 'Please ask the relevant teams to review the plan.', 'Please ask Li Ming and Zhang Wei to review the plan.'],
      ] as const) {
        const text = draft(script, sentence);
        const [finding] = wording(text, script);
        assert.deepEqual(
          finding.fixes?.map((fix) => fix.edits[0].newText),
          script === 'en' ? ['Li Ming and Zhang Wei', 'Li Ming', 'Zhang Wei'] : ['李明、研发部', '李明', '研发部'],
        );
        const after = applyFix(text, finding);
        assert.ok(after.includes(fixed), after);
        assert.deepEqual(wording(after, script), []);
      }
    });

    it('offers the directory departments when the draft names no one specific', () => {
      const text = draft('zh', '请相关部门配合测试。', { recipients: '[相关部门]' });
      const [finding] = wording(text, 'zh');
      assert.deepEqual(
        finding.fixes?.map((fix) => fix.edits[0].newText),
        ['产品部、研发部、全体员工', '产品部', '研发部', '全体员工'],
      );
      // The field itself is an error of the field rules.
      assert.ok(
        lint(text, 'zh').findings.some((other) => other.ruleId === 'vague-recipient' && other.severity === 'error' && other.line === 5),
      );
    });
  });

  describe('placeholder-value in a sentence', () => {
    const flagged: [Script, string, string][] = [
      ['zh', '上线时间：待定', '待定'],
      ['zh', '价格待定。', '待定'],
      ['zh', '详细方案待补充。', '待补充'],
      ['zh', '详见附件。', '详见附件'],
      ['zh', '具体内容详见附件。', '详见附件'],
      ['zh', '方案：详见附件', '详见附件'],
      ['zh', '具体时间另行通知。', '另行通知'],
      ['zh-TW', '上線時間：待定', '待定'],
      ['zh-TW', '詳見附件。', '詳見附件'],
      ['zh-TW', '詳細方案待補充。', '待補充'],
      ['zh-TW', '具體時間另行通知。', '另行通知'],
      ['en', 'Budget: TBD', 'TBD'],
      ['en', 'Venue: to be confirmed.', 'to be confirmed'],
      ['en', 'See attachment.', 'See attachment'],
      ['en', 'For details, see the attachment.', 'see the attachment'],
      ['en', 'Owner of the rollout: XXX', 'XXX'],
    ];
    for (const [script, sentence, words] of flagged)
      it(`flags ${script}: ${sentence}`, () => void expectFlagged(script, sentence, 'placeholder-value', words));

    const fine: [Script, string][] = [
      ['zh', '接口字段共 12 个，详见附件。'],
      ['zh', '如有变动，另行通知。'],
      ['zh', '会议确定了三个待定事项。'],
      ['zh', '以下需求待确认：导出与打印。'],
      ['zh-TW', '介面欄位共 12 個，詳見附件。'],
      ['zh-TW', '如有變動，另行通知。'],
      ['en', 'The API has 12 fields (see attachment).'],
      ['en', 'The schedule is to be confirmed by Li Ming on Friday.'],
      ['en', 'The attachment lists the 12 fields.'],
    ];
    for (const [script, sentence] of fine) it(`leaves ${script}: ${sentence}`, () => expectNotFlagged(script, sentence));

    it('a time left 待定 / TBD gets a date-time fix; a deferral to an attachment has none', () => {
      const text = draft('zh', '上线时间：待定');
      const [finding] = wording(text, 'zh');
      const after = applyFix(text, finding);
      assert.ok(after.includes(`上线时间：${SUGGESTED}`), after);
      assert.deepEqual(wording(after, 'zh'), []);
      const en = draft('en', 'Release date: TBD');
      const [tbd] = wording(en, 'en');
      assert.ok(applyFix(en, tbd).includes(`Release date: ${SUGGESTED}`));
      assert.deepEqual(wording(draft('zh', '详见附件。'), 'zh')[0].fixes, []);
    });

    it('a section that is only 详见附件 stays one error, not also a warning', () => {
      const text = internalMessage('zh', {}, [
        ['背景', 'Q3 迭代需求已收齐，共 42 条。'],
        ['目标', '2026-05-22 18:00 前完成评审。'],
        ['行动', '详见附件'],
      ]);
      const all = lint(text, 'zh').findings.filter((finding) => finding.ruleId === 'placeholder-value');
      assert.deepEqual(
        all.map((finding) => finding.severity),
        ['error'],
      );
    });
  });

  describe('vague-deadline in a sentence', () => {
    const flagged: [Script, string, string][] = [
      ['zh', '请尽快处理。', '尽快'],
      ['zh', '请近期完成评审。', '近期'],
      ['zh', '请抽空看一下。', '抽空'],
      ['zh', '方便时请回复。', '方便时'],
      ['zh', '我们会尽快回复您。', '尽快'],
      ['zh-TW', '請儘快處理。', '儘快'],
      ['zh-TW', '請盡快確認。', '盡快'],
      ['zh-TW', '請近期完成評審。', '近期'],
      ['zh-TW', '請抽空看一下。', '抽空'],
      ['en', 'Please reply ASAP.', 'ASAP'],
      ['en', 'Please reply soon.', 'soon'],
      ['en', 'Let me know when you have time.', 'when you have time'],
      ['en', 'Reply at your earliest convenience.', 'at your earliest convenience'],
      ['en', 'We need the numbers as soon as possible.', 'as soon as possible'],
    ];
    for (const [script, sentence, words] of flagged)
      it(`flags ${script}: ${sentence}`, () => void expectFlagged(script, sentence, 'vague-deadline', words));

    const fine: [Script, string][] = [
      ['zh', '已尽快修复。'],
      ['zh', '近期客户投诉增多。'],
      ['zh', '近期完成了三个项目。'],
      ['zh', '已于近期完成。'],
      ['zh-TW', '已儘快修復。'],
      ['zh-TW', '近期客戶投訴增多。'],
      ['en', 'The new version is coming soon.'],
      ['en', 'As soon as the fix is out, we deploy.'],
    ];
    for (const [script, sentence] of fine) it(`leaves ${script}: ${sentence}`, () => expectNotFlagged(script, sentence));

    it('the fix writes the time into the sentence, in its own script; 越快越好 has none', () => {
      for (const [script, sentence, fixed] of [
        ['zh', '请尽快处理。', `请于 ${SUGGESTED} 前处理。`],
        ['zh', '请在近期完成评审。', `请在 ${SUGGESTED} 前完成评审。`],
        ['zh-TW', '請儘快處理。', `請於 ${SUGGESTED} 前處理。`],
        ['en', 'Please reply ASAP.', `Please reply by ${SUGGESTED}.`],
      ] as const) {
        const text = draft(script, sentence);
        const [finding] = wording(text, script);
        const after = applyFix(text, finding);
        assert.ok(after.includes(fixed), `${after} should include ${fixed}`);
        assert.deepEqual(wording(after, script), []);
      }
      const [fastest] = wording(draft('zh', '越快越好。'), 'zh');
      assert.deepEqual(fastest.fixes, []);
    });
  });

  it('a field that is only such a word, written in Traditional Chinese, is the field rules’ error as in Simplified', () => {
    const errors = (overrides: Record<string, string>): [string, number][] =>
      lint(internalMessage('zh', overrides), 'zh')
        .findings.filter((finding) => finding.severity === 'error')
        .map((finding) => [finding.ruleId, finding.line]);
    assert.deepEqual(errors({ deadline: '儘快' }), [['vague-deadline', 8]]);
    assert.deepEqual(errors({ recipients: '[相關部門]' }), [['vague-recipient', 5]]);
    assert.deepEqual(errors({ attachments: '[詳見附件]' }), [['placeholder-value', 9]]);
  });

  it('the examples of docs/templates.md lint as the page says', () => {
    for (const example of WORDING_EXAMPLES) {
      const found = wording(draft(example.script, example.text), example.script);
      if (!example.flagged) {
        assert.deepEqual(found, [], example.text);
        continue;
      }
      const { ruleId, words } = example.flagged;
      assert.ok(
        found.some(
          (finding) =>
            finding.ruleId === ruleId &&
            textAt(draft(example.script, example.text), finding.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 }) === words,
        ),
        `${example.text}: ${JSON.stringify(found.map((finding) => finding.ruleId))}`,
      );
    }
  });

  it('skips help comments and code blocks, and finds each phrase on its own line and column', () => {
    const text = draft('zh', '<!-- 不要写“请相关部门处理”或“尽快” -->\n```\n请尽快处理\n```\n李明准备材料，\n请相关部门尽快确认。');
    const found = lint(text, 'zh').findings.filter((finding) => WORDING_RULES.includes(finding.ruleId));
    assert.deepEqual(
      found.map((finding) => [finding.ruleId, finding.line, finding.range?.column, finding.range?.endColumn]),
      [
        ['vague-recipient', 28, 1, 5],
        ['vague-deadline', 28, 5, 7],
      ],
    );
  });
});
