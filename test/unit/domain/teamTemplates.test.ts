// Team templates (`.liaison/templates/*.md`): a new kind, a replaced built-in, `extends`, and
// every way a template file can be wrong — each reported with its 0-based line and the fix.
import { strict as assert } from 'node:assert';
import { renderDraft } from '../../../src/domain/draft';
import { TemplateSet, builtInTemplates } from '../../../src/domain/templates/registry';
import { parseTeamTemplate } from '../../../src/domain/templates/teamTemplates';
import type { TemplateProblem } from '../../../src/domain/templates/teamTemplates';
import type { TemplateSpec } from '../../../src/domain/templates/types';
import { checkDraft } from '../../../src/domain/validate';
import type { Finding } from '../../../src/domain/validate';
import { DIRECTORY, NOW, assertLanguage, internalMessage } from './lintFixtures';

const VENDOR_ONBOARDING = [
  '---',
  'kind: vendor-onboarding',
  'label: { zh: 供应商入驻, en: Vendor onboarding }',
  'exampleTitle: { zh: 关于华星电子供应商入驻的申请-采购部, en: "Huaxing vendor onboarding: request sent - Purchasing" }',
  'audience: [owner, recipients]',
  'fields:',
  '  - key: vendor',
  '    label: { zh: 供应商, en: Vendor }',
  '    type: text',
  '    required: true',
  '    help: { zh: 供应商全称, en: the full name of the vendor }',
  '  - key: owner',
  '    label: { zh: 负责人, en: Owner }',
  '    type: person',
  '    required: true',
  '  - key: recipients',
  '    label: { zh: 接收人, en: Recipients }',
  '    type: people',
  '    required: true',
  '  - key: level',
  '    label: { zh: 等级, en: Level }',
  '    type: choice',
  '    required: true',
  '    options: [strategic, regular]',
  '  - key: due',
  '    label: { zh: 完成时间, en: Done by }',
  '    type: datetime',
  '    required: true',
  '    future: true',
  'sections:',
  '  - key: steps',
  '    heading: { zh: 步骤, en: Steps }',
  '    required: true',
  '    table: [{ key: step, label: { zh: 步骤, en: Step }, required: true }, { key: who, label: { zh: 负责人, en: Who }, type: person, required: true }]',
  '---',
  '## 背景 / Background *',
  'Why this vendor',
  '',
  '## 备注 / Notes',
  'Anything else',
  '',
].join('\n');

function parsed(text: string): TemplateSpec {
  const result = parseTeamTemplate(text, '.liaison/templates/vendor.md');
  assert.deepEqual(result.problems, []);
  assert.ok(result.template);
  return result.template;
}

const vendorDraft = (overrides: { owner?: string; level?: string; due?: string; row?: string; background?: string } = {}): string =>
  [
    '---',
    'kind: vendor-onboarding',
    'space: internal',
    'title: 关于华星电子供应商入驻的申请-采购部',
    'vendor: 华星电子有限公司',
    `owner: ${overrides.owner ?? '李明'}`,
    'recipients: [研发部, 王芳]',
    `level: ${overrides.level ?? 'strategic'}`,
    `due: ${overrides.due ?? '2026-05-29 18:00'}`,
    '---',
    '',
    ...(overrides.background === undefined
      ? ['## 背景', '', '华星电子提供新一代传感器，需要入驻。', '']
      : overrides.background === ''
        ? []
        : ['## 背景', '', overrides.background, '']),
    '## 步骤',
    '',
    '| 步骤 * | 负责人 * |',
    '| --- | --- |',
    overrides.row ?? '| 资质审核 | 张伟 |',
    '',
  ].join('\n');

function lintWith(set: TemplateSet, text: string, language: 'zh' | 'en' = 'zh'): Finding[] {
  return checkDraft(text, language, { templates: set, now: NOW, directory: DIRECTORY }).findings;
}

const summary = (findings: Finding[]): [string, number, string | undefined][] =>
  findings.map((finding) => [finding.ruleId, finding.line, finding.field]);

describe('team templates', () => {
  it('a new kind: fields, body sections (* = required) and a declared table', () => {
    const template = parsed(VENDOR_ONBOARDING);
    assert.equal(template.kind, 'vendor-onboarding');
    assert.deepEqual(template.label, { zh: '供应商入驻', en: 'Vendor onboarding' });
    assert.deepEqual(template.source, { type: 'team', path: '.liaison/templates/vendor.md' });
    assert.deepEqual(
      template.fields.map((field) => [field.key, field.type, field.required]),
      [
        ['vendor', 'text', true],
        ['owner', 'person', true],
        ['recipients', 'people', true],
        ['level', 'choice', true],
        ['due', 'datetime', true],
      ],
    );
    assert.deepEqual(
      template.fields.find((field) => field.key === 'level')?.options?.map((option) => option.value),
      ['strategic', 'regular'],
    );
    assert.equal(template.fields.find((field) => field.key === 'due')?.future, true);
    assert.deepEqual(
      template.sections.map((section) => [
        section.key,
        section.heading.zh,
        section.heading.en,
        section.required,
        section.table?.length ?? 0,
      ]),
      [
        ['background', '背景', 'Background', true, 0],
        ['notes', '备注', 'Notes', false, 0],
        ['steps', '步骤', 'Steps', true, 2],
      ],
    );
    assert.deepEqual(template.audience, ['owner', 'recipients']);
  });

  it('drafts of the new kind lint through TemplateSet.withTeam, and are unknown without it', () => {
    const set = TemplateSet.withTeam([parsed(VENDOR_ONBOARDING)]);
    assert.equal(set.kinds.length, builtInTemplates.length + 1);
    assert.deepEqual(summary(lintWith(set, vendorDraft())), []);
    assert.deepEqual(summary(checkDraft(vendorDraft(), 'zh', { now: NOW }).findings), [['unknown-kind', 1, 'kind']]);

    assert.deepEqual(summary(lintWith(set, vendorDraft({ level: 'gold' }))), [['invalid-choice', 7, 'level']]);
    assert.deepEqual(summary(lintWith(set, vendorDraft({ due: '尽快' }))), [['vague-deadline', 8, 'due']]);
    assert.deepEqual(summary(lintWith(set, vendorDraft({ due: '2026-05-01 18:00' }))), [['deadline-past', 8, 'due']]);
    assert.deepEqual(summary(lintWith(set, vendorDraft({ owner: '[李明, 张伟]' }))), [['one-person', 5, 'owner']]);
    assert.deepEqual(summary(lintWith(set, vendorDraft({ row: '| 资质审核 |  |' }))), [['table-cell', 19, 'steps']]);
    assert.deepEqual(summary(lintWith(set, vendorDraft({ row: '| 资质审核 | 相关人员 |' }))), [['vague-recipient', 19, 'steps']]);
    assert.deepEqual(summary(lintWith(set, vendorDraft({ background: '' }))), [['required-section', 10, 'background']]);
    const english = lintWith(set, vendorDraft({ background: '' }), 'en');
    assertLanguage(english[0].message, 'en');
    assert.match(english[0].message, /## Background/);
  });

  it('renderDraft of a team template writes its fields, sections and table, and asks for what is missing', () => {
    const template = parsed(VENDOR_ONBOARDING);
    const set = TemplateSet.withTeam([template]);
    for (const language of ['zh', 'en'] as const) {
      const draft = renderDraft(template, language, { identity: { name: '王芳' }, space: 'internal', deadline: '2026-05-29 18:00' });
      assert.match(draft, /^kind: vendor-onboarding$/m);
      assert.match(draft, language === 'zh' ? /^## 步骤$/m : /^## Steps$/m);
      assert.match(draft, language === 'zh' ? /^\| 步骤 \* \| 负责人 \* \|$/m : /^\| Step \* \| Who \* \|$/m);
      const fields = lintWith(set, draft, language)
        .filter((finding) => finding.ruleId === 'required-field')
        .map((finding) => finding.field)
        .sort();
      assert.deepEqual(fields, ['owner', 'recipients', 'title', 'vendor']);
    }
  });

  it('kind: internal-message replaces the built-in: an added required field is then required', () => {
    const override = parsed(
      [
        '---',
        'kind: internal-message',
        'fields:',
        '  - key: costCenter',
        '    label: { zh: 成本中心, en: Cost center }',
        '    required: true',
        '    help: 如 CC-204',
        '---',
        '',
      ].join('\n'),
    );
    assert.deepEqual(override.label, { zh: '内部常规消息', en: 'Internal message' }, 'the label comes from the built-in');
    assert.deepEqual(
      override.fields.map((field) => field.key),
      ['sender', 'recipients', 'type', 'priority', 'deadline', 'attachments', 'costCenter'],
    );
    const set = TemplateSet.withTeam([override]);
    assert.equal(set.kinds.length, builtInTemplates.length);
    assert.equal(set.find('internal-message'), override);
    const missing = lintWith(set, internalMessage('zh'));
    assert.deepEqual(summary(missing), [['required-field', 10, 'costCenter']]);
    assert.match(missing[0].message, /成本中心/);
    assert.deepEqual(summary(lintWith(set, internalMessage('zh', { costCenter: 'CC-204' }))), []);
    // The built-ins elsewhere are untouched.
    assert.deepEqual(summary(checkDraft(internalMessage('zh'), 'zh', { now: NOW, directory: DIRECTORY }).findings), []);
  });

  it("extends: a built-in's fields, sections, audience and fixed priority, plus its own", () => {
    const issue = parsed(
      [
        '---',
        'kind: vendor-issue',
        'label: { zh: 供应商问题, en: Vendor issue }',
        'extends: external-request',
        'fields:',
        '  - key: vendorCode',
        '    label: 供应商编码',
        '    required: true',
        '  - key: owner',
        '    label: { zh: 采购负责人, en: Buyer }',
        '    type: person',
        '    required: true',
        '---',
        '## 复现步骤 / Steps to reproduce *',
        '如何复现',
        '',
      ].join('\n'),
    );
    assert.equal(
      issue.fields.find((field) => field.key === 'owner')?.label.zh,
      '采购负责人',
      'an own field replaces the built-in one of the same key',
    );
    assert.equal(issue.fields.at(-1)?.key, 'vendorCode');
    assert.ok(issue.fields.some((field) => field.key === 'counterpart'));
    assert.deepEqual(
      issue.sections.map((section) => section.key),
      ['need', 'progress', 'steps_to_reproduce'],
    );
    assert.deepEqual(issue.audience, ['owner', 'recipients']);
    const set = TemplateSet.withTeam([issue]);
    const text = [
      '---',
      'kind: vendor-issue',
      'space: internal',
      'title: 关于华星电子传感器批次问题的处理进展-采购部',
      'sender: 王芳',
      'counterpartType: supplier',
      'counterpart: 华星电子',
      'contact: 陈经理 13900000000',
      'owner: 李明',
      'priority: high',
      'deadline: 2026-05-29 18:00',
      'vendorCode: HX-001',
      '---',
      '',
      '## 需求描述',
      '',
      '第 3 批传感器漂移超标。',
      '',
    ].join('\n');
    const findings = lintWith(set, text);
    assert.deepEqual(summary(findings), [['required-section', 13, 'steps_to_reproduce']]);
    assert.match(findings[0].message, /## 复现步骤/);

    const urgent = parsed(['---', 'kind: outage', 'label: 停机', 'extends: emergency', '---', ''].join('\n'));
    assert.equal(urgent.fixedPriority, 'urgent');
  });

  describe('bad templates', () => {
    function expectProblem(text: string, line: number, message: RegExp): TemplateProblem[] {
      let result: ReturnType<typeof parseTeamTemplate> | undefined;
      assert.doesNotThrow(() => {
        result = parseTeamTemplate(text, 'bad.md');
      });
      assert.ok(result);
      assert.equal(result.template, undefined, 'no template from a bad file');
      const found = result.problems.filter((problem) => message.test(problem.message));
      assert.equal(found.length, 1, `${message} in ${JSON.stringify(result.problems)}`);
      assert.equal(found[0].line, line, `${found[0].message}: line`);
      return result.problems;
    }
    const template = (...lines: string[]): string => ['---', ...lines, '---', ''].join('\n');
    /** kind foo-bar, label x and a field a on lines 1–5, then `more` from line 6. */
    const withFieldA = (...more: string[]): string =>
      template('kind: foo-bar', 'label: x', 'fields:', '  - key: a', '    label: A', ...more);

    it('missing or malformed kind', () => {
      expectProblem(template('label: x', 'fields:', '  - key: a', '    label: A'), 1, /kind is missing .*e\.g\. kind: vendor-onboarding/);
      expectProblem(
        template('label: x', 'kind: Vendor Onboarding', 'fields:', '  - key: a', '    label: A'),
        2,
        /kind is missing or not lower-case/,
      );
    });

    it('an unknown field type names the types', () => {
      expectProblem(withFieldA('    type: number'), 6, /type "number" is unknown; use one of text, list, person/);
    });

    it("a choice without options, on the field's line", () => {
      expectProblem(withFieldA('    type: choice'), 4, /a choice needs options, e\.g\. options: \[/);
      expectProblem(withFieldA('    type: choice', '    options: []'), 7, /a choice needs options/);
    });

    it('a duplicate key, on the second declaration', () => {
      expectProblem(withFieldA('  - key: b', '    label: B', '  - key: a', '    label: C'), 8, /a is declared twice; keep one/);
    });

    it('a reserved key (title, kind, audience…)', () => {
      expectProblem(
        template('kind: foo-bar', 'label: x', 'fields:', '  - key: b', '    label: B', '  - key: title', '    label: A'),
        6,
        /title is set by Liaison itself; choose another key/,
      );
      expectProblem(
        template('kind: foo-bar', 'label: x', 'fields:', '  - key: audience', '    label: A'),
        4,
        /audience is set by Liaison itself/,
      );
    });

    it('YAML errors, no front matter, unclosed, not a map', () => {
      expectProblem(template('kind: foo-bar', 'label: [x'), 2, /not valid YAML/);
      expectProblem(template('kind: foo-bar', 'label: x', 'fields:', '\t- key: a'), 4, /not valid YAML/);
      expectProblem('kind: foo-bar\n', 0, /starts with front matter: a line ---/);
      expectProblem('', 0, /starts with front matter/);
      expectProblem('---\nkind: foo-bar\n', 0, /not closed: add a line ---/);
      expectProblem(template('- kind: foo-bar'), 1, /must be key: value lines/);
    });

    it('a bad extends, audience, label, fields list or column', () => {
      expectProblem(
        template('kind: foo-bar', 'label: x', 'extends: nope', 'fields:', '  - key: a', '    label: A'),
        3,
        /extends: "nope" is not a built-in kind/,
      );
      expectProblem(
        template('kind: foo-bar', 'label: x', 'audience: [a]', 'fields:', '  - key: a', '    label: A'),
        3,
        /audience: a is not a person or people field/,
      );
      expectProblem(
        template('kind: foo-bar', 'fields:', '  - key: a', '    label: A'),
        1,
        /label is missing: write it as one string, or as \{ zh: …, en: … \}/,
      );
      expectProblem(template('kind: foo-bar', 'label: x', 'fields:', '  a: 1'), 4, /fields is a list: each entry starts with "- key: …"/);
      expectProblem(template('kind: foo-bar', 'label: x'), 1, /has no fields: add fields:/);
      expectProblem(
        withFieldA('sections:', '  - key: s', '    heading: S', '    table: [{ key: c, type: money, label: C }]'),
        9,
        /column c has type "money"; use one of text, person, datetime, date/,
      );
      expectProblem(
        template('kind: foo-bar', 'label: x', 'fields:', '  - key: 2fast', '    label: A'),
        4,
        /key is missing or not a plain word/,
      );
    });

    it('never throws, whatever the file holds', () => {
      let seed = 7;
      const random = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed;
      };
      const pieces = [
        '---',
        'kind: a-b',
        'label:',
        '  - key:',
        'fields:',
        '    type: choice',
        'options: [',
        '{',
        '}',
        '\t',
        ': :',
        '&a',
        '*a',
        '## x *',
        '\u0000',
        '"',
        "'",
        'extends: emergency',
        'audience: [x]',
        'table: 5',
      ];
      for (let round = 0; round < 300; round++) {
        const text = Array.from({ length: 1 + (random() % 25) }, () => pieces[random() % pieces.length]).join(random() % 2 ? '\n' : ' ');
        let result: ReturnType<typeof parseTeamTemplate> | undefined;
        assert.doesNotThrow(() => {
          result = parseTeamTemplate(`---\n${text}\n---\n`, 'fuzz.md');
        }, text);
        assert.ok(result);
        assert.ok(result.template !== undefined || result.problems.length > 0, text);
        for (const problem of result.problems) assert.ok(Number.isInteger(problem.line) && problem.line >= 0 && problem.message.length > 0);
      }
    });
  });
});
