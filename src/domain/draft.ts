// A draft is a markdown document: YAML front matter for the fields, `## ` sections for the body.
// renderDraft() writes one from a template; parseDraft() reads one back and never throws:
// whatever is wrong becomes a finding with a line number, for diagnostics and for Send.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { FieldValue, Identity } from './record';
import type { FieldSpec, Language, SectionSpec, TemplateSpec } from './templates/types';
import { DEFAULT_CALENDAR } from './calendar';
import { displayTime } from './time';

/** A span of the draft, 0-based lines and columns (end exclusive), as editors count them. */
export interface TextRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ParsedDraft {
  /** The front matter's keys and values; lists stay lists, everything else becomes text. */
  values: Record<string, FieldValue>;
  /** 0-based line of each front-matter key, for diagnostics. */
  keyLines: Record<string, number>;
  /** Where each key is written. */
  keyRanges: Record<string, TextRange>;
  /** Where each value is written; for a missing value, the empty span after `key:`. */
  valueRanges: Record<string, TextRange>;
  /** For a list value, where each item is written (same order as the list in `values`). */
  itemRanges: Record<string, TextRange[]>;
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
  /** 0-based line after the section's last line. */
  endLine: number;
  /** Text under the heading with HTML comments (template help) removed, trimmed. */
  content: string;
  /** The lines under the heading as written (with comments), for rules that need positions. */
  lines: string[];
}

export interface DraftDefaults {
  identity: Identity;
  space: string;
  /** Pre-filled deadline, already formatted `YYYY-MM-DD HH:mm`. */
  deadline: string;
}

/** Formats a date as `YYYY-MM-DD HH:mm` in the given IANA time zone (src/domain/time.ts). */
export function formatDateTime(date: Date, timeZone = DEFAULT_CALENDAR.timeZone): string {
  return displayTime(date, timeZone);
}

/** A string as a front-matter value: plain when YAML reads it back unchanged, else quoted. */
export function yamlScalar(value: string): string {
  if (value === '') return "''";
  return /^[\p{L}\p{N}][\p{L}\p{N} _.:/@()（）-]*$/u.test(value) && !/: /.test(value) ? value : JSON.stringify(value);
}

/** The value a new draft starts with for a field: the writer's name, an empty list, a concrete time. */
export function defaultFieldValue(field: FieldSpec, defaults: DraftDefaults): string {
  if (field.key === 'sender') return yamlScalar(defaults.identity.name);
  switch (field.type) {
    case 'people':
    case 'list':
    case 'attachments':
      return '[]';
    case 'datetime':
      return yamlScalar(defaults.deadline);
    case 'date':
      return yamlScalar(defaults.deadline.slice(0, 10));
    case 'choice':
      return field.options?.[field.key === 'priority' ? 2 : 0]?.value ?? "''";
    default:
      return "''";
  }
}

/** One front-matter line of a draft: `key: value  # Label *: help`. */
export function fieldLine(field: FieldSpec, language: Language, value: string): string {
  return `${field.key}: ${value}  # ${field.label[language]}${field.required ? ' *' : ''}: ${field.help[language]}`;
}

/** A section of a new draft: heading, help as a comment, and an empty table row when it has a table. */
export function sectionLines(section: SectionSpec, language: Language): string[] {
  const lines = [
    `## ${section.heading[language]}`,
    '',
    `<!-- ${section.help[language]}${section.required ? '' : language === 'zh' ? '（选填）' : ' (optional)'} -->`,
    '',
  ];
  if (section.table) {
    lines.push(`| ${section.table.map((column) => column.label[language] + (column.required ? ' *' : '')).join(' | ')} |`);
    lines.push(`| ${section.table.map(() => '---').join(' | ')} |`);
    lines.push(`| ${section.table.map(() => ' ').join(' | ')} |`, '');
  }
  return lines;
}

/** Values a new draft starts with beyond the defaults (e.g. a knowledge entry from a closed case). */
export interface DraftPrefill {
  title?: string;
  fields?: Record<string, FieldValue>;
  /** Section key → text written under its heading. */
  sections?: Record<string, string>;
}

function yamlValue(value: FieldValue): string {
  return Array.isArray(value) ? `[${value.map((item) => yamlScalar(item)).join(', ')}]` : yamlScalar(value);
}

/** Writes a new draft for `template` in `language`, pre-filled with who is writing and a deadline. */
export function renderDraft(template: TemplateSpec, language: Language, defaults: DraftDefaults, prefill: DraftPrefill = {}): string {
  const lines = ['---', `kind: ${template.kind}`, `space: ${yamlScalar(defaults.space)}`];
  lines.push(
    `title: ${yamlScalar(prefill.title ?? '')}  # ${language === 'zh' ? '事件+对象+状态，如' : 'event + object + status, e.g.'} ${template.exampleTitle[language]}`,
  );
  for (const field of template.fields) {
    const given = prefill.fields?.[field.key];
    lines.push(fieldLine(field, language, given !== undefined ? yamlValue(given) : defaultFieldValue(field, defaults)));
  }
  lines.push('---', '');
  for (const section of template.sections) {
    const text = prefill.sections?.[section.key]?.trim();
    const written = sectionLines(section, language);
    if (text && !section.table) written.splice(3, 0, text, '');
    lines.push(...written);
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
    return node.items
      .map((entry) => {
        const item = resolved(entry, document);
        return isScalar(item) ? String(item.value ?? '') : String(item ?? '');
      })
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value).trim();
  if (node === null || node === undefined) return '';
  return String(node);
}

/** Reads a draft. Never throws: problems come back in `syntaxErrors`. */
export function parseDraft(text: string): ParsedDraft {
  const lines = text.split(/\r?\n/);
  const result: ParsedDraft = {
    values: {},
    keyLines: {},
    keyRanges: {},
    valueRanges: {},
    itemRanges: {},
    body: text,
    bodyLine: 0,
    frontMatterEnd: -1,
    syntaxErrors: [],
  };
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
  // linePos is 1-based in the YAML text, which starts on the document's second line: its line is
  // the 0-based document line; its col - 1 is the 0-based column.
  const span = (start: number, end: number): TextRange => {
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(end);
    return { line: from.line, column: from.col - 1, endLine: to.line, endColumn: to.col - 1 };
  };
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    result.values[key] = toFieldValue(pair.value, document);
    const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
    if (!keyRange) {
      result.keyLines[key] = 1;
      continue;
    }
    const keySpan = span(keyRange[0], keyRange[1]);
    result.keyLines[key] = keySpan.line;
    result.keyRanges[key] = keySpan;
    const value = pair.value as { range?: [number, number, number] } | null;
    if (value?.range && !(isScalar(value) && (value.value === null || value.value === undefined) && value.range[0] === value.range[1])) {
      result.valueRanges[key] = span(value.range[0], value.range[1]);
    } else {
      // No value written: the empty span after `key:` (and its space), where a fix inserts one.
      const lineText = lines[keySpan.line] ?? '';
      const colon = lineText.indexOf(':', keySpan.endColumn);
      const at = colon < 0 ? keySpan.endColumn : colon + 1 + (lineText[colon + 1] === ' ' ? 1 : 0);
      result.valueRanges[key] = { line: keySpan.line, column: at, endLine: keySpan.line, endColumn: at };
    }
    if (isSeq(value)) {
      result.itemRanges[key] = value.items
        .filter((item) => {
          const node = resolved(item, document);
          return String(isScalar(node) ? (node.value ?? '') : (node ?? '')).trim() !== '';
        })
        .map((item) => {
          const range = (item as { range?: [number, number, number] }).range;
          return range ? span(range[0], range[1]) : result.valueRanges[key];
        });
    }
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
    const content = current.content
      .join('\n')
      .replace(/<!--[\s\S]*?-->/g, '')
      .trim();
    sections.push({
      heading: current.heading,
      line: current.line,
      endLine: current.line + 1 + current.content.length,
      content,
      lines: current.content,
    });
  };
  let fence: string | undefined;
  lines.forEach((line, index) => {
    // A `## ` inside a fenced code block is code, not a section.
    const fenceMark = /^\s*(```|~~~)/.exec(line);
    if (fenceMark) fence = fence === undefined ? fenceMark[1] : fence === fenceMark[1] ? undefined : fence;
    const heading = fence === undefined && !fenceMark ? /^##\s+(.+?)\s*#*\s*$/.exec(line) : null;
    if (heading) {
      close();
      current = { heading: heading[1].replace(/\s*\*$/, ''), line: draft.bodyLine + index, content: [] };
    } else if (current) {
      current.content.push(line);
    }
  });
  close();
  return sections;
}
