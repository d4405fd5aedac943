// `liaison import <file>`: records from JSONL or CSV into a store, then into its search index.
//
// Columns / keys (CSV header or JSON keys; lists in CSV are split on , ， 、 ; ；):
//   id         optional; generated (R-<date>-<random>) when empty; an id already in the space is skipped
//   kind       required: one of the built-in kinds (internal-message, internal-notice, …)
//   title      required
//   body       markdown, optional
//   status     draft | sent (default) | read | accepted | declined | in-progress | delivered |
//              disputed | confirmed | archived, or another tool's word for one (closed, done,
//              resolved, 已完成, 已关闭, open, new, in progress, 处理中, pending…: see
//              src/domain/statusWords.ts) — becomes a minimal event chain (below)
//   priority   urgent | high | medium | low                 -> fields.priority
//   from       required: the sender                          -> fields.sender and createdBy
//   to         list of people or departments                 -> fields.recipients
//   createdAt  required: ISO 8601, or YYYY-MM-DD[ HH:mm] (China Standard Time)
//   due        YYYY-MM-DD HH:mm or ISO 8601                  -> fields.deadline as YYYY-MM-DD HH:mm
//   tags       list                                          -> fields.tags
//   space      the space (default --space, else the store's only space, else `internal`)
//   fields     JSON only: an object of further template fields (what `liaison export` writes)
//   any other column with a value becomes a template field of that name.
//
// Status -> events: the shortest legal chain of the record's lifecycle (lifecycle.ts) that leads
// to it, at createdAt + n minutes, with ids derived from the record id (a re-import is idempotent):
// reads by every recipient, an acceptance and delivery by the first recipient (never the sender:
// she is not her own recipient, src/domain/parties.ts), confirmations by
// the key confirmers, the archive by `from`. A status the kind's lifecycle cannot reach (a
// knowledge entry is never delivered) is a bad row.
// A bad row is reported on stderr as `FILE:LINE: reason` and skipped; the good rows are imported.
// Exit code: 0 all rows imported (or skipped as already present), 1 some rows were bad, 2 usage.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { formatDateTime } from '../../domain/draft';
import { newRecordId } from '../../domain/ids';
import { PRIORITIES } from '../../domain/record';
import type { FieldValue, LiaisonRecord, RecordEvent } from '../../domain/record';
import { LIAISON_STATUSES, statusOfWord, statusSynonymLines } from '../../domain/statusWords';
import { answeringRecipients, flowOf, keyConfirmers } from '../../domain/lifecycle';
import type { Flow } from '../../domain/lifecycle';
import { deriveState } from '../../domain/status';
import { builtInTemplates } from '../../domain/templates/registry';
import { LocalStore, validateSpaceName } from '../../store/localStore';
import { hasRecord, putRecord } from '../../store/recordsDoc';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, chooseSpaces, newSearchService, openIndexedSpace, storeRoot } from '../records';

const summary = 'import records from a JSONL or CSV file into a store (bad rows reported by line)';

const usage = `usage: liaison import <file> --store DIR [--space NAME] [--format jsonl|csv]
  <file>         JSONL (one JSON object a line) or CSV with a header row; columns:
                 id, kind, title, body, status, priority, from, to, createdAt, due, tags, space
${STORE_FLAGS_USAGE}
  --format F     jsonl or csv (default: from the file name; .csv is CSV, anything else JSONL)
status: one of Liaison's (left), or another tool's word for it (case, spaces, - and _ ignored):
${statusSynonymLines()
  .map((line) => `  ${line}`)
  .join('\n')}
A bad row is reported with its line number and skipped; exit 1 if any row was bad.`;

// Not recalled: a recall is what a Liaison author did (with her reason), not a state to import.
export const IMPORT_STATUSES = LIAISON_STATUSES.filter((status) => status !== 'recalled');
const RESERVED = new Set([
  'id',
  'kind',
  'title',
  'body',
  'status',
  'priority',
  'from',
  'to',
  'createdAt',
  'due',
  'tags',
  'space',
  'fields',
  'events',
]);
const LIST_SEPARATORS = /[,，、;；]/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** One row of the file, as found, with the line it starts on. */
export interface ImportRow {
  readonly line: number;
  readonly values: Record<string, unknown>;
}

export interface BadRow {
  readonly line: number;
  readonly reason: string;
}

/** Rows of a JSONL or CSV text; rows that cannot even be read are returned as bad. */
export function readRows(text: string, format: 'jsonl' | 'csv'): { rows: ImportRow[]; bad: BadRow[] } {
  const rows: ImportRow[] = [];
  const bad: BadRow[] = [];
  if (format === 'jsonl') {
    text.split(/\r?\n/).forEach((content, index) => {
      if (content.trim() === '') return;
      try {
        const value: unknown = JSON.parse(content);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) bad.push({ line: index + 1, reason: 'not a JSON object' });
        else rows.push({ line: index + 1, values: value as Record<string, unknown> });
      } catch (error) {
        bad.push({ line: index + 1, reason: `not valid JSON (${(error as Error).message})` });
      }
    });
    return { rows, bad };
  }
  let previousEnd = 1;
  let previousEmpty = 0;
  const parsed = parseCsv(text, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error) => {
      bad.push({ line: Number(error?.lines ?? 0), reason: `CSV: ${error?.message ?? 'unreadable row'}` });
      return undefined;
    },
  }) as {
    record: Record<string, string>;
    info: { lines: number; empty_lines: number; invalid_field_length: number; columns: unknown[] };
  }[];
  for (const { record, info } of parsed) {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    const count = Object.keys(record).length;
    if (count !== info.columns.length) bad.push({ line, reason: `has ${count} field(s), the header has ${info.columns.length}` });
    else rows.push({ line, values: record });
  }
  bad.sort((a, b) => a.line - b.line);
  return { rows, bad };
}

function text(values: Record<string, unknown>, key: string): string {
  const value = values[key];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${key} must be text`);
}

function list(values: Record<string, unknown>, key: string): string[] {
  const value = values[key];
  if (Array.isArray(value)) {
    if (!value.every((item) => typeof item === 'string')) throw new Error(`${key} must be a list of text`);
    return value.map((item) => item.trim()).filter(Boolean);
  }
  return text(values, key)
    .split(LIST_SEPARATORS)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** ISO 8601 with a zone, or YYYY-MM-DD[ HH:mm] in China Standard Time; undefined if neither. */
export function parseInstant(value: string): Date | undefined {
  const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(?::\d{2})?)?$/.exec(value);
  const date = local
    ? new Date(`${local[1]}T${local[2] ?? '00:00'}:00+08:00`)
    : /\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ? new Date(value)
      : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

const KINDS = (): Set<string> => new Set(builtInTemplates.map((template) => template.kind));

/** One row -> a record, or the reason it cannot be one. `space` is where rows without a space go. */
export function rowToRecord(row: ImportRow, space: string, now: Date): LiaisonRecord | BadRow {
  const bad = (reason: string): BadRow => ({ line: row.line, reason });
  try {
    const { values } = row;
    const kind = text(values, 'kind');
    const kinds = KINDS();
    if (!kind) return bad('kind is required');
    if (!kinds.has(kind)) return bad(`kind "${kind}" is not one of ${[...kinds].join(', ')}`);
    const title = text(values, 'title');
    if (!title) return bad('title is required');
    const from = text(values, 'from');
    if (!from) return bad('from (the sender) is required');
    const createdText = text(values, 'createdAt');
    if (!createdText) return bad('createdAt is required');
    const created = parseInstant(createdText);
    if (!created) return bad(`createdAt "${createdText}" is not a date (ISO 8601, or YYYY-MM-DD HH:mm)`);
    const statusText = text(values, 'status') || 'sent';
    const status = statusOfWord(statusText);
    if (!status)
      return bad(
        `status "${statusText}" is not one of ${IMPORT_STATUSES.join(', ')}, nor another tool's word for one (closed, done, open, 处理中…: liaison import --help lists them)`,
      );
    const priority = text(values, 'priority');
    if (priority && !(PRIORITIES as readonly string[]).includes(priority))
      return bad(`priority "${priority}" is not one of ${PRIORITIES.join(', ')}`);
    const rowSpace = text(values, 'space') || space;
    const invalidSpace = validateSpaceName(rowSpace);
    if (invalidSpace) return bad(`space "${rowSpace}": ${invalidSpace}`);
    const id = text(values, 'id') || newRecordId(now);
    if (!ID_PATTERN.test(id)) return bad(`id "${id}" may hold only letters, digits, '.', '_', ':' and '-' (at most 100)`);
    const dueText = text(values, 'due');
    const due = dueText ? parseInstant(dueText) : undefined;
    if (dueText && !due) return bad(`due "${dueText}" is not a date and time (YYYY-MM-DD HH:mm)`);
    const to = list(values, 'to');
    const fields: Record<string, FieldValue> = { sender: from };
    if (to.length > 0) fields.recipients = to;
    if (priority) fields.priority = priority;
    if (due) fields.deadline = formatDateTime(due);
    const tags = list(values, 'tags');
    if (tags.length > 0) fields.tags = tags;
    const extra = values.fields;
    if (extra !== undefined) {
      if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return bad('fields must be an object');
      for (const [key, value] of Object.entries(extra)) {
        if (typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')))
          fields[key] ??= value as FieldValue;
        else return bad(`fields.${key} must be text or a list of text`);
      }
    }
    for (const [key, value] of Object.entries(values)) {
      if (RESERVED.has(key) || fields[key] !== undefined) continue;
      if (typeof value === 'string' && value.trim() !== '') fields[key] = value.trim();
    }
    const record = {
      id,
      kind,
      space: rowSpace,
      title,
      fields,
      body: text(values, 'body'),
      createdBy: from,
      createdAt: created.toISOString(),
    };
    const events = eventsFor(record, status, created);
    return typeof events === 'string' ? bad(events) : { ...record, events };
  } catch (error) {
    return bad((error as Error).message);
  }
}

/** The lifecycle steps to each status, by flow (lifecycle.ts): the events that lead there. */
const PATHS: Record<Flow, Partial<Record<string, readonly string[]>>> = {
  request: {
    sent: [],
    read: ['read'],
    accepted: ['read', 'accept'],
    declined: ['read', 'decline'],
    'in-progress': ['read', 'accept', 'status'],
    delivered: ['read', 'accept', 'deliver'],
    disputed: ['read', 'accept', 'deliver', 'dispute'],
    confirmed: ['read', 'accept', 'deliver', 'confirm'],
    archived: ['read', 'accept', 'deliver', 'confirm', 'archive'],
  },
  notice: {
    sent: [],
    read: ['read'],
    disputed: ['read', 'dispute'],
    confirmed: ['read', 'confirm'],
    archived: ['read', 'confirm', 'archive'],
  },
  knowledge: { sent: [], read: ['read'], archived: ['read', 'archive'] },
};

const IMPORTED = 'imported';

/**
 * The shortest legal event chain (lifecycle.ts) that leads a record of its kind to `status`, or
 * the reason there is none (a knowledge entry is never "delivered"; accepting needs recipients).
 */
export function eventsFor(record: Omit<LiaisonRecord, 'events'>, status: string, created: Date): RecordEvent[] | string {
  if (status === 'draft') return [];
  const flow = flowOf(record);
  const path = PATHS[flow][status];
  if (!path) return `status "${status}" does not apply to a ${record.kind} (it can be ${Object.keys(PATHS[flow]).join(', ')})`;
  const recipients = answeringRecipients(record);
  if (path.some((action) => ['accept', 'decline', 'status', 'deliver'].includes(action)) && recipients.length === 0)
    return `status "${status}" needs recipients (to)`;
  let step = 0;
  const events: RecordEvent[] = [];
  const add = (type: RecordEvent['type'], actor: string, extra: Partial<RecordEvent> = {}): void => {
    events.push({
      id: `${record.id}-import-${step}`,
      type,
      actor,
      at: new Date(created.getTime() + step++ * 60_000).toISOString(),
      ...extra,
    });
  };
  add('sent', record.createdBy);
  for (const action of path) {
    switch (action) {
      case 'read':
        for (const recipient of recipients) add('read', recipient);
        break;
      case 'accept':
        add('accepted', recipients[0]);
        break;
      case 'decline':
        for (const recipient of recipients) add('declined', recipient, { reason: IMPORTED, alternative: IMPORTED });
        break;
      case 'status':
        add('status', recipients[0], { note: IMPORTED });
        break;
      case 'deliver':
        add('delivered', recipients[0]);
        break;
      case 'dispute':
        add('disputed', record.createdBy, { reason: IMPORTED });
        break;
      case 'confirm':
        for (const confirmer of keyConfirmers(record)) add('confirmed', confirmer);
        break;
      case 'archive':
        add('archived', record.createdBy);
        break;
    }
  }
  const derived = deriveState({ ...record, events }).status;
  return derived === status ? events : `status "${status}" cannot be reached for this record (its events lead to "${derived}")`;
}

function formatOf(file: string, flag: string | undefined): 'jsonl' | 'csv' {
  if (flag !== undefined) {
    if (flag !== 'jsonl' && flag !== 'csv') throw new UsageError(`import: --format must be jsonl or csv, got "${flag}"`);
    return flag;
  }
  return extname(file).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('import', args, {
    values: ['store', 'space', 'format'],
    positionals: { min: 1, max: 1, name: 'one file to import' },
  });
  const root = storeRoot('import', flags);
  const [file] = flags.positionals;
  const format = formatOf(file, flags.values.get('format'));
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`liaison import: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const store = new LocalStore(root);
  const search = newSearchService();
  try {
    const [defaultSpace = 'internal'] = await chooseSpaces('import', flags, store, 'one');
    const { rows, bad } = readRows(content, format);
    const bySpace = new Map<string, LiaisonRecord[]>();
    const seen = new Set<string>();
    const now = new Date();
    for (const row of rows) {
      const result = rowToRecord(row, defaultSpace, now);
      if ('reason' in result) bad.push(result);
      else if (flags.values.has('space') && result.space !== defaultSpace)
        bad.push({ line: row.line, reason: `space "${result.space}" is not --space ${defaultSpace}` });
      else if (seen.has(`${result.space}/${result.id}`))
        bad.push({ line: row.line, reason: `id ${result.id} appears earlier in the file` });
      else {
        seen.add(`${result.space}/${result.id}`);
        bySpace.set(result.space, [...(bySpace.get(result.space) ?? []), result]);
      }
    }
    bad.sort((a, b) => a.line - b.line);
    for (const row of bad) io.stderr.write(`${file}:${row.line}: ${row.reason}\n`);
    for (const [spaceName, records] of bySpace) {
      const opened = await store.openSpace(spaceName);
      const fresh = records.filter((record) => !hasRecord(opened.doc, record.id));
      opened.doc.transact(() => {
        for (const record of fresh) putRecord(opened.doc, record);
      });
      await opened.flush();
      // The search index catches up with the records just written.
      const indexed = await openIndexedSpace(store, search, spaceName);
      await indexed.close();
      const skipped = records.length - fresh.length;
      io.stdout.write(
        `import: ${fresh.length} record(s) into space ${spaceName}${skipped > 0 ? `, ${skipped} already there (skipped)` : ''}\n`,
      );
    }
    if (bySpace.size === 0) io.stdout.write('import: nothing imported\n');
    if (bad.length > 0) io.stdout.write(`import: ${bad.length} bad row(s), see above\n`);
    return bad.length > 0 ? 1 : 0;
  } finally {
    await search.close();
    await store.close();
  }
}

export const importCommand: Command = { name: 'import', summary, usage, run };
