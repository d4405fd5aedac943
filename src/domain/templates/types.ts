import type { RecordKind } from '../record';

/** The two languages every template, label and message is written in. */
export type Language = 'zh' | 'en';

/** Text in both languages. */
export interface Localized {
  zh: string;
  en: string;
}

/**
 * How a field's value is read and checked.
 * - text: free text; list: a list of free words (tags);
 * - person: one person or department; people: a list of them (checked against the directory,
 *   never "relevant departments");
 * - choice: one of `options`; datetime: `YYYY-MM-DD HH:mm`; date: `YYYY-MM-DD`;
 * - attachments: file names, each `name-version-date-owner`.
 */
export type FieldType = 'text' | 'list' | 'person' | 'people' | 'choice' | 'datetime' | 'date' | 'attachments';

export interface FieldOption {
  value: string;
  label: Localized;
}

export interface FieldSpec {
  /** Front-matter key, in English, the same in both languages so records merge across teams. */
  key: string;
  label: Localized;
  type: FieldType;
  required: boolean;
  help: Localized;
  options?: readonly FieldOption[];
  /** A date-time that must lie ahead when the record is sent (a deadline, not a meeting time). */
  future?: boolean;
}

/** A column of a section's table (action items, milestones, progress rows, confirmations). */
export interface ColumnSpec {
  key: string;
  label: Localized;
  type: 'text' | 'person' | 'datetime' | 'date';
  required: boolean;
}

/** A `## heading` section of the body. */
export interface SectionSpec {
  key: string;
  heading: Localized;
  required: boolean;
  help: Localized;
  /** When set, the section holds a markdown table with these columns; each filled row is checked. */
  table?: readonly ColumnSpec[];
}

/** Where a template comes from: shipped with Liaison, or a workspace's `.liaison/templates/`. */
export type TemplateSource = { type: 'built-in' } | { type: 'team'; path: string };

/** One definition per kind, as data: drafts, snippets, validation and docs all derive from it. */
export interface TemplateSpec {
  kind: RecordKind;
  label: Localized;
  description: Localized;
  /** A title in the house style (event + object + status), offered in the draft. */
  exampleTitle: Localized;
  fields: readonly FieldSpec[];
  sections: readonly SectionSpec[];
  /**
   * Person fields whose people the record is addressed to (they get receipts, reminders, a place
   * in Pending). Default `['recipients']`. On Send their union is stored as the record's
   * `recipients`, so the rest of Liaison reads one list whatever the kind.
   */
  audience?: readonly string[];
  /** A priority the kind always has (an emergency is urgent), stored on Send; no priority field then. */
  fixedPriority?: 'urgent' | 'high' | 'medium' | 'low';
  source?: TemplateSource;
}
