// Every built-in template, in both languages: a draft filled from its field types passes the
// lint with nothing to say, and survives Send and the record view without losing a field. Also the
// snippets and the generated docs derived from the templates.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../src/domain/clock';
import { audienceOf, composeRecord } from '../../../src/domain/compose';
import { parseDraft, renderDraft } from '../../../src/domain/draft';
import type { LiaisonRecord } from '../../../src/domain/record';
import { allSnippets, templateSnippet } from '../../../src/domain/snippets';
import { templatesMarkdown } from '../../../src/domain/templateDocs';
import { builtInTemplates, builtInTemplateSet, findTemplate } from '../../../src/domain/templates/registry';
import type { ColumnSpec, FieldSpec, Language, TemplateSpec } from '../../../src/domain/templates/types';
import { RULE_IDS, checkDraft } from '../../../src/domain/validate';
import { createMarkdownRenderer } from '../../../src/render/recordHtml';
import { recordToMarkdown } from '../../../src/render/recordMarkdown';
import { DIRECTORY, NOW } from './lintFixtures';

const LANGUAGES: readonly Language[] = ['zh', 'en'];
const root = join(__dirname, '..', '..', '..', '..');

const PEOPLE: Record<Language, readonly string[]> = {
  zh: ['李明', '张伟', '赵强', '产品部'],
  en: ['Li Ming', 'Zhang Wei', 'Zhao Qiang', 'Management'],
};

/** A sample value for a field, as YAML and as the texts the record view must show. */
interface Sample {
  yaml: string;
  shown: string[];
}

function sampleValue(field: FieldSpec, index: number, language: Language): Sample {
  const zh = language === 'zh';
  const person = PEOPLE[language][index % PEOPLE[language].length];
  if (field.key === 'sender') return { yaml: zh ? '王芳' : 'Wang Fang', shown: [zh ? '王芳' : 'Wang Fang'] };
  switch (field.type) {
    case 'person':
      return { yaml: person, shown: [person] };
    case 'people': {
      const names = [person, zh ? '研发部' : 'Wang Fang'];
      return { yaml: `[${names.join(', ')}]`, shown: names };
    }
    case 'choice': {
      const option = field.options?.[0];
      assert.ok(option, `${field.key} has options`);
      return { yaml: option.value, shown: [option.label[language]] };
    }
    case 'datetime':
      return { yaml: `2026-05-2${index % 10} 18:00`, shown: [`2026-05-2${index % 10} 18:00`] };
    case 'date':
      return { yaml: `2026-06-${String(10 + index).padStart(2, '0')}`, shown: [`2026-06-${String(10 + index).padStart(2, '0')}`] };
    case 'attachments': {
      const name = zh ? `产品需求V2.${index}-20240520-张.docx` : `Requirements-V2.${index}-20240520-Zhang.docx`;
      return { yaml: `[${name}]`, shown: [name] };
    }
    case 'list': {
      const words = zh ? [`接口${index}`, `延迟${index}`] : [`api${index}`, `latency${index}`];
      return { yaml: `[${words.join(', ')}]`, shown: words };
    }
    default: {
      const text = zh ? `样例${field.label.zh}${index}` : `Sample ${field.label.en} ${index}`;
      return { yaml: text, shown: [text] };
    }
  }
}

function cellValue(column: ColumnSpec, index: number, language: Language): string {
  switch (column.type) {
    case 'person':
      return PEOPLE[language][index % 3];
    case 'datetime':
      return `2026-05-2${index} 18:00`;
    case 'date':
      return `2026-05-2${index}`;
    default:
      return language === 'zh' ? `单元格${column.label.zh}${index}` : `cell ${column.key} ${index}`;
  }
}

interface Filled {
  text: string;
  /** Every text the record view must show: field values, section texts, table cells. */
  expected: string[];
}

/** renderDraft, then every field, section and table filled the way a careful writer would. */
function fillDraft(template: TemplateSpec, language: Language): Filled {
  const zh = language === 'zh';
  let text = renderDraft(template, language, {
    identity: { name: zh ? '王芳' : 'Wang Fang' },
    space: 'internal',
    deadline: '2026-05-20 18:00',
  });
  const expected: string[] = [template.exampleTitle[language]];
  text = text.replace(/^title: .*$/m, `title: ${JSON.stringify(template.exampleTitle[language])}`);
  template.fields.forEach((field, index) => {
    const sample = sampleValue(field, index, language);
    const pattern = new RegExp(`^${field.key}: .*$`, 'm');
    assert.match(text, pattern, `the draft has a line for ${field.key}`);
    text = text.replace(pattern, `${field.key}: ${sample.yaml}`);
    expected.push(...sample.shown);
  });
  const lines = text.split('\n');
  for (const [index, section] of template.sections.entries()) {
    const heading = lines.indexOf(`## ${section.heading[language]}`);
    assert.ok(heading >= 0, `the draft has the heading of ${section.key}`);
    const comment = lines.findIndex((line, at) => at > heading && line.startsWith('<!--'));
    const paragraph = zh ? `${section.heading.zh}段落的具体内容${index}。` : `What the ${section.heading.en} section says (${index}).`;
    lines[comment] = paragraph;
    expected.push(paragraph);
    if (section.table) {
      const emptyRow = lines.findIndex((line, at) => at > heading && /^\|(\s+\|)+$/.test(line));
      const cells = section.table.map((column) => cellValue(column, index, language));
      lines[emptyRow] = `| ${cells.join(' | ')} |`;
      expected.push(...cells);
    }
  }
  return { text: lines.join('\n'), expected };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function send(template: TemplateSpec, language: Language): { record: LiaisonRecord; expected: string[] } {
  const { text, expected } = fillDraft(template, language);
  const check = checkDraft(text, language, { now: NOW, directory: DIRECTORY });
  assert.deepEqual(
    check.findings.map((finding) => [finding.ruleId, finding.line, finding.message]),
    [],
    `${template.kind} (${language}) lints clean:\n${text}`,
  );
  assert.equal(check.template, template);
  const record = composeRecord(
    check.parsed,
    template,
    { name: language === 'zh' ? '王芳' : 'Wang Fang' },
    'internal',
    new ManualClock(NOW),
  );
  return { record, expected };
}

describe('built-in templates', () => {
  it('has the nine kinds of docs/design.md, each once, findable by kind', () => {
    assert.deepEqual(
      builtInTemplates.map((template) => template.kind),
      [
        'internal-message',
        'internal-notice',
        'collaboration-request',
        'external-request',
        'emergency',
        'meeting-minutes',
        'client-feedback',
        'requirement-confirmation',
        'knowledge-entry',
      ],
    );
    for (const template of builtInTemplates) assert.equal(findTemplate(template.kind), template);
    assert.deepEqual(
      builtInTemplateSet.kinds,
      builtInTemplates.map((template) => template.kind),
    );
  });

  it('every template is well formed: unique keys, labels and help in both languages, options for choices, audience of person fields', () => {
    for (const template of builtInTemplates) {
      const keys = template.fields.map((field) => field.key);
      assert.equal(new Set(keys).size, keys.length, template.kind);
      assert.ok(!keys.some((key) => ['kind', 'space', 'title', 'id', 'audience'].includes(key)), template.kind);
      for (const field of template.fields) {
        for (const language of LANGUAGES) assert.ok(field.label[language] && field.help[language], `${template.kind}.${field.key}`);
        if (field.type === 'choice') assert.ok((field.options ?? []).length >= 2, `${template.kind}.${field.key}`);
      }
      for (const key of template.audience ?? ['recipients']) {
        const field = template.fields.find((candidate) => candidate.key === key);
        assert.ok(field && (field.type === 'person' || field.type === 'people'), `${template.kind} audience ${key}`);
      }
      const sectionKeys = template.sections.map((section) => section.key);
      assert.equal(new Set(sectionKeys).size, sectionKeys.length, template.kind);
      assert.ok(
        template.sections.some((section) => section.required),
        template.kind,
      );
    }
  });

  for (const template of builtInTemplates) {
    for (const language of LANGUAGES) {
      it(`${template.kind} (${language}): filled from its field types, it lints clean and the record view loses no field`, () => {
        const { record, expected } = send(template, language);
        assert.equal(record.kind, template.kind);
        assert.equal(record.title, template.exampleTitle[language]);
        for (const field of template.fields) assert.ok(record.fields[field.key] !== undefined, `${field.key} reaches the record`);
        assert.doesNotMatch(record.body, /<!--/);
        const markdown = recordToMarkdown(record, language);
        const html = createMarkdownRenderer()(markdown);
        for (const text of expected)
          assert.ok(html.includes(escapeHtml(text)), `${template.kind} (${language}): the view shows "${text}"\n${html}`);
        for (const field of template.fields) assert.ok(html.includes(escapeHtml(field.label[language])), `the view labels ${field.key}`);
        // The table reaches the view as a table, one cell per value.
        for (const section of template.sections.filter((candidate) => candidate.table)) {
          for (const column of section.table ?? [])
            assert.ok(html.includes(`<th>${escapeHtml(column.label[language])}`), `${section.key}.${column.key} header`);
        }
      });
    }
  }

  it('a draft straight from renderDraft is never clean (the writer has something to fill in) and never a syntax error', () => {
    for (const template of builtInTemplates) {
      for (const language of LANGUAGES) {
        const draft = renderDraft(template, language, { identity: { name: '王芳' }, space: 'internal', deadline: '2026-05-20 18:00' });
        const { findings, template: found } = checkDraft(draft, language, { now: NOW, directory: DIRECTORY });
        assert.equal(found, template);
        assert.ok(
          findings.some((finding) => finding.ruleId === 'required-field' && finding.field === 'title'),
          `${template.kind} asks for a title`,
        );
        assert.ok(!findings.some((finding) => finding.ruleId === 'front-matter' || finding.ruleId === 'unknown-field'), template.kind);
      }
    }
  });

  it('external request: the audience is the owner and the recipients; emergency: priority urgent', () => {
    const external = findTemplate('external-request');
    assert.ok(external);
    const { record } = send(external, 'zh');
    const owner = record.fields.owner;
    const recipients = record.fields.recipients;
    assert.equal(typeof owner, 'string');
    assert.ok(Array.isArray(recipients));
    assert.deepEqual(record.fields.audience, [owner, ...recipients]);
    assert.deepEqual(audienceOf(external, { owner: '李明', recipients: ['李明', '研发部'] }), ['李明', '研发部'], 'each person once');
    assert.deepEqual(audienceOf(external, { owner: '李明, 张伟' }), ['李明', '张伟'], 'a scalar is split like a list');

    const emergency = findTemplate('emergency');
    assert.ok(emergency);
    const sent = send(emergency, 'en').record;
    assert.equal(sent.fields.priority, 'urgent');
    assert.deepEqual(sent.fields.audience, [...(sent.fields.recipients as string[]), sent.fields.owner]);
    assert.ok(!emergency.fields.some((field) => field.key === 'priority'), 'no priority field to contradict it');
    assert.match(recordToMarkdown(sent, 'zh'), /\| urgent \|/);
  });

  it('meeting minutes: attendees and the distribution list are its audience', () => {
    const minutes = findTemplate('meeting-minutes');
    assert.ok(minutes);
    const { record } = send(minutes, 'zh');
    assert.deepEqual(
      record.fields.audience,
      [...(record.fields.attendees as string[]), ...(record.fields.recipients as string[])].filter(
        (name, index, all) => all.indexOf(name) === index,
      ),
    );
  });
});

// VS Code snippet syntax (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar),
// parsed strictly: a `$` must start a tab stop, placeholder, choice or variable, or be escaped.
interface SnippetParse {
  /** Tab stop numbers in the order they appear. */
  stops: number[];
  variables: string[];
  /** The text VS Code inserts when every placeholder keeps its default. */
  expanded: string;
}

const VARIABLES: Record<string, string> = { CURRENT_YEAR: '2026', CURRENT_MONTH: '05', CURRENT_DATE: '20' };

function parseSnippet(body: string): SnippetParse {
  const result: SnippetParse = { stops: [], variables: [], expanded: '' };
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at ${at}: ${JSON.stringify(body.slice(Math.max(0, at - 20), at + 20))}`);
  };
  const int = (): number => {
    const match = /^\d+/.exec(body.slice(at));
    if (!match) fail('expected a number');
    at += (match as RegExpExecArray)[0].length;
    return Number((match as RegExpExecArray)[0]);
  };
  // Reads text and constructs until `until` (a closing `}` inside a placeholder) or the end.
  const any = (inside: boolean): string => {
    let out = '';
    while (at < body.length) {
      const ch = body[at];
      if (ch === '\\' && '$}\\'.includes(body[at + 1] ?? '')) {
        out += body[at + 1];
        at += 2;
      } else if (ch === '}' && inside) {
        return out;
      } else if (ch === '$') {
        out += construct();
      } else {
        out += ch;
        at++;
      }
    }
    if (inside) fail('unclosed placeholder');
    return out;
  };
  const construct = (): string => {
    at++;
    if (/\d/.test(body[at] ?? '')) {
      result.stops.push(int());
      return '';
    }
    if (/[A-Z_]/.test(body[at] ?? '')) {
      const name = /^[A-Z_][A-Z_0-9]*/.exec(body.slice(at))?.[0] ?? '';
      at += name.length;
      result.variables.push(name);
      return VARIABLES[name] ?? fail(`unknown variable ${name}`);
    }
    if (body[at] !== '{') fail('a bare $ (escape it as \\$)');
    at++;
    if (/\d/.test(body[at] ?? '')) {
      const stop = int();
      result.stops.push(stop);
      if (body[at] === '}') {
        at++;
        return '';
      }
      if (body[at] === ':') {
        at++;
        const value = any(true);
        at++;
        return value;
      }
      if (body[at] === '|') {
        const end = body.indexOf('|}', at + 1);
        if (end < 0) fail('unclosed choice');
        const options = body.slice(at + 1, end).split(/(?<!\\),/);
        if (options.length === 0 || options.some((option) => option === '')) fail('empty choice option');
        at = end + 2;
        return options[0].replace(/\\(.)/g, '$1');
      }
      return fail('expected }, : or | after a tab stop number');
    }
    const name = /^[A-Z_][A-Z_0-9]*/.exec(body.slice(at))?.[0];
    if (!name) return fail('expected a tab stop or a variable after ${');
    at += name.length;
    result.variables.push(name);
    if (body[at] !== '}') fail('variables take no default here');
    at++;
    return VARIABLES[name] ?? fail(`unknown variable ${name}`);
  };
  result.expanded = any(false);
  return result;
}

describe('snippets', () => {
  it('the grammar check itself refuses a bare $ and an unclosed placeholder', () => {
    assert.throws(() => parseSnippet('costs $ 5'), /bare \$/);
    assert.throws(() => parseSnippet('${1:abc'), /unclosed/);
    assert.equal(parseSnippet('a \\$5 ${1:x\\}y} ${2|p,q|} $0').expanded, 'a $5 x}y p ');
  });

  it('every template has a snippet in en and zh, named liaison-<kind> and liaison-<kind>-zh', () => {
    const snippets = Object.values(allSnippets());
    assert.equal(snippets.length, builtInTemplates.length * 2);
    for (const template of builtInTemplates) {
      for (const language of LANGUAGES) {
        const prefix = language === 'en' ? `liaison-${template.kind}` : `liaison-${template.kind}-zh`;
        const snippet = snippets.find((candidate) => candidate.prefix === prefix);
        assert.ok(snippet, prefix);
        assert.ok(snippet.description.includes(template.label[language]), prefix);
      }
    }
  });

  it('every snippet body parses: tab stops numbered 1..n once each, $0 last, $ escaped, known variables only', () => {
    for (const template of builtInTemplates) {
      for (const language of LANGUAGES) {
        const snippet = templateSnippet(template, language);
        const parsed = parseSnippet(snippet.body.join('\n'));
        const numbered = parsed.stops.filter((stop) => stop !== 0);
        assert.deepEqual(
          numbered,
          numbered.map((_, index) => index + 1),
          `${snippet.prefix}: stops in order, each once`,
        );
        assert.deepEqual(
          parsed.stops.filter((stop) => stop === 0),
          [0],
          `${snippet.prefix}: one $0`,
        );
        assert.equal(parsed.stops.at(-1), 0, `${snippet.prefix}: $0 is last`);
        assert.ok(
          parsed.variables.every((name) => name in VARIABLES),
          snippet.prefix,
        );
      }
    }
  });

  it('a snippet expanded with its defaults is a draft of its kind with every field and section', () => {
    for (const template of builtInTemplates) {
      for (const language of LANGUAGES) {
        const { expanded } = parseSnippet(templateSnippet(template, language).body.join('\n'));
        const parsed = parseDraft(expanded);
        assert.deepEqual(parsed.syntaxErrors, [], `${template.kind} (${language})`);
        assert.equal(parsed.values.kind, template.kind);
        for (const field of template.fields) assert.ok(field.key in parsed.values, `${template.kind}.${field.key}`);
        for (const field of template.fields.filter((candidate) => candidate.type === 'datetime'))
          assert.equal(parsed.values[field.key], '2026-05-20 18:00');
        // The front matter a snippet writes is well formed; its values are the writer's to fill.
        const { findings } = checkDraft(expanded, language, { now: NOW });
        const broken = findings.filter(
          (finding) =>
            finding.line <= parsed.frontMatterEnd &&
            ['front-matter', 'unknown-kind', 'unknown-field', 'invalid-choice', 'deadline-format', 'date-format'].includes(finding.ruleId),
        );
        assert.deepEqual(broken, [], `${template.kind} (${language})`);
      }
    }
  });

  it('a `$` or `}` in a template text is escaped in the snippet', () => {
    const base = findTemplate('internal-message');
    assert.ok(base);
    const priced: TemplateSpec = { ...base, exampleTitle: { zh: '报价 $5 {含税}', en: 'Quote $5 {tax}' } };
    const { expanded } = parseSnippet(templateSnippet(priced, 'en').body.join('\n'));
    assert.match(expanded, /^title: "Quote \$5 \{tax\}"$/m);
    assert.equal(parseDraft(expanded).values.title, 'Quote $5 {tax}');
  });
});

describe('generated docs', () => {
  it('templatesMarkdown names every kind, every field key and every rule id', () => {
    const docs = templatesMarkdown();
    for (const template of builtInTemplates) {
      assert.ok(docs.includes(`\`${template.kind}\``), template.kind);
      for (const field of template.fields) assert.ok(docs.includes(`\`${field.key}\``), `${template.kind}.${field.key}`);
    }
    for (const ruleId of RULE_IDS) assert.ok(docs.includes(`\`${ruleId}\``), ruleId);
  });

  it('docs/templates.md is exactly what the templates derive (npm run snippets regenerates it)', () => {
    assert.equal(readFileSync(join(root, 'docs', 'templates.md'), 'utf8'), templatesMarkdown());
  });
});
