// Turns a checked draft into a record that has been sent.
import type { Clock } from './clock';
import type { CopyRule } from './copy';
import { CC_FIELD, headsInCopy } from './copy';
import type { Directory } from './directory';
import type { ParsedDraft } from './draft';
import { newEventId, newRecordId } from './ids';
import { AUDIENCE_FIELD, REACH_FIELD, fieldList } from './record';
import type { FieldValue, Identity, LiaisonRecord } from './record';
import { RECORD_KEYS } from './lint/fieldRules';
import type { TemplateSpec } from './templates/types';

/** The people a record of this template is addressed to: the union of its audience fields, each once. */
export function audienceOf(template: TemplateSpec, values: Record<string, FieldValue>): string[] {
  return [...new Set((template.audience ?? ['recipients']).flatMap((key) => fieldList({ fields: values }, key)))];
}

/** The people an audience reaches, without the author, when that is not simply the audience itself. */
export function reachField(
  audience: readonly string[],
  identity: Identity,
  reach: ((names: readonly string[]) => readonly string[]) | undefined,
): string[] | undefined {
  if (!reach) return undefined;
  const people = [...new Set(reach(audience))].filter((name) => name !== identity.name);
  const named = audience.filter((name) => name !== identity.name);
  if (people.length === named.length && people.every((name) => named.includes(name))) return undefined;
  return people;
}

/** The body as sent: template help (HTML comments) and the empty rows a new draft's tables start with removed. */
export function cleanBody(body: string): string {
  return (
    body
      .replace(/<!--[\s\S]*?-->\n?/g, '')
      .split('\n')
      .filter((line) => !/^\s*\|(\s*\|)+\s*$/.test(line))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

/**
 * Builds the record a draft describes, with its `sent` event.
 * Precondition: `checkDraft` found no errors (this does not check again).
 * The record's `audience` field is the template's whole audience (recipients, owner, attendees,
 * confirmers…), so receipts, Pending and reminders read one list whatever the kind; a fixed
 * priority is stored. With `copy`, the heads its rules name are stored in `cc` (./copy.ts).
 * `reach` (the directory's: Directory.reach) turns the audience into people: when it names a
 * department or everyone (全员), the members it reaches are stored as `reach`, each read, confirmed
 * and reminded on their own.
 */
export function composeRecord(
  parsed: ParsedDraft,
  template: TemplateSpec,
  identity: Identity,
  space: string,
  clock: Clock,
  copy?: { rules: readonly CopyRule[]; directory: Directory },
  reach?: (names: readonly string[]) => readonly string[],
): LiaisonRecord {
  const now = clock.now();
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (!RECORD_KEYS.includes(key)) fields[key] = value;
  }
  if (template.fixedPriority) fields.priority = template.fixedPriority;
  const priority = typeof fields.priority === 'string' ? fields.priority : undefined;
  const type = typeof fields.type === 'string' ? fields.type : undefined;
  const asked = audienceOf(template, parsed.values);
  const copied = copy ? headsInCopy({ kind: template.kind, priority, type, author: identity, asked }, copy.rules, copy.directory) : [];
  fields[AUDIENCE_FIELD] = asked;
  const reached = reachField(asked, identity, reach);
  if (reached) fields[REACH_FIELD] = reached;
  if (copied.length > 0) fields[CC_FIELD] = copied;
  const at = now.toISOString();
  return {
    id: newRecordId(now),
    kind: template.kind,
    space,
    title: String(parsed.values.title ?? '').trim(),
    fields,
    body: cleanBody(parsed.body),
    createdBy: identity.name,
    createdAt: at,
    events: [{ id: newEventId(), type: 'sent', actor: identity.name, actorDepartment: identity.department, at }],
  };
}
