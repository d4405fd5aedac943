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
 * - text: free text; people: a list of persons or departments; person: one person;
 * - choice: one of `options`; datetime: `YYYY-MM-DD HH:mm`.
 */
export type FieldType = 'text' | 'person' | 'people' | 'choice' | 'datetime';

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
}

/** A `## heading` section of the body. */
export interface SectionSpec {
  key: string;
  heading: Localized;
  required: boolean;
  help: Localized;
}

/** One definition per kind, as data: drafts, validation and docs all derive from it. */
export interface TemplateSpec {
  kind: RecordKind;
  label: Localized;
  description: Localized;
  /** A title in the house style (event + object + status), offered in the draft. */
  exampleTitle: Localized;
  fields: readonly FieldSpec[];
  sections: readonly SectionSpec[];
}
