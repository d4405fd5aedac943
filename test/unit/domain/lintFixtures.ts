// Shared by the lint, template and CLI tests: a fixed "now", a small directory, drafts built
// line by line, and a helper that applies a finding's quick fix the way an editor does.
import { strict as assert } from 'node:assert';
import { Directory } from '../../../src/domain/directory';
import type { TextRange } from '../../../src/domain/draft';
import type { Fix, TextEdit } from '../../../src/domain/lint/types';
import type { Language } from '../../../src/domain/templates/types';
import { checkDraft } from '../../../src/domain/validate';
import type { DraftCheck, Finding } from '../../../src/domain/validate';

/** 2026-05-18 10:00 in Asia/Shanghai: a Monday morning. Fixes that insert a date-time insert 2026-05-19 18:00. */
export const NOW = new Date('2026-05-18T02:00:00Z');
export const SUGGESTED = '2026-05-19 18:00';

/** The team of the tests: two departments with heads, a few people with English aliases. */
export const DIRECTORY = new Directory({
  people: [
    { name: '王芳', department: '产品部', aliases: ['Wang Fang'] },
    { name: '李明', department: '研发部', aliases: ['Li Ming'] },
    { name: '张伟', department: '研发部', aliases: ['Zhang Wei'] },
    { name: '赵强', department: '测试部', aliases: ['Zhao Qiang'] },
  ],
  departments: [{ name: '产品部', head: '王芳' }, { name: '研发部', head: '张伟' }, { name: '全体员工' }, { name: 'Management' }],
});

/** A draft as lines: front matter from `[key, raw YAML value]` pairs (undefined drops the key), then `## ` sections. */
export function draftText(
  kind: string,
  fields: readonly (readonly [string, string | undefined])[],
  sections: readonly (readonly [string, string])[],
): string {
  const lines = ['---', `kind: ${kind}`, 'space: internal'];
  for (const [key, value] of fields) if (value !== undefined) lines.push(`${key}: ${value}`);
  lines.push('---', '');
  for (const [heading, content] of sections) lines.push(`## ${heading}`, '', content, '');
  return lines.join('\n');
}

type Overrides = Record<string, string | undefined>;

function withOverrides(defaults: readonly (readonly [string, string])[], overrides: Overrides): [string, string | undefined][] {
  const fields: [string, string | undefined][] = defaults.map(([key, value]) => [key, key in overrides ? overrides[key] : value]);
  for (const [key, value] of Object.entries(overrides)) if (!defaults.some(([known]) => known === key)) fields.push([key, value]);
  return fields;
}

/**
 * A clean internal message. Lines: 0 `---`, 1 kind, 2 space, 3 title, 4 sender, 5 recipients,
 * 6 type, 7 priority, 8 deadline, 9 attachments, 10 `---`, 12 first heading (16, 20 the others).
 */
export function internalMessage(language: Language, overrides: Overrides = {}, sections?: readonly (readonly [string, string])[]): string {
  const zh = language === 'zh';
  const defaults: [string, string][] = [
    ['title', zh ? '关于Q3产品迭代需求评审会的安排-产品部' : '"Q3 review meeting: schedule confirmed - Product"'],
    ['sender', zh ? '王芳' : 'Wang Fang'],
    ['recipients', zh ? '[李明, 研发部]' : '[Li Ming, Zhang Wei]'],
    ['type', 'notice'],
    ['priority', 'medium'],
    ['deadline', '2026-05-20 18:00'],
    ['attachments', '[]'],
  ];
  return draftText(
    'internal-message',
    withOverrides(defaults, overrides),
    sections ??
      (zh
        ? [
            ['背景', 'Q3 迭代需求已收齐，共 42 条。'],
            ['目标', '2026-05-22 18:00 前完成评审。'],
            ['行动', '李明 2026-05-20 18:00 前准备评审材料。'],
          ]
        : [
            ['Background', 'The Q3 requests are in: 42 of them.'],
            ['Goal', 'Review them by 2026-05-22 18:00.'],
            ['Action', 'Li Ming prepares the deck by 2026-05-20 18:00.'],
          ]),
  );
}

/** A clean external request: owner on line 7, recipients 8, priority 9, deadline 10; `---` on 13. */
export function externalRequest(language: Language, overrides: Overrides = {}, sections?: readonly (readonly [string, string])[]): string {
  const zh = language === 'zh';
  const defaults: [string, string][] = [
    ['title', zh ? '关于艾克美科技接口延迟问题的处理进展-研发部' : '"Acme API latency issue: fix in progress - R&D"'],
    ['sender', zh ? '王芳' : 'Wang Fang'],
    ['counterpartType', 'client'],
    ['counterpart', zh ? '艾克美科技' : 'Acme Ltd'],
    ['owner', zh ? '李明' : 'Li Ming'],
    ['recipients', zh ? '[张伟]' : '[Zhang Wei]'],
    ['priority', 'high'],
    ['deadline', '2026-05-20 18:00'],
    ['contact', zh ? '王总 13800000000' : 'Mr Wang, +86 138 0000 0000'],
    ['channel', 'email'],
  ];
  return draftText(
    'external-request',
    withOverrides(defaults, overrides),
    sections ??
      (zh
        ? [['需求描述', '客户反馈报表接口响应超过 5 秒，要求降到 1 秒以内。']]
        : [['Need', 'The report API takes over 5 s; they need it under 1 s.']]),
  );
}

/** A clean internal notice: date on line 6, effective 11; `---` on 13. */
export function internalNotice(language: Language, overrides: Overrides = {}): string {
  const zh = language === 'zh';
  const defaults: [string, string][] = [
    ['title', zh ? '关于2026年端午节放假安排的通知-产品部' : '"Dragon Boat Festival holiday 2026: notice issued - Product"'],
    ['sender', zh ? '王芳' : 'Wang Fang'],
    ['department', '产品部'],
    ['date', '2026-05-18'],
    ['recipients', zh ? '[研发部, 测试部]' : '[Li Ming, Zhao Qiang]'],
    ['confirmers', zh ? '[李明]' : '[Li Ming]'],
    ['priority', 'medium'],
    ['contact', zh ? '王芳' : 'Wang Fang'],
    ['effective', '2026-05-31'],
    ['attachments', '[]'],
  ];
  return draftText(
    'internal-notice',
    withOverrides(defaults, overrides),
    zh
      ? [
          ['背景', '端午节放假安排已由公司确定。'],
          ['通知事项', '2026-05-31 至 2026-06-02 放假，共 3 天。'],
        ]
      : [
          ['Background', 'The company has set the holiday dates.'],
          ['Items', 'Off from 2026-05-31 to 2026-06-02, three days.'],
        ],
  );
}

/** The action-items table of meeting minutes, header on the returned text's line `headerLine`. */
export function actionTable(language: Language, rows: readonly string[], header?: string): string {
  const zh = language === 'zh';
  return [header ?? (zh ? '| 事项 * | 负责人 * | 截止时间 * |' : '| Item * | Owner * | Due * |'), '| --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/**
 * Clean meeting minutes. Lines: 3 title, 4 sender, 5 meetingTime, 6 attendees, 7 `---`,
 * 9 `## 会议决定`, 11 decision, 13 `## 行动项`, 15 table header, 16 separator, 17 first row.
 */
export function meetingMinutes(language: Language, rows?: readonly string[], table?: string): string {
  const zh = language === 'zh';
  const fields: [string, string][] = [
    ['title', zh ? '关于Q3迭代范围评审会的会议纪要-产品部' : '"Q3 iteration scope review: minutes published - Product"'],
    ['sender', zh ? '王芳' : 'Wang Fang'],
    ['meetingTime', '2026-05-18 09:00'],
    ['attendees', zh ? '[李明, 张伟]' : '[Li Ming, Zhang Wei]'],
  ];
  const tableText =
    table ??
    actionTable(
      language,
      rows ?? [zh ? '| 准备评审材料 | 李明 | 2026-05-20 18:00 |' : '| Prepare the deck | Li Ming | 2026-05-20 18:00 |'],
    );
  return draftText(
    'meeting-minutes',
    fields,
    zh
      ? [
          ['会议决定', 'Q3 只做报表模块。'],
          ['行动项', tableText],
        ]
      : [
          ['Decisions', 'Q3 covers the reporting module only.'],
          ['Action items', tableText],
        ],
  );
}

export function lint(text: string, language: Language, directory: Directory = DIRECTORY): DraftCheck {
  return checkDraft(text, language, { now: NOW, directory });
}

export function findingsOf(text: string, language: Language, ruleId: string, directory: Directory = DIRECTORY): Finding[] {
  return lint(text, language, directory).findings.filter((finding) => finding.ruleId === ruleId);
}

const CJK = /[\u3400-\u9fff]/u;

/** The message without the user's own text it quotes (“…”, "…", 【…】), which may be in either language. */
function ownWords(message: string): string {
  return message
    .replace(/“[^”]*”/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/【[^】]*】/g, '');
}

/** The message is written in `language`: Chinese words for zh, none for en. */
export function assertLanguage(message: string, language: Language): void {
  const own = ownWords(message);
  if (language === 'zh') assert.match(own, CJK, `expected a Chinese message: ${message}`);
  else {
    assert.doesNotMatch(own, CJK, `expected an English message: ${message}`);
    assert.match(own, /[A-Za-z]{3,}/, `expected an English message: ${message}`);
  }
}

function offsetOf(lineStarts: readonly number[], text: string, line: number, column: number): number {
  if (line >= lineStarts.length) return text.length;
  return Math.min(lineStarts[line] + column, line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length);
}

/** Applies text edits by line and column, as an editor does (edits must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') lineStarts.push(index + 1);
  const located = edits
    .map((edit) => ({
      start: offsetOf(lineStarts, text, edit.range.line, edit.range.column),
      end: offsetOf(lineStarts, text, edit.range.endLine, edit.range.endColumn),
      newText: edit.newText,
    }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of located) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** The preferred fix of a finding (it must have exactly one). */
export function preferredFix(finding: Finding): Fix {
  const preferred = (finding.fixes ?? []).filter((fix) => fix.preferred);
  assert.equal(preferred.length, 1, `one preferred fix for ${finding.ruleId}: ${JSON.stringify(finding.fixes)}`);
  return preferred[0];
}

export function applyPreferred(text: string, finding: Finding): string {
  return applyEdits(text, preferredFix(finding).edits);
}

/** The text a range covers (single-line ranges). */
export function textAt(text: string, range: TextRange): string {
  const line = text.split('\n')[range.line] ?? '';
  return range.endLine === range.line ? line.slice(range.column, range.endColumn) : line.slice(range.column);
}
