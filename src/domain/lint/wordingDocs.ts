// "Plain wording in the body" for docs/templates.md: the rule of ./wording.ts in words, its phrase
// lists, and examples on both sides. The unit tests lint every example, so the page cannot drift
// from what the lint does.
import { BODY_ATTACHMENT_DEFERRALS_ZH, BODY_PLACEHOLDERS_ZH, BODY_VAGUE_RECIPIENTS_ZH, BODY_VAGUE_TIMES_ZH } from './wording';

export interface WordingExample {
  /** A sentence of a draft's body. */
  text: string;
  /** The rule it breaks and the words it points at; undefined = not flagged. */
  flagged?: { ruleId: 'vague-recipient' | 'placeholder-value' | 'vague-deadline'; words: string };
  script: 'zh' | 'zh-TW' | 'en';
}

const flag = (ruleId: 'vague-recipient' | 'placeholder-value' | 'vague-deadline', words: string): WordingExample['flagged'] => ({
  ruleId,
  words,
});

export const WORDING_EXAMPLES: readonly WordingExample[] = [
  { script: 'zh', text: '请相关部门配合测试。', flagged: flag('vague-recipient', '相关部门') },
  { script: 'zh', text: '相关部门负责跟进上线。', flagged: flag('vague-recipient', '相关部门') },
  { script: 'zh', text: '由有关人员处理。', flagged: flag('vague-recipient', '有关人员') },
  { script: 'zh', text: '负责人：相关同事', flagged: flag('vague-recipient', '相关同事') },
  { script: 'zh', text: '相关部门已确认。' },
  { script: 'zh', text: '经相关部门确认，方案可行。' },
  { script: 'zh', text: '感谢相关部门的支持。' },
  { script: 'zh-TW', text: '請相關部門儘快回覆。', flagged: flag('vague-recipient', '相關部門') },
  { script: 'zh-TW', text: '相關部門已確認。' },
  { script: 'en', text: 'Please ask the relevant teams to review the plan.', flagged: flag('vague-recipient', 'the relevant teams') },
  { script: 'en', text: 'Owner: relevant team', flagged: flag('vague-recipient', 'relevant team') },
  { script: 'en', text: 'The relevant teams have confirmed the plan.' },
  { script: 'en', text: 'The deck was sent to relevant teams yesterday.' },
  { script: 'zh', text: '上线时间：待定', flagged: flag('placeholder-value', '待定') },
  { script: 'zh', text: '具体内容详见附件。', flagged: flag('placeholder-value', '详见附件') },
  { script: 'zh', text: '具体时间另行通知。', flagged: flag('placeholder-value', '另行通知') },
  { script: 'zh', text: '接口字段共 12 个，详见附件。' },
  { script: 'zh', text: '如有变动，另行通知。' },
  { script: 'zh-TW', text: '方案：詳見附件', flagged: flag('placeholder-value', '詳見附件') },
  { script: 'en', text: 'Budget: TBD', flagged: flag('placeholder-value', 'TBD') },
  { script: 'en', text: 'Venue: to be confirmed.', flagged: flag('placeholder-value', 'to be confirmed') },
  { script: 'en', text: 'The API has 12 fields (see attachment).' },
  { script: 'zh', text: '请尽快处理。', flagged: flag('vague-deadline', '尽快') },
  { script: 'zh', text: '请近期完成评审。', flagged: flag('vague-deadline', '近期') },
  { script: 'zh', text: '已尽快修复。' },
  { script: 'zh', text: '近期客户投诉增多。' },
  { script: 'zh-TW', text: '請盡快確認。', flagged: flag('vague-deadline', '盡快') },
  { script: 'en', text: 'Please reply ASAP.', flagged: flag('vague-deadline', 'ASAP') },
  { script: 'en', text: 'Please reply soon.', flagged: flag('vague-deadline', 'soon') },
  { script: 'en', text: 'The new version is coming soon.' },
];

const code = (words: readonly string[]): string => words.map((word) => `\`${word}\``).join(' ');

/** The section of docs/templates.md. */
export function wordingMarkdown(): string[] {
  const lines = [
    '## Plain wording in the body / 正文用语',
    '',
    "Warnings on the exact words of the body's sentences, in Simplified Chinese, Traditional Chinese (read folded to Simplified, so 相關部門 is 相关部门) and English; help comments and code blocks are skipped. A field that is only such a word is an error of the rules above.",
    '正文句子中的模糊表述给出警告并指向原词，简体、繁体（按简体比对）和英文均适用；模板说明注释和代码块不检查。字段整个值是这类词时按上表报错。',
    '',
    `- **Vague recipient** (\`vague-recipient\`): ${code(BODY_VAGUE_RECIPIENTS_ZH)}, "relevant / related / concerned teams, departments, people…", "the person in charge". Flagged when it is asked or assigned to act: after a request or hand-over (请, 烦请, 由, 交给, 通知, 联系, 需要…; "ask", "notify", "coordinate with", "please … to / with"), before what it must do (负责, 配合, 处理, 确认, 提供…, 须, 需, 请; "should", "must", "will", "please", "to <verb>"), after a label (负责人：, "Owner:") or as a salutation (各相关部门：). Not when the sentence reports what happened (…已确认, 已通知…, 经 / 据…; "have confirmed", "was sent to…"). Fix: the draft's own recipients, else the directory's departments; the editor offers the whole directory.`,
    `  模糊接收方：被要求或被指派去做事时提示（请/由/交给/通知……之后，负责/配合/处理……之前，“负责人：”之后）；叙述已发生的事（“相关部门已确认”）不提示。`,
    `- **Placeholder** (\`placeholder-value\`): ${code(BODY_PLACEHOLDERS_ZH)}, \`TBD\` \`TBA\` \`TBC\` \`XXX\` as they stand (not 待定事项); "to be determined / confirmed" at a clause's end; \`另行通知\` after a time or an arrangement (具体时间另行通知, not 如有变动，另行通知); ${code(BODY_ATTACHMENT_DEFERRALS_ZH)}, "see (the) attachment" when the sentence says nothing else (not 接口字段共 12 个，详见附件). Fix: a date-time where a time is missing (上线时间：待定).`,
    '  占位词：待定、TBD 等直接提示；“详见附件”仅在句子没有别的内容时提示。',
    `- **Vague time** (\`vague-deadline\`): ${code(BODY_VAGUE_TIMES_ZH)}, "ASAP", "as soon as possible", "at your earliest convenience", "when you have time", "in the near future", unless they report what was done (已尽快修复); \`近期\` \`近日\`, "soon", "when possible" only in a request (请近期完成, "Please reply soon"; not 近期客户投诉增多, "coming soon"). Fix: 于 YYYY-MM-DD HH:mm 前 / by YYYY-MM-DD HH:mm.`,
    '  模糊时间：请求中的“尽快”“近期”等提示，快速修复插入具体时间；叙述（“已尽快修复”“近期投诉增多”）不提示。',
    '',
    '| sentence / 句子 | script | flagged / 提示 |',
    '| --- | --- | --- |',
  ];
  for (const example of WORDING_EXAMPLES) {
    const flagged = example.flagged ? `\`${example.flagged.ruleId}\` on “${example.flagged.words}”` : 'no / 否';
    lines.push(`| ${example.text.replace(/\|/g, '\\|')} | ${example.script} | ${flagged} |`);
  }
  lines.push('');
  return lines;
}
