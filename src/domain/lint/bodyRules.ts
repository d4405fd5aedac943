// Plain wording in the body's sentences (./wording.ts decides what is flagged): a vague recipient
// (vague-recipient), a placeholder (placeholder-value) or a vague time (vague-deadline) that stands
// in a sentence is a warning on its exact words, with the quick fixes that exist: the draft's own
// recipients or the directory's departments for a vague recipient (and `recipientSpan`, so an
// editor offers the whole directory), a date-time for a vague time or a time left 待定. A field
// whose whole value is vague is an error of the field rules; the same words in a table cell the
// table rules already reported are not repeated.
import { foldChinese } from '../chineseFold';
import { draftSections } from '../draft';
import type { ParsedDraft, TextRange } from '../draft';
import type { TemplateSpec } from '../templates/types';
import { suggestedDeadline } from './dates';
import { replaceFix } from './fieldRules';
import { findingAt } from './types';
import type { Finding, Fix, LintContext } from './types';
import { isPlaceholder, isVagueRecipient } from './vocabulary';
import { TIME_WITHOUT_FIX, clauseBefore, scanWording } from './wording';
import type { WordingMatch } from './wording';

const CJK = /[\u4e00-\u9fff]/;

/** The body's lines that are not the author's sentences: template help comments and fenced code. */
function skippedLines(lines: readonly string[]): boolean[] {
  const skipped: boolean[] = [];
  let inComment = false;
  let inFence = false;
  for (const text of lines) {
    const fence = /^\s{0,3}(?:```|~~~)/.test(text);
    skipped.push(inComment || inFence || fence || text.includes('<!--'));
    if (fence) inFence = !inFence;
    if (inComment || text.includes('<!--')) inComment = !text.includes('-->') && (inComment || text.includes('<!--'));
  }
  return skipped;
}

/** People and departments the draft itself names in its audience fields: the likely meaning of "相关部门". */
function namedRecipients(template: TemplateSpec, parsed: ParsedDraft): string[] {
  const names: string[] = [];
  for (const key of template.audience ?? ['recipients']) {
    const value = parsed.values[key];
    for (const name of Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,，、;；]/) : []) {
      const trimmed = name.trim();
      if (trimmed !== '' && !isVagueRecipient(trimmed) && !names.includes(trimmed)) names.push(trimmed);
    }
  }
  return names;
}

function joinNames(names: readonly string[], chinese: boolean): string {
  if (chinese) return names.join('、');
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function recipientFixes(candidates: readonly string[], range: TextRange, chinese: boolean, zh: boolean): Fix[] {
  const choices = candidates.length >= 2 ? [joinNames(candidates, chinese), ...candidates.slice(0, 3)] : [...candidates];
  return choices.map((name) => replaceFix(zh ? `改为 ${name}` : `Change to ${name}`, range, name));
}

/** "于 2026-05-19 18:00 前" (於 in a Traditional sentence; no 于 after 在/于) or "by 2026-05-19 18:00". */
function timeText(original: string, at: number, phrase: string, suggestion: string): string {
  if (!CJK.test(phrase)) return `by ${suggestion}`;
  const head = clauseBefore(original, at);
  if (/[在于於]$/.test(head)) return ` ${suggestion} 前`;
  if (/[在于於]\s+$/.test(head)) return `${suggestion} 前`;
  const traditional = foldChinese(head + phrase) !== head + phrase;
  return `${traditional ? '於' : '于'} ${suggestion} 前`;
}

function finding(match: WordingMatch, phrase: string, range: TextRange, original: string, ctx: LintContext, recipients: string[]): Finding {
  const zh = ctx.language === 'zh';
  const chinese = CJK.test(phrase);
  const suggestion = suggestedDeadline(ctx.now, ctx.timeZone);
  const dateFix = (): Fix =>
    replaceFix(
      zh ? `插入具体时间 ${suggestion}` : `Insert a date-time (${suggestion})`,
      range,
      timeText(original, match.index, phrase, suggestion),
    );
  if (match.kind === 'recipient') {
    const candidates = recipients.length > 0 ? recipients : ctx.directory.departments.slice(0, 3).map((department) => department.name);
    const example =
      candidates.length > 0 ? (zh ? `，如 ${joinNames(candidates, chinese)}` : `, e.g. ${joinNames(candidates, chinese)}`) : '';
    return findingAt('vague-recipient', 'warning', range, {
      recipientSpan: range,
      fixes: recipientFixes(candidates, range, chinese, zh),
      message: zh
        ? `“${phrase}”没有指明是谁：写出具体的人或部门（通讯录中的名字${example}），否则没人会认领。`
        : `"${phrase}" names no one: write the person or department from the directory${example}, or nobody will own it.`,
    });
  }
  if (match.kind === 'placeholder') {
    return findingAt('placeholder-value', 'warning', range, {
      fixes: match.timeLike
        ? [replaceFix(zh ? `插入具体时间 ${suggestion}` : `Insert a date-time (${suggestion})`, range, suggestion)]
        : [],
      message: match.attachment
        ? zh
          ? `“${phrase}”：把要点写进正文，附件只作补充。`
          : `"${phrase}": put the key facts in the text; attachments only support it.`
        : zh
          ? `“${phrase}”是占位词：写出实际内容；还不确定，就写明由谁在何时之前给出。`
          : `"${phrase}" is a placeholder: write the actual content; if it is not known yet, say who will give it by when.`,
    });
  }
  return findingAt('vague-deadline', 'warning', range, {
    fixes: TIME_WITHOUT_FIX.has(foldChinese(phrase)) ? [] : [dateFix()],
    message: zh ? `“${phrase}”不是时间：写明具体的 YYYY-MM-DD HH:mm。` : `"${phrase}" is no time: say when, as YYYY-MM-DD HH:mm.`,
  });
}

/**
 * Wording findings of the body. `reported`: findings already made (a table cell's vague due time
 * or recipient is an error there), whose ranges are not repeated as warnings.
 */
export function bodyWordingFindings(
  template: TemplateSpec,
  parsed: ParsedDraft,
  ctx: LintContext,
  reported: readonly Finding[],
): Finding[] {
  const body = parsed.body;
  // One scan of the whole body; lines are worked out only when something matched.
  const matches = scanWording(body);
  if (matches.length === 0) return [];
  const lines = body.split(/\r?\n/);
  const starts: number[] = [];
  for (let offset = 0, index = 0; index < lines.length; index++) {
    starts.push(offset);
    offset = body.indexOf('\n', offset) + 1 || body.length + 1;
  }
  const skipped = skippedLines(lines);
  // A section that is only "详见附件" is an error of the section rules already.
  for (const section of draftSections(parsed)) {
    if (section.content === '' || !isPlaceholder(section.content)) continue;
    for (let line = section.line; line < section.endLine; line++) if (line - parsed.bodyLine >= 0) skipped[line - parsed.bodyLine] = true;
  }
  const taken = reported.filter((item) => item.range).map((item) => item.range as TextRange);
  const recipients = namedRecipients(template, parsed);
  const findings: Finding[] = [];
  for (const match of matches) {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= match.index) low = middle;
      else high = middle - 1;
    }
    if (skipped[low]) continue;
    const line = parsed.bodyLine + low;
    const column = match.index - starts[low];
    const range: TextRange = { line, column, endLine: line, endColumn: column + match.length };
    if (taken.some((other) => other.line === line && other.column < range.endColumn && range.column < other.endColumn)) continue;
    findings.push(finding(match, body.slice(match.index, match.index + match.length), range, body, ctx, recipients));
  }
  return findings;
}
