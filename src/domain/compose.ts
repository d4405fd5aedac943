// Turns a checked draft into a record that has been sent.
import type { Clock } from './clock';
import type { ParsedDraft } from './draft';
import { newEventId, newRecordId } from './ids';
import type { FieldValue, Identity, LiaisonRecord } from './record';
import type { TemplateSpec } from './templates/types';

/** Keys of the front matter that are the record's own, not the template's fields. */
const RECORD_KEYS = new Set(['kind', 'space', 'title', 'id']);

/**
 * Builds the record a draft describes, with its `sent` event.
 * Precondition: `checkDraft` found no errors (this does not check again).
 */
export function composeRecord(parsed: ParsedDraft, template: TemplateSpec, identity: Identity, space: string, clock: Clock): LiaisonRecord {
  const now = clock.now();
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (!RECORD_KEYS.has(key)) fields[key] = value;
  }
  const at = now.toISOString();
  return {
    id: newRecordId(now),
    kind: template.kind,
    space,
    title: String(parsed.values.title ?? '').trim(),
    fields,
    body: parsed.body.replace(/<!--[\s\S]*?-->\n?/g, '').trim() + '\n',
    createdBy: identity.name,
    createdAt: at,
    events: [{ id: newEventId(), type: 'sent', actor: identity.name, actorDepartment: identity.department, at }],
  };
}
