// Rules on the title: it carries event + object + status, its message tags (【紧急】【任务】…)
// agree with the priority and type, and it promises no vague time.
import { foldChinese } from '../chineseFold';
import type { ParsedDraft, TextRange } from '../draft';
import type { TemplateSpec } from '../templates/types';
import { replaceFix } from './fieldRules';
import { findingAt } from './types';
import type { Finding, Fix, LintContext } from './types';
import { STATUS_WORDS_EN, STATUS_WORDS_ZH, TAGS, VAGUE_TIME_PHRASES } from './vocabulary';

const TAG = /^\s*(?:【([^】]{1,8})】|\[([^\]]{1,12})\])/u;
const CJK = /[\u3400-\u9fff]/u;

/** The leading message tags of a title and the title without them. */
export function titleTags(title: string): { tags: string[]; rest: string } {
  const tags: string[] = [];
  let rest = title;
  for (let match = TAG.exec(rest); match; match = TAG.exec(rest)) {
    tags.push((match[1] ?? match[2]).trim());
    rest = rest.slice(match[0].length);
  }
  return { tags, rest: rest.trim() };
}

function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** True when the title names an event, its object and a status (a heuristic, hence a warning). */
export function hasTitleStructure(title: string): boolean {
  const { rest } = titleTags(title);
  if (CJK.test(rest)) {
    const length = [...rest.replace(/[\s\p{P}]/gu, '')].length;
    return length >= 8 && STATUS_WORDS_ZH.test(rest);
  }
  const words = rest.split(/[\s:：\-–—/]+/u).filter(Boolean);
  return words.length >= 4 && STATUS_WORDS_EN.test(rest);
}

export function titleFindings(template: TemplateSpec, parsed: ParsedDraft, ctx: LintContext): Finding[] {
  const zh = ctx.language === 'zh';
  const raw = parsed.values.title;
  const title = Array.isArray(raw) ? raw.join(' ') : (raw ?? '');
  if (title.trim() === '') return [];
  const range: TextRange = parsed.valueRanges.title ?? {
    line: parsed.keyLines.title ?? 1,
    column: 0,
    endLine: parsed.keyLines.title ?? 1,
    endColumn: 0,
  };
  const findings: Finding[] = [];
  const { tags } = titleTags(title);

  if (!hasTitleStructure(title)) {
    findings.push(
      findingAt('title-structure', 'warning', range, {
        field: 'title',
        message: zh
          ? `标题“${title}”没有写清 事件+对象+状态：如“${template.exampleTitle.zh}”。`
          : `The title "${title}" does not give event + object + status: e.g. "${template.exampleTitle.en}".`,
      }),
    );
  }

  const priorityField = template.fields.find((field) => field.key === 'priority');
  const typeField = template.fields.find((field) => field.key === 'type');
  for (const tag of tags) {
    const meaning = TAGS[tag.toLowerCase()];
    if (!meaning) continue;
    const withoutTag = title.replace(`【${tag}】`, '').replace(`[${tag}]`, '').trim();
    const removeTag: Fix = replaceFix(
      zh ? `从标题删去 ${meaning.tag}` : `Remove ${meaning.tag} from the title`,
      range,
      yamlString(withoutTag),
    );
    if (meaning.priority) {
      const priority = String(parsed.values.priority ?? '');
      if (template.fixedPriority === undefined && priorityField && priority !== meaning.priority && parsed.valueRanges.priority) {
        findings.push(
          findingAt('tag-mismatch', 'error', range, {
            field: 'title',
            message: zh
              ? `标题标着 ${meaning.tag}，但优先级是 ${priority || '空'}：把优先级改为 ${meaning.priority}，或去掉标签。`
              : `The title is tagged ${meaning.tag} but the priority is ${priority || 'empty'}: set priority to ${meaning.priority}, or remove the tag.`,
            fixes: [
              replaceFix(
                zh ? `优先级改为 ${meaning.priority}` : `Set priority to ${meaning.priority}`,
                parsed.valueRanges.priority,
                meaning.priority,
                true,
              ),
              removeTag,
            ],
          }),
        );
      }
    }
    if (meaning.type) {
      const type = String(parsed.values.type ?? '');
      if (typeField && type !== meaning.type && parsed.valueRanges.type) {
        const option = typeField.options?.find((candidate) => candidate.value === meaning.type);
        findings.push(
          findingAt('tag-mismatch', 'error', range, {
            field: 'title',
            message: zh
              ? `标题标着 ${meaning.tag}，但类型是 ${type || '空'}：把类型改为 ${meaning.type}（${option?.label.zh ?? ''}），或去掉标签。`
              : `The title is tagged ${meaning.tag} but the type is ${type || 'empty'}: set type to ${meaning.type}, or remove the tag.`,
            fixes: [
              replaceFix(zh ? `类型改为 ${meaning.type}` : `Set type to ${meaning.type}`, parsed.valueRanges.type, meaning.type, true),
              removeTag,
            ],
          }),
        );
      }
    }
  }

  VAGUE_TIME_PHRASES.lastIndex = 0;
  // Read folded, so 儘快 in a Traditional title is 尽快; quoted as written.
  const match = VAGUE_TIME_PHRASES.exec(foldChinese(title));
  const vague = match ? [title.slice(match.index, match.index + match[0].length)] : undefined;
  if (vague) {
    findings.push(
      findingAt('vague-deadline', 'warning', range, {
        field: 'title',
        message: zh
          ? `标题里的“${vague[0]}”不是时间：把具体时间写进截止时间字段。`
          : `"${vague[0]}" in the title is no time: put a concrete time in the deadline field.`,
      }),
    );
  }
  return findings;
}
