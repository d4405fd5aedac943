// `liaison export`: a space's records as JSONL (what `liaison import` reads back) or markdown.
//
// JSONL: one object per record, oldest first, with the import columns (id, kind, title, body,
// status, priority, from, to, createdAt, due, tags, space), `fields` for the other template
// fields and `events` for the full event log. Importing it recreates the records with the same
// fields; the event log is recreated as the minimal chain for the status (see import.ts).
// Markdown: each record as the record view shows it, separated by rules.
import { writeFile } from 'node:fs/promises';
import { fieldList, fieldText } from '../../domain/record';
import type { LiaisonRecord } from '../../domain/record';
import { recordToMarkdown } from '../../render/recordMarkdown';
import { readRecords } from '../../app/records';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, openChosenSpaces, statusOf, storeRoot, unreadableLine } from '../records';

const summary = "write a space's records as JSONL (re-importable) or markdown";

const usage = `usage: liaison export --store DIR [--space NAME] [--format jsonl|markdown] [--out FILE] [--language zh|en]
${STORE_FLAGS_USAGE}
  --format F     jsonl (default; what liaison import reads) or markdown
  --out FILE     write there instead of stdout
  --language L   labels of the markdown export: zh (default) or en`;

const MAPPED_FIELDS = new Set(['sender', 'recipients', 'priority', 'deadline', 'tags']);

/** A record as one JSONL line's object. */
export function exportRow(record: LiaisonRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.fields)) if (!MAPPED_FIELDS.has(key)) fields[key] = value;
  return {
    id: record.id,
    kind: record.kind,
    title: record.title,
    body: record.body,
    status: statusOf(record),
    priority: fieldText(record, 'priority') || undefined,
    from: fieldText(record, 'sender') || record.createdBy,
    to: fieldList(record, 'recipients'),
    createdAt: record.createdAt,
    due: fieldText(record, 'deadline') || undefined,
    tags: fieldList(record, 'tags'),
    space: record.space,
    fields,
    events: record.events,
  };
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('export', args, { values: ['store', 'space', 'format', 'out', 'language'] });
  const root = storeRoot('export', flags);
  const format = flags.values.get('format') ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'markdown') throw new UsageError(`export: --format must be jsonl or markdown, got "${format}"`);
  const language = flags.values.get('language') ?? 'zh';
  if (language !== 'zh' && language !== 'en') throw new UsageError(`export: --language must be zh or en, got "${language}"`);
  const opened = await openChosenSpaces('export', flags, root, 'one', io);
  if (!opened) return 1;
  const { store, spaces } = opened;
  try {
    // The space's active document and its archive shelves in this store (src/app/records.ts); a
    // record in two (a move to a shelf interrupted by a crash) is exported once.
    const records = await readRecords(store, spaces, {
      onUnreadable: (record) => io.stderr.write(unreadableLine('export', record)),
      onShelfError: (shelf, error) => io.stderr.write(`liaison export: shelf ${shelf.name} left out: ${String(error)}\n`),
    });
    records.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    const output =
      format === 'jsonl'
        ? records.map((record) => `${JSON.stringify(exportRow(record))}\n`).join('')
        : records.map((record) => recordToMarkdown(record, language)).join('\n\n---\n\n') + (records.length > 0 ? '\n' : '');
    const out = flags.values.get('out');
    if (out === undefined) io.stdout.write(output);
    else {
      await writeFile(out, output, 'utf8');
      io.stderr.write(`export: ${records.length} record(s) of space ${spaces[0]} written to ${out}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

export const exportCommand: Command = { name: 'export', summary, usage, run };
