// Team templates: a workspace adds or replaces kinds with markdown files in `.liaison/templates/`,
// the way repositories add issue templates. The front matter declares the template; `##`
// headings of the body are its sections (a heading ending in `*` is required, the text under it
// is the help). Reading never throws: a problem comes back with its line and the fix.
//
//   ---
//   kind: vendor-onboarding              # lower-case letters, digits and -
//   label: { zh: 供应商入驻, en: Vendor onboarding }   # or one string for both languages
//   description: …                       # optional
//   exampleTitle: …                      # optional
//   extends: external-request            # optional: start from a built-in's fields and sections
//   audience: [owner, recipients]        # optional: whose receipts count (default recipients)
//   fields:
//     - key: vendor
//       label: { zh: 供应商, en: Vendor }
//       type: text                       # text list person people choice datetime date attachments
//       required: true
//       help: 供应商全称
//       options: [a, b]                  # choice only (or a list of { value, label })
//   sections:                            # optional, instead of (or as well as) body headings;
//     - key: steps                       # the only way to declare a table
//       heading: { zh: 步骤, en: Steps }
//       required: true
//       table: [{ key: step, label: 步骤, type: text, required: true }]
//   ---
//   ## 背景 / Background *
//   Why this onboarding
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { findTemplate } from './registry';
import type { ColumnSpec, FieldOption, FieldSpec, FieldType, Localized, SectionSpec, TemplateSpec } from './types';

export interface TemplateProblem {
  /** 0-based line in the template file. */
  line: number;
  message: string;
}

export interface TeamTemplateResult {
  template?: TemplateSpec;
  problems: TemplateProblem[];
}

const FIELD_TYPES: readonly FieldType[] = ['text', 'list', 'person', 'people', 'choice', 'datetime', 'date', 'attachments'];
const COLUMN_TYPES: readonly ColumnSpec['type'][] = ['text', 'person', 'datetime', 'date'];
const KIND = /^[a-z][a-z0-9-]{1,40}$/;
const KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_KEYS = new Set(['kind', 'space', 'title', 'id', 'audience']);

class Reader {
  readonly problems: TemplateProblem[] = [];

  constructor(
    private readonly lineCounter: LineCounter,
    private readonly offsetLines: number,
  ) {}

  lineOf(node: unknown): number {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lineCounter.linePos(range[0]).line - 1 + this.offsetLines : this.offsetLines;
  }

  problem(node: unknown, message: string): void {
    this.problems.push({ line: this.lineOf(node), message });
  }

  text(node: unknown): string | undefined {
    if (isScalar(node) && node.value !== null && node.value !== undefined) return String(node.value).trim();
    return undefined;
  }

  localized(node: unknown, what: string, owner: unknown): Localized | undefined {
    const plain = this.text(node);
    if (plain) return { zh: plain, en: plain };
    if (isMap(node)) {
      const zh = this.text(node.get('zh', true));
      const en = this.text(node.get('en', true));
      if (zh || en) return { zh: zh ?? en ?? '', en: en ?? zh ?? '' };
    }
    this.problem(node ?? owner, `${what} is missing: write it as one string, or as { zh: …, en: … }`);
    return undefined;
  }

  get(map: unknown, key: string): unknown {
    return isMap(map) ? map.get(key, true) : undefined;
  }

  bool(node: unknown): boolean {
    return isScalar(node) && (node.value === true || String(node.value).toLowerCase() === 'true' || String(node.value) === '是');
  }
}

function readOptions(reader: Reader, node: unknown, owner: string): FieldOption[] {
  if (!isSeq(node) || node.items.length === 0) {
    reader.problem(node, `${owner}: a choice needs options, e.g. options: [low, high]`);
    return [];
  }
  return node.items.flatMap((item) => {
    const plain = reader.text(item);
    if (plain) return [{ value: plain, label: { zh: plain, en: plain } }];
    const value = reader.text(reader.get(item, 'value'));
    const label = value ? reader.localized(reader.get(item, 'label'), `${owner}: the label of option ${value}`, item) : undefined;
    if (!value) reader.problem(item, `${owner}: each option is a word or { value: …, label: … }`);
    return value && label ? [{ value, label }] : [];
  });
}

function readField(reader: Reader, node: unknown, index: number): FieldSpec | undefined {
  const key = reader.text(reader.get(node, 'key'));
  const where = `fields[${index}]${key ? ` (${key})` : ''}`;
  if (!key || !KEY.test(key)) {
    reader.problem(node, `${where}: key is missing or not a plain word (letters, digits, _), e.g. key: vendor`);
    return undefined;
  }
  if (RESERVED_KEYS.has(key)) {
    reader.problem(node, `${where}: ${key} is set by Liaison itself; choose another key`);
    return undefined;
  }
  const typeText = reader.text(reader.get(node, 'type')) ?? 'text';
  if (!FIELD_TYPES.includes(typeText as FieldType)) {
    reader.problem(reader.get(node, 'type'), `${where}: type "${typeText}" is unknown; use one of ${FIELD_TYPES.join(', ')}`);
    return undefined;
  }
  const type = typeText as FieldType;
  const label = reader.localized(reader.get(node, 'label'), `${where}: label`, node);
  if (!label) return undefined;
  const help =
    reader.text(reader.get(node, 'help')) !== undefined || isMap(reader.get(node, 'help'))
      ? reader.localized(reader.get(node, 'help'), `${where}: help`, node)
      : undefined;
  const field: FieldSpec = { key, label, type, required: reader.bool(reader.get(node, 'required')), help: help ?? label };
  // Without options, the problem points at the field itself (not the top of the file).
  if (type === 'choice') field.options = readOptions(reader, reader.get(node, 'options') ?? node, where);
  if (type === 'datetime' && reader.bool(reader.get(node, 'future'))) field.future = true;
  return field;
}

function readColumns(reader: Reader, node: unknown, where: string): ColumnSpec[] {
  if (!isSeq(node)) {
    reader.problem(node, `${where}: table is a list of columns, e.g. table: [{ key: step, label: 步骤, required: true }]`);
    return [];
  }
  return node.items.flatMap((item, index) => {
    const key = reader.text(reader.get(item, 'key'));
    const type = reader.text(reader.get(item, 'type')) ?? 'text';
    if (!key || !KEY.test(key)) {
      reader.problem(item, `${where}: column ${index + 1} needs a key (a plain word)`);
      return [];
    }
    if (!COLUMN_TYPES.includes(type as ColumnSpec['type'])) {
      reader.problem(item, `${where}: column ${key} has type "${type}"; use one of ${COLUMN_TYPES.join(', ')}`);
      return [];
    }
    const label = reader.localized(reader.get(item, 'label'), `${where}: the label of column ${key}`, item);
    return label ? [{ key, label, type: type as ColumnSpec['type'], required: reader.bool(reader.get(item, 'required')) }] : [];
  });
}

function readSection(reader: Reader, node: unknown, index: number): SectionSpec | undefined {
  const key = reader.text(reader.get(node, 'key'));
  const where = `sections[${index}]${key ? ` (${key})` : ''}`;
  if (!key || !KEY.test(key)) {
    reader.problem(node, `${where}: key is missing or not a plain word, e.g. key: steps`);
    return undefined;
  }
  const heading = reader.localized(reader.get(node, 'heading'), `${where}: heading`, node);
  if (!heading) return undefined;
  const helpNode = reader.get(node, 'help');
  const help = helpNode === undefined ? heading : (reader.localized(helpNode, `${where}: help`, node) ?? heading);
  const section: SectionSpec = { key, heading, required: reader.bool(reader.get(node, 'required')), help };
  const table = reader.get(node, 'table');
  if (table !== undefined) section.table = readColumns(reader, table, where);
  return section;
}

/** Sections from the body: `## 背景 / Background *` then the help text. */
function bodySections(lines: string[], firstLine: number): SectionSpec[] {
  const sections: SectionSpec[] = [];
  let current: { heading: string; help: string[] } | undefined;
  const close = (): void => {
    if (!current) return;
    const required = /\*\s*$/.test(current.heading);
    const heading = current.heading.replace(/\s*\*\s*$/, '').trim();
    const [zh, en] = heading.includes(' / ') ? heading.split(' / ').map((part) => part.trim()) : [heading, heading];
    const helpText =
      current.help
        .join(' ')
        .replace(/<!--|-->/g, '')
        .trim() || heading;
    const key =
      (en || zh)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '') || `section${sections.length + 1}`;
    sections.push({ key, heading: { zh, en }, required, help: { zh: helpText, en: helpText } });
  };
  for (const line of lines.slice(firstLine)) {
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) {
      close();
      current = { heading: heading[1], help: [] };
    } else if (current && line.trim() !== '') {
      current.help.push(line.trim());
    }
  }
  close();
  return sections;
}

function mergeByKey<T extends { key: string }>(base: readonly T[], own: readonly T[]): T[] {
  const merged = [...base];
  for (const item of own) {
    const index = merged.findIndex((candidate) => candidate.key === item.key);
    if (index >= 0) merged[index] = item;
    else merged.push(item);
  }
  return merged;
}

/** Reads one team template file. `path` is only used to name the source. */
export function parseTeamTemplate(text: string, path: string): TeamTemplateResult {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---')
    return { problems: [{ line: 0, message: 'a template starts with front matter: a line ---, then kind:, label:, fields:, then ---' }] };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) return { problems: [{ line: 0, message: 'the front matter is not closed: add a line --- after it' }] };
  const lineCounter = new LineCounter();
  const document = parseDocument(lines.slice(1, end).join('\n'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        line: lineCounter.linePos(error.pos[0]).line,
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const reader = new Reader(lineCounter, 1);
  const root = document.contents as Node | null;
  if (!isMap(root)) return { problems: [{ line: 1, message: 'the front matter must be key: value lines (kind:, label:, fields:)' }] };
  const kind = reader.text(root.get('kind', true));
  if (!kind || !KIND.test(kind)) {
    reader.problem(
      root.get('kind', true) ?? root,
      `kind is missing or not lower-case letters, digits and - (e.g. kind: vendor-onboarding)`,
    );
    return { problems: reader.problems };
  }
  const extendsKind = reader.text(root.get('extends', true));
  const base = extendsKind ? findTemplate(extendsKind) : findTemplate(kind);
  if (extendsKind && !base) reader.problem(root.get('extends', true), `extends: "${extendsKind}" is not a built-in kind`);
  const label = root.get('label', true) === undefined && base ? base.label : reader.localized(root.get('label', true), 'label', root);
  const fieldsNode = root.get('fields', true);
  if (fieldsNode !== undefined && !isSeq(fieldsNode)) reader.problem(fieldsNode, 'fields is a list: each entry starts with "- key: …"');
  const ownFields = isSeq(fieldsNode)
    ? fieldsNode.items.map((item, index) => readField(reader, item, index)).filter((field): field is FieldSpec => field !== undefined)
    : [];
  const sectionsNode = root.get('sections', true);
  if (sectionsNode !== undefined && !isSeq(sectionsNode))
    reader.problem(sectionsNode, 'sections is a list: each entry starts with "- key: …"');
  const declared = isSeq(sectionsNode)
    ? sectionsNode.items
        .map((item, index) => readSection(reader, item, index))
        .filter((section): section is SectionSpec => section !== undefined)
    : [];
  const ownSections = mergeByKey(bodySections(lines, end + 1), declared);
  const fields = mergeByKey(base?.fields ?? [], ownFields);
  // A duplicate is reported on its own (second) entry, not on the start of the list.
  const keys = new Set<string>();
  for (const item of isSeq(fieldsNode) ? fieldsNode.items : []) {
    const key = reader.text(reader.get(item, 'key'));
    if (key === undefined) continue;
    if (keys.has(key)) reader.problem(item, `fields: ${key} is declared twice; keep one`);
    keys.add(key);
  }
  if (fields.length === 0)
    reader.problem(root, 'the template has no fields: add fields: with at least one entry, or extends: a built-in kind');
  const audienceNode = root.get('audience', true);
  const audience = isSeq(audienceNode) ? audienceNode.items.map((item) => reader.text(item) ?? '').filter(Boolean) : base?.audience;
  for (const key of audience ?? []) {
    const field = fields.find((candidate) => candidate.key === key);
    if (!field || (field.type !== 'people' && field.type !== 'person'))
      reader.problem(audienceNode, `audience: ${key} is not a person or people field of this template`);
  }
  if (!label || reader.problems.length > 0) return { problems: reader.problems };
  const description =
    root.get('description', true) !== undefined ? reader.localized(root.get('description', true), 'description', root) : undefined;
  const exampleTitle =
    root.get('exampleTitle', true) !== undefined ? reader.localized(root.get('exampleTitle', true), 'exampleTitle', root) : undefined;
  const template: TemplateSpec = {
    kind,
    label,
    description: description ?? base?.description ?? label,
    exampleTitle: exampleTitle ?? base?.exampleTitle ?? { zh: `关于${label.zh}的说明-部门`, en: `${label.en}: request sent - Department` },
    fields,
    sections: mergeByKey(base?.sections ?? [], ownSections),
    source: { type: 'team', path },
  };
  if (audience) template.audience = audience;
  if (base?.fixedPriority && !fields.some((field) => field.key === 'priority')) template.fixedPriority = base.fixedPriority;
  return { template, problems: reader.problems };
}
