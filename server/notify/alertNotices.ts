// The alert path (alerts.ts: emergencies and escalations, which webhooks.ts posts to the group
// webhooks) also tells each person concerned, through the notifier:
//  - an emergency: everyone it is addressed to (a department: each of its members) and its
//    owner, not its author; urgent; the event id is `emergency`;
//  - an escalation: everyone in the escalated event's `to`; urgent when the record is; the
//    event id is the escalated event's.
// People are looked up in the space's own directory unless `directoryOf` says otherwise. The
// notifier's ids make a notice asked for again (every load of the space rescans) nothing new,
// and its maxAge keeps old alerts of a space seen for the first time from going out.
import type * as Y from 'yjs';
import type { Person } from '../../src/domain/directory';
import { Directory } from '../../src/domain/directory';
import type { NotificationSettings } from '../../src/domain/notifySchedule';
import type { Language } from '../../src/domain/templates/types';
import { readDirectory } from '../../src/store/directoryDoc';
import { errorText } from '../../src/util/errors';
import type { Logger } from '../../src/util/logger';
import type { Alert } from '../alerts';
import { scanAlerts, watchAlerts } from '../alerts';
import type { Notice } from './notice';

export interface AlertNoticeOptions {
  /** The language of the notices (default zh). */
  readonly language?: Language;
  /** The directory to find people in; default: the space's own. */
  readonly directoryOf?: (space: string, doc: Y.Doc) => Directory;
  /** The space's quiet hours and digest; default: the notifier's. */
  readonly settingsOf?: (space: string, doc: Y.Doc) => NotificationSettings | undefined;
}

/** The people `names` stand for: a person as themselves, a department as each of its members (Directory.reach). */
export function peopleOf(directory: Directory, names: readonly string[]): Person[] {
  return directory.reach(names);
}

/** The notices one alert gives. */
export function noticesOfAlert(alert: Alert, directory: Directory, language: Language): Notice[] {
  const { record } = alert;
  const base = {
    space: alert.space,
    recordId: record.id,
    at: alert.at,
    language,
    record: {
      title: record.title,
      kind: record.kind,
      kindLabel: record.kindLabel,
      createdBy: record.createdBy,
      priority: record.priority || undefined,
    },
  };
  if (alert.kind === 'emergency') {
    const names = [...(record.recipients ?? []), ...(record.owner === undefined ? [] : [record.owner])];
    return peopleOf(directory, names)
      .filter((person) => person.name !== record.createdBy)
      .map((person) => ({ ...base, person, eventId: 'emergency', kind: 'emergency', urgent: true, note: record.impact }));
  }
  const escalation = alert.escalation;
  if (escalation === undefined) return [];
  return peopleOf(directory, escalation.to).map((person) => ({
    ...base,
    person,
    eventId: escalation.eventId,
    kind: 'escalation',
    urgent: record.priority === 'urgent',
    note: escalation.note ?? escalation.reason,
  }));
}

/** What the notifier offers the alert path. */
export interface AlertNotifier {
  notify(notices: readonly Notice[], settings?: NotificationSettings): Promise<unknown>;
}

/**
 * Tells the people concerned of the alerts `doc` holds now and of those that arrive while it is
 * loaded; the returned function stops watching. Matches SyncServerOptions.onSpaceLoaded.
 */
export function attachAlertNotices(
  notifier: AlertNotifier,
  space: string,
  doc: Y.Doc,
  logger: Logger,
  options: AlertNoticeOptions = {},
): () => void {
  const language = options.language ?? 'zh';
  const tell = (alerts: readonly Alert[]): void => {
    if (alerts.length === 0) return;
    try {
      const directory = options.directoryOf?.(space, doc) ?? new Directory(readDirectory(doc));
      const notices = alerts.flatMap((alert) => noticesOfAlert(alert, directory, language));
      if (notices.length === 0) return;
      notifier
        .notify(notices, options.settingsOf?.(space, doc))
        .catch((error: unknown) =>
          logger.error(`notify: space "${space}": recording the notices of ${alerts.length} alerts failed: ${errorText(error)}`),
        );
    } catch (error) {
      logger.error(`notify: space "${space}": ${errorText(error)}`);
    }
  };
  tell(scanAlerts(space, doc));
  return watchAlerts(space, doc, tell, (error) => logger.error(`notify: space "${space}": reading alerts failed: ${errorText(error)}`));
}
