// Snippets and highlights. A highlight is where the text's own analysis produces a term the query
// matched, so it agrees with the index: "payments" lights up for `payment`, and the bigrams
// 接口 口延 延迟 merge into one range over 接口延迟.
import type { StoredText } from './docTable';
import { writtenPart } from './searchDoc';
import { forEachToken } from './tokenizer';

/** [start, end) in UTF-16 code units of the text it belongs to. */
export type Range = readonly [number, number];

export interface Snippet {
  readonly text: string;
  /** Ranges in `text`, sorted, not overlapping. */
  readonly highlights: readonly Range[];
}

export const SNIPPET_LENGTH = 160;
const LEAD = 24;

/** Ranges of `text` whose terms are in `terms`, overlapping and touching ones merged. */
export function highlightRanges(text: string, terms: ReadonlySet<string>): Range[] {
  const ranges: [number, number][] = [];
  if (terms.size === 0) return ranges;
  forEachToken(text, 'bigram', (term, start, end) => {
    if (!terms.has(term)) return;
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  });
  return ranges;
}

/** Moves `index` back (at most 12 characters) to just after a space or punctuation, so no word is cut. */
function wordStart(text: string, index: number): number {
  for (let i = index; i > 0 && index - i < 12; i--) if (/[\s\p{P}]/u.test(text[i - 1])) return i;
  return index;
}

/**
 * Up to `length` characters of `text` around the densest cluster of matches, with the matches as
 * ranges in the snippet. Line breaks become spaces (same length, so ranges stay exact); "…" marks
 * text left out at either end. Without a match: the start of the text.
 */
export function makeSnippet(text: string, terms: ReadonlySet<string>, length = SNIPPET_LENGTH): Snippet {
  return snippetAround(text, highlightRanges(text, terms), length);
}

/** `makeSnippet` for ranges already found with `highlightRanges(text, …)`. */
export function snippetAround(text: string, ranges: readonly Range[], length = SNIPPET_LENGTH): Snippet {
  let start = 0;
  if (ranges.length > 0) {
    // The window starting a little before match i that holds the most matches.
    let best = 0;
    let bestCount = 0;
    for (let i = 0, j = 0; i < ranges.length; i++) {
      const from = Math.max(0, ranges[i][0] - LEAD);
      if (j < i) j = i;
      while (j < ranges.length && ranges[j][1] <= from + length) j++;
      if (j - i > bestCount) {
        bestCount = j - i;
        best = i;
      }
    }
    start = wordStart(text, Math.max(0, ranges[best][0] - LEAD));
  }
  const end = Math.min(text.length, start + length);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const body = text.slice(start, end).replace(/[\r\n\t]/g, ' ');
  const highlights: Range[] = [];
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    highlights.push([Math.max(from, start) - start + prefix.length, Math.min(to, end) - start + prefix.length]);
  }
  return { text: prefix + body + suffix, highlights };
}

/**
 * A hit's preview: from the text people wrote in the body (never the labels and dates the index
 * adds, searchDoc.ts), else from the names, tags or counterpart that matched, else the start of
 * the written text.
 */
export function previewOf(text: StoredText, terms: ReadonlySet<string>): Snippet {
  const written = writtenPart(text.body);
  const ranges = highlightRanges(written, terms);
  if (ranges.length > 0) return snippetAround(written, ranges);
  for (const other of [text.people, text.tags, text.counterpart]) {
    const found = highlightRanges(other, terms);
    if (found.length > 0) return snippetAround(other, found);
  }
  return snippetAround(written, []);
}
