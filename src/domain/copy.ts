// Heads in copy (抄送): which department heads hear of a record at Send, with nothing owed by them.
// The handbooks: a collaboration request (the kind, or an internal message of that type) goes to the counterpart "并抄送双方部门负责人" (both
// departments' heads); high-priority items are "同步至部门负责人" (the sender's head). The team
// policy's `copy:` list replaces these defaults (./policyCopy.ts reads it).
//
// Copied people are stored on the record as the field `cc` at Send. They are never in the
// audience: they owe no answer, are never reminded, never overdue, never counted in reach; they
// see the record under "Copied to me" and the server tells them of it. The author and anyone
// already asked (a recipient, the owner, a confirmer) is never also copied.
import type { Directory } from './directory';
import type { Identity, Priority } from './record';

export type CopiedHead = 'sender' | 'recipients';
export const COPIED_HEADS: readonly CopiedHead[] = ['sender', 'recipients'];

export interface CopyRule {
  /** Omitted: any kind. */
  readonly kinds?: readonly string[];
  /** Omitted: any priority. */
  readonly priorities?: readonly Priority[];
  /** An internal message's `type` (collaboration-request, notice…); omitted: any. */
  readonly types?: readonly string[];
  /** Whose department heads are copied: the sender's, the recipients' (each recipient's department). */
  readonly heads: readonly CopiedHead[];
}

export const DEFAULT_COPY_RULES: readonly CopyRule[] = [
  { kinds: ['collaboration-request'], heads: ['sender', 'recipients'] },
  { kinds: ['internal-message'], types: ['collaboration-request'], heads: ['sender', 'recipients'] },
  { priorities: ['high', 'urgent'], heads: ['sender'] },
];

/** The field a record keeps its copied people in. */
export const CC_FIELD = 'cc';

export interface CopyInput {
  readonly kind: string;
  readonly priority?: string;
  /** An internal message's type. */
  readonly type?: string;
  readonly author: Identity;
  /** Whom the record asks (its audience): recipients, owner, confirmers… — people or departments. */
  readonly asked: readonly string[];
}

function ruleApplies(rule: CopyRule, input: CopyInput): boolean {
  if (rule.kinds && !rule.kinds.includes(input.kind)) return false;
  if (rule.priorities && !rule.priorities.includes((input.priority ?? '').trim().toLowerCase() as Priority)) return false;
  if (rule.types && !rule.types.includes((input.type ?? '').trim())) return false;
  return true;
}

/** The heads `rules` copy on a record, by the directory; in the order found, each once. */
export function headsInCopy(input: CopyInput, rules: readonly CopyRule[], directory: Directory): string[] {
  const wanted = new Set<CopiedHead>(rules.filter((rule) => ruleApplies(rule, input)).flatMap((rule) => rule.heads));
  const heads: string[] = [];
  const add = (head: string | undefined): void => {
    if (head !== undefined && !heads.includes(head)) heads.push(head);
  };
  if (wanted.has('sender')) add(input.author.department ? directory.headOf(input.author.department) : directory.headOf(input.author.name));
  if (wanted.has('recipients')) for (const asked of input.asked) add(directory.headOf(asked));
  const author = directory.person(input.author.name)?.name ?? input.author.name;
  const askedNames = new Set(input.asked.map((name) => directory.person(name)?.name ?? name));
  return heads.filter((head) => head !== author && !askedNames.has(head));
}

/** The people copied on a record (its `cc` field). */
export function copiedOn(record: { fields: Readonly<Record<string, string | string[] | undefined>> }): string[] {
  const value = record.fields[CC_FIELD];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
