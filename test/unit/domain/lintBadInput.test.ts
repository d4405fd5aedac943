// The linter on bad input: no front matter, broken YAML, garbage, 10 MB, odd line endings and
// values: always a finding naming the line and the fix, never an exception.
import { strict as assert } from 'node:assert';
import { checkDraft } from '../../../src/domain/validate';
import type { Finding } from '../../../src/domain/validate';
import { LANGUAGES, expectFinding, assertClean } from './lintCases';
import { DIRECTORY, NOW, assertLanguage, internalMessage } from './lintFixtures';

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
