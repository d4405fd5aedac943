// Every lint rule, in Chinese and in English: a text that breaks it (rule id, severity, 0-based
// line, message in the user's language), a text that does not, and — where the rule offers one —
// the preferred quick fix applied to the text, after which the finding is gone.
//
// The cases are in lintFieldRules.ts, lintDateRules.ts and lintPeopleRules.ts; bad input is lintBadInput.test.ts.
import { strict as assert } from 'node:assert';
import type { Language } from '../../../src/domain/templates/types';
import { RULE_IDS } from '../../../src/domain/validate';
import { LANGUAGES, assertClean } from './lintCases';
import { dateRuleCases } from './lintDateRules';
import { fieldRuleCases } from './lintFieldRules';
import { externalRequest, internalMessage, internalNotice, lint, meetingMinutes, preferredFix } from './lintFixtures';
import { peopleAndStructureRuleCases } from './lintPeopleRules';

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
  fieldRuleCases(cover);
  dateRuleCases(cover);
  peopleAndStructureRuleCases(cover);

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
