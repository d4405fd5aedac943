// One space's turn of the server's clock: read every record (yielding every few milliseconds so
// other rooms are served), ask the domain what follow-ups are owed now (src/domain/followUp.ts
// planFollowUp, the rules every editor ran alone before), append them as the server's own actor
// (`Liaison`) with their derived `fu:` ids in one change, and tell the people reminded.
// Escalations reach people and group webhooks through the alert path (alerts.ts), which sees the
// appended event like any other.
import * as Y from 'yjs';
import { readTeamPolicy } from '../../src/app/teamPolicy';
import { Directory } from '../../src/domain/directory';
import { SERVER_ACTOR, planEvents, planFollowUp } from '../../src/domain/followUp';
import type { NotificationSettings } from '../../src/domain/notifySchedule';
import type { LiaisonRecord, RecordEvent } from '../../src/domain/record';
import { readDirectory } from '../../src/store/directoryDoc';
import { appendEventOnce, dropDuplicateEvents, findRecordMap, isMalformed, readRecord, recordIds } from '../../src/store/recordsDoc';
import { peopleOf } from '../notify/alertNotices';
import type { Notice } from '../notify/notice';
import { reminderNotices } from './reminderNotices';

/** The origin of the clock's transactions. */
export const CLOCK_ORIGIN = 'liaison-clock';

/** What the sweep needs of the server and the notifier. */
export interface SweepHost {
  change(space: string, origin: unknown, fn: (doc: Y.Doc) => void): Promise<void>;
  /** The channels a notice to `person` goes on (written into the event's `via`); none when nothing is configured. */
  channelsOf?(person: { name: string }, urgent: boolean): string[];
}

export interface SpaceSweep {
  readonly records: number;
  /** Events appended now (an id already present is not counted). */
  readonly appended: RecordEvent[];
  /** Reminder notices to send (those appended now and the server's reminders of the last `renotifyMs`: the outbox drops repeats). */
  readonly notices: Notice[];
  readonly settings: NotificationSettings;
  /** Problems worth a log line (a team policy version that does not parse). */
  readonly warnings: string[];
}

export interface SweepContext {
  readonly now: Date;
  /** Resolves after a turn of the event loop when the current slice has run long enough. */
  readonly pause: () => Promise<void>;
  /** Longest run between two turns of the event loop (a change of appended events takes half of it). */
  readonly sliceMs: number;
  /** Reminders the server appended this recently are asked for again (a crash between append and notify). */
  readonly renotifyMs: number;
}

/** Entries of a record's events array as stored (more than readRecord's events: a duplicate id, or a malformed entry). */
function rawEventCount(map: unknown): number {
  const events = map instanceof Y.Map ? map.get('events') : undefined;
  return events instanceof Y.Array ? events.length : 0;
}

function isUrgent(record: LiaisonRecord): boolean {
  return record.kind === 'emergency' || record.fields.priority === 'urgent';
}

/** When the space's notices go out (quiet hours, digest): its team policy's, in its calendar's zone. */
export function teamNotificationSettings(doc: Y.Doc, team = readTeamPolicy(doc)): NotificationSettings {
  return { ...team.policy.notifications, timeZone: team.policy.calendar.timeZone };
}

/** Sweeps `doc` (the space `space`, held loaded by the caller). */
export async function sweepSpace(host: SweepHost, space: string, doc: Y.Doc, context: SweepContext): Promise<SpaceSweep> {
  const team = readTeamPolicy(doc);
  const warnings = team.skipped.map(
    (skipped) => `space "${space}": team policy version ${skipped.id} is not used: ${skipped.errors.join('; ')}`,
  );
  const directory = new Directory(readDirectory(doc));
  const clock = { now: () => context.now };
  const actor = { name: SERVER_ACTOR };
  const headOf = (name: string): string | undefined => directory.headOf(name);
  const planned: { record: LiaisonRecord; event: RecordEvent }[] = [];
  const recent: { record: LiaisonRecord; event: RecordEvent }[] = [];
  const since = new Date(context.now.getTime() - context.renotifyMs).toISOString();
  const duplicated: string[] = [];
  let records = 0;
  for (const id of recordIds(doc)) {
    await context.pause();
    const map = findRecordMap(doc, id);
    const record = readRecord(id, map);
    if (isMalformed(record)) continue;
    records++;
    if (rawEventCount(map) > record.events.length) duplicated.push(id);
    for (const event of record.events) {
      if (event.type === 'reminded' && event.actor === SERVER_ACTOR && event.at >= since) recent.push({ record, event });
    }
    for (const event of planEvents(planFollowUp(record, team.policy, team.calendar, clock, actor, headOf))) {
      const via: Record<string, string[]> = {};
      for (const person of peopleOf(directory, event.to ?? [])) {
        const channels = host.channelsOf?.(person, isUrgent(record)) ?? [];
        if (channels.length > 0) via[person.name] = channels;
      }
      planned.push({ record, event: Object.keys(via).length > 0 ? { ...event, via } : event });
    }
  }
  const appended: { record: LiaisonRecord; event: RecordEvent }[] = [];
  // In changes of about one slice each: one change of hundreds of events (a server back after a
  // week away) would hold the event loop for its transaction and the observers after it.
  let next = 0;
  if (duplicated.length > 0)
    await host.change(space, CLOCK_ORIGIN, (changing) => duplicated.forEach((id) => dropDuplicateEvents(changing, id)));
  while (next < planned.length) {
    await host.change(space, CLOCK_ORIGIN, (changing) => {
      const started = performance.now();
      do {
        const entry = planned[next++];
        if (appendEventOnce(changing, entry.record.id, entry.event) === 'appended') appended.push(entry);
      } while (next < planned.length && performance.now() - started < context.sliceMs / 2);
    });
    await context.pause();
  }
  const toTell = [...recent, ...appended.filter((entry) => entry.event.type === 'reminded')];
  return {
    records,
    appended: appended.map((entry) => entry.event),
    notices: toTell.flatMap(({ record, event }) => reminderNotices(space, record, event, directory, team.policy, team.calendar)),
    settings: teamNotificationSettings(doc, team),
    warnings,
  };
}
