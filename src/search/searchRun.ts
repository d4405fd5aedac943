// Running one query over a search index's segments (./searchIndex.ts): parse it (query.ts), score
// every segment (evaluate.ts), and when the exact words find little, the typo-tolerant query too;
// then the best hits after `offset`, each with its preview and highlights.
import { evaluate } from './evaluate';
import type { Located } from './evaluate';
import { mergeFilters } from './filters';
import { parseQuery, relax } from './query';
import type { SearchHit, SearchOptions, SearchResponse } from './searchApi';
import type { Segment } from './segment';
import { highlightRanges, previewOf } from './snippet';

/** Below this many results the exact words "find little" and the typo-tolerant query runs. */
export const RELAX_BELOW = 3;
const MAX_LIMIT = 1000;

export interface RunTuning {
  /** Index terms one prefix / wildcard / fuzzy word may stand for, per segment. */
  readonly maxExpansions: number;
  /** Milliseconds, for `tookMs`. */
  readonly now: () => number;
}

/** The best `limit` hits after `offset` of `text` (query.ts syntax) with `options.filters`, over `segments`. */
export async function runSearch(
  segments: readonly Segment[],
  text: string,
  options: SearchOptions,
  tuning: RunTuning,
): Promise<SearchResponse> {
  const started = tuning.now();
  const limit = Math.min(MAX_LIMIT, Math.max(1, options.limit ?? 20));
  const offset = Math.max(0, options.offset ?? 0);
  let parsed = parseQuery(text, { typing: options.typing ?? false });
  const filters = mergeFilters(parsed.filters, options.filters);
  let result = evaluate(segments, parsed, filters, offset + limit, tuning.maxExpansions);
  if (result.total < RELAX_BELOW) {
    const relaxed = relax(parsed);
    if (relaxed) {
      const second = evaluate(segments, relaxed, filters, offset + limit, tuning.maxExpansions);
      if (second.total > result.total) {
        result = second;
        parsed = relaxed;
      }
    }
  }
  const hits = await Promise.all(
    result.top.slice(offset).map((candidate) => hitOf(candidate.item, candidate.score, result.highlightTerms)),
  );
  return { hits, total: result.total, relaxed: parsed.relaxed, tookMs: tuning.now() - started };
}

async function hitOf({ segment, doc }: Located, score: number, terms: ReadonlySet<string>): Promise<SearchHit> {
  const { table } = segment;
  const text = await segment.readText(doc);
  const snippet = previewOf(text, terms);
  const title = table.titles[doc];
  return {
    id: table.ids[doc],
    title,
    score,
    kind: table.kind.get(doc),
    status: table.status.get(doc),
    space: table.space.get(doc),
    department: table.department.get(doc),
    createdAt: table.createdAtText[doc],
    titleHighlights: highlightRanges(title, terms),
    snippet: snippet.text,
    highlights: snippet.highlights,
  };
}
