// A record's status in words: the labels Liaison shows (STATUS_LABELS), and the statuses other
// tools export (Jira, DingTalk/Feishu tasks, spreadsheets) in English, Simplified and Traditional
// Chinese, mapped to Liaison's (for `liaison import` and for search's `status:` filter).
// A foreign word means the state Liaison shows for the same situation: "closed"/"done"/"已完成"
// is archived (closed loop), "open"/"new"/"待处理" is sent (nobody has answered), "in progress"/
// "处理中" is in-progress, "in review"/"待验收" is delivered (waiting for confirmation).
// Not mapped on purpose: "cancelled" (an import must not invent a delivery that never happened,
// nor a recall: recalled is what Liaison's author did, 撤回). Matching ignores case, spaces, `-` and `_`.
import { foldChinese } from './chineseFold';
import type { LifecycleStatus } from './lifecycle';

export type StatusName = 'draft' | LifecycleStatus;

/** Liaison's own statuses, as `liaison import` writes them. */
export const LIAISON_STATUSES: readonly StatusName[] = [
  'draft',
  'sent',
  'read',
  'accepted',
  'declined',
  'in-progress',
  'delivered',
  'disputed',
  'confirmed',
  'archived',
  'recalled',
];

/** What Liaison shows for each status. */
export const STATUS_LABELS: Readonly<Record<StatusName, { zh: string; en: string }>> = {
  draft: { zh: '草稿', en: 'Draft' },
  sent: { zh: '已发送', en: 'Sent' },
  read: { zh: '已读', en: 'Read' },
  accepted: { zh: '已接受', en: 'Accepted' },
  declined: { zh: '已拒绝', en: 'Declined' },
  'in-progress': { zh: '处理中', en: 'In progress' },
  delivered: { zh: '已交付', en: 'Delivered' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  disputed: { zh: '有争议', en: 'Disputed' },
  archived: { zh: '已归档', en: 'Archived' },
  recalled: { zh: '已撤回', en: 'Recalled' },
};

/** Other tools' words for each status (Liaison's own name is always accepted too). */
export const STATUS_SYNONYMS: Readonly<Record<StatusName, readonly string[]>> = {
  draft: ['unsent', 'not sent', '草稿', '未发送', '未發送'],
  sent: [
    'open',
    'opened',
    'new',
    'to do',
    'todo',
    'backlog',
    'pending',
    'waiting',
    'submitted',
    'unread',
    'reopened',
    '新建',
    '打开',
    '打開',
    '待处理',
    '待處理',
    '待办',
    '待辦',
    '未开始',
    '未開始',
    '已发送',
    '已發送',
    '已提交',
    '待回复',
    '待回覆',
    '等待中',
    '未读',
    '未讀',
  ],
  read: ['seen', 'viewed', '已读', '已讀', '已阅', '已閱', '已查看'],
  accepted: ['acknowledged', 'assigned', '已接受', '已受理', '已认领', '已認領', '已分配'],
  declined: [
    'rejected',
    'refused',
    "won't do",
    'wont do',
    "won't fix",
    'wontfix',
    '已拒绝',
    '已拒絕',
    '拒绝',
    '拒絕',
    '已驳回',
    '已駁回',
    '驳回',
    '駁回',
  ],
  'in-progress': [
    'in progress',
    'doing',
    'started',
    'active',
    'ongoing',
    'working',
    '进行中',
    '進行中',
    '处理中',
    '處理中',
    '跟进中',
    '跟進中',
    '执行中',
    '執行中',
    '开发中',
    '開發中',
    '已开始',
    '已開始',
  ],
  delivered: ['in review', 'review', 'ready for review', 'awaiting confirmation', '已交付', '待验收', '待驗收', '待确认', '待確認'],
  disputed: ['dispute', '有争议', '有爭議', '争议中', '爭議中'],
  confirmed: ['verified', 'approved', '已确认', '已確認', '已验收', '已驗收', '验收通过', '驗收通過'],
  archived: [
    'closed',
    'done',
    'resolved',
    'completed',
    'complete',
    'finished',
    'fixed',
    '已完成',
    '完成',
    '已关闭',
    '已關閉',
    '关闭',
    '關閉',
    '已解决',
    '已解決',
    '已归档',
    '已歸檔',
    '已办结',
    '已辦結',
  ],
  recalled: ['withdrawn', 'recalled', '已撤回', '撤回', '撤銷', '已撤銷', '已撤销', '撤销'],
};

/** Case, spaces, `-`, `_` and the script do not matter: "In Progress", "IN-PROGRESS", 處理中 and 处理中 are one. */
export function wordKey(text: string): string {
  return foldChinese(
    text
      .normalize('NFKC')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ''),
  );
}

const BY_KEY: ReadonlyMap<string, StatusName> = new Map(
  LIAISON_STATUSES.flatMap((status) =>
    [status, STATUS_LABELS[status].zh, STATUS_LABELS[status].en, ...STATUS_SYNONYMS[status]].map(
      (word) => [wordKey(word), status] as const,
    ),
  ),
);

/** Liaison's status for a status name or label of Liaison's or another tool's word; undefined when it is none. */
export function statusOfWord(text: string): StatusName | undefined {
  return BY_KEY.get(wordKey(text));
}

/** Columns a terminal gives `text`: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(char) ? 2 : 1;
  return width;
}

/** The accepted words by Liaison status ("archived     closed, done, …"), wrapped at `width` columns, for help texts. */
export function statusSynonymLines(width = 100): string[] {
  const column = Math.max(...LIAISON_STATUSES.map((status) => status.length)) + 2;
  const lines: string[] = [];
  for (const status of LIAISON_STATUSES) {
    const words = STATUS_SYNONYMS[status];
    let line = status.padEnd(column);
    let empty = true;
    for (const [index, word] of words.entries()) {
      const piece = index < words.length - 1 ? `${word}, ` : word;
      if (!empty && displayWidth(line) + displayWidth(piece) > width) {
        lines.push(line.trimEnd());
        line = ' '.repeat(column);
      }
      line += piece;
      empty = false;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
