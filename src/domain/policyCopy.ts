// The `copy` key of a policy file (./policyFile.ts): who is copied at Send (./copy.ts). Given, it
// replaces the built-in rules; `copy: []` copies nobody.
//
//   copy:
//     - { kind: collaboration-request, heads: [sender, recipients] }   # both departments' heads
//     - { kind: internal-message, type: collaboration-request, heads: [sender, recipients] }
//     - { priority: [high, urgent], heads: [sender] }                  # the sender's head
import { isMap, isSeq } from 'yaml';
import type { CopiedHead, CopyRule } from './copy';
import { COPIED_HEADS } from './copy';
import type { Reader } from './policyReader';
import { readKindAndPriority } from './policyReader';

const KEYS = ['kind', 'priority', 'type', 'heads'];
const HEAD_ALIASES: Readonly<Record<string, CopiedHead>> = {
  sender: 'sender',
  发起人: 'sender',
  recipients: 'recipients',
  接收人: 'recipients',
};

function readCopyRule(reader: Reader, node: unknown, path: string): CopyRule | undefined {
  if (!isMap(node)) {
    reader.problem(node, path, 'a copy rule is a map: { kind: collaboration-request, heads: [sender, recipients] }');
    return undefined;
  }
  const entries = reader.entries(node, path, KEYS);
  const value = (key: string): unknown => entries.get(key)?.value;
  const rule: { kinds?: readonly string[]; priorities?: CopyRule['priorities']; types?: readonly string[] } = {};
  readKindAndPriority(reader, value, entries, path, rule);
  if (entries.has('type'))
    rule.types = reader
      .list(value('type'), `${path}.type`, 'an internal message type such as collaboration-request')
      .map((item) => item.text);
  if (!entries.has('heads')) {
    reader.problem(node, `${path}.heads`, `say whose department heads are copied: heads: [${COPIED_HEADS.join(', ')}]`);
    return undefined;
  }
  const heads: CopiedHead[] = [];
  for (const item of reader.list(value('heads'), `${path}.heads`, COPIED_HEADS.join(' or '))) {
    const head = HEAD_ALIASES[item.text.trim().toLowerCase()];
    if (head === undefined) reader.problem(item.node, `${path}.heads`, `"${item.text}" is not one of ${COPIED_HEADS.join(', ')}`);
    else if (!heads.includes(head)) heads.push(head);
  }
  return { ...rule, heads };
}

/** Reads the `copy` list; problems go to `reader`. */
export function readCopy(reader: Reader, node: unknown): CopyRule[] {
  if (!isSeq(node)) {
    reader.problem(node, 'copy', 'copy is a list: - { kind: collaboration-request, heads: [sender, recipients] }');
    return [];
  }
  return node.items.flatMap((item, index) => readCopyRule(reader, item, `copy[${index}]`) ?? []);
}
