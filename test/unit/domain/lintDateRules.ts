// Lint-rule cases of dates and deadlines: vague-deadline, deadline-format, date-format, deadline-past.
// Called inside the 'lint rules' suite of lintRules.test.ts, which checks every rule has cases.
import { strict as assert } from 'node:assert';
import { checkDraft } from '../../../src/domain/validate';
import { LANGUAGES, expectFinding, assertNoRule, assertClean } from './lintCases';
import type { Cover } from './lintCases';
import {
  DIRECTORY,
  NOW,
  SUGGESTED,
  applyPreferred,
  externalRequest,
  findingsOf,
  internalMessage,
  internalNotice,
  meetingMinutes,
  textAt,
} from './lintFixtures';

export function dateRuleCases(cover: Cover): void {
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
}
