// Checks a draft against its template before it may be sent. Pure: text in, findings out.
// Each finding names the field (or line) and says how to fix it, in the user's language.
import { draftSections, parseDraft } from './draft';
import type { ParsedDraft } from './draft';
import { builtInTemplates, findTemplate } from './templates/registry';
import type { FieldSpec, Language, TemplateSpec } from './templates/types';

export type Severity = 'error' | 'warning';

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** 0-based line in the draft. */
  line: number;
  /** The front-matter key or section the finding is about, when there is one. */
  field?: string;
  message: string;
}

export interface DraftCheck {
  parsed: ParsedDraft;
  template?: TemplateSpec;
  findings: Finding[];
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** True for a real calendar date-time written `YYYY-MM-DD HH:mm`. */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi] = match.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60;
}

function syntaxMessage(code: string, language: Language): string {
  const zh = language === 'zh';
  switch (code) {
    case 'front-matter-missing':
      return zh ? '缺少字段区：文档第一行应为 ---，随后是 key: value 字段，再以 --- 结束。可用“Liaison: 新建记录”生成草稿。'
        : 'No front matter: the first line must be ---, then key: value fields, closed by ---. "Liaison: New Record" writes a draft for you.';
    case 'front-matter-unclosed':
      return zh ? '字段区没有结束：在最后一个字段后加一行 ---。' : 'The front matter is not closed: add a line --- after the last field.';
    case 'front-matter-not-map':
      return zh ? '字段区应为 key: value 形式的字段列表。' : 'The front matter must be a list of key: value fields.';
    default:
      return zh ? `字段区格式错误（${code}）：检查缩进、冒号后的空格和引号。` : `The front matter is not valid YAML (${code}): check indentation, the space after each colon, and quotes.`;
  }
}

function isEmpty(value: string | string[] | undefined): boolean {
  if (value === undefined) return true;
  return Array.isArray(value) ? value.length === 0 : value.trim() === '';
}

function fieldFindings(field: FieldSpec, parsed: ParsedDraft, language: Language): Finding[] {
  const zh = language === 'zh';
  const value = parsed.values[field.key];
  const line = parsed.keyLines[field.key] ?? Math.max(parsed.frontMatterEnd, 0);
  const name = `${field.key} (${field.label[language]})`;
  if (isEmpty(value)) {
    if (!field.required) return [];
    return [{
      ruleId: 'required-field',
      severity: 'error',
      line,
      field: field.key,
      message: zh ? `必填字段 ${name} ${value === undefined ? '缺失' : '为空'}：填写${field.help.zh}。`
        : `Required field ${name} is ${value === undefined ? 'missing' : 'empty'}: give ${field.help.en}.`,
    }];
  }
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
  if (field.type === 'choice' && field.options && !field.options.some((option) => option.value === text)) {
    const allowed = field.options.map((option) => `${option.value} (${option.label[language]})`).join(', ');
    return [{
      ruleId: 'invalid-choice',
      severity: 'error',
      line,
      field: field.key,
      message: zh ? `字段 ${name} 的值“${text}”无效：应为 ${allowed} 之一。` : `Field ${name} has "${text}": use one of ${allowed}.`,
    }];
  }
  if (field.type === 'datetime' && !isDateTime(text)) {
    return [{
      ruleId: 'deadline-format',
      severity: 'error',
      line,
      field: field.key,
      message: zh ? `字段 ${name} 的值“${text}”不是具体时间：写成 YYYY-MM-DD HH:mm，如 2026-05-20 18:00。`
        : `Field ${name} has "${text}", not a concrete time: write YYYY-MM-DD HH:mm, e.g. 2026-05-20 18:00.`,
    }];
  }
  return [];
}

function sectionFindings(template: TemplateSpec, parsed: ParsedDraft, language: Language): Finding[] {
  const zh = language === 'zh';
  const sections = draftSections(parsed);
  const findings: Finding[] = [];
  for (const spec of template.sections) {
    if (!spec.required) continue;
    const names = [spec.heading.zh, spec.heading.en].map((heading) => heading.toLowerCase());
    const found = sections.find((section) => names.includes(section.heading.toLowerCase()));
    const label = `## ${spec.heading[language]}`;
    if (!found) {
      findings.push({
        ruleId: 'required-section', severity: 'error', line: parsed.bodyLine, field: spec.key,
        message: zh ? `缺少必填段落 ${label}：加上该标题并写明${spec.help.zh}。` : `Required section ${label} is missing: add the heading and say ${spec.help.en.toLowerCase()}.`,
      });
    } else if (found.content === '') {
      findings.push({
        ruleId: 'required-section', severity: 'error', line: found.line, field: spec.key,
        message: zh ? `必填段落 ${label} 为空：写明${spec.help.zh}。` : `Required section ${label} is empty: say ${spec.help.en.toLowerCase()}.`,
      });
    }
  }
  return findings;
}

/** Checks a draft's text. The language is the one findings are written in. */
export function checkDraft(text: string, language: Language): DraftCheck {
  const zh = language === 'zh';
  const parsed = parseDraft(text);
  if (parsed.syntaxErrors.length > 0) {
    return {
      parsed,
      findings: parsed.syntaxErrors.map((error) => ({ ruleId: 'front-matter', severity: 'error' as const, line: error.line, message: syntaxMessage(error.message, language) })),
    };
  }
  const kind = parsed.values.kind;
  const kindText = Array.isArray(kind) ? kind.join(',') : (kind ?? '');
  const template = findTemplate(kindText);
  if (!template) {
    const known = builtInTemplates.map((spec) => `${spec.kind} (${spec.label[language]})`).join(', ');
    return {
      parsed,
      findings: [{
        ruleId: 'unknown-kind', severity: 'error', line: parsed.keyLines.kind ?? 1, field: 'kind',
        message: kindText === ''
          ? (zh ? `缺少字段 kind（记录类型）：写 kind: 加上 ${known} 之一。` : `Field kind is missing: add kind: with one of ${known}.`)
          : (zh ? `未知的记录类型“${kindText}”：应为 ${known} 之一。` : `Unknown kind "${kindText}": use one of ${known}.`),
      }],
    };
  }
  const titleField: FieldSpec = {
    key: 'title', label: { zh: '标题', en: 'Title' }, type: 'text', required: true,
    help: { zh: '标题（事件+对象+状态）', en: 'a title (event + object + status)' },
  };
  const findings = [titleField, ...template.fields].flatMap((field) => fieldFindings(field, parsed, language));
  findings.push(...sectionFindings(template, parsed, language));
  return { parsed, template, findings };
}
