// A record's kind, type, priority, status and other choices in words, both languages: indexed
// with the record (so `紧急` finds urgent records as `urgent` does, `已交付` delivered ones, 緊急
// too through the analyzer's folding) and read back from filters (`kind:协作请求`, `status:已交付`,
// `priority:緊急`). The names come from the templates and src/domain/statusWords.ts: one
// vocabulary for the record view, the report, imports and search.
import { foldChinese } from '../domain/chineseFold';
import type { LiaisonRecord } from '../domain/record';
import { PRIORITIES } from '../domain/record';
import { STATUS_LABELS, statusOfWord, wordKey } from '../domain/statusWords';
import type { StatusName } from '../domain/statusWords';
import { PRIORITY_OPTIONS } from '../domain/templates/common';
import { builtInTemplateSet } from '../domain/templates/registry';

/** How names of kinds, statuses and priorities are compared: case, spaces, `-`, `_` and script ignored. */
const facetKey = wordKey;

/** A person's or department's name as filters compare it (spaces kept, one between words). */
export function nameKey(text: string): string {
  return foldChinese(text.normalize('NFKC').toLowerCase()).replace(/\s+/g, ' ').trim();
}

/** The priority a record has: its field, else its kind's fixed one (an emergency is urgent), else ''. */
export function priorityOf(record: Pick<LiaisonRecord, 'kind' | 'fields'>): string {
  const value = record.fields.priority;
  if (typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value)) return value;
  return builtInTemplateSet.find(record.kind)?.fixedPriority ?? '';
}

/**
 * The words a record's choices are known by, for the index: its kind and kind labels, each choice
 * field's value and labels (type, priority, counterpart type, channel…), its status and labels.
 */
export function facetWords(record: Pick<LiaisonRecord, 'kind' | 'fields'>, status: string): string[] {
  const template = builtInTemplateSet.find(record.kind);
  const words = [record.kind, ...(template ? [template.label.zh, template.label.en] : [])];
  for (const field of template?.fields ?? []) {
    const value = record.fields[field.key];
    const option = typeof value === 'string' ? field.options?.find((candidate) => candidate.value === value) : undefined;
    if (option) words.push(option.value, option.label.zh, option.label.en);
  }
  if (template?.fixedPriority && !template.fields.some((field) => field.key === 'priority')) {
    const option = PRIORITY_OPTIONS.find((candidate) => candidate.value === template.fixedPriority);
    if (option) words.push(option.value, option.label.zh, option.label.en);
  }
  const labels = (STATUS_LABELS as Partial<Record<string, { zh: string; en: string }>>)[status];
  words.push(status, ...(labels ? [labels.zh, labels.en] : []));
  return words;
}

/** Values named exactly (key or label), else those whose label contains the word; else the word itself. */
function named(value: string, entries: readonly { value: string; labels: readonly string[] }[]): string[] {
  const wanted = facetKey(value);
  if (wanted === '') return [];
  const exact = entries.filter((entry) => [entry.value, ...entry.labels].some((name) => facetKey(name) === wanted));
  if (exact.length > 0) return exact.map((entry) => entry.value);
  const partial = [...wanted].length >= 2 ? entries.filter((entry) => entry.labels.some((name) => facetKey(name).includes(wanted))) : [];
  return partial.length > 0 ? partial.map((entry) => entry.value) : [value];
}

const KIND_ENTRIES = (): { value: string; labels: string[] }[] =>
  builtInTemplateSet.templates.map((template) => ({ value: template.kind, labels: [template.label.zh, template.label.en] }));

const PRIORITY_ENTRIES = PRIORITY_OPTIONS.map((option) => ({ value: option.value, labels: [option.label.zh, option.label.en] }));

/** `kind:` values: a kind (`collaboration-request`) or its name in either language (`跨部门协作请求`, `协作请求`, `Emergency`). */
export function kindsNamed(value: string): string[] {
  return named(value, KIND_ENTRIES());
}

/** `priority:` values: `urgent` or 紧急 / 緊急 / Urgent. */
export function prioritiesNamed(value: string): string[] {
  return named(value, PRIORITY_ENTRIES);
}

/** `status:` values: a status, its label (已交付, 處理中, Delivered) or another tool's word for it (done, 已完成). */
export function statusesNamed(value: string): string[] {
  const status: StatusName | undefined = statusOfWord(value);
  return [status ?? value];
}
