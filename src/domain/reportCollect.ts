// What the monthly report (./report.ts) reads from the records, once for all its months: each
// party's response to each sent record, when each party first saw it, and the satisfaction
// scores; records that cannot be placed go to `skipped` with why. The DEFINITIONS at the top of
// ./report.ts say what counts.
import type { WorkCalendar } from './calendar';
import type { Directory } from './directory';
import { dueFor } from './due';
import { SATISFACTION_KIND, actsAsParty } from './lifecycle';
import { reachOf } from './parties';
import type { ResponsePolicy } from './policy';
import type { LiaisonRecord, RecordEvent } from './record';
import { PRIORITIES, fieldText } from './record';
import type { SatisfactionEntry, SkippedRecord } from './reportModel';
import { deriveState, orderedEvents } from './status';

const NO_DEPARTMENT = '—';
/** The priority key of a record without one (and not an emergency). */
export const NO_PRIORITY = 'none';

/** What collecting needs from the report's options. */
export interface CollectOptions {
  policy: ResponsePolicy;
  calendar: WorkCalendar;
  directory?: Directory;
}

/** One party's response to one record (see DEFINITIONS). */
export interface Response {
  record: LiaisonRecord;
  party: string;
  department: string;
  kind: string;
  priority: string;
  sent: number;
  due: number;
  /** Time of the first answer, if any. */
  answered?: number;
}

/** A sent record and when each of its parties first showed they had seen it. */
export interface Delivery {
  record: LiaisonRecord;
  sent: number;
  /** The respond due, when there is one. */
  due?: number;
  seen: { party: string; department: string; at?: number }[];
}

export interface Collected {
  responses: Response[];
  deliveries: Delivery[];
  satisfaction: (SatisfactionEntry & { time: number })[];
  skipped: SkippedRecord[];
}

export function time(iso: string): number | undefined {
  const value = Date.parse(iso);
  return Number.isNaN(value) ? undefined : value;
}

export function priorityOf(record: LiaisonRecord): string {
  const value = fieldText(record, 'priority').trim().toLowerCase();
  if ((PRIORITIES as readonly string[]).includes(value)) return value;
  return record.kind === 'emergency' ? 'urgent' : NO_PRIORITY;
}

function departmentOf(party: string, record: LiaisonRecord, directory: Directory | undefined, event?: RecordEvent): string {
  const entry = directory?.resolve(party);
  if (entry?.type === 'department') return entry.department.name;
  if (entry?.type === 'person' && entry.person.department) return entry.person.department;
  if (event?.actorDepartment) return event.actorDepartment;
  return fieldText(record, 'department').trim() || NO_DEPARTMENT;
}

const ANSWER_TYPES = new Set<RecordEvent['type']>(['accepted', 'declined']);
/** Events that show a party has seen the record, besides its read receipt. */
const SEEN_TYPES = new Set<RecordEvent['type']>([
  'read',
  'accepted',
  'declined',
  'confirmed',
  'status',
  'feedback',
  'delay',
  'delivered',
  'disputed',
]);

/** Everything the months need, read from the records once. */
export function collect(records: readonly LiaisonRecord[], options: CollectOptions): Collected {
  const collected: Collected = { responses: [], deliveries: [], satisfaction: [], skipped: [] };
  for (const record of records) {
    const state = deriveState(record);
    if (state.status === 'draft' || state.sentAt === undefined) continue;
    const sent = time(state.sentAt);
    if (sent === undefined) {
      collected.skipped.push({
        space: record.space,
        id: record.id,
        title: record.title,
        reason: `its sent time "${state.sentAt}" is not a date`,
      });
      continue;
    }
    const life = state.lifecycle;
    let due: number | undefined;
    try {
      due = dueFor(options.policy, options.calendar, record, 'respond', new Date(sent))?.due.getTime();
    } catch (error) {
      collected.skipped.push({
        space: record.space,
        id: record.id,
        title: record.title,
        reason: `no due time: ${(error as Error).message}`,
      });
      continue;
    }
    const ignored = new Set(life.ignored.map((entry) => entry.event.id));
    const events = orderedEvents(record).filter((event) => !ignored.has(event.id) && time(event.at) !== undefined);
    // The author never answers or reads for the parties of her own record (lifecycle.ts actsAsParty).
    const actsForParty = (event: RecordEvent, party: string): boolean =>
      actsAsParty(record, { name: event.actor, department: event.actorDepartment }, party);

    if (due !== undefined && life.flow !== 'knowledge') {
      const parties = life.flow === 'request' ? life.recipients : life.confirmers;
      const answers = life.flow === 'request' ? ANSWER_TYPES : new Set<RecordEvent['type']>(['confirmed']);
      for (const party of parties) {
        const answer = events.find((event) => answers.has(event.type) && actsForParty(event, party));
        collected.responses.push({
          record,
          party,
          department: departmentOf(party, record, options.directory, answer),
          kind: record.kind,
          priority: priorityOf(record),
          sent,
          due,
          answered: answer ? time(answer.at) : undefined,
        });
      }
    }

    // Each person a department or 全员 reaches is seen (or not) on their own.
    const audience = [...new Set([...(reachOf(record) ?? life.recipients), ...(life.flow === 'notice' ? life.confirmers : [])])];
    collected.deliveries.push({
      record,
      sent,
      due,
      seen: audience.map((party) => {
        const seen = events.find((event) => SEEN_TYPES.has(event.type) && event.actor !== record.createdBy && actsForParty(event, party));
        return { party, department: departmentOf(party, record, options.directory, seen), at: seen ? time(seen.at) : undefined };
      }),
    });

    if (record.kind === SATISFACTION_KIND) {
      for (const event of events) {
        const score = event.satisfaction;
        if (event.type !== 'archived' || score === undefined || !Number.isInteger(score) || score < 1 || score > 5) continue;
        collected.satisfaction.push({
          space: record.space,
          id: record.id,
          title: record.title,
          score,
          comment: event.satisfactionComment ?? '',
          by: event.actor,
          at: event.at,
          time: time(event.at) as number,
        });
      }
    }
  }
  return collected;
}
