// A record as markdown: the field table, the body, and who has read it. Used by the record view
// (through markdown-it) and by exports.
import { DEFAULT_CALENDAR } from '../domain/calendar';
import { followUpSentence } from './followUpText';
import { displayTime } from '../domain/time';
import { CC_FIELD, copiedOn } from '../domain/copy';
import { AUDIENCE_FIELD, REACH_FIELD, fieldText } from '../domain/record';
import type { LiaisonRecord } from '../domain/record';
import { deriveState, orderedEvents, recipientsOf } from '../domain/status';
import type { RecordState } from '../domain/status';
import { STATUS_LABELS } from '../domain/statusWords';
import { builtInTemplateSet } from '../domain/templates/registry';
import type { TemplateSet } from '../domain/templates/registry';
import type { Language } from '../domain/templates/types';

export function statusLabel(status: string, language: Language): string {
  return (STATUS_LABELS as Partial<Record<string, { zh: string; en: string }>>)[status]?.[language] ?? status;
}

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Shows an ISO instant as `YYYY-MM-DD HH:mm` in the team's time zone (src/domain/time.ts); a bad value as it is. */
export function localTime(iso: string, timeZone = DEFAULT_CALENDAR.timeZone): string {
  return displayTime(iso, timeZone);
}

/**
 * The record as markdown, its times in `timeZone` (the team policy's; default the built-in
 * calendar's). `dues` are lines shown under the title, each naming which due it is and since when
 * it is overdue (src/domain/dueLabel.ts: dueLong); the caller knows the policy and the time.
 */
export function recordToMarkdown(
  record: LiaisonRecord,
  language: Language,
  templates: TemplateSet = builtInTemplateSet,
  timeZone: string = DEFAULT_CALENDAR.timeZone,
  dues: readonly string[] = [],
): string {
  const zh = language === 'zh';
  const template = templates.find(record.kind);
  const state = deriveState(record);
  const lines = [`# ${record.title.replace(/\r?\n/g, ' ')}`, ''];
  // A recalled record says so first: its recipients see it withdrawn, and why.
  const recall = state.lifecycle.recall;
  if (recall)
    lines.push(`> ${zh ? '已撤回' : 'Recalled'}: ${inline(recall.reason)} (${inline(recall.by)}, ${localTime(recall.at, timeZone)})`, '');
  if (dues.length > 0) lines.push(...dues.map((due) => `> ${inline(due)}  `), '');
  lines.push(`| ${zh ? '字段' : 'Field'} | ${zh ? '内容' : 'Value'} |`, '| --- | --- |');
  // "Record kind": a template's own field may be labelled 类型 / Type (an internal message's type).
  lines.push(`| ${zh ? '记录类型' : 'Record kind'} | ${cell(template?.label[language] ?? record.kind)} |`);
  lines.push(`| ${zh ? '状态' : 'Status'} | ${statusLabel(state.status, language)} |`);
  // The audience is derived (shown as the receipts below), not a field the writer filled in; so
  // are the heads in copy (src/domain/copy.ts), shown on a row of their own, and the people it reaches.
  const known = new Set<string>([AUDIENCE_FIELD, CC_FIELD, REACH_FIELD]);
  for (const field of template?.fields ?? []) {
    known.add(field.key);
    let value = fieldText(record, field.key);
    const option = field.options?.find((candidate) => candidate.value === value);
    if (option) value = option.label[language];
    lines.push(`| ${cell(field.label[language])} | ${cell(value)} |`);
  }
  const copied = copiedOn(record);
  if (copied.length > 0) lines.push(`| ${zh ? '抄送' : 'Copied'} | ${cell(copied.join(', '))} |`);
  for (const key of Object.keys(record.fields)) {
    if (!known.has(key)) lines.push(`| ${cell(key)} | ${cell(fieldText(record, key))} |`);
  }
  lines.push(`| ${zh ? '空间' : 'Space'} | ${cell(record.space)} |`, `| ${zh ? '编号' : 'Id'} | ${record.id} |`, '');
  lines.push(record.body.trim(), '');
  lines.push(`## ${zh ? '阅读回执' : 'Read receipts'} (${state.readCount}/${state.recipientCount})`, '');
  if (record.fields[REACH_FIELD] !== undefined)
    lines.push(
      zh
        ? `发给 ${cell(recipientsOf(record).join('、'))}，触达 ${state.recipientCount} 人，每人单独跟踪：已读 ${state.readCount}/${state.recipientCount}。`
        : `Sent to ${cell(recipientsOf(record).join(', '))}, reaching ${state.recipientCount} people, each tracked on their own: ${state.readCount}/${state.recipientCount} read.`,
      '',
    );
  for (const receipt of state.receipts) {
    const who = receipt.readBy && receipt.readBy !== receipt.recipient ? ` (${receipt.readBy})` : '';
    lines.push(
      receipt.readAt
        ? `- ✅ ${cell(receipt.recipient)}${who} — ${zh ? '已读于' : 'read'} ${localTime(receipt.readAt, timeZone)}`
        : `- ⏳ ${cell(receipt.recipient)} — ${zh ? '未读' : 'not read yet'}`,
    );
  }
  lines.push('', ...lifecycleMarkdown(record, state, language, timeZone));
  return lines.join('\n');
}

const VERBS: Record<string, { zh: string; en: string }> = {
  sent: { zh: '发送', en: 'sent it' },
  read: { zh: '已读', en: 'read it' },
  accepted: { zh: '接受', en: 'accepted' },
  declined: { zh: '拒绝', en: 'declined' },
  status: { zh: '更新进展', en: 'posted an update' },
  feedback: { zh: '反馈', en: 'added feedback' },
  delay: { zh: '延期', en: 'sent a delay notice' },
  delivered: { zh: '交付', en: 'delivered' },
  confirmed: { zh: '确认', en: 'confirmed' },
  archived: { zh: '关闭归档', en: 'closed it' },
  reminded: { zh: '提醒', en: 'sent a reminder' },
  escalated: { zh: '升级', en: 'escalated it' },
  reopened: { zh: '重新打开', en: 'reopened it' },
  disputed: { zh: '提出争议', en: 'raised a dispute' },
  arbitrated: { zh: '裁决', en: 'arbitrated' },
  recalled: { zh: '撤回', en: 'recalled it' },
};

/** A satisfaction score the history can draw as stars (the store keeps only these). */
function isScore(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 5;
}

function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Answers, the confirmation list, the plan and the history: who did what and when. */
function lifecycleMarkdown(record: LiaisonRecord, state: RecordState, language: Language, timeZone: string): string[] {
  const zh = language === 'zh';
  const life = state.lifecycle;
  const lines: string[] = [];
  if (life.flow === 'request' && life.answers.length > 0) {
    lines.push(`## ${zh ? '答复' : 'Answers'}`, '');
    for (const answer of life.answers) {
      const verb = answer.answer === 'accepted' ? (zh ? '接受' : 'accepted') : zh ? '拒绝' : 'declined';
      const why =
        answer.answer === 'declined'
          ? ` — ${zh ? '原因' : 'reason'}: ${inline(answer.reason ?? '')}; ${zh ? '替代方案' : 'alternative'}: ${inline(answer.alternative ?? '')}`
          : '';
      lines.push(
        `- ${answer.answer === 'accepted' ? '✅' : '❌'} ${inline(answer.recipient)}${answer.by !== answer.recipient ? ` (${inline(answer.by)})` : ''} ${verb} ${localTime(answer.at, timeZone)}${why}`,
      );
    }
    lines.push('');
  }
  if (life.confirmers.length > 0) {
    const done = life.confirmations.length;
    lines.push(`## ${zh ? '确认单' : 'Confirmation list'} (${done}/${life.confirmers.length})`, '');
    for (const confirmer of life.confirmers) {
      const confirmation = life.confirmations.find((candidate) => candidate.confirmer === confirmer);
      lines.push(
        confirmation
          ? `- ✅ ${inline(confirmer)} — ${zh ? '已确认于' : 'confirmed'} ${localTime(confirmation.at, timeZone)}`
          : `- ⏳ ${inline(confirmer)} — ${zh ? '待确认' : 'pending'}`,
      );
    }
    lines.push('');
  }
  if (life.plan)
    lines.push(
      `> ${zh ? '最新计划' : 'Current plan'}: ${inline(life.plan.due)} — ${inline(life.plan.reason)} (${inline(life.plan.by)})`,
      '',
    );
  if (life.dispute)
    lines.push(
      `> ⚠️ ${zh ? '争议待裁决' : 'Dispute awaiting arbitration'}: ${inline(life.dispute.reason)} (${inline(life.dispute.by)})`,
      '',
    );
  lines.push(`## ${zh ? '处理记录' : 'History'}`, '');
  for (const event of orderedEvents(record)) {
    const followUp = followUpSentence(event, language, timeZone);
    if (followUp !== undefined) {
      lines.push(`- ${localTime(event.at, timeZone)} · ${inline(followUp)}`);
      continue;
    }
    const verb = VERBS[event.type]?.[language] ?? event.type;
    // A reminder's or escalation's note and reason are the clock's bookkeeping (stage, ISO due, rule
    // id, in English): the history says whom it went to; the due lines above say which due and since when.
    const clockWritten = event.type === 'reminded' || event.type === 'escalated';
    const details = [
      event.item !== undefined ? `${zh ? '行动项' : 'item'} ${event.item}` : '',
      event.note && !clockWritten ? inline(event.note) : '',
      event.reason && !clockWritten ? `${zh ? '原因' : 'reason'}: ${inline(event.reason)}` : '',
      event.alternative ? `${zh ? '替代方案' : 'alternative'}: ${inline(event.alternative)}` : '',
      event.due
        ? `${event.type === 'accepted' ? (zh ? '预计交付' : 'expected by') : zh ? '新计划' : 'new plan'}: ${inline(event.due)}`
        : '',
      event.decision
        ? `${zh ? '裁决' : 'decision'}: ${event.decision === 'accept' ? (zh ? '结果成立' : 'the result stands') : zh ? '返工' : 'rework'}`
        : '',
      event.to?.length ? `${zh ? '发给' : 'to'} ${event.to.map(inline).join(', ')}` : '',
      isScore(event.satisfaction)
        ? `${zh ? '客户满意度' : 'client satisfaction'} ${event.satisfaction}/5 ${'★'.repeat(event.satisfaction)}${'☆'.repeat(5 - event.satisfaction)}`
        : '',
      event.satisfactionComment ? `${zh ? '评价' : 'comment'}: ${inline(event.satisfactionComment)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const ignored = life.ignored.some((entry) => entry.event.id === event.id)
      ? zh
        ? '（合并后无效，已忽略）'
        : ' (not applicable after merging; ignored)'
      : '';
    lines.push(`- ${localTime(event.at, timeZone)} · ${inline(event.actor)} ${verb}${details ? ` — ${details}` : ''}${ignored}`);
  }
  lines.push('');
  return lines;
}
