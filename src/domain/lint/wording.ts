// Plain wording in the body's sentences ("避免模糊表述", "关键信息需唯一明确"): vague recipients,
// placeholders and vague times, found where they stand for a fact the reader needs, not wherever
// the words occur. The text is read folded to Simplified (../chineseFold.ts: one character for
// one, so offsets hold), hence one list serves Simplified and Traditional; English is matched
// case-insensitively. THE RULE (docs/templates.md repeats it):
// - A vague recipient (相关部门, 有关人员, relevant teams…) is flagged when it is asked or assigned
//   to act: after a request or hand-over (请/烦请/由/交给/通知/联系/需要…, "ask", "notify",
//   "coordinate with", "please … to/with"), before what it must do (…负责/配合/处理/确认/提供,
//   须/需/请…, "should", "must", "will", "please", "to <verb>"), or after a label (负责人：, Owner:).
//   Not when what follows reports what happened (已/已经/表示/反映…, "have", "confirmed", "were"…)
//   or what precedes does (已通知…, 经/据/根据…, "was sent to…"): "相关部门已确认" names no one to act.
// - A placeholder is flagged as it stands (待定, 待补充, TBD, TBA, XXX), at a clause's end for
//   "to be determined/confirmed", after a time or arrangement for 另行通知 ("具体时间另行通知",
//   not "如有变动，另行通知"), and for 详见附件 / "see attachment" when the sentence says nothing
//   else ("详见附件。", "方案：详见附件", not "接口共 12 个字段，详见附件").
// - A vague time (尽快, 尽早, 越快越好, 抽空, ASAP, at your earliest convenience…) is flagged unless it
//   reports what was done (已尽快处理); 近期 / 近日 and "soon" / "when possible" only in a request
//   (请近期完成, "Please reply soon"; not "近期客户投诉增多", "The release is coming soon").
import { foldChinese } from '../chineseFold';

export type WordingKind = 'recipient' | 'placeholder' | 'time';

export interface WordingMatch {
  kind: WordingKind;
  /** Offset in the text (folded and original alike) and the length matched. */
  index: number;
  length: number;
  /** What decided it (for fixes): attachment deferral, a time-like placeholder. */
  attachment?: boolean;
  timeLike?: boolean;
}

/** Vague recipients in the body (Simplified; Traditional is folded onto these). */
export const BODY_VAGUE_RECIPIENTS_ZH = [
  '相关部门负责人',
  '各相关部门',
  '各有关部门',
  '相关部门',
  '有关部门',
  '相关单位',
  '有关单位',
  '相关人员',
  '有关人员',
  '相关同事',
  '有关同事',
  '相关负责人',
  '有关负责人',
  '相关责任人',
  '相关团队',
  '有关团队',
  '相关领导',
  '有关领导',
  '有关方面',
  '相关方',
];
/** English vague recipients; a leading "the" / "all the" is taken into the match afterwards (see phrases()). */
export const BODY_VAGUE_RECIPIENTS_EN =
  '\\b(?:relevant|related|concerned|appropriate|responsible)\\s+(?:teams?|departments?|people|persons?|parties|party|staff|colleagues|stakeholders|owners?|units?|groups?)\\b|\\bperson\\s+in\\s+charge\\b|\\bresponsible\\s+person\\b|\\bconcerned\\s+parties\\b|\\bwhom\\s+it\\s+may\\s+concern\\b';

/** Placeholders that are one as they stand. */
export const BODY_PLACEHOLDERS_ZH = ['待定', '待补充', '待填写', '待完善', '稍后补充', '后续补充'];
const PLACEHOLDERS_EN = '\\bTB[DAC]\\b|\\b[Xx]{3,}\\b|××+';
/** English placeholders only at the end of a clause ("Venue: to be confirmed."). */
const PLACEHOLDERS_AT_END_EN = '\\bto\\s+be\\s+(?:determined|confirmed|decided|advised|announced|defined)\\b|\\bdetails\\s+to\\s+follow\\b';
/** Deferring the content to an attachment. */
export const BODY_ATTACHMENT_DEFERRALS_ZH = [
  '详见附件',
  '具体见附件',
  '详情见附件',
  '内容见附件',
  '请见附件',
  '参见附件',
  '请参考附件',
  '请查看附件',
  '见附件',
];
const ATTACHMENT_DEFERRALS_EN =
  '\\b(?:see|refer\\s+to|check)\\s+(?:the\\s+)?attach(?:ments?|ed(?:\\s+(?:files?|documents?))?)\\b|\\bas\\s+(?:per\\s+)?attached\\b';
/** 另行通知: a placeholder after a time or an arrangement ("具体时间另行通知"). */
const LATER_NOTICE_ZH = '另行通知';

/** Vague times flagged unless they report what was done. */
export const BODY_VAGUE_TIMES_ZH = [
  '越快越好',
  '尽快',
  '尽早',
  '尽速',
  '早日',
  '抽空',
  '有空的时候',
  '有空时',
  '方便的时候',
  '方便时',
  '找时间',
  '择日',
  '改天',
];
const VAGUE_TIMES_EN =
  '\\bASAP\\b|\\bas\\s+soon\\s+as\\s+possible\\b|\\bat\\s+your\\s+earliest\\s+convenience\\b|\\bwhen(?:ever)?\\s+you\\s+(?:have\\s+(?:a\\s+moment|time)|get\\s+a\\s+chance|can)\\b|\\bat\\s+some\\s+point\\b|\\bin\\s+the\\s+near\\s+future\\b';
/** Vague times flagged only in a request. */
const REQUEST_TIMES_ZH = ['近期内', '近期', '近日'];
const REQUEST_TIMES_EN = '\\bsoon\\b|\\bwhen\\s+possible\\b';

/** Vague times whose replacement by "于 … 前" / "by …" reads as a sentence. */
export const TIME_WITHOUT_FIX = new Set(['越快越好', '择日', '改天']);

type MatchKind = 'recipient' | 'attachment' | 'placeholder' | 'atEnd' | 'later' | 'time' | 'requestTime';

/** The Chinese phrases by kind (all literals, Simplified: the text is read folded). */
const ZH_KINDS: ReadonlyMap<string, MatchKind> = new Map<string, MatchKind>([
  ...BODY_VAGUE_RECIPIENTS_ZH.map((word) => [word, 'recipient'] as const),
  ...BODY_ATTACHMENT_DEFERRALS_ZH.map((word) => [word, 'attachment'] as const),
  ...BODY_PLACEHOLDERS_ZH.map((word) => [word, 'placeholder'] as const),
  [LATER_NOTICE_ZH, 'later'],
  ...BODY_VAGUE_TIMES_ZH.map((word) => [word, 'time'] as const),
  ...REQUEST_TIMES_ZH.map((word) => [word, 'requestTime'] as const),
]);

/**
 * The phrases as one regular expression shaped like a trie (相关(?:部门(?:负责人)?|人员|…)|…): at
 * any place the longest phrase matches, and the engine tries few alternatives per character.
 */
function trieSource(words: readonly string[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const char of word) {
      let child = node.next.get(char);
      if (!child) node.next.set(char, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const source = (node: Node): string => {
    const branches = [...node.next].map(([char, child]) => char + source(child));
    if (branches.length === 0) return '';
    const group = branches.length === 1 && !node.end ? branches[0] : `(?:${branches.join('|')})`;
    return node.end ? `${group}?` : group;
  };
  return [...root.next].map(([char, child]) => char + source(child)).join('|');
}

// Two scans of the body: Chinese phrases (no case folding: much faster) and English ones.
const SCAN_ZH = new RegExp(trieSource([...ZH_KINDS.keys()]), 'g');
const SCAN_EN = new RegExp(
  [
    `(?<recipient>${BODY_VAGUE_RECIPIENTS_EN})`,
    `(?<attachment>${ATTACHMENT_DEFERRALS_EN})`,
    `(?<placeholder>${PLACEHOLDERS_EN})`,
    `(?<atEnd>${PLACEHOLDERS_AT_END_EN})`,
    `(?<time>${VAGUE_TIMES_EN})`,
    `(?<requestTime>${REQUEST_TIMES_EN})`,
  ].join('|'),
  'gi',
);

/** Every phrase of either scan with its kind, in text order. */
function phrases(folded: string): { kind: MatchKind; index: number; length: number }[] {
  const found: { kind: MatchKind; index: number; length: number }[] = [];
  for (const match of folded.matchAll(SCAN_ZH))
    found.push({ kind: ZH_KINDS.get(match[0]) as MatchKind, index: match.index ?? 0, length: match[0].length });
  for (const match of folded.matchAll(SCAN_EN)) {
    const kind = Object.entries(match.groups ?? {}).find(([, value]) => value !== undefined)?.[0] as MatchKind;
    let index = match.index ?? 0;
    // "the relevant teams", "all the relevant teams": the article goes with the phrase (a fix replaces it too).
    const article = kind === 'recipient' ? /\b(?:all\s+the|all|the)\s+$/i.exec(folded.slice(Math.max(0, index - 8), index)) : null;
    if (article) index -= article[0].length;
    found.push({ kind, index, length: match[0].length + (match.index ?? 0) - index });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** A clause ends at sentence and clause marks and line breaks ('.' only before a space or the end). */
const CLAUSE_END = /^(?:[。！？!?；;\n]|\.(?:\s|$))/;
const SENTENCE_END = /^(?:[。！？!?\n]|\.(?:\s|$))/;

/** Up to `max` characters before `index`, back to the clause's start. */
function before(text: string, index: number, boundary: RegExp, max = 40): string {
  let start = index;
  while (start > 0 && index - start < max && !boundary.test(text.slice(start - 1, start + 1))) start--;
  return text.slice(start, index);
}

/** Up to `max` characters from `end`, up to the clause's end. */
function after(text: string, end: number, boundary: RegExp, max = 40): string {
  let stop = end;
  while (stop < text.length && stop - end < max && !boundary.test(text.slice(stop, stop + 2))) stop++;
  return text.slice(end, stop);
}

// ---- vague recipients ----------------------------------------------------------------------
const REQUEST_BEFORE_ZH =
  /(?:请|烦请|敬请|务请|恳请|麻烦|辛苦|由|交给|交由|转交|转给|发给|通知|告知|知会|联系|联络|提醒|要求|安排|协调|邀请|找|让|(?<![无不毋])(?:需要|需|须)|务必|抄送|报送|上报|提交给|交予|责成|指派|委托)\s*(?:与|和|跟|同|向|给|对)?\s*(?:各|所有|全体)?\s*$/;
const LABEL_BEFORE =
  /(?:负责人|责任人|接收人|收件人|对接人|联系人|处理人|执行人|经办人|承办人|牵头人|\bowners?|\bassignees?|\bcontacts?|\brecipients?|\bresponsible|\bassigned\s+to|\bcc)\s*[:：]\s*$/i;
const REPORT_IN_CLAUSE_ZH = /已|曾|刚才|刚刚|昨天|昨日|上周|此前/;
const NEUTRAL_BEFORE_ZH =
  /(?:经|经过|据|根据|按照|依据|按|被|受|关于|由于|因为|因|向|与|和|跟|同|给|对|的|了|过|感谢|谢谢|无需|无须|不需要|不需|不用|不必|毋须|毋需)\s*(?:各)?\s*$/;
const REPORT_AFTER_ZH = /^\s*(?:均|都|也|亦|等|方面)?\s*(?:已|曾|刚|表示|认为|反映|称|说|提到|指出|同意了|确认了|批准了|通过了)/;
const VERBS_ZH =
  '负责|配合|处理|提供|跟进|确认|协助|支持|落实|完成|安排|反馈|回复|回覆|答复|准备|审核|审批|审阅|评审|对接|参加|参与|出席|知悉|注意|提交|整改|评估|核实|核对|执行|推进|解决|修复|检查|排查|通知|联系|沟通|协调|组织|汇总|上报|报送|签字|签批|批准|给出|输出|补充|更新|测试|验证|确保|做好|着手|开展|商定|审定|把关|关注|留意|阅读|查看|查收|讨论|予以|牵头|督促|认领';
const ACTION_AFTER_ZH = new RegExp(
  `^\\s*(?:[:：,，]\\s*)?(?:请|务必|务请|须|需|需要|要|应|应当|应该|必须|均须|均需)?\\s*(?:(?:在|于)[\\d\\s年月日号周一二三四五六日天点时:：-]{1,14}(?:前|之前|以前))?\\s*(?:尽快|及时|立即|马上|共同|一起|积极|认真|按时|统一|分别|各自)?\\s*(?:${VERBS_ZH})(?!了|过)`,
);
const REQUEST_BEFORE_EN =
  /\b(?:ask|tell|notify|inform|contact|remind|cc|ping|email|invite|loop\s+in|reach\s+out\s+to|check\s+with|coordinate\s+with|work\s+with|follow\s+up\s+with|sync\s+with|align\s+with|talk\s+to|(?:escalate|assign|forward|send|pass|give|hand(?:\s+over)?)\s+(?:it\s+|this\s+)?to|need|needs|want|wants|require|requires|request|requests|expect|expects|please\s+(?:have|get|let|make\s+sure))\s+$/i;
const WITH_TO_BEFORE_EN = /\b(?:to|with|for)\s+$/i;
const REQUEST_IN_CLAUSE_EN = /\b(?:please|kindly|should|must|need|needs|can\s+you|could\s+you|would\s+you|will\s+you|let's|let\s+us)\b/i;
const REPORT_IN_CLAUSE_EN = /\b(?:was|were|been|had|already|yesterday|last\s+week)\b/i;
const REPORT_AFTER_EN =
  /^\s*(?:have|has|had|were|was|already|did|confirmed|agreed|approved|said|reported|signed|replied|answered|accepted|declined|noted|acknowledged|gave|sent|provided|finished|completed)\b/i;
const ACTION_AFTER_EN =
  /^\s*(?:[,:]\s*)?(?:should|must|shall|will|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+to|is\s+to|are\s+(?:expected|required|requested|asked|invited)\s+to|please|to\s+[a-z]+)\b/i;

/** Is the vague recipient at `index` asked or assigned to act (see THE RULE)? */
function recipientAskedToAct(text: string, index: number, end: number): boolean {
  const head = before(text, index, CLAUSE_END);
  const tail = after(text, end, CLAUSE_END);
  // After a label (负责人：…), or as a salutation ("各相关部门：" opening a clause).
  if (LABEL_BEFORE.test(head) || (head.trim() === '' && /^\s*[:：]/.test(tail))) return true;
  if (/[\u4e00-\u9fff]/.test(text.slice(index, end))) {
    if (REPORT_IN_CLAUSE_ZH.test(head)) return false;
    if (REQUEST_BEFORE_ZH.test(head)) return true;
    if (NEUTRAL_BEFORE_ZH.test(head) || REPORT_AFTER_ZH.test(tail)) return false;
    return ACTION_AFTER_ZH.test(tail);
  }
  if (REPORT_IN_CLAUSE_EN.test(head)) return false;
  if (REQUEST_BEFORE_EN.test(head)) return true;
  if (WITH_TO_BEFORE_EN.test(head)) return REQUEST_IN_CLAUSE_EN.test(head);
  if (REPORT_AFTER_EN.test(tail)) return false;
  return ACTION_AFTER_EN.test(tail);
}

// ---- placeholders ----------------------------------------------------------------------------
const NOUN_AFTER_PLACEHOLDER = /^\s*(?:事项|项|问题|清单|列表)/;
const TIME_BEFORE =
  /(?:时间|日期|截止|期限|时限|上线|发布|交付|完成|开始|结束|\bdeadline|\bdate|\btime|\bdue|\bwhen|\bby)\s*[:：]?\s*(?:为|是|is)?\s*$/i;
const ARRANGEMENT_BEFORE = /(?:时间|日期|地点|安排|方案|时长|截止|议程|名单|人员|地址|会议室|具体)/;
const GENERIC_ZH = /具体|详细|详情|内容|明细|情况|其他|其它|相关|资料|信息|说明|如下|以上|上述|请|附件|文件|\d+/g;
const GENERIC_EN = /\b(?:for|more|further|full|the|please|information|info|details?|specifics|all|and|of|in|a|an|see|below|above)\b/gi;

/** Does the sentence around an attachment deferral say nothing else (or is it a label's value)? */
function onlyDefers(text: string, index: number, end: number): boolean {
  const head = before(text, index, SENTENCE_END, 200);
  if (/[:：]\s*$/.test(head)) return true;
  const rest = head + after(text, end, SENTENCE_END, 200);
  return (
    rest
      .replace(GENERIC_ZH, '')
      .replace(GENERIC_EN, '')
      .replace(/[\s\p{P}\p{S}]/gu, '') === ''
  );
}

// ---- vague times -----------------------------------------------------------------------------
const DONE_BEFORE_ZH = /(?:已|已经|均已|都已|曾)\s*$/;
const REQUEST_TIME_BEFORE_ZH = /(?:请|需|需要|须|要求|务必|应|应当|争取)\s*(?:在|于)?\s*$/;
const REQUEST_TIME_AFTER_ZH = /^\s*(?:内)?\s*(?:完成|处理|提交|回复|回覆|反馈|确认|落实|安排|给出|提供|解决|修复|答复|上线|交付)(?!了|过)/;

function timeIsVague(kind: 'time' | 'requestTime', text: string, index: number, end: number): boolean {
  const head = before(text, index, CLAUSE_END);
  const cjk = /[\u4e00-\u9fff]/.test(text.slice(index, end));
  if (kind === 'time') return cjk ? !DONE_BEFORE_ZH.test(head) : !/\bwas\s+$/i.test(head);
  if (cjk)
    return (
      !REPORT_IN_CLAUSE_ZH.test(head) && (REQUEST_TIME_BEFORE_ZH.test(head) || REQUEST_TIME_AFTER_ZH.test(after(text, end, CLAUSE_END)))
    );
  // "as soon as the fix is out" is a precise trigger, not a vague time.
  if (/\bas\s+$/i.test(head)) return false;
  return REQUEST_IN_CLAUSE_EN.test(head) && !REPORT_IN_CLAUSE_EN.test(head);
}

/** The wording problems in `text` (a draft's body), in text order. Offsets are those of `text`. */
export function scanWording(text: string): WordingMatch[] {
  const folded = foldChinese(text);
  const found: WordingMatch[] = [];
  for (const { kind, index, length } of phrases(folded)) {
    const end = index + length;
    const tail = after(folded, end, CLAUSE_END);
    if (kind === 'recipient') {
      if (recipientAskedToAct(folded, index, end)) found.push({ kind: 'recipient', index, length });
    } else if (kind === 'attachment') {
      if (onlyDefers(folded, index, end)) found.push({ kind: 'placeholder', index, length, attachment: true });
    } else if (kind === 'placeholder') {
      if (!NOUN_AFTER_PLACEHOLDER.test(tail))
        found.push({ kind: 'placeholder', index, length, timeLike: TIME_BEFORE.test(before(folded, index, CLAUSE_END)) });
    } else if (kind === 'atEnd') {
      if (/^\s*(?:[.;,!?)）]|$)/.test(tail))
        found.push({ kind: 'placeholder', index, length, timeLike: TIME_BEFORE.test(before(folded, index, CLAUSE_END)) });
    } else if (kind === 'later') {
      if (ARRANGEMENT_BEFORE.test(before(folded, index, CLAUSE_END))) found.push({ kind: 'placeholder', index, length });
    } else if (timeIsVague(kind, folded, index, end)) {
      found.push({ kind: 'time', index, length });
    }
  }
  return found;
}

/** The clause before `index` (for fixes that depend on what precedes: 在/于 already written). */
export function clauseBefore(text: string, index: number): string {
  return before(text, index, CLAUSE_END);
}
