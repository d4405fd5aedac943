// Pieces of the trees' items that several views share: the command that opens a record, a choice
// field's label, the tooltip of a knowledge or archived record, times in the team's zone.
import * as vscode from 'vscode';
import { fieldList, fieldText } from '../../domain/record';
import type { LiaisonRecord } from '../../domain/record';
import { localTime } from '../../render/recordMarkdown';
import { COMMANDS } from '../commands';
import type { RecordRef } from '../commands';
import type { Services } from '../services';
import { l10n } from './l10n';

/** An instant as `YYYY-MM-DD HH:mm` in the team's time zone (the policy in force), as the report shows it. */
export function teamTime(services: Services, iso: string): string {
  return localTime(iso, services.policy.current.policy.calendar.timeZone);
}

/** The date part of teamTime. */
export function teamDate(services: Services, iso: string): string {
  return teamTime(services, iso).slice(0, 10);
}

export function openRecordCommand(record: LiaisonRecord): vscode.Command {
  const ref: RecordRef = { space: record.space, id: record.id };
  return { command: COMMANDS.openRecord, title: l10n.t('Open Record'), arguments: [ref] };
}

/** A choice field's value as its template labels it in the user's language (the value itself if unknown). */
export function choiceLabel(services: Services, record: LiaisonRecord, key: string): string {
  const value = fieldText(record, key).trim();
  const option = services.templates.current
    .find(record.kind)
    ?.fields.find((field) => field.key === key)
    ?.options?.find((candidate) => candidate.value === value);
  return option ? option.label[services.language] : value;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_`[\]<>#]/g, '\\$&');
}

/** Title, category, tags, author and date: what helps decide whether an entry is the one. */
export function recordTooltip(services: Services, record: LiaisonRecord, extra: [string, string][] = []): vscode.MarkdownString {
  const zh = services.language === 'zh';
  const text = new vscode.MarkdownString(undefined, true);
  text.appendMarkdown(`**${escapeMarkdown(record.title || record.id)}**\n\n`);
  const rows: [string, string][] = [
    [zh ? '分类' : 'Category', choiceLabel(services, record, 'category')],
    [zh ? '标签' : 'Tags', fieldList(record, 'tags').join(', ')],
    [zh ? '作者' : 'Author', fieldText(record, 'sender') || record.createdBy],
    [zh ? '时间' : 'Date', teamTime(services, record.createdAt)],
    ...extra,
  ];
  text.appendText(
    rows
      .filter(([, value]) => value)
      .map(([label, value]) => `${label}: ${value}`)
      .join('\n'),
  );
  return text;
}
