// Every lint rule, in Chinese and in English: a text that breaks it (rule id, severity, 0-based
// line, message in the user's language), a text that does not, and — where the rule offers one —
// the preferred quick fix applied to the text, after which the finding is gone.
import { strict as assert } from 'node:assert';
import { Directory } from '../../../src/domain/directory';
import type { Language } from '../../../src/domain/templates/types';
import { checkDraft, RULE_IDS } from '../../../src/domain/validate';
import type { Finding, Severity } from '../../../src/domain/validate';
import {
  DIRECTORY,
  NOW,
  SUGGESTED,
  actionTable,
  applyEdits,
  applyPreferred,
  assertLanguage,
  externalRequest,
  findingsOf,
  internalMessage,
  internalNotice,
  lint,
  meetingMinutes,
  preferredFix,
  textAt,
} from './lintFixtures';

const LANGUAGES: readonly Language[] = ['zh', 'en'];

/** The one finding of `ruleId` on `line`, checked for severity and language. */
function expectFinding(
  text: string,
  language: Language,
  ruleId: string,
  severity: Severity,
  line: number,
  directory: Directory = DIRECTORY,
): Finding {
  const found = findingsOf(text, language, ruleId, directory).filter((finding) => finding.line === line);
  assert.equal(
    found.length,
    1,
    `one ${ruleId} on line ${line} (${language}); all findings: ${JSON.stringify(lint(text, language, directory).findings.map((f) => [f.ruleId, f.line, f.message]))}`,
  );
  assert.equal(found[0].severity, severity, `${ruleId} severity`);
  assertLanguage(found[0].message, language);
  return found[0];
}

function assertNoRule(text: string, language: Language, ruleId: string, directory: Directory = DIRECTORY): void {
  assert.deepEqual(
    findingsOf(text, language, ruleId, directory).map((finding) => [finding.line, finding.message]),
    [],
    `no ${ruleId} (${language})`,
  );
}

function assertClean(text: string, language: Language, directory: Directory = DIRECTORY): void {
  assert.deepEqual(
    lint(text, language, directory).findings.map((finding) => [finding.ruleId, finding.line, finding.message]),
    [],
    `clean (${language})`,
  );
}

describe('lint rules', () => {
  const covered = new Set<string>();
  const cover = (ruleId: string): void => {
    covered.add(ruleId);
  };

  after(() => {
    // Runs last: a rule added to RULE_IDS without cases here fails the suite.
    assert.deepEqual(
      RULE_IDS.filter((ruleId) => !covered.has(ruleId)),
      [],
      'every rule has cases',
    );
  });

  it('the clean fixtures are clean, in both languages', () => {
    for (const language of LANGUAGES) {
      assertClean(internalMessage(language), language);
      assertClean(externalRequest(language), language);
      assertClean(meetingMinutes(language), language);
      assertClean(internalNotice(language), language);
    }
  });

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

  describe('vague-deadline', () => {
    it('尽快 / ASAP as a deadline is an error whose fix inserts a date-time', () => {
      cover('vague-deadline');
      for (const [language, written] of [
        ['zh', '尽快'],
        ['en', 'ASAP'],
        ['en', 'as soon as possible'],
        ['zh', '本周内'],
      ] as const) {
        const text = internalMessage(language, { deadline: written });
        const finding = expectFinding(text, language, 'vague-deadline', 'error', 8);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, new RegExp(`^deadline: ${SUGGESTED}$`, 'm'));
        assertClean(fixed, language);
      }
    });

    it('尽快 in the body or the title is a warning on the words', () => {
      const zh = internalMessage('zh', {}, [
        ['背景', 'Q3 迭代需求已收齐。'],
        ['目标', '完成评审。'],
        ['行动', '请尽快处理。'],
      ]);
      const body = expectFinding(zh, 'zh', 'vague-deadline', 'warning', 22);
      assert.equal(textAt(zh, body.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 }), '尽快');
      const en = internalMessage('en', {}, [
        ['Background', 'The Q3 requests are in.'],
        ['Goal', 'Review them.'],
        ['Action', 'Please send the deck ASAP.'],
      ]);
      expectFinding(en, 'en', 'vague-deadline', 'warning', 22);
      expectFinding(internalMessage('zh', { title: '关于Q3需求评审的安排-请尽快确认' }), 'zh', 'vague-deadline', 'warning', 3);
      // Help comments are not the writer's words.
      assertNoRule(
        internalMessage('zh', {}, [
          ['背景', '<!-- 不要写尽快 -->\nQ3 迭代需求已收齐。'],
          ['目标', '完成评审。'],
          ['行动', '李明准备材料。'],
        ]),
        'zh',
        'vague-deadline',
      );
    });

    it('finds the words on their own line and column, with Windows line endings and multi-line comments', () => {
      const sections: [string, string][] = [
        ['背景', '<!-- 模板说明：\n不要写尽快\n-->\nQ3 迭代需求已收齐。'],
        ['目标', '完成评审。'],
        ['行动', '李明准备材料，\n请各位尽快确认，越快越好。'],
      ];
      const text = internalMessage('zh', {}, sections).replace(/\n/g, '\r\n');
      const found = findingsOf(text, 'zh', 'vague-deadline');
      assert.deepEqual(
        found.map((finding) => [finding.line, finding.range?.column, finding.range?.endColumn]),
        [
          [26, 3, 5],
          [26, 8, 12],
        ],
      );
      assert.deepEqual(
        found.map((finding) => textAt(text.replace(/\r/g, ''), finding.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 })),
        ['尽快', '越快越好'],
      );
    });

    it('a due cell 尽快 in an action item is one error (not also a warning), fixed by a date-time', () => {
      for (const [language, row] of [
        ['zh', '| 准备评审材料 | 李明 | 尽快 |'],
        ['en', '| Prepare the deck | Li Ming | ASAP |'],
      ] as const) {
        const text = meetingMinutes(language, [row]);
        const finding = expectFinding(text, language, 'vague-deadline', 'error', 17);
        assert.equal(finding.field, 'actions');
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, new RegExp(`\\| ${SUGGESTED} \\|`));
        assertClean(fixed, language);
      }
    });
  });

  describe('deadline-format', () => {
    it('2026/5/20 18:00 and 2026年5月20日 18:00 are rewritten as 2026-05-20 18:00', () => {
      cover('deadline-format');
      for (const [language, written] of [
        ['en', '2026/5/20 18:00'],
        ['zh', '2026年5月20日 18:00'],
        ['zh', '2026年5月20日下午6点'],
        ['en', '2026.5.20 18:00'],
      ] as const) {
        const text = internalMessage(language, { deadline: written });
        const finding = expectFinding(text, language, 'deadline-format', 'error', 8);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^deadline: 2026-05-20 18:00$/m, written);
        assertClean(fixed, language);
      }
    });

    it('a date-time that cannot be read gets a concrete one inserted', () => {
      for (const language of LANGUAGES) {
        const text = internalMessage(language, { deadline: '"2026-02-30 10:00"' });
        const finding = expectFinding(text, language, 'deadline-format', 'error', 8);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, new RegExp(`^deadline: ${SUGGESTED}$`, 'm'));
        assertClean(fixed, language);
      }
    });

    it('a due cell 2026/5/20 18:00 is rewritten in place', () => {
      for (const language of LANGUAGES) {
        const row = language === 'zh' ? '| 准备评审材料 | 李明 | 2026/5/20 18:00 |' : '| Prepare the deck | Li Ming | 2026/5/20 18:00 |';
        const text = meetingMinutes(language, [row]);
        const finding = expectFinding(text, language, 'deadline-format', 'error', 17);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /\| 2026-05-20 18:00 \|$/m);
        assertClean(fixed, language);
      }
    });
  });

  describe('date-format', () => {
    it('a date field 2026/5/18 is rewritten as 2026-05-18', () => {
      cover('date-format');
      for (const language of LANGUAGES) {
        const text = internalNotice(language, { date: '2026/5/18' });
        const finding = expectFinding(text, language, 'date-format', 'error', 6);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, /^date: 2026-05-18$/m);
        assertClean(fixed, language);
      }
    });

    it('an unreadable date gets tomorrow; a date column of a table is checked too', () => {
      const text = internalNotice('en', { effective: 'end of May' });
      const finding = expectFinding(text, 'en', 'date-format', 'error', 11);
      assert.match(applyPreferred(text, finding), /^effective: 2026-05-19$/m);
      const progress = externalRequest('zh', {}, [
        ['需求描述', '报表接口响应降到 1 秒以内。'],
        [
          '进度同步',
          '| 日期 * | 阶段 * | 进展 * | 参与人 | 下一步 * | 风险与应对 |\n| --- | --- | --- | --- | --- | --- |\n| 2026年5月18日 | 联调 | 接口已定位 | 李明 | 压测 | 无 |',
        ],
      ]);
      const cell = expectFinding(progress, 'zh', 'date-format', 'error', 23);
      const fixed = applyPreferred(progress, cell);
      assert.match(fixed, /^\| 2026-05-18 \| 联调 \|/m);
      assertClean(fixed, 'zh');
    });
  });

  describe('deadline-past', () => {
    it('a deadline before now is a warning whose fix moves it to tomorrow 18:00', () => {
      cover('deadline-past');
      for (const language of LANGUAGES) {
        const text = internalMessage(language, { deadline: '2026-05-17 18:00' });
        const finding = expectFinding(text, language, 'deadline-past', 'warning', 8);
        const fixed = applyPreferred(text, finding);
        assert.match(fixed, new RegExp(`^deadline: ${SUGGESTED}$`, 'm'));
        assertClean(fixed, language);
      }
    });

    it('compares in the team time zone: 09:00 has passed at 10:00 Shanghai time, 11:00 has not', () => {
      expectFinding(internalMessage('zh', { deadline: '2026-05-18 09:00' }), 'zh', 'deadline-past', 'warning', 8);
      assertClean(internalMessage('zh', { deadline: '2026-05-18 11:00' }), 'zh');
      // In UTC it is 02:00, so 09:00 is still ahead.
      const utc = checkDraft(internalMessage('zh', { deadline: '2026-05-18 09:00' }), 'zh', {
        now: NOW,
        directory: DIRECTORY,
        timeZone: 'UTC',
      });
      assert.deepEqual(utc.findings, []);
    });

    it('a meeting time in the past is fine (it is no deadline)', () => {
      assert.match(meetingMinutes('zh'), /^meetingTime: 2026-05-18 09:00$/m);
      assertNoRule(meetingMinutes('zh'), 'zh', 'deadline-past');
    });
  });

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

  it('every finding with fixes has at most one preferred fix, and every edit lies inside the document', () => {
    const texts: [string, Language][] = [
      [
        internalMessage('zh', {
          deadline: '尽快',
          priority: '紧急',
          recipients: '[相关部门, 李敏]',
          deadine: 'x',
          attachments: '[a.docx]',
        }),
        'zh',
      ],
      [internalMessage('en', { deadline: '2026/5/20 18:00', type: 'Notice', title: '"[urgent] Hello"' }), 'en'],
      [meetingMinutes('zh', ['| 准备 | 相关人员 | 尽快 |', '| 复核 |  | 2026/5/20 18:00 |']), 'zh'],
    ];
    for (const [text, language] of texts) {
      const lines = text.split('\n');
      const { findings } = lint(text, language);
      assert.ok(findings.length >= 3);
      for (const finding of findings) {
        assert.ok((finding.fixes ?? []).filter((fix) => fix.preferred).length <= 1, finding.ruleId);
        if (finding.fixes?.some((fix) => fix.preferred)) preferredFix(finding);
        for (const edit of (finding.fixes ?? []).flatMap((fix) => fix.edits)) {
          assert.ok(edit.range.line <= lines.length && edit.range.endLine <= lines.length, finding.ruleId);
          if (edit.range.line < lines.length) assert.ok(edit.range.column <= lines[edit.range.line].length, finding.ruleId);
        }
      }
      // Findings come sorted by line.
      assert.deepEqual(
        findings.map((finding) => finding.line),
        findings
          .map((finding) => finding.line)
          .slice()
          .sort((a, b) => a - b),
      );
    }
  });
});

describe('lint, bad input', () => {
  function expectFrontMatter(text: string, line: number, pattern: { zh: RegExp; en: RegExp }): void {
    for (const language of LANGUAGES) {
      let findings: Finding[] = [];
      assert.doesNotThrow(() => {
        findings = checkDraft(text, language, { now: NOW }).findings;
      });
      assert.ok(findings.length >= 1);
      assert.equal(findings[0].ruleId, 'front-matter', JSON.stringify(findings[0]));
      assert.equal(findings[0].severity, 'error');
      assert.equal(findings[0].line, line, `${language}: ${JSON.stringify(text.slice(0, 60))}`);
      assert.match(findings[0].message, pattern[language]);
      assertLanguage(findings[0].message, language);
    }
  }

  it('no --- at all: line 0, says to start with ---', () => {
    expectFrontMatter('kind: internal-message\ntitle: 关于评审会的安排-产品部\n', 0, {
      zh: /第一行应为 ---/,
      en: /first line must be ---/,
    });
  });

  it('unclosed front matter: says to add the closing ---', () => {
    expectFrontMatter('---\nkind: internal-message\ntitle: x\n', 0, { zh: /加一行 ---/, en: /add a line ---/ });
  });

  it('bad YAML points at the broken line and says what to check', () => {
    const how = { zh: /字段区格式错误.*缩进/, en: /not valid YAML.*indentation/ };
    expectFrontMatter('---\nkind: internal-message\ntitle: [unclosed\n---\n', 2, how);
    expectFrontMatter('---\nkind: internal-message\ntitle: "unclosed\n---\n', 2, how);
    expectFrontMatter('---\nkind: internal-message\ntitle: a: b\n---\n', 2, how);
    expectFrontMatter('---\nkind: internal-message\n\ttitle: x\n---\n', 2, how);
    expectFrontMatter('---\nkind: internal-message\ntitle: x\nrecipients:\n\t- 李明\n---\n', 4, how);
    expectFrontMatter('---\nkind: internal-message\nsender: 王芳\nsender: 李明\n---\n', 3, how);
    // YAML notices an unclosed [ where the next line starts: at most one line late.
    const late = checkDraft('---\nkind: internal-message\ntitle: [unclosed\nsender: 王芳\n---\n', 'en').findings[0];
    assert.equal(late.ruleId, 'front-matter');
    assert.ok(late.line === 2 || late.line === 3, String(late.line));
  });

  it('a list or a bare word as front matter: must be key: value fields', () => {
    expectFrontMatter('---\n- a\n- b\n---\n', 1, { zh: /key: value/, en: /key: value/ });
    expectFrontMatter('---\njust words\n---\n', 1, { zh: /key: value/, en: /key: value/ });
  });

  it('empty text and binary garbage: a finding, never an exception', () => {
    expectFrontMatter('', 0, { zh: /---/, en: /---/ });
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let round = 0; round < 20; round++) {
      const garbage = Buffer.from(Array.from({ length: 2048 }, () => random() % 256)).toString('utf8');
      for (const text of [garbage, `---\n${garbage}\n---\n`, `---\nkind: internal-message\n---\n${garbage}`]) {
        const { findings } = checkDraft(text, 'zh', { now: NOW });
        assert.ok(findings.length > 0, 'garbage is never clean');
        for (const finding of findings) {
          assert.ok(Number.isInteger(finding.line) && finding.line >= 0);
          assert.ok(finding.message.length > 0);
        }
      }
    }
  });

  it('10 MB of text: a front-matter finding; 10 MB of ordinary body after a good draft: clean', () => {
    const big = '这是一段很长的会议记录，没有字段区。This line has no front matter either.\n'.repeat(150_000);
    assert.ok(big.length > 10_000_000 / 2 && Buffer.byteLength(big) > 10_000_000);
    expectFrontMatter(big, 0, { zh: /---/, en: /---/ });
    const body = '李明 2026-05-20 18:00 前准备评审材料，王芳复核。Li Ming prepares the deck by 2026-05-20 18:00.\n'.repeat(100_000);
    assert.ok(Buffer.byteLength(body) > 10_000_000);
    const { findings } = checkDraft(internalMessage('zh') + body, 'zh', { now: NOW, directory: DIRECTORY });
    assert.deepEqual(findings, []);
  });

  it('an unknown kind names the line it is on', () => {
    for (const language of LANGUAGES) {
      const finding = expectFinding('---\nspace: internal\ntitle: x\nkind: memo\n---\n', language, 'unknown-kind', 'error', 3);
      assert.match(finding.message, language === 'zh' ? /第 4 行/ : /Line 4/);
    }
  });

  it('Windows line endings and a byte-order mark read like plain text', () => {
    assertClean(internalMessage('zh').replace(/\n/g, '\r\n'), 'zh');
    assertClean(`\uFEFF${internalMessage('en')}`, 'en');
  });

  it('odd YAML values (maps, numbers, booleans, null) become text, never an exception', () => {
    const text = internalMessage('en', { title: '{ a: b }', recipients: '[1, true, null, Li Ming]', priority: '3', deadline: 'null' });
    const { findings } = checkDraft(text, 'en', { now: NOW, directory: DIRECTORY });
    assert.ok(findings.some((finding) => finding.ruleId === 'invalid-choice' && finding.line === 7));
    assert.ok(findings.some((finding) => finding.field === 'deadline' && finding.line === 8));
  });
});
