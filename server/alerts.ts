// What the server tells webhooks about, read from a space's Y.Doc (layout: src/store/recordsDoc.ts):
//  - an `emergency` alert for every record of kind `emergency`, once per record;
//  - an `escalation` alert for every `escalated` event of any record, once per event.
// Each alert has a key that is unique within its space and stable across restarts and
// replicas (the record id, plus the event id for an escalation); the dispatcher (webhooks.ts)
// keeps the keys it has handled, so "once" holds across restarts.
// Reading never throws on a malformed document: a record of the wrong shape gives no alert.
import * as Y from 'yjs';
import type { LiaisonRecord, RecordEvent } from '../src/domain/record';
import { fieldList, fieldText } from '../src/domain/record';
import { findTemplate } from '../src/domain/templates/registry';
import { findRecordMap, isMalformed, observeRecordIds, readRecord, recordIds } from '../src/store/recordsDoc';
import type { AlertKind } from './webhookConfig';

/** The record as an alert shows it (a snapshot taken when the alert was noticed). */
export interface AlertRecord {
  readonly id: string;
  readonly kind: string;
  /** The kind's template label, when the kind is a built-in one. */
  readonly kindLabel?: { readonly zh: string; readonly en: string };
  readonly title: string;
  /** `urgent`, `high`, `medium`, `low`, or '' when the record has none. */
  readonly priority: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly owner?: string;
  readonly recipients?: readonly string[];
  /** Emergency fields: impact scope and expected recovery time. */
  readonly impact?: string;
  readonly recovery?: string;
}

export interface AlertEscalation {
  readonly eventId: string;
  /** Who escalated (often the server's or a reminder job's name). */
  readonly actor: string;
  readonly at: string;
  /** Whom it was escalated to (the event's `to`; empty when only the note says it). */
  readonly to: readonly string[];
  /** Free text: to whom and why. */
  readonly note?: string;
  readonly reason?: string;
}

export interface Alert {
  /** Unique within the space: `emergency/<record id>` or `escalation/<record id>/<event id>` (ids URI-encoded). */
  readonly key: string;
  readonly kind: AlertKind;
  /** The space (sync room) it happened in. */
  readonly space: string;
  /** When it happened (ISO 8601): the record's createdAt, or the escalated event's `at`. */
  readonly at: string;
  readonly record: AlertRecord;
  readonly escalation?: AlertEscalation;
}

function optionalText(record: LiaisonRecord, key: string): string | undefined {
  const text = fieldText(record, key).trim();
  return text === '' ? undefined : text;
}

export function alertRecord(record: LiaisonRecord): AlertRecord {
  const template = findTemplate(record.kind);
  const recipients = fieldList(record, 'audience').length > 0 ? fieldList(record, 'audience') : fieldList(record, 'recipients');
  return {
    id: record.id,
    kind: record.kind,
    kindLabel: template === undefined ? undefined : { zh: template.label.zh, en: template.label.en },
    title: record.title,
    priority: fieldText(record, 'priority') || (template?.fixedPriority ?? ''),
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    owner: optionalText(record, 'owner'),
    recipients: recipients.length > 0 ? recipients : undefined,
    impact: optionalText(record, 'impact'),
    recovery: optionalText(record, 'recovery'),
  };
}

/** Optional fields read from the raw event, whatever version of RecordEvent wrote it. */
function escalationOf(event: RecordEvent): AlertEscalation {
  const raw = event as unknown as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' && raw[key] !== '' ? (raw[key] as string) : undefined);
  const to = Array.isArray(raw.to) ? raw.to.filter((name): name is string => typeof name === 'string' && name !== '') : [];
  return { eventId: event.id, actor: event.actor, at: event.at, to, note: text('note'), reason: text('reason') };
}

export function emergencyKey(recordId: string): string {
  return `emergency/${encodeURIComponent(recordId)}`;
}

export function escalationKey(recordId: string, eventId: string): string {
  return `escalation/${encodeURIComponent(recordId)}/${encodeURIComponent(eventId)}`;
}

/** Every alert one record gives (in event order), whether or not it was posted before. */
export function alertsOfRecord(space: string, record: LiaisonRecord): Alert[] {
  const alerts: Alert[] = [];
  const snapshot = alertRecord(record);
  if (record.kind === 'emergency') {
    alerts.push({ key: emergencyKey(record.id), kind: 'emergency', space, at: record.createdAt, record: snapshot });
  }
  const seen = new Set<string>();
  for (const event of record.events) {
    if (event.type !== 'escalated' || seen.has(event.id)) continue;
    seen.add(event.id);
    alerts.push({
      key: escalationKey(record.id, event.id),
      kind: 'escalation',
      space,
      at: event.at,
      record: snapshot,
      escalation: escalationOf(event),
    });
  }
  return alerts;
}

/** Cheap test on the raw map: could this record give an alert? (Most records cannot.) */
function mayAlert(map: unknown): boolean {
  if (!(map instanceof Y.Map)) return false;
  if (map.get('kind') === 'emergency') return true;
  const events: unknown = map.get('events');
  if (!(events instanceof Y.Array)) return false;
  return events
    .toArray()
    .some((event: unknown) => typeof event === 'object' && event !== null && (event as { type?: unknown }).type === 'escalated');
}

function alertsOfIds(space: string, doc: Y.Doc, ids: Iterable<string>): Alert[] {
  const alerts: Alert[] = [];
  for (const id of ids) {
    const map = findRecordMap(doc, id);
    if (!mayAlert(map)) continue;
    const record = readRecord(id, map);
    if (!isMalformed(record)) alerts.push(...alertsOfRecord(space, record));
  }
  return alerts;
}

/** Every alert the document gives now. Reads only the records that can give one. */
export function scanAlerts(space: string, doc: Y.Doc): Alert[] {
  return alertsOfIds(space, doc, recordIds(doc));
}

/**
 * Calls `onAlerts` after every transaction that touched a record that gives alerts, with all of
 * that record's alerts (old ones included: the caller filters by key). Never throws into Yjs (an
 * exception there would fail the update of the client that sent it): errors go to `onError`.
 * Returns the unsubscribe.
 */
export function watchAlerts(space: string, doc: Y.Doc, onAlerts: (alerts: Alert[]) => void, onError: (error: unknown) => void): () => void {
  return observeRecordIds(doc, (touched) => {
    try {
      const alerts = alertsOfIds(space, doc, touched);
      if (alerts.length > 0) onAlerts(alerts);
    } catch (error) {
      onError(error);
    }
  });
}
