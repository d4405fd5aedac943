// The message lint: checks a draft against its template and the writing rules (docs/design.md,
// "Writing rules") before it may be sent. Pure: text in, findings out, never an exception. Each finding names
// the field (or line), says how to fix it in the user's language, and carries the mechanical
// fixes an editor offers as quick fixes. The rules live in ./lint/.
import { Directory, editDistance } from './directory';
import { parseDraft } from './draft';
import type { ParsedDraft } from './draft';
import { bodyWordingFindings } from './lint/bodyRules';
import { fieldFindings, replaceFix, TITLE_FIELD, unknownFieldFindings } from './lint/fieldRules';
import { sectionFindings } from './lint/sectionRules';
import { titleFindings } from './lint/titleRules';
import type { Finding, LintContext } from './lint/types';
import { builtInTemplateSet } from './templates/registry';
import type { Language, TemplateSpec } from './templates/types';

export { isDateTime } from './lint/dates';
export type { Finding, Severity } from './lint/types';

export interface DraftCheck {
  parsed: ParsedDraft;
  template?: TemplateSpec;
  findings: Finding[];
}

/** Every rule id, for docs and for tests that each rule has cases. */
export const RULE_IDS = [
  'front-matter',
  'unknown-kind',
  'unknown-field',
  'required-field',
  'required-section',
  'placeholder-value',
  'invalid-choice',
  'vague-deadline',
  'deadline-format',
  'date-format',
  'deadline-past',
  'vague-recipient',
  'unknown-recipient',
  'one-person',
  'title-structure',
  'tag-mismatch',
  'attachment-name',
  'table-missing',
  'table-columns',
  'table-cell',
] as const;

function syntaxMessage(code: string, language: Language): string {
  const zh = language === 'zh';
  switch (code) {
    case 'front-matter-missing':
      return zh
        ? '缺少字段区：文档第一行应为 ---，随后是 key: value 字段，再以 --- 结束。可用“Liaison: 新建记录”生成草稿。'
        : 'No front matter: the first line must be ---, then key: value fields, closed by ---. "Liaison: New Record" writes a draft for you.';
    case 'front-matter-unclosed':
      return zh ? '字段区没有结束：在最后一个字段后加一行 ---。' : 'The front matter is not closed: add a line --- after the last field.';
    case 'front-matter-not-map':
      return zh ? '字段区应为 key: value 形式的字段列表。' : 'The front matter must be a list of key: value fields.';
    default:
      return zh
        ? `字段区格式错误（${code}）：检查缩进、冒号后的空格和引号。`
        : `The front matter is not valid YAML (${code}): check indentation, the space after each colon, and quotes.`;
  }
}

/** The key among `keys` a typo most likely meant, if one is close enough. */
function closest(key: string, keys: string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of keys) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance))
      best = { key: candidate, distance };
  }
  return best?.key;
}

/** Lines in the text, as `text.split(/\r?\n/).length` counts them, without building the array. */
function lineCount(text: string): number {
  let count = 1;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/** Checks a draft's text. Options default to the built-in templates, no directory and the current time. */
export function checkDraft(text: string, language: Language, options: Partial<Omit<LintContext, 'language'>> = {}): DraftCheck {
  const ctx: LintContext = {
    language,
    templates: options.templates ?? builtInTemplateSet,
    directory: options.directory ?? Directory.empty(),
    now: options.now ?? new Date(),
    timeZone: options.timeZone ?? 'Asia/Shanghai',
  };
  const zh = language === 'zh';
  const parsed = parseDraft(text);
  if (parsed.syntaxErrors.length > 0) {
    return {
      parsed,
      findings: parsed.syntaxErrors.map((error) => ({
        ruleId: 'front-matter',
        severity: 'error' as const,
        line: error.line,
        message: syntaxMessage(error.message, language),
      })),
    };
  }
  const kind = parsed.values.kind;
  const kindText = Array.isArray(kind) ? kind.join(',') : (kind ?? '');
  const template = ctx.templates.find(kindText);
  if (!template) {
    const known = ctx.templates.templates.map((spec) => `${spec.kind} (${spec.label[language]})`).join(', ');
    const range = parsed.valueRanges.kind;
    const guesses = range
      ? ctx.templates.kinds
          .map((candidate) => ({ candidate, distance: editDistance(kindText, candidate) }))
          .sort((a, b) => a.distance - b.distance)
          .slice(0, 3)
      : [];
    return {
      parsed,
      findings: [
        {
          ruleId: 'unknown-kind',
          severity: 'error',
          line: parsed.keyLines.kind ?? 1,
          range,
          field: 'kind',
          fixes: range
            ? guesses.map(({ candidate }, index) =>
                replaceFix(zh ? `改为 ${candidate}` : `Change to ${candidate}`, range, candidate, index === 0 && guesses[0].distance <= 3),
              )
            : [],
          message:
            kindText === ''
              ? zh
                ? `第 ${(parsed.keyLines.kind ?? 1) + 1} 行：缺少字段 kind（记录类型）：写 kind: 加上 ${known} 之一。`
                : `Line ${(parsed.keyLines.kind ?? 1) + 1}: field kind is missing: add kind: with one of ${known}.`
              : zh
                ? `第 ${(parsed.keyLines.kind ?? 1) + 1} 行：未知的记录类型“${kindText}”：应为 ${known} 之一。`
                : `Line ${(parsed.keyLines.kind ?? 1) + 1}: unknown kind "${kindText}": use one of ${known}.`,
        },
      ],
    };
  }
  const findings = [TITLE_FIELD, ...template.fields].flatMap((field) => fieldFindings(field, parsed, ctx));
  findings.push(...titleFindings(template, parsed, ctx));
  findings.push(...unknownFieldFindings(template, parsed, ctx, closest));
  findings.push(...sectionFindings(template, parsed, ctx, lineCount(text)));
  findings.push(...bodyWordingFindings(template, parsed, ctx, findings));
  findings.sort((a, b) => a.line - b.line || (a.range?.column ?? 0) - (b.range?.column ?? 0));
  return { parsed, template, findings };
}
