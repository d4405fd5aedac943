// Rules on the front matter's fields: required, placeholders, choices, date-times (concrete,
// well-formed, not past), recipients (specific, known to the directory), attachment names.
import type { ParsedDraft, TextRange } from '../draft';
import { defaultFieldValue, fieldLine, yamlScalar } from '../draft';
import type { FieldSpec, TemplateSpec } from '../templates/types';
import { dateTimeToInstant, isDate, isDateTime, normalizeDate, normalizeDateTime, suggestedDeadline } from './dates';
import { findingAt } from './types';
import type { Finding, Fix, LintContext } from './types';
import { isPlaceholder, isVagueDeadline, isVagueRecipient } from './vocabulary';

/** Keys a draft's front matter has besides the template's fields. */
export const RECORD_KEYS = ['kind', 'space', 'title', 'id'];

export const TITLE_FIELD: FieldSpec = {
  key: 'title',
  label: { zh: '标题', en: 'Title' },
  type: 'text',
  required: true,
  help: { zh: '标题（事件+对象+状态）', en: 'a title (event + object + status)' },
};

function isEmpty(value: string | string[] | undefined): boolean {
  if (value === undefined) return true;
  return Array.isArray(value) ? value.length === 0 : value.trim() === '';
}

function lineRange(line: number, text: string): TextRange {
  return { line, column: 0, endLine: line, endColumn: text.length };
}

/** Where a new front-matter line goes: just before the closing `---`. */
function insertFieldFix(field: FieldSpec, parsed: ParsedDraft, ctx: LintContext, value: string, title: string): Fix {
  const at = { line: parsed.frontMatterEnd, column: 0, endLine: parsed.frontMatterEnd, endColumn: 0 };
  return { title, preferred: true, edits: [{ range: at, newText: `${fieldLine(field, ctx.language, value)}\n` }] };
}

export function replaceFix(title: string, range: TextRange, newText: string, preferred = false): Fix {
  return { title, preferred, edits: [{ range, newText }] };
}

function dateTimeFindings(field: FieldSpec, text: string, range: TextRange, ctx: LintContext, name: string): Finding[] {
  const zh = ctx.language === 'zh';
  const suggestion = suggestedDeadline(ctx.now, ctx.timeZone);
  if (field.type === 'date') {
    if (isDate(text)) return [];
    const fixed = normalizeDate(text) ?? normalizeDateTime(text)?.slice(0, 10);
    return [
      findingAt('date-format', 'error', range, {
        field: field.key,
        message: zh
          ? `字段 ${name} 的值“${text}”不是日期：写成 YYYY-MM-DD，如 ${suggestion.slice(0, 10)}。`
          : `Field ${name} has "${text}", not a date: write YYYY-MM-DD, e.g. ${suggestion.slice(0, 10)}.`,
        fixes: [
          replaceFix(
            zh ? `改为 ${fixed ?? suggestion.slice(0, 10)}` : `Change to ${fixed ?? suggestion.slice(0, 10)}`,
            range,
            fixed ?? suggestion.slice(0, 10),
            true,
          ),
        ],
      }),
    ];
  }
  if (isVagueDeadline(text)) {
    return [
      findingAt('vague-deadline', 'error', range, {
        field: field.key,
        message: zh
          ? `字段 ${name} 写的是“${text}”，不是具体时间：写成 YYYY-MM-DD HH:mm，如 ${suggestion}。“尽快”对谁都不是期限。`
          : `Field ${name} says "${text}", which is no time at all: write YYYY-MM-DD HH:mm, e.g. ${suggestion}. "ASAP" is nobody's deadline.`,
        fixes: [replaceFix(zh ? `插入具体时间 ${suggestion}` : `Insert a date-time (${suggestion})`, range, suggestion, true)],
      }),
    ];
  }
  if (!isDateTime(text)) {
    const fixed = normalizeDateTime(text);
    return [
      findingAt('deadline-format', 'error', range, {
        field: field.key,
        message: zh
          ? `字段 ${name} 的值“${text}”不是具体时间：写成 YYYY-MM-DD HH:mm，如 ${fixed ?? suggestion}。`
          : `Field ${name} has "${text}", not a concrete time: write YYYY-MM-DD HH:mm, e.g. ${fixed ?? suggestion}.`,
        fixes: [
          fixed
            ? replaceFix(zh ? `改写为 ${fixed}` : `Rewrite as ${fixed}`, range, fixed, true)
            : replaceFix(zh ? `插入具体时间 ${suggestion}` : `Insert a date-time (${suggestion})`, range, suggestion, true),
        ],
      }),
    ];
  }
  if (field.future) {
    const instant = dateTimeToInstant(text, ctx.timeZone);
    if (instant && instant.getTime() < ctx.now.getTime()) {
      return [
        findingAt('deadline-past', 'warning', range, {
          field: field.key,
          message: zh
            ? `字段 ${name} 的时间 ${text} 已经过去：改为将来的时间。`
            : `Field ${name} is ${text}, which has passed: give a time in the future.`,
          fixes: [replaceFix(zh ? `改为 ${suggestion}` : `Change to ${suggestion}`, range, suggestion, true)],
        }),
      ];
    }
  }
  return [];
}

/** Findings for one person or department named in a field or table cell. */
export function recipientFindings(value: string, range: TextRange, ctx: LintContext, where: string, fieldKey?: string): Finding[] {
  const zh = ctx.language === 'zh';
  const known = ctx.directory.resolve(value) !== undefined;
  if (known) return [];
  const vague = isVagueRecipient(value);
  if (!vague && ctx.directory.isEmpty) return [];
  // A vague recipient resembles no name: offer the departments, the usual intent.
  const suggestions = vague ? ctx.directory.departments.slice(0, 3).map((department) => department.name) : ctx.directory.suggest(value, 3);
  const fixes = suggestions.map((name, index) =>
    replaceFix(zh ? `改为 ${name}` : `Change to ${name}`, range, yamlScalar(name), index === 0),
  );
  const message = vague
    ? zh
      ? `${where}写的是“${value}”，没有具体到人：写明具体的人或部门（通讯录中的名字），否则没人会认领。`
      : `${where} says "${value}", which names no one: give a specific person or department from the directory, or nobody will own it.`
    : zh
      ? `${where}的“${value}”不在通讯录中${suggestions.length ? `：是否指 ${suggestions.join('、')}？` : '：检查拼写，或先把此人加入通讯录（Liaison: 编辑通讯录）。'}`
      : `${where}: "${value}" is not in the directory${suggestions.length ? `: did you mean ${suggestions.join(', ')}?` : ': check the spelling, or add them first (Liaison: Edit Directory).'}`;
  return [
    findingAt(vague ? 'vague-recipient' : 'unknown-recipient', vague ? 'error' : 'warning', range, {
      field: fieldKey,
      recipientSpan: range,
      fixes,
      message,
    }),
  ];
}

const ATTACHMENT = /^(.+?)-?[Vv](\d+(?:\.\d+)*)-(\d{4})(\d{2})(\d{2})-([^-]+)$/u;

/** True for `name-version-date-owner` (the version may follow the name directly: 产品需求V2.1-20240520-张). */
export function isAttachmentName(fileName: string): boolean {
  const stem = fileName.trim().replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const match = ATTACHMENT.exec(stem);
  if (!match) return false;
  const [y, m, d] = [match[3], match[4], match[5]].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** What separates names written as one scalar (`李明, 研发部`, `李明、张伟`): the same as Send (compose.ts asList). */
const NAME_SEPARATORS = /[,，、;；]/;

/**
 * A person field written as one scalar may still name several people; Send splits it, so the
 * lint checks each name. Each part's range is exact for a plain or simply quoted one-line value.
 */
function splitNames(value: string, range: TextRange): { items: string[]; itemRanges: TextRange[] } {
  if (!NAME_SEPARATORS.test(value)) return { items: [value], itemRanges: [range] };
  const width = range.endColumn - range.column;
  const exact = range.line === range.endLine && (width === value.length || width === value.length + 2);
  const start = range.column + (width === value.length + 2 ? 1 : 0);
  const items: string[] = [];
  const itemRanges: TextRange[] = [];
  let offset = 0;
  for (const part of value.split(NAME_SEPARATORS)) {
    const name = part.trim();
    const at = offset + part.length - part.trimStart().length;
    offset += part.length + 1;
    if (name === '') continue;
    items.push(name);
    itemRanges.push(exact ? { line: range.line, column: start + at, endLine: range.line, endColumn: start + at + name.length } : range);
  }
  return { items, itemRanges };
}

export function fieldFindings(field: FieldSpec, parsed: ParsedDraft, ctx: LintContext): Finding[] {
  const zh = ctx.language === 'zh';
  const value = parsed.values[field.key];
  const line = parsed.keyLines[field.key] ?? Math.max(parsed.frontMatterEnd, 0);
  const name = `${field.key} (${field.label[ctx.language]})`;
  const valueRange = parsed.valueRanges[field.key] ?? { line, column: 0, endLine: line, endColumn: 0 };
  if (isEmpty(value)) {
    if (!field.required) return [];
    const missing = value === undefined;
    const fixes: Fix[] = [];
    const suggestion = suggestedDeadline(ctx.now, ctx.timeZone);
    if (missing) {
      const initial =
        field.type === 'datetime'
          ? suggestion
          : field.type === 'date'
            ? suggestion.slice(0, 10)
            : defaultFieldValue(field, { identity: { name: '' }, space: '', deadline: suggestion });
      fixes.push(insertFieldFix(field, parsed, ctx, initial, zh ? `添加字段 ${field.key}` : `Add the field ${field.key}`));
    } else if (field.type === 'datetime') {
      fixes.push(replaceFix(zh ? `插入具体时间 ${suggestion}` : `Insert a date-time (${suggestion})`, valueRange, suggestion, true));
    }
    return [
      {
        ruleId: 'required-field',
        severity: 'error',
        line,
        range: missing ? undefined : parsed.keyRanges[field.key],
        field: field.key,
        fixes,
        recipientSpan: !missing && (field.type === 'person' || field.type === 'people') ? valueRange : undefined,
        message: zh
          ? `必填字段 ${name} ${missing ? '缺失' : '为空'}：填写${field.help.zh}。`
          : `Required field ${name} is ${missing ? 'missing' : 'empty'}: give ${field.help.en}.`,
      },
    ];
  }
  const { items, itemRanges } = Array.isArray(value)
    ? { items: value, itemRanges: parsed.itemRanges[field.key] ?? [] }
    : field.type === 'person' || field.type === 'people'
      ? splitNames(value ?? '', valueRange)
      : { items: [value ?? ''], itemRanges: [valueRange] };
  const findings: Finding[] = [];
  items.forEach((item, index) => {
    if (!isPlaceholder(item)) return;
    const range = itemRanges[index] ?? valueRange;
    findings.push(
      findingAt('placeholder-value', 'error', range, {
        field: field.key,
        message: zh
          ? `字段 ${name} 的值“${item}”是占位词：写出实际内容（${field.help.zh}）。`
          : `Field ${name} says "${item}", a placeholder: write the real value (${field.help.en}).`,
      }),
    );
  });
  if (findings.length > 0) return findings;
  const text = items.join(', ');
  switch (field.type) {
    case 'choice': {
      const options = field.options ?? [];
      if (options.some((option) => option.value === text)) return [];
      const byLabel = options.find(
        (option) => [option.label.zh, option.label.en.toLowerCase()].includes(text.toLowerCase()) || option.label.zh === text,
      );
      const allowed = options.map((option) => `${option.value} (${option.label[ctx.language]})`).join(', ');
      return [
        findingAt('invalid-choice', 'error', valueRange, {
          field: field.key,
          message: zh ? `字段 ${name} 的值“${text}”无效：应为 ${allowed} 之一。` : `Field ${name} has "${text}": use one of ${allowed}.`,
          fixes: byLabel
            ? [replaceFix(zh ? `改为 ${byLabel.value}` : `Change to ${byLabel.value}`, valueRange, byLabel.value, true)]
            : options.map((option) =>
                replaceFix(zh ? `改为 ${option.value}（${option.label.zh}）` : `Change to ${option.value}`, valueRange, option.value),
              ),
        }),
      ];
    }
    case 'datetime':
    case 'date':
      return dateTimeFindings(field, text, valueRange, ctx, name);
    case 'person':
    case 'people':
      if (field.type === 'person' && items.length > 1) {
        return [
          findingAt('one-person', 'error', valueRange, {
            field: field.key,
            message: zh
              ? `字段 ${name} 只能写一个人（${items.join('、')}）：一件事一个负责人，其他人写进接收人。`
              : `Field ${name} takes one person, not ${items.join(', ')}: one owner per matter; put the others among the recipients.`,
          }),
        ];
      }
      return items.flatMap((item, index) =>
        recipientFindings(item, itemRanges[index] ?? valueRange, ctx, zh ? `字段 ${name} ` : `Field ${name}`, field.key),
      );
    case 'attachments':
      return items.flatMap((item, index) =>
        isAttachmentName(item)
          ? []
          : [
              {
                ruleId: 'attachment-name',
                severity: 'warning' as const,
                line: (itemRanges[index] ?? valueRange).line,
                range: itemRanges[index] ?? valueRange,
                field: field.key,
                message: zh
                  ? `附件名“${item}”不符合 名称-版本-日期-负责人 的格式，如 产品需求V2.1-20240520-张.docx。`
                  : `Attachment "${item}" is not named name-version-date-owner, e.g. Requirements-V2.1-20240520-Zhang.docx.`,
              },
            ],
      );
    default:
      return [];
  }
}

/** Front-matter keys the template does not know: most often a typo of one it does. */
export function unknownFieldFindings(
  template: TemplateSpec,
  parsed: ParsedDraft,
  ctx: LintContext,
  closest: (key: string, keys: string[]) => string | undefined,
): Finding[] {
  const zh = ctx.language === 'zh';
  const known = [...RECORD_KEYS, ...template.fields.map((field) => field.key), ...(template.fixedPriority ? ['priority'] : [])];
  const findings: Finding[] = [];
  for (const key of Object.keys(parsed.values)) {
    if (known.includes(key)) continue;
    const range = parsed.keyRanges[key] ?? lineRange(parsed.keyLines[key] ?? 1, key);
    const guess = closest(key, known);
    findings.push(
      findingAt('unknown-field', 'warning', range, {
        field: key,
        message: zh
          ? `${template.label.zh}没有字段 ${key}${guess ? `：是否指 ${guess}？` : '：它会原样保存，但不会被检查。'}`
          : `${template.label.en} has no field ${key}${guess ? `: did you mean ${guess}?` : '; it is kept as written but not checked.'}`,
        fixes: guess ? [replaceFix(zh ? `改为 ${guess}` : `Rename to ${guess}`, range, guess, true)] : [],
      }),
    );
  }
  return findings;
}
