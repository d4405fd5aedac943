// `liaison search <query>`: searches the store's spaces (or one), bringing each space's index up
// to date first (instant when nothing changed since its last commit).
// stdout: the ranked hits, or with --json a JSON array of objects
//   { id, title, score, kind, status, space, department, createdAt, snippet, highlights, titleHighlights }
// (highlights are [start, end) ranges of UTF-16 code units in snippet / title). Exit 0 also when
// nothing matched.
import { DEFAULT_CALENDAR } from '../../domain/calendar';
import { displayDate } from '../../domain/time';
import type { SearchHit } from '../../search/searchApi';
import { LocalStore } from '../../store/localStore';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, chooseSpaces, newSearchService, openIndexedSpace, spaceDocuments, storeRoot } from '../records';

const summary = 'search the records of a store (Chinese and English; --json for scripts)';

const usage = `usage: liaison search <query> --store DIR [--space NAME] [--limit N] [--json]
                      [--kind K] [--status S] [--department D] [--after DATE] [--before DATE]
  <query>        words (every one must match; 接口延迟 and payments work as expected) and
                 lunr syntax: title:word, +word, -word, pay*, paymnet~1, word^5; kind:, status:,
                 department:, after:, before: filter (dates YYYY-MM-DD, China Standard Time)
${STORE_FLAGS_USAGE} (default: every space in the store)
  --limit N      at most N hits (default 20)
  --json         a JSON array of hits (id, title, score, kind, status, space, createdAt, snippet…)
  --kind, --status, --department   filters (comma-separated values)
  --after, --before                created on/after, before this date`;

function positiveInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1000)
    throw new UsageError(`search: --${flag} must be a number from 1 to 1000, got "${text}"`);
  return Number(text);
}

function listFlag(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').filter(Boolean);
}

function dateFlag(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value))) {
    throw new UsageError(`search: --${flag} must be a date (YYYY-MM-DD) or an ISO 8601 instant, got "${value}"`);
  }
  return value;
}

/** The snippet with its highlights marked ([…] without a terminal, bold with one). */
function marked(text: string, ranges: readonly (readonly [number, number])[], tty: boolean): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + (tty ? `\u001b[1m${text.slice(start, end)}\u001b[22m` : `[${text.slice(start, end)}]`);
    at = end;
  }
  return out + text.slice(at);
}

function printHits(hits: readonly SearchHit[], io: CommandIo): void {
  const tty = (io.stdout as NodeJS.WriteStream).isTTY === true;
  for (const hit of hits) {
    io.stdout.write(
      `${hit.score.toFixed(2).padStart(7)}  ${hit.id}  ${marked(hit.title, hit.titleHighlights, tty)}  (${hit.kind}, ${hit.status}, ${hit.space}, ${displayDate(hit.createdAt, DEFAULT_CALENDAR.timeZone)})\n`,
    );
    if (hit.snippet) io.stdout.write(`         ${marked(hit.snippet, hit.highlights, tty)}\n`);
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('search', args, {
    values: ['store', 'space', 'limit', 'kind', 'status', 'department', 'after', 'before'],
    switches: ['json'],
    positionals: { min: 1, max: 1, name: 'the query (quote it when it has spaces)' },
  });
  const root = storeRoot('search', flags);
  const limit = positiveInteger(flags.values.get('limit') ?? '20', 'limit');
  const filters = {
    kind: listFlag(flags.values.get('kind')),
    status: listFlag(flags.values.get('status')),
    department: listFlag(flags.values.get('department')),
    from: dateFlag(flags.values.get('after'), 'after'),
    to: dateFlag(flags.values.get('before'), 'before'),
  };
  const store = new LocalStore(root);
  const search = newSearchService();
  try {
    const spaces = await chooseSpaces('search', flags, store, 'all');
    if (spaces.length === 0) {
      io.stderr.write(`liaison search: no spaces in ${root}\n`);
      return 1;
    }
    // Each document has its own index: a space's active document and its archive shelves in this
    // store (hits name the record's space either way).
    const documents: string[] = [];
    for (const space of spaces) documents.push(...(await spaceDocuments(store, space)));
    const opened = [];
    for (const document of documents) opened.push(await openIndexedSpace(store, search, document));
    const response = await search.search(flags.positionals[0], { limit, filters, spaces: documents });
    for (const space of opened) await space.close();
    if (flags.switches.has('json')) {
      const rows = response.hits.map((hit) => ({
        id: hit.id,
        title: hit.title,
        score: Number(hit.score.toFixed(4)),
        kind: hit.kind,
        status: hit.status,
        space: hit.space,
        department: hit.department,
        createdAt: hit.createdAt,
        snippet: hit.snippet,
        highlights: hit.highlights,
        titleHighlights: hit.titleHighlights,
      }));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      printHits(response.hits, io);
      io.stderr.write(
        `search: ${response.total} match(es)${response.relaxed ? ' (typo-tolerant)' : ''}, ${response.hits.length} shown, ${response.tookMs.toFixed(1)} ms\n`,
      );
    }
    return 0;
  } finally {
    await search.close();
    await store.close();
  }
}

export const searchCommand: Command = { name: 'search', summary, usage, run };
