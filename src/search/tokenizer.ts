// The analyzer: text -> index terms, the same for records and for queries (lunr's own tokenizer
// splits only on spaces and hyphens and its trimmer strips non-ASCII characters, so neither is used).
//
//   1. Runs of CJK characters (Han, kana, Hangul) and runs of other letters/digits are found with
//      one regular expression, so "Q3产品迭代" is "Q3" + "产品迭代". Other characters separate runs.
//   2. Each run is normalised: NFKC (full-width Ａ１ -> A1) and lower case; Traditional Chinese
//      characters are folded to Simplified (src/domain/chineseFold.ts, OpenCC's table, one
//      character for one, so offsets stay exact): 溝通 and 沟通 are one term, in records and queries.
//   3. A CJK run becomes overlapping bigrams ("接口延迟" -> 接口 口延 延迟); a run of one character is
//      that character. Chinese stop words (的, 我们, 关于…) are dropped (in either script).
//   4. A Latin run is an English word: stop words dropped, the rest Porter-stemmed (lunr.stemmer),
//      so "payments" and "payment" are one term.
//
// Why bigrams (measured by `test/bench/searchTokenizer.bench.ts`, see src/search/README.md): every
// Chinese word of two or more characters inside any sentence is found, whatever a dictionary
// knows (复盘, product names, people), at regular-expression speed; Intl.Segmenter loses words
// whose segmentation depends on the sentence around them and runs ~10× slower. The price is more
// terms per record and a few false matches (all bigrams present, not adjacent), which the ranking
// pushes down. `words` and `both` remain selectable for measurement.
import lunr from 'lunr';
import { foldChinese, foldTable } from '../domain/chineseFold';
import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stopWords';

/**
 * Stored in the index manifest: bump when analysis changes (stop words, normalisation, what a
 * search doc holds), and indexes are rebuilt. 2: Traditional folded to Simplified; docs split
 * written text from labels; sender, recipients and priority columns.
 */
export const ANALYZER_VERSION = 'bigram-2';

export type ChineseSegmentation = 'bigram' | 'words' | 'both';

/** One term and where it came from in the original text (UTF-16 offsets, end exclusive). */
export interface Token {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
/** A CJK run, or a run of other letters, marks and digits. The `v` flag allows the set difference. */
const RUNS = new RegExp(`[${CJK}]+|[[\\p{L}\\p{M}\\p{N}]--[${CJK}]]+`, 'gv');
const CJK_START = new RegExp(`^[${CJK}]`, 'v');
const ASCII_WORD = /^[a-z]+$/;
/** Characters NFKC may change: anything outside ASCII and the common CJK, kana and Hangul blocks. */
const MAY_CHANGE_UNDER_NFKC = /[^\u0000-\u007f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;
const SURROGATE = /[\ud800-\udfff]/;

/** Stems are cached: English vocabularies are small and the stemmer is the hot path. */
const STEM_CACHE_LIMIT = 100_000;
const stemCache = new Map<string, string>();

/** Porter stem (lunr.stemmer) of a lower-case ASCII word; anything else is returned as it is. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed =
      ASCII_WORD.test(word) && word.length > 2 ? (lunr.stemmer(new lunr.Token(word, {})) as unknown as lunr.Token).toString() : word;
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Receives each term with its place in the original text (UTF-16 offsets, end exclusive). */
export type TokenSink = (term: string, start: number, end: number) => void;

let segmenter: Intl.Segmenter | undefined;

/** Word segmentation of one CJK run with ICU; runs longer than 256 characters are cut (ICU slows sharply on long strings). */
function segmentWords(run: string, offset: number, sink: TokenSink): void {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  for (let from = 0; from < run.length; from += 256) {
    const chunk = run.slice(from, from + 256);
    for (const segment of segmenter.segment(chunk)) {
      if (!segment.isWordLike) continue;
      const term = segment.segment;
      if (CHINESE_STOP_WORDS.has(term)) continue;
      const start = offset + from + segment.index;
      sink(term, start, start + term.length);
    }
  }
}

/** Overlapping bigrams of one CJK run (by code point, so a character outside the BMP counts as one). */
function bigrams(raw: string, offset: number, sink: TokenSink, skip?: ReadonlySet<string>): void {
  if (SURROGATE.test(raw)) {
    const run = foldChinese(raw);
    const chars = Array.from(run);
    if (chars.length === 1) {
      if (!CHINESE_STOP_WORDS.has(run)) sink(run, offset, offset + run.length);
      return;
    }
    let position = offset;
    for (let i = 0; i + 1 < chars.length; i++) {
      const term = chars[i] + chars[i + 1];
      if (!CHINESE_STOP_WORDS.has(term) && !skip?.has(term)) sink(term, position, position + term.length);
      position += chars[i].length;
    }
    return;
  }
  // Folding is one table lookup per character (the table is built once, on first use).
  const fold = foldTable();
  if (raw.length === 1) {
    const char = String.fromCharCode(fold[raw.charCodeAt(0)] || raw.charCodeAt(0));
    if (!CHINESE_STOP_WORDS.has(char)) sink(char, offset, offset + 1);
    return;
  }
  // Stop bigrams are checked as numbers: no string is made (or hashed) for a bigram that is dropped.
  let previous = fold[raw.charCodeAt(0)] || raw.charCodeAt(0);
  for (let i = 0; i + 1 < raw.length; i++) {
    const code = raw.charCodeAt(i + 1);
    const next = fold[code] || code;
    if (!STOP_BIGRAM_CODES.has(previous * 65536 + next)) {
      const term = String.fromCharCode(previous, next);
      if (!skip?.has(term)) sink(term, offset + i, offset + i + 2);
    }
    previous = next;
  }
}

/** The two-character stop words as `first * 65536 + second` (both in the BMP). */
const STOP_BIGRAM_CODES: ReadonlySet<number> = new Set(
  [...CHINESE_STOP_WORDS].filter((word) => word.length === 2).map((word) => word.charCodeAt(0) * 65536 + word.charCodeAt(1)),
);

/**
 * Calls `sink` for each term of `text`, in text order. The one implementation behind indexing,
 * queries and highlighting, so they always agree.
 */
export function forEachToken(text: string, chinese: ChineseSegmentation, sink: TokenSink): void {
  const runs = new RegExp(RUNS);
  for (let match = runs.exec(text); match !== null; match = runs.exec(text)) {
    const raw = match[0];
    const start = match.index;
    const nfkc = MAY_CHANGE_UNDER_NFKC.test(raw) ? raw.normalize('NFKC') : raw;
    if (CJK_START.test(raw)) {
      // NFKC keeps CJK characters one for one; if it ever did not, every term spans the whole run.
      const run = nfkc;
      const aligned = run.length === raw.length;
      const place: TokenSink = aligned ? sink : (term): void => sink(term, start, start + raw.length);
      if (chinese === 'bigram') bigrams(run, start, place);
      else if (chinese === 'words') segmentWords(foldChinese(run), start, place);
      else {
        const words = new Set<string>();
        segmentWords(foldChinese(run), start, (term, from, to) => {
          words.add(term);
          place(term, from, to);
        });
        bigrams(run, start, place, words);
      }
    } else {
      const word = nfkc.toLowerCase();
      if (ENGLISH_STOP_WORDS.has(word)) continue;
      sink(stem(word), start, start + raw.length);
    }
  }
}

/** The terms of `text` with their positions, in text order. */
export function analyze(text: string, chinese: ChineseSegmentation = 'bigram'): Token[] {
  const out: Token[] = [];
  forEachToken(text, chinese, (term, start, end) => out.push({ term, start, end }));
  return out;
}

/** Just the terms (what the index stores). */
export function analyzeTerms(text: string, chinese: ChineseSegmentation = 'bigram'): string[] {
  const out: string[] = [];
  forEachToken(text, chinese, (term) => out.push(term));
  return out;
}

/** Is this term (after analysis) Chinese/Japanese/Korean, i.e. a bigram or a single character? */
export function isCjkTerm(term: string): boolean {
  return CJK_START.test(term);
}
