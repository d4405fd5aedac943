// What a delivery says, in the person's language: a subject, a plain text (e-mail) and a markdown
// text (DingTalk, Feishu, robots), each saying what is owed, by when, and how to answer (the
// portal's link when there is one, else where to find the record in the editor). Every word comes
// from one table by language (zh, en; zh-TW adds a column). Text written by people (titles,
// notes) is escaped in markdown, so a title cannot make a link. Links are made at send time and
// never stored or logged (they carry signatures). Nothing here does I/O.
import { formatDueRelative } from '../../src/domain/dueText';
import type { Language } from '../../src/domain/templates/types';
import { Zone } from '../../src/domain/zone';
import type { Delivery, NoticeContent, NoticeKind } from './notice';

/** The portal's links (issue 16), injected; without them a message says where the record is in the editor. */
export interface NotifyLinks {
  /** A link for `person` to open and answer record `recordId` of `space`. */
  recordUrl(space: string, recordId: string, person: string): string | undefined;
  /** The reply address of a mail about that record to that person (e-mail both ways). */
  replyTo?(space: string, recordId: string, person: string): string | undefined;
}

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly markdown: string;
  /** The link of a single notice (a digest has one per item, in its text). */
  readonly link?: string;
  /** The label of a button for `link`. */
  readonly linkLabel: string;
  readonly replyTo?: string;
}

interface Words {
  readonly tags: Readonly<Record<NoticeKind | 'digest', string>>;
  /** The tag of an urgent reminder, escalation or confirmation request. */
  urgent(tag: string): string;
  readonly owedByKind: Readonly<Record<NoticeKind, string>>;
  readonly owed: string;
  readonly due: string;
  readonly note: string;
  readonly from: string;
  readonly where: string;
  readonly answer: string;
  readonly open: string;
  readonly colon: string;
  inEditor(space: string, recordId: string): string;
  subject(tag: string, title: string): string;
  digest(count: number): string;
  readonly footer: string;
}

const WORDS: Readonly<Record<Language, Words>> = {
  zh: {
    urgent: (tag) => `紧急${tag}`,
    tags: {
      reminder: '提醒',
      escalation: '升级',
      'new-urgent': '紧急',
      emergency: '紧急事务',
      'confirmation-request': '请确认',
      digest: '汇总',
    },
    owedByKind: {
      reminder: '阅读并答复',
      escalation: '处理这项已超时的事项',
      'new-urgent': '阅读并答复',
      emergency: '知悉并按要求处理',
      'confirmation-request': '阅读并确认',
    },
    owed: '待办',
    due: '截止',
    note: '说明',
    from: '发起人',
    where: '位置',
    answer: '如何处理',
    open: '打开并处理',
    colon: '：',
    inEditor: (space, recordId) => `在 VS Code 的 Liaison 中打开空间「${space}」的记录 ${recordId}`,
    subject: (tag, title) => `【${tag}】${title}`,
    digest: (count) => `${count} 项待处理`,
    footer: '此消息由团队的 Liaison 服务器自动发送。',
  },
  en: {
    urgent: (tag) => `Urgent ${tag.toLowerCase()}`,
    tags: {
      reminder: 'Reminder',
      escalation: 'Escalation',
      'new-urgent': 'Urgent',
      emergency: 'Emergency',
      'confirmation-request': 'Please confirm',
      digest: 'Digest',
    },
    owedByKind: {
      reminder: 'read and answer',
      escalation: 'deal with this overdue item',
      'new-urgent': 'read and answer',
      emergency: 'take note and act as asked',
      'confirmation-request': 'read and confirm',
    },
    owed: 'Owed',
    due: 'By',
    note: 'Note',
    from: 'From',
    where: 'Where',
    answer: 'How to answer',
    open: 'Open and answer',
    colon: ': ',
    inEditor: (space, recordId) => `open record ${recordId} of space "${space}" in Liaison in VS Code`,
    subject: (tag, title) => `[${tag}] ${title}`,
    digest: (count) => `${count} items waiting for you`,
    footer: 'Sent by your team’s Liaison server.',
  },
};

const zones = new Map<string, Zone>();

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = new Zone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Markdown of DingTalk and Feishu: people's text shown as text (no links, emphasis or headings of theirs). */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]()#+!|<>~]/g, (char) => `\\${char}`);
}

/** The tag of a notice: its kind, marked urgent when it is (emergencies and new urgent records say so already). */
function tagOf(words: Words, notice: NoticeContent): string {
  const tag = words.tags[notice.kind];
  return notice.urgent && notice.kind !== 'emergency' && notice.kind !== 'new-urgent' ? words.urgent(tag) : tag;
}

function titleOf(notice: NoticeContent): string {
  return oneLine(notice.record.title) || notice.recordId;
}

/** The due as `2026-06-01 18:00 (overdue 3 h)` in the delivery's zone. */
function dueText(due: string, timeZone: string, language: Language, nowMs: number): string | undefined {
  const instant = Date.parse(due);
  if (Number.isNaN(instant)) return undefined;
  const relative = formatDueRelative((instant - nowMs) / 60_000, language);
  const when = zoneOf(timeZone).format(new Date(instant));
  return language === 'zh' ? `${when}（${relative}）` : `${when} (${relative})`;
}

/** The labelled lines of one notice, and its link. */
function noticeLines(
  delivery: Delivery,
  notice: NoticeContent,
  links: NotifyLinks | undefined,
  nowMs: number,
): { lines: [string, string][]; link?: string } {
  const words = WORDS[delivery.language];
  const lines: [string, string][] = [];
  lines.push([words.owed, notice.owed?.[delivery.language] ?? words.owedByKind[notice.kind]]);
  const due = notice.due === undefined ? undefined : dueText(notice.due, delivery.timeZone, delivery.language, nowMs);
  if (due !== undefined) lines.push([words.due, due]);
  if (notice.note !== undefined && oneLine(notice.note) !== '') lines.push([words.note, oneLine(notice.note)]);
  lines.push([words.from, notice.record.createdBy]);
  const link = links?.recordUrl(notice.space, notice.recordId, delivery.person);
  lines.push([words.answer, link ?? words.inEditor(notice.space, notice.recordId)]);
  return { lines, link };
}

/** The subject, texts and link of `delivery` at `nowMs` (relative due times are as of then). */
export function renderMessage(delivery: Delivery, links: NotifyLinks | undefined, nowMs: number): RenderedMessage {
  const words = WORDS[delivery.language];
  const { notices } = delivery;
  const first = notices[0];
  const replyTo = notices.length === 1 ? links?.replyTo?.(first.space, first.recordId, delivery.person) : undefined;
  if (notices.length === 1) {
    const subject = words.subject(tagOf(words, first), titleOf(first));
    const { lines, link } = noticeLines(delivery, first, links, nowMs);
    const text = [subject, '', ...lines.map(([label, value]) => `${label}${words.colon}${value}`), '', `— ${words.footer}`].join('\n');
    const markdown = [
      `#### ${words.subject(tagOf(words, first), markdownText(titleOf(first)))}`,
      '',
      ...lines.map(([label, value]) => `- **${label}**${words.colon}${value === link ? `[${words.open}](${link})` : markdownText(value)}`),
    ].join('\n');
    return { subject, text: `${text}\n`, markdown, link, linkLabel: words.open, replyTo };
  }
  const subject = words.subject(words.tags.digest, words.digest(notices.length));
  const blocks: string[] = [];
  const mdBlocks: string[] = [];
  notices.forEach((notice, index) => {
    const heading = `${index + 1}. ${words.subject(tagOf(words, notice), titleOf(notice))}`;
    const { lines, link } = noticeLines(delivery, notice, links, nowMs);
    blocks.push([heading, ...lines.map(([label, value]) => `   ${label}${words.colon}${value}`)].join('\n'));
    mdBlocks.push(
      [
        `${index + 1}. **${words.subject(tagOf(words, notice), markdownText(titleOf(notice)))}**`,
        ...lines.map(([label, value]) => `   - ${label}${words.colon}${value === link ? `[${words.open}](${link})` : markdownText(value)}`),
      ].join('\n'),
    );
  });
  return {
    subject,
    text: `${[subject, '', blocks.join('\n\n'), '', `— ${words.footer}`].join('\n')}\n`,
    markdown: [`#### ${subject}`, '', mdBlocks.join('\n')].join('\n'),
    linkLabel: words.open,
  };
}
