// A draft is a markdown document: YAML front matter for the fields, `## ` sections for the body.
// renderDraft() writes one from a template; parseDraft() reads one back and never throws:
// whatever is wrong becomes a finding with a line number, for diagnostics and for Send.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { FieldValue, Identity } from './record';
import type { Language, TemplateSpec } from './templates/types';

export interface ParsedDraft {
  /** The front matter's keys and values; lists stay lists, everything else becomes text. */
  values: Record<string, FieldValue>;
  /** 0-based line of each front-matter key, for diagnostics. */
  keyLines: Record<string, number>;
  /** The markdown after the front matter. */
  body: string;
  /** 0-based line where the body starts in the document. */
  bodyLine: number;
  /** 0-based line of the closing `---`, or -1 when there is no front matter. */
  frontMatterEnd: number;
  /** Problems reading the document itself (no front matter, bad YAML). */
  syntaxErrors: { line: number; message: string }[];
}

export interface DraftSection {
  heading: string;
  /** 0-based line of the heading in the whole document. */
  line: number;
  /** Text under the heading with HTML comments (template help) removed, trimmed. */
  content: string;
}

export interface DraftDefaults {
  identity: Identity;
  space: string;
  /** Pre-filled deadline, already formatted `YYYY-MM-DD HH:mm`. */
  deadline: string;
}

/** Formats a date as `YYYY-MM-DD HH:mm` in the given IANA time zone. */
export function formatDateTime(date: Date, timeZone = 'Asia/Shanghai'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function yamlScalar(value: string): string {
  if (value === '') return "''";
  return /^[\p{L}\p{N}][\p{L}\p{N} _.:/@()（）-]*$/u.test(value) && !/: /.test(value) ? value : JSON.stringify(value);
}

/** Writes a new draft for `template` in `language`, pre-filled with who is writing and a deadline. */
export function renderDraft(template: TemplateSpec, language: Language, defaults: DraftDefaults): string {
  const lines = ['---', `kind: ${template.kind}`, `space: ${yamlScalar(defaults.space)}`];
  lines.push(`title: ${yamlScalar('')}  # ${language === 'zh' ? '事件+对象+状态，如' : 'event + object + status, e.g.'} ${template.exampleTitle[language]}`);
  for (const field of template.fields) {
    let value = '';
    if (field.key === 'sender') value = yamlScalar(defaults.identity.name);
    else if (field.type === 'people') value = '[]';
    else if (field.type === 'datetime') value = yamlScalar(defaults.deadline);
    else if (field.type === 'choice') value = field.options?.[field.key === 'priority' ? 2 : 0]?.value ?? "''";
    else value = "''";
    const help = field.help[language];
    lines.push(`${field.key}: ${value}  # ${field.label[language]}${field.required ? ' *' : ''}: ${help}`);
  }
  lines.push('---', '');
  for (const section of template.sections) {
    lines.push(`## ${section.heading[language]}`, '', `<!-- ${section.help[language]} -->`, '');
  }
  return lines.join('\n');
}

/** Follows a YAML alias (`*x`) to the node it names, so `recipients: *team` means the team, not "*team". */
function resolved(node: unknown, document: Document): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

function toFieldValue(raw: unknown, document: Document): FieldValue {
  const node = resolved(raw, document);
  if (isSeq(node)) {
    return node.items.map((entry) => {
      const item = resolved(entry, document);
      return isScalar(item) ? String(item.value ?? '') : String(item ?? '');
    }).map((s) => s.trim()).filter(Boolean);
  }
  if (isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value).trim();
  if (node === null || node === undefined) return '';
  return String(node);
}

/** Reads a draft. Never throws: problems come back in `syntaxErrors`. */
export function parseDraft(text: string): ParsedDraft {
  const lines = text.split(/\r?\n/);
  const result: ParsedDraft = { values: {}, keyLines: {}, body: text, bodyLine: 0, frontMatterEnd: -1, syntaxErrors: [] };
  if (lines[0]?.trim() !== '---') {
    result.syntaxErrors.push({ line: 0, message: 'front-matter-missing' });
    return result;
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) {
    result.syntaxErrors.push({ line: 0, message: 'front-matter-unclosed' });
    return result;
  }
  result.frontMatterEnd = end;
  result.bodyLine = end + 1;
  result.body = lines.slice(end + 1).join('\n');
  const yamlText = lines.slice(1, end).join('\n');
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false });
  for (const error of document.errors) {
    // linePos is 1-based in the YAML text, which starts on the document's second line: the
    // same number is the 0-based line in the document.
    const line = lineCounter.linePos(error.pos[0]).line;
    result.syntaxErrors.push({ line, message: `yaml: ${error.message.split('\n')[0]}` });
  }
  if (document.errors.length > 0) return result;
  if (document.contents === null) return result;
  if (!isMap(document.contents)) {
    result.syntaxErrors.push({ line: 1, message: 'front-matter-not-map' });
    return result;
  }
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    result.values[key] = toFieldValue(pair.value, document);
    const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    // +1: the YAML starts on the document's second line (after the opening `---`).
    result.keyLines[key] = offset === undefined ? 1 : lineCounter.linePos(offset).line;
  }
  return result;
}

/** Splits the body into its `## ` sections. */
export function draftSections(draft: ParsedDraft): DraftSection[] {
  const lines = draft.body.split(/\r?\n/);
  const sections: DraftSection[] = [];
  let current: { heading: string; line: number; content: string[] } | undefined;
  const close = (): void => {
    if (!current) return;
    const content = current.content.join('\n').replace(/<!--[\s\S]*?-->/g, '').trim();
    sections.push({ heading: current.heading, line: current.line, content });
  };
  lines.forEach((line, index) => {
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      close();
      current = { heading: heading[1], line: draft.bodyLine + index, content: [] };
    } else if (current) {
      current.content.push(line);
    }
  });
  close();
  return sections;
}
