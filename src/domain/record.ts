// The record model (docs/design.md, "Records in the document"), as plain data. The Yjs mapping
// lives in src/store/recordsDoc.ts; everything here is pure and runs anywhere.

/**
 * Kinds of record: the built-in ones (docs/design.md, "Record kinds and their templates"; see
 * ./templates/registry) and any a team adds
 * in `.liaison/templates/`. A string, so a record of a team's own kind loads everywhere.
 */
export type RecordKind = string;

export type Priority = 'urgent' | 'high' | 'medium' | 'low';
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'medium', 'low'];

/** A field's value: text, or a list (recipients, copy-to). */
export type FieldValue = string | string[];

/** What can happen to a record. Events are appended, never edited: status is derived from them. */
export type EventType =
  | 'sent'
  | 'read'
  | 'accepted'
  | 'declined'
  | 'status'
  | 'feedback'
  | 'delay'
  | 'delivered'
  | 'confirmed'
  | 'archived'
  | 'reminded'
  | 'escalated'
  | 'reopened'
  | 'disputed'
  | 'arbitrated'
  | 'recalled';

export interface RecordEvent {
  /** Unique across replicas, so two identical actions on two machines stay two events. */
  id: string;
  type: EventType;
  /** Person who acted (a name from the directory). */
  actor: string;
  /** The actor's department when they acted: a read by any member counts for a department recipient. */
  actorDepartment?: string;
  /** ISO 8601 instant. */
  at: string;
  /** Free text: a status update, a feedback entry, a comment. */
  note?: string;
  /** Why (a decline, a delay, a reopen, a dispute). */
  reason?: string;
  /** What the decliner offers instead. */
  alternative?: string;
  /** A new plan's date-time, `YYYY-MM-DD HH:mm` (a delay notice). */
  due?: string;
  /** The action item (row number, 1-based, of the minutes' action table) the event is about. */
  item?: number;
  /** Whom it was sent to (a reminder, an escalation). */
  to?: string[];
  /** How the team's server told each person of a reminder or escalation: name → channels (email, dingtalk, feishu, webhook). */
  via?: Record<string, string[]>;
  /** An arbitration's outcome: the delivery stands (`accept`) or goes back to work (`rework`). */
  decision?: 'accept' | 'rework';
  /**
   * The client's satisfaction (1 = very dissatisfied … 5 = very satisfied), given when an external
   * request is closed (`archived`); read by the monthly report.
   */
  satisfaction?: number;
  /** The client's comment with that score. */
  satisfactionComment?: string;
}

export interface LiaisonRecord {
  id: string;
  kind: RecordKind;
  /** The space (Yjs document and sync room) the record lives in. */
  space: string;
  title: string;
  /** The template's fields, by key (sender, recipients, type, priority, deadline, …). */
  fields: Record<string, FieldValue>;
  /** Markdown body (for the internal message: background, goal, action). */
  body: string;
  createdBy: string;
  /** ISO 8601 instant. */
  createdAt: string;
  events: RecordEvent[];
}

/**
 * The field holding everyone a record is addressed to, derived on Send from the template's
 * audience fields. Records from before it existed (or imported) fall back to `recipients`.
 */
export const AUDIENCE_FIELD = 'audience';

/**
 * The people a record reaches when its audience names a department or everyone (全员): stored on
 * Send from the directory, so each member's read and confirmation counts on its own (./parties.ts reachOf).
 */
export const REACH_FIELD = 'reach';

/** Who is using Liaison: from the settings `liaison.user.name` / `liaison.user.department`. */
export interface Identity {
  name: string;
  department?: string;
}

export function fieldText(record: Pick<LiaisonRecord, 'fields'>, key: string): string {
  const value = record.fields[key];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : value;
}

export function fieldList(record: Pick<LiaisonRecord, 'fields'>, key: string): string[] {
  const value = record.fields[key];
  if (value === undefined) return [];
  return Array.isArray(value)
    ? value
    : value
        .split(/[,，、;；]/)
        .map((part) => part.trim())
        .filter(Boolean);
}
