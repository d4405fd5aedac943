// `liaison new` and `liaison lint` as a user runs them: the bundled tool (dist/cli.js, built by
// `node esbuild.mjs`) as a child process, in a temporary workspace with real files.
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTemplates } from '../../../src/domain/templates/registry';
import { RULE_IDS, checkDraft } from '../../../src/domain/validate';
import { internalMessage } from '../domain/lintFixtures';
import { runBundled } from './bundled';
import type { Run } from './inProcess';

const NOW_FLAG = ['--now', '2026-05-18T10:00:00+08:00'];

function run(args: readonly string[], cwd: string): Promise<Run> {
  return runBundled(args, cwd);
}

const LINE = /^(.+):(\d+):(\d+) (error|warning) ([a-z-]+) (.+)$/;

interface Printed {
  file: string;
  line: number;
  column: number;
  severity: string;
  ruleId: string;
  message: string;
}

function printedLines(stdout: string): Printed[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((text) => {
      const match = LINE.exec(text);
      assert.ok(match, `file:line:col severity rule-id message: ${text}`);
      return { file: match[1], line: Number(match[2]), column: Number(match[3]), severity: match[4], ruleId: match[5], message: match[6] };
    });
}

const VENDOR_TEMPLATE = [
  '---',
  'kind: vendor-onboarding',
  'label: { zh: 供应商入驻, en: Vendor onboarding }',
  'fields:',
  '  - key: vendor',
  '    label: { zh: 供应商, en: Vendor }',
  '    required: true',
  '  - key: recipients',
  '    label: { zh: 接收人, en: Recipients }',
  '    type: people',
  '    required: true',
  '---',
  '## 背景 / Background *',
  'Why this vendor',
  '',
].join('\n');

describe('liaison new / lint (child process)', function () {
  this.timeout(60_000);
  let workspace = '';

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'liaison-lint-'));
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('new <kind> --lang zh prints a draft of every kind, which the lint reads', async () => {
    for (const template of builtInTemplates) {
      const result = await run(['new', template.kind, '--lang', 'zh', '--name', '王芳'], workspace);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdout.startsWith(`---\nkind: ${template.kind}\nspace: internal\n`), result.stdout.slice(0, 80));
      assert.match(result.stdout, /^sender: 王芳 {2}#/m);
      assert.ok(result.stdout.includes(`## ${template.sections[0].heading.zh}\n`), template.kind);
      const check = checkDraft(result.stdout, 'zh');
      assert.equal(check.template?.kind, template.kind);
      assert.ok(!check.findings.some((finding) => finding.ruleId === 'front-matter' || finding.ruleId === 'unknown-field'), template.kind);
    }
    const english = await run(['new', 'meeting-minutes', '--lang', 'en'], workspace);
    assert.match(english.stdout, /^## Action items$/m);
  });

  it('new with an unknown kind exits 2 and lists the kinds', async () => {
    const result = await run(['new', 'memo', '--lang', 'zh'], workspace);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unknown kind "memo"/);
    for (const template of builtInTemplates) assert.ok(result.stderr.includes(template.kind), template.kind);
    const badLang = await run(['new', 'emergency', '--lang', 'fr'], workspace);
    assert.equal(badLang.code, 2);
    assert.match(badLang.stderr, /--lang is "fr": use zh or en/);
  });

  it('new takes a template by its name in either language, a part only one has, or says "did you mean"', async () => {
    for (const typed of ['外部对接请求', 'external', 'External request', '外部对接']) {
      const result = await run(['new', typed, '--lang', 'zh'], workspace);
      assert.equal(result.code, 0, `${typed}: ${result.stderr}`);
      assert.ok(result.stdout.startsWith('---\nkind: external-request\n'), typed);
    }
    const near = await run(['new', '外部对接消息', '--lang', 'zh'], workspace);
    assert.equal(near.code, 2);
    assert.match(near.stderr, /did you mean external-request \(外部对接请求\)/);
    const ambiguous = await run(['new', 'request', '--lang', 'en'], workspace);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /did you mean .*collaboration-request.*external-request/);
  });

  it('lint: a clean file exits 0 and prints nothing on stdout', async () => {
    await writeFile(join(workspace, 'clean.md'), internalMessage('zh'));
    const result = await run(['lint', 'clean.md', '--lang', 'zh', ...NOW_FLAG], workspace);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /0 error\(s\), 0 warning\(s\) in 1 file\(s\)/);
  });

  it('lint: a bad file prints file:line:col severity rule-id message (1-based) and exits 1', async () => {
    await writeFile(join(workspace, 'bad.md'), internalMessage('en', { deadline: 'ASAP', priority: 'Urgent', title: 'Hello' }));
    const result = await run(['lint', 'bad.md', '--lang', 'en', ...NOW_FLAG], workspace);
    assert.equal(result.code, 1);
    const printed = printedLines(result.stdout);
    assert.deepEqual(
      printed.map((item) => [item.file, item.line, item.column, item.severity, item.ruleId]),
      [
        ['bad.md', 4, 8, 'warning', 'title-structure'],
        ['bad.md', 8, 11, 'error', 'invalid-choice'],
        ['bad.md', 9, 11, 'error', 'vague-deadline'],
      ],
    );
    assert.match(printed[2].message, /YYYY-MM-DD HH:mm/);
    assert.match(result.stderr, /2 error\(s\), 1 warning\(s\) in 1 file\(s\)/);
  });

  it('lint: a file with warnings only exits 0; --lang zh speaks Chinese', async () => {
    await writeFile(join(workspace, 'warn.md'), internalMessage('zh', { title: '请处理' }));
    const result = await run(['lint', 'warn.md', '--lang', 'zh', ...NOW_FLAG], workspace);
    assert.equal(result.code, 0, result.stdout);
    const [printed] = printedLines(result.stdout);
    assert.deepEqual([printed.line, printed.severity, printed.ruleId], [4, 'warning', 'title-structure']);
    assert.match(printed.message, /事件\+对象\+状态/);
  });

  it('lint: --now decides what has passed', async () => {
    await writeFile(join(workspace, 'late.md'), internalMessage('en', { deadline: '2026-05-18 09:00' }));
    const before = await run(['lint', 'late.md', '--lang', 'en', '--now', '2026-05-18T08:00:00+08:00'], workspace);
    assert.equal(before.stdout, '');
    const after = await run(['lint', 'late.md', '--lang', 'en', ...NOW_FLAG], workspace);
    assert.deepEqual(
      printedLines(after.stdout).map((item) => [item.line, item.ruleId]),
      [[9, 'deadline-past']],
    );
    assert.equal(after.code, 0, 'a warning');
    const bad = await run(['lint', 'late.md', '--now', 'yesterday'], workspace);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--now is "yesterday"/);
  });

  it("lint --directory: names not in the CSV become warnings; the CSV's own bad rows are reported", async () => {
    await writeFile(join(workspace, 'draft.md'), internalMessage('zh', { recipients: '[李敏, 研发部]' }));
    await writeFile(join(workspace, 'people.csv'), '姓名,部门,负责人\n李明,研发部,是\n王芳,产品部,是\n,产品部,\n');
    const without = await run(['lint', 'draft.md', '--lang', 'zh', ...NOW_FLAG], workspace);
    assert.equal(without.stdout, '', 'no directory, no recipient check');
    const withDirectory = await run(['lint', 'draft.md', '--lang', 'zh', '--directory', 'people.csv', ...NOW_FLAG], workspace);
    assert.equal(withDirectory.code, 0, withDirectory.stdout);
    const printed = printedLines(withDirectory.stdout);
    assert.deepEqual(
      printed.map((item) => [item.file, item.line, item.severity, item.ruleId]),
      [
        ['people.csv', 4, 'warning', 'directory-csv'],
        ['draft.md', 6, 'warning', 'unknown-recipient'],
      ],
    );
    assert.match(printed[1].message, /李敏.*李明/);
    const missing = await run(['lint', 'draft.md', '--directory', 'nope.csv'], workspace);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the directory nope\.csv/);
  });

  it('lint --json prints one array of findings and nothing else on stdout', async () => {
    await writeFile(join(workspace, 'a.md'), internalMessage('en', { deadline: 'ASAP' }));
    await writeFile(join(workspace, 'b.md'), internalMessage('en'));
    const result = await run(['lint', 'a.md', 'b.md', '--json', '--lang', 'en', ...NOW_FLAG], workspace);
    assert.equal(result.code, 1);
    const findings = JSON.parse(result.stdout) as Printed[];
    assert.ok(Array.isArray(findings));
    assert.deepEqual(
      findings.map((item) => [item.file, item.line, item.column, item.severity, item.ruleId]),
      [['a.md', 9, 11, 'error', 'vague-deadline']],
    );
    assert.match(findings[0].message, /ASAP/);
    const clean = await run(['lint', 'b.md', '--json', ...NOW_FLAG], workspace);
    assert.deepEqual(JSON.parse(clean.stdout), []);
    assert.equal(clean.code, 0);
  });

  it('lint: a missing file is reported and fails the run, the others are still checked', async () => {
    await writeFile(join(workspace, 'bad.md'), internalMessage('en', { deadline: 'ASAP' }));
    const result = await run(['lint', 'gone.md', 'bad.md', '--lang', 'en', ...NOW_FLAG], workspace);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot read gone\.md: ENOENT/);
    assert.deepEqual(
      printedLines(result.stdout).map((item) => item.file),
      ['bad.md'],
    );
  });

  it('lint --rules lists every rule', async () => {
    const result = await run(['lint', '--rules', '--lang', 'en'], workspace);
    assert.equal(result.code, 0);
    for (const ruleId of RULE_IDS) assert.match(result.stdout, new RegExp(`^${ruleId} +(error|warning) `, 'm'));
  });

  it('lint of a team template file under .liaison/templates/ reports its problems with their lines', async () => {
    const dir = join(workspace, '.liaison', 'templates');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'bad.md'),
      ['---', 'kind: broken-kind', 'label: Broken', 'fields:', '  - key: level', '    type: choice', '    label: Level', '---', ''].join(
        '\n',
      ),
    );
    await writeFile(join(dir, 'good.md'), VENDOR_TEMPLATE);
    const result = await run(['lint', join('.liaison', 'templates', 'bad.md'), join('.liaison', 'templates', 'good.md')], workspace);
    assert.equal(result.code, 1);
    const printed = printedLines(result.stdout);
    assert.deepEqual(
      printed.map((item) => [item.file, item.line, item.column, item.severity, item.ruleId]),
      [[join('.liaison', 'templates', 'bad.md'), 5, 1, 'error', 'template']],
    );
    assert.match(printed[0].message, /a choice needs options/);
  });

  it('the team templates of <cwd>/.liaison/templates are picked up by new and lint', async () => {
    const draft = [
      '---',
      'kind: vendor-onboarding',
      'space: internal',
      'title: 关于华星电子供应商入驻的申请-采购部',
      'recipients: [李明]',
      '---',
      '',
      '## 背景',
      '',
      '新一代传感器。',
      '',
    ].join('\n');
    await writeFile(join(workspace, 'vendor.md'), draft);
    const before = await run(['lint', 'vendor.md', '--lang', 'en', ...NOW_FLAG], workspace);
    assert.deepEqual(
      printedLines(before.stdout).map((item) => [item.line, item.ruleId]),
      [[2, 'unknown-kind']],
    );
    assert.equal(before.code, 1);

    await mkdir(join(workspace, '.liaison', 'templates'), { recursive: true });
    await writeFile(join(workspace, '.liaison', 'templates', 'vendor.md'), VENDOR_TEMPLATE);
    const created = await run(['new', 'vendor-onboarding', '--lang', 'en'], workspace);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^vendor: '' {2}# Vendor \*/m);
    assert.match(created.stdout, /^## Background$/m);
    const after = await run(['lint', 'vendor.md', '--lang', 'en', ...NOW_FLAG], workspace);
    const printed = printedLines(after.stdout);
    assert.deepEqual(
      printed.map((item) => [item.line, item.severity, item.ruleId]),
      [[6, 'error', 'required-field']],
    );
    assert.match(printed[0].message, /vendor \(Vendor\)/);
    assert.equal(after.code, 1);
    await writeFile(join(workspace, 'vendor.md'), draft.replace('recipients: [李明]', 'recipients: [李明]\nvendor: 华星电子'));
    const fixed = await run(['lint', 'vendor.md', '--lang', 'en', ...NOW_FLAG], workspace);
    assert.equal(fixed.stdout, '');
    assert.equal(fixed.code, 0);
  });

  it('a broken team template is reported when lint loads it, not silently dropped', async () => {
    await mkdir(join(workspace, '.liaison', 'templates'), { recursive: true });
    await writeFile(
      join(workspace, '.liaison', 'templates', 'vendor.md'),
      VENDOR_TEMPLATE.replace('    type: people', '    type: peoples'),
    );
    await writeFile(join(workspace, 'draft.md'), internalMessage('zh'));
    const result = await run(['lint', 'draft.md', '--lang', 'zh', ...NOW_FLAG], workspace);
    const printed = printedLines(result.stdout);
    assert.deepEqual(
      printed.map((item) => [item.file, item.line, item.ruleId]),
      [[join('.liaison', 'templates', 'vendor.md'), 10, 'template']],
    );
    assert.match(printed[0].message, /type "peoples" is unknown/);
    assert.equal(result.code, 1);
  });
});
