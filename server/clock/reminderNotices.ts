// The notices of a reminder the server's clock appended: one for each person it names (a
// department: each of its members), saying what is owed and by when. The event's `fu:` id is the
// notice's event id, so a reminder asked for again is the same delivery (the outbox drops it).
import type { WorkCalendar } from '../../src/domain/calendar';
import type { Directory } from '../../src/domain/directory';
import { owedDue } from '../../src/domain/followUp';
import { flowOf } from '../../src/domain/parties';
import type { ResponsePolicy, Stage } from '../../src/domain/policy';
import type { LiaisonRecord, RecordEvent } from '../../src/domain/record';
import type { Language, Localized } from '../../src/domain/templates/types';
import { alertRecord } from '../alerts';
import { peopleOf } from '../notify/alertNotices';
import type { Notice } from '../notify/notice';

const OWED: Readonly<Record<Stage | 'read' | 'confirm', Localized>> = {
  respond: { zh: '答复（接受或拒绝）', en: 'an answer (accept or decline)' },
  deliveryAcceptance: { zh: '验收交付结果', en: 'to accept the delivery' },
  followUp: { zh: '交付后跟进', en: 'a follow-up after delivery' },
  read: { zh: '阅读', en: 'to read it' },
  confirm: { zh: '阅读并确认', en: 'to read and confirm it' },
};

/** What the reminder asks for, in both languages. */
function owedText(event: RecordEvent, stage: Stage | undefined, notice: boolean): Localized {
  if (event.id.includes(':reach:')) return OWED.read;
  if (notice) return OWED.confirm;
  return OWED[stage ?? 'respond'];
}

export function reminderNotices(
  space: string,
  record: LiaisonRecord,
  event: RecordEvent,
  directory: Directory,
  policy: ResponsePolicy,
  calendar: WorkCalendar,
  language: Language = 'zh',
): Notice[] {
  const snapshot = alertRecord(record);
  const owed = owedDue(record, policy, calendar);
  const notice = flowOf(record) === 'notice';
  return peopleOf(directory, event.to ?? [])
    .filter((person) => person.name !== record.createdBy)
    .map((person) => ({
      space,
      recordId: record.id,
      eventId: event.id,
      at: event.at,
      kind: 'reminder',
      urgent: record.kind === 'emergency' || record.fields.priority === 'urgent',
      record: {
        title: snapshot.title,
        kind: snapshot.kind,
        kindLabel: snapshot.kindLabel,
        createdBy: snapshot.createdBy,
        priority: snapshot.priority || undefined,
      },
      owed: owedText(event, owed?.stage, notice),
      due: owed?.due.due.toISOString(),
      note: event.note,
      person,
      language,
    }));
}
