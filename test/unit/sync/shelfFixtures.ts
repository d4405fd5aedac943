// Records for the archive-shelf tests: knowledge entries (closed by their author alone) archived
// at a chosen instant, and helpers to read where a record is.
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';

export const SPACE = 'internal';

/** A knowledge entry sent at `archivedAt` minus an hour and archived at `archivedAt` (omit to leave it open). */
export function entry(id: string, archivedAt?: string): LiaisonRecord {
  const sentAt = new Date(Date.parse(archivedAt ?? '2026-03-01T00:00:00.000Z') - 3_600_000).toISOString();
  const events: RecordEvent[] = [{ id: `${id}-sent`, type: 'sent', actor: '王芳', at: sentAt }];
  if (archivedAt) events.push({ id: `${id}-archived`, type: 'archived', actor: '王芳', at: archivedAt });
  return {
    id,
    kind: 'knowledge-entry',
    space: SPACE,
    title: `经验总结-${id}`,
    fields: { sender: '王芳', recipients: ['李明'] },
    body: `## 经过\n\n记录 ${id} 的正文。\n`,
    createdBy: '王芳',
    createdAt: sentAt,
    events,
  };
}

export function reopen(id: string, at: string): RecordEvent {
  return { id: `${id}-reopened-${at}`, type: 'reopened', actor: '王芳', at, reason: '客户又提出了问题' };
}

export function read(id: string, actor: string, at: string): RecordEvent {
  return { id: `${id}-read-${actor}`, type: 'read', actor, at };
}
