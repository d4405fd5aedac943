// A record as markdown: the field table, the body, and who has read it. Used by the record view
// (through markdown-it) and by exports.
import { formatDateTime } from '../domain/draft';
import { AUDIENCE_FIELD, fieldText } from '../domain/record';
import type { LiaisonRecord } from '../domain/record';
import { deriveState } from '../domain/status';
import { builtInTemplateSet } from '../domain/templates/registry';
import type { TemplateSet } from '../domain/templates/registry';
import type { Language } from '../domain/templates/types';

const STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  sent: { zh: '已发送', en: 'Sent' },
  read: { zh: '已读', en: 'Read' },
  accepted: { zh: '已接受', en: 'Accepted' },
  declined: { zh: '已拒绝', en: 'Declined' },
  'in-progress': { zh: '处理中', en: 'In progress' },
  delivered: { zh: '已交付', en: 'Delivered' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  archived: { zh: '已归档', en: 'Archived' },
};

export function statusLabel(status: string, language: Language): string {
  return STATUS_LABELS[status]?.[language] ?? status;
}

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Shows an ISO instant as `YYYY-MM-DD HH:mm` in the team's time zone; a bad value as it is. */
export function localTime(iso: string, timeZone = 'Asia/Shanghai'): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatDateTime(date, timeZone);
}

export function recordToMarkdown(record: LiaisonRecord, language: Language, templates: TemplateSet = builtInTemplateSet): string {
  const zh = language === 'zh';
  const template = templates.find(record.kind);
  const state = deriveState(record);
  const lines = [`# ${record.title.replace(/\r?\n/g, ' ')}`, ''];
  lines.push(`| ${zh ? '字段' : 'Field'} | ${zh ? '内容' : 'Value'} |`, '| --- | --- |');
  lines.push(`| ${zh ? '类型' : 'Kind'} | ${cell(template?.label[language] ?? record.kind)} |`);
  lines.push(`| ${zh ? '状态' : 'Status'} | ${statusLabel(state.status, language)} |`);
  // The audience is derived (shown as the receipts below), not a field the writer filled in.
  const known = new Set<string>([AUDIENCE_FIELD]);
  for (const field of template?.fields ?? []) {
    known.add(field.key);
    let value = fieldText(record, field.key);
    const option = field.options?.find((candidate) => candidate.value === value);
    if (option) value = option.label[language];
    lines.push(`| ${cell(field.label[language])} | ${cell(value)} |`);
  }
  for (const key of Object.keys(record.fields)) {
    if (!known.has(key)) lines.push(`| ${cell(key)} | ${cell(fieldText(record, key))} |`);
  }
  lines.push(`| ${zh ? '空间' : 'Space'} | ${cell(record.space)} |`, `| ${zh ? '编号' : 'Id'} | ${record.id} |`, '');
  lines.push(record.body.trim(), '');
  lines.push(`## ${zh ? '阅读回执' : 'Read receipts'} (${state.readCount}/${state.recipientCount})`, '');
  for (const receipt of state.receipts) {
    const who = receipt.readBy && receipt.readBy !== receipt.recipient ? ` (${receipt.readBy})` : '';
    lines.push(receipt.readAt
      ? `- ✅ ${cell(receipt.recipient)}${who} — ${zh ? '已读于' : 'read'} ${localTime(receipt.readAt)}`
      : `- ⏳ ${cell(receipt.recipient)} — ${zh ? '未读' : 'not read yet'}`);
  }
  lines.push('');
  return lines.join('\n');
}
