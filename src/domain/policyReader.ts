// Reading the team's YAML files (the response-time policy, ./policyFile.ts; the retention
// policy, ./retention.ts; the notifications key, ./policyNotifications.ts): a syntax check, and
// a Reader that reads nodes and collects every problem with its line, the field's path and the fix.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Priority } from './record';
import { PRIORITIES } from './record';
import type { Duration } from './duration';
import { parseDuration } from './duration';
import type { WarnBefore } from './policy';
import type { Localized } from './templates/types';

export interface PolicyProblem {
  /** 1-based line in the policy file. */
  line: number;
  /** The field, as a path: `rules[2].target`, `calendar.hours`. */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** `policy.yaml:12: rules[2].target: "2 hours" is not a duration; …` */
export function formatPolicyProblem(problem: PolicyProblem, source: string): string {
  return `${source}:${problem.line}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}

/** Reads the nodes of a workspace YAML file, collecting problems with line and path (also used by ./retention.ts). */
export class Reader {
  readonly problems: PolicyProblem[] = [];

  constructor(private readonly lines: LineCounter) {}

  lineOf(node: unknown): number {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lines.linePos(range[0]).line : 1;
  }

  problem(node: unknown, path: string, message: string): void {
    this.problems.push({ line: this.lineOf(node), path, message });
  }

  /** A scalar's text (numbers and booleans as written); undefined, with a problem, otherwise. */
  text(node: unknown, path: string, what: string): string | undefined {
    if (isScalar(node) && node.value !== null && node.value !== undefined && typeof node.value !== 'object') {
      const text = String(node.value).trim();
      if (text !== '') return text;
    }
    this.problem(node, path, `give ${what}`);
    return undefined;
  }

  /** One scalar or a list of them, as (node, text) pairs. */
  list(node: unknown, path: string, what: string): { node: unknown; text: string }[] {
    const items = isSeq(node) ? node.items : [node];
    const out: { node: unknown; text: string }[] = [];
    items.forEach((item, index) => {
      const text = this.text(item, isSeq(node) ? `${path}[${index}]` : path, what);
      if (text !== undefined) out.push({ node: item, text });
    });
    return out;
  }

  /** Reports keys that are not in `allowed`; returns the map's entries by key. */
  entries(map: YAMLMap, path: string, allowed: readonly string[]): Map<string, { key: unknown; value: unknown }> {
    const found = new Map<string, { key: unknown; value: unknown }>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!allowed.includes(key)) {
        this.problem(pair.key, path ? `${path}.${key}` : key, `unknown key "${key}"; the keys here are ${allowed.join(', ')}`);
        continue;
      }
      found.set(key, { key: pair.key, value: pair.value });
    }
    return found;
  }

  duration(node: unknown, path: string, allowZero = false): Duration | undefined {
    const text = this.text(node, path, 'a duration such as 30m, 2h or 2wd');
    if (text === undefined) return undefined;
    const parsed = parseDuration(text, allowZero);
    if (typeof parsed === 'string') {
      this.problem(node, path, parsed);
      return undefined;
    }
    return parsed;
  }

  warnBefore(node: unknown, path: string): WarnBefore | undefined {
    const text = this.text(node, path, 'a share of the target such as 25%, or a duration such as 30m');
    if (text === undefined) return undefined;
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    if (percent) {
      const fraction = Number(percent[1]) / 100;
      if (fraction < 1) return { text, fraction };
      this.problem(node, path, `${text} would warn at or before the start; give less than 100%`);
      return undefined;
    }
    if (/^\d+(\.\d+)?$/.test(text)) {
      this.problem(node, path, `"${text}" has no unit; write a share such as 25% or a duration such as 30m`);
      return undefined;
    }
    const duration = this.duration(node, path, true);
    return duration && { text, duration };
  }

  /** escalateAfter: elapsed (m, h, d) or working days (wd), not both. */
  escalateAfter(node: unknown, path: string): Duration | undefined {
    const duration = this.duration(node, path);
    if (duration && duration.workingDays > 0 && duration.minutes > 0) {
      this.problem(
        node,
        path,
        `"${duration.text}" mixes working days with hours; write working days alone (2wd) or elapsed time alone (48h)`,
      );
      return undefined;
    }
    return duration;
  }

  localized(node: unknown, path: string): Localized | undefined {
    if (isMap(node)) {
      const entries = this.entries(node, path, ['zh', 'en']);
      const zh = entries.has('zh') ? this.text(entries.get('zh')?.value, `${path}.zh`, 'the Chinese text') : undefined;
      const en = entries.has('en') ? this.text(entries.get('en')?.value, `${path}.en`, 'the English text') : undefined;
      if (zh === undefined && en === undefined) {
        this.problem(node, path, 'give { zh: …, en: … } or one string for both languages');
        return undefined;
      }
      return { zh: zh ?? en ?? '', en: en ?? zh ?? '' };
    }
    const text = this.text(node, path, 'one string, or { zh: …, en: … }');
    return text === undefined ? undefined : { zh: text, en: text };
  }
}

/** A policy file's top-level map, read: its keys (only the allowed ones), each key's value node. */
export interface OpenPolicyDocument {
  readonly reader: Reader;
  readonly root: YAMLMap;
  readonly entries: Map<string, { key: unknown; value: unknown }>;
  value(key: string): unknown;
}

export type PolicyDocument = { readonly problems: PolicyProblem[] } | { readonly empty: true } | OpenPolicyDocument;

/** The `useDefaults` key (true when absent); `fix` says what to write when it is not a boolean. */
export function readUseDefaults(document: OpenPolicyDocument, fix: string): boolean {
  if (!document.entries.has('useDefaults')) return true;
  const node = document.value('useDefaults');
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  document.reader.problem(node, 'useDefaults', fix);
  return true;
}

/**
 * Parses the text of a policy file (YAML or JSON; the response-time and the retention policy):
 * syntax errors with their lines, an empty file as `empty`, anything but a map as one problem
 * naming `what` and its keys.
 */
export function readPolicyDocument(text: string, what: string, topKeys: readonly string[]): PolicyDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new Reader(lines);
  for (const error of doc.errors) {
    reader.problems.push({
      line: lines.linePos(error.pos[0]).line,
      path: '',
      message: `${error.message.split('\n')[0]}: not valid YAML or JSON`,
    });
  }
  if (reader.problems.length > 0) return { problems: reader.problems };
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { empty: true };
  if (!isMap(root))
    return { problems: [{ line: reader.lineOf(root), path: '', message: `${what} is a map with the keys ${topKeys.join(', ')}` }] };
  const entries = reader.entries(root, '', topKeys);
  return { reader, root, entries, value: (key: string): unknown => entries.get(key)?.value };
}

const ANY_VALUE = new Set(['*', 'any']);

/**
 * Reads a rule's `kind` and `priority` lists (shared by the response-time policy and the retention
 * policy): `*` or `any` means every one (the field is left undefined); an unknown priority is a
 * problem naming the field. Keys that are absent leave `rule` as it was.
 */
export function readKindAndPriority(
  reader: Reader,
  value: (key: string) => unknown,
  entries: ReadonlyMap<string, unknown>,
  path: string,
  rule: { kinds?: readonly string[]; priorities?: readonly Priority[] },
): void {
  if (entries.has('kind')) {
    const kinds = reader.list(value('kind'), `${path}.kind`, 'a record kind such as internal-message');
    rule.kinds = kinds.some((kind) => ANY_VALUE.has(kind.text)) ? undefined : kinds.map((kind) => kind.text);
  }
  if (entries.has('priority')) {
    const priorities = reader.list(value('priority'), `${path}.priority`, `a priority: ${PRIORITIES.join(', ')}`);
    const valid: Priority[] = [];
    for (const item of priorities) {
      const priority = PRIORITIES.find((candidate) => candidate === item.text.toLowerCase());
      if (priority) valid.push(priority);
      else if (!ANY_VALUE.has(item.text))
        reader.problem(item.node, `${path}.priority`, `"${item.text}" is not a priority; use ${PRIORITIES.join(', ')}`);
    }
    rule.priorities = priorities.some((item) => ANY_VALUE.has(item.text)) ? undefined : valid;
  }
}
