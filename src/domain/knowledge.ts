// "Turn into knowledge entry": a closed case pre-fills a knowledge draft (复盘), so the lesson is
// written while it is fresh and links back to its source.
import { draftSections, parseDraft } from './draft';
import type { LiaisonRecord } from './record';
import { fieldList } from './record';
import { orderedEvents } from './lifecycle';
import type { Language } from './templates/types';

export interface KnowledgePrefill {
  title: string;
  fields: Record<string, string | string[]>;
  /** Section key → text. */
  sections: Record<string, string>;
}

function bodySections(body: string): Map<string, string> {
  const parsed = parseDraft(`---\nkind: x\n---\n${body}`);
  return new Map(draftSections(parsed).map((section) => [section.heading.toLowerCase(), section.content]));
}

export function knowledgePrefill(record: LiaisonRecord, language: Language): KnowledgePrefill {
  const zh = language === 'zh';
  const sections = bodySections(record.body);
  const pick = (...headings: string[]): string => headings.map((heading) => sections.get(heading.toLowerCase())).find((text) => text) ?? '';
  const events = orderedEvents(record);
  const updates = events.filter(
    (event) => ['status', 'feedback', 'delay', 'delivered', 'disputed', 'arbitrated'].includes(event.type) && (event.note || event.reason),
  );
  const timeline = updates
    .map(
      (event) => `- ${event.at.slice(0, 16).replace('T', ' ')} ${event.actor}: ${[event.note, event.reason].filter(Boolean).join(' — ')}`,
    )
    .join('\n');
  const problem = [pick('背景', 'Background', '事件描述', 'What happened', '需求描述', 'Need', '反馈内容', 'Feedback'), timeline]
    .filter(Boolean)
    .join('\n\n');
  const solution = pick('已采取措施', 'Measures taken', '处理措施', 'Measures', '行动', 'Action', '处理结果', 'Result');
  const category = ['external-request', 'client-feedback', 'requirement-confirmation'].includes(record.kind)
    ? 'client'
    : record.kind === 'emergency'
      ? 'technical'
      : 'process';
  const base = record.title.replace(/^(【[^】]*】)+/, '').trim();
  return {
    title: zh ? `关于${base}的复盘总结` : `${base}: retrospective written`,
    fields: { category, tags: fieldList(record, 'tags'), source: record.id },
    sections: { problem, solution },
  };
}
