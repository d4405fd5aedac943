// The assertions every lint-rule case uses (lintRules.test.ts and its case files): the one
// finding of a rule on a line, checked for severity and language; no finding of a rule; none at all.
import { strict as assert } from 'node:assert';
import type { Directory } from '../../../src/domain/directory';
import type { Language } from '../../../src/domain/templates/types';
import type { Finding, Severity } from '../../../src/domain/validate';
import { DIRECTORY, assertLanguage, findingsOf, lint } from './lintFixtures';

export const LANGUAGES: readonly Language[] = ['zh', 'en'];

/** The one finding of `ruleId` on `line`, checked for severity and language. */
export function expectFinding(
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

export function assertNoRule(text: string, language: Language, ruleId: string, directory: Directory = DIRECTORY): void {
  assert.deepEqual(
    findingsOf(text, language, ruleId, directory).map((finding) => [finding.line, finding.message]),
    [],
    `no ${ruleId} (${language})`,
  );
}

export function assertClean(text: string, language: Language, directory: Directory = DIRECTORY): void {
  assert.deepEqual(
    lint(text, language, directory).findings.map((finding) => [finding.ruleId, finding.line, finding.message]),
    [],
    `clean (${language})`,
  );
}

/** Marks a rule as having cases (lintRules.test.ts fails for a rule without any). */
export type Cover = (ruleId: string) => void;
