// The words the writing rules (docs/design.md, "Writing rules") forbid or expect, in Chinese and
// English. Matching is
// on whole values (a field that is only "TBD") or on phrases (a title that says "尽快"); values
// are read folded to Simplified (../chineseFold.ts), so 待定, 詳見附件 and 相關部門 count too. The
// body's sentences have their own, context-aware rules (./wording.ts).
import { foldChinese } from '../chineseFold';

/** A field whose whole value is one of these says nothing yet. */
export const PLACEHOLDERS = [
  'tbd',
  'tba',
  'tbc',
  'todo',
  'to do',
  'to be determined',
  'to be confirmed',
  'n/a',
  'xxx',
  'xx',
  '...',
  '…',
  '???',
  '?',
  'see attachment',
  'see attachments',
  'see attached',
  'refer to attachment',
  '待定',
  '待补充',
  '待确认',
  '待填写',
  '待完善',
  '详见附件',
  '见附件',
  '参见附件',
  '附件',
  '另行通知',
  '稍后补充',
  '后续补充',
  '略',
];

/** A deadline that is no time at all. */
export const VAGUE_DEADLINES = [
  'asap',
  'a.s.a.p.',
  'as soon as possible',
  'soon',
  'urgent',
  'urgently',
  'immediately',
  'right away',
  'at your earliest convenience',
  'when possible',
  'whenever',
  'this week',
  'next week',
  'eod',
  'end of day',
  'today',
  '尽快',
  '尽早',
  '尽快处理',
  '尽快完成',
  '尽快回复',
  '越快越好',
  '立即',
  '立刻',
  '马上',
  '抓紧',
  '抓紧时间',
  '随时',
  '近期',
  '近日',
  '这两天',
  '本周内',
  '下周',
  '今天',
  '今天内',
  '当天',
  '急',
];

/**
 * Phrases that, in a title or body, stand where a date-time should be (findings, not errors).
 * No `u` flag: with `i` it makes V8 scan ~15× slower, and every character here is one UTF-16 unit.
 */
export const VAGUE_TIME_PHRASES = /(尽快|尽早|尽速|越快越好|as soon as possible|\bASAP\b|at your earliest convenience)/gi;

/** Recipients that name no one: the message reaches nobody in particular. */
export const VAGUE_RECIPIENTS = [
  '相关部门',
  '有关部门',
  '各相关部门',
  '相关人员',
  '有关人员',
  '相关同事',
  '相关负责人',
  '负责人',
  '各部门',
  '各位',
  '各方',
  '相关方',
  '领导',
  '各位领导',
  '大家',
  '所有人',
  '有关同事',
  'relevant departments',
  'relevant department',
  'related departments',
  'relevant teams',
  'relevant people',
  'relevant parties',
  'all relevant parties',
  'concerned parties',
  'the responsible person',
  'responsible person',
  'person in charge',
  'owner',
  'the owner',
  'whom it may concern',
  'to whom it may concern',
  'stakeholders',
  'everyone',
  'all',
  'team',
  'the team',
  'management',
];

/** Words that carry a title's status (what state the matter is in), so a title says where things stand. */
export const STATUS_WORDS_ZH =
  /(安排|通知|确认|申请|进展|进度|完成|待|延期|变更|调整|结果|汇报|报告|评审|上线|发布|暂停|取消|恢复|故障|处理|解决|请求|需求|说明|计划|总结|复盘|纪要|反馈|启动|关闭|审批|验收|交付|邀请|提醒|预警|协作|同步|问题|投诉|升级|更新)/u;
export const STATUS_WORDS_EN =
  /\b(scheduled|schedule|confirmed|confirm|confirmation|requested|request|requests|update|updated|updates|done|completed|complete|delayed|delay|pending|approved|approval|review|reviewed|plan|planned|notice|report|reported|resolved|outage|cancelled|canceled|postponed|minutes|feedback|summary|retrospective|ready|blocked|needed|required|progress|launched|launch|released|release|started|closed|invitation|reminder|issued|published|written|under way|in progress|handling|fixed|failed|escalated|accepted|declined|proposal|changed|change)\b/iu;

/** Message tags (消息标签) of docs/design.md, "Writing rules", and what they say about type and priority. */
export interface TagMeaning {
  /** The tag as written in Chinese, e.g. 【紧急】. */
  tag: string;
  /** The priority it claims, if any. */
  priority?: 'urgent';
  /** The internal-message `type` it claims, if any. */
  type?: string;
}

export const TAGS: Record<string, TagMeaning> = {
  紧急: { tag: '【紧急】', priority: 'urgent' },
  urgent: { tag: '【紧急】', priority: 'urgent' },
  任务: { tag: '【任务】', type: 'collaboration-request' },
  task: { tag: '【任务】', type: 'collaboration-request' },
  通知: { tag: '【通知】', type: 'notice' },
  notice: { tag: '【通知】', type: 'notice' },
  问题: { tag: '【问题】', type: 'issue-feedback' },
  issue: { tag: '【问题】', type: 'issue-feedback' },
  汇报: { tag: '【汇报】', type: 'result-report' },
  report: { tag: '【汇报】', type: 'result-report' },
};

/** Lower-cased, trimmed, trailing punctuation removed, Traditional folded to Simplified: how whole values are compared. */
export function normalized(value: string): string {
  const lower = foldChinese(value.trim().toLowerCase());
  // Most values end in a letter: skip the replace (this runs for every table cell).
  return TRAILING_MARK.test(lower) ? lower.replace(TRAILING_MARKS, '').trim() : lower;
}

const TRAILING_MARK = /[。.!！，,；;：:\s]$/;
const TRAILING_MARKS = /[。.!！，,；;：:\s]+$/;

/** A word list as a set, and its longest entry: a longer value (a whole section's text) is none of them. */
function wordSet(words: readonly string[]): { has: (value: string) => boolean } {
  const set = new Set(words);
  // Room for the trailing punctuation and spaces normalized() removes.
  const longest = Math.max(...words.map((word) => word.length)) + 16;
  return {
    has: (value) => {
      const trimmed = value.trim();
      return trimmed.length <= longest && set.has(normalized(trimmed));
    },
  };
}

const placeholderSet = wordSet(PLACEHOLDERS);
const vagueDeadlineSet = wordSet(VAGUE_DEADLINES);
const vagueRecipientSet = wordSet(VAGUE_RECIPIENTS);

export function isPlaceholder(value: string): boolean {
  return placeholderSet.has(value);
}

export function isVagueDeadline(value: string): boolean {
  return vagueDeadlineSet.has(value);
}

export function isVagueRecipient(value: string): boolean {
  return vagueRecipientSet.has(value);
}
