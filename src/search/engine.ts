// What a segment's inverted index must do, whichever library holds it. A segment is immutable:
// built once from a list of docs (doc number = position in that list), then only queried,
// serialized and dropped. Deletions, doc attributes, stored text and merging live in the
// segmented index above (searchIndex.ts), the same for every engine.
//
// Two engines implement it: `lunr` (lunrEngine.ts, the library users asked for) and `compact`
// (compactEngine.ts, typed arrays; the alternative README.md proposes, with the measurements).
import type { SearchDoc, SearchField } from './searchDoc';
import type { Alternative } from './query';

/** A query group after expansion against one segment's terms. */
export interface ExpandedGroup {
  /** Bit set in `SegmentMatches.masks` for docs this group matched. */
  readonly bit: number;
  readonly fields: readonly SearchField[];
  /** 0 for exclude groups: they mark docs, never score them. */
  readonly boost: number;
  readonly terms: readonly { readonly term: string; readonly weight: number }[];
  /** A doc without this group cannot be a result (set only when the query is a plain AND). */
  readonly required: boolean;
}

/** Corpus-wide statistics, so scores of different segments are comparable (engines may ignore them). */
export interface CorpusStats {
  readonly docCount: number;
  /** Average length (terms) of each field, in SEARCH_FIELDS order. */
  readonly averageFieldLength: Float64Array;
  documentFrequency(term: string): number;
}

export interface SegmentMatches {
  /** How many entries of `docs` are valid. */
  readonly count: number;
  /** Doc numbers that matched at least one group, in no particular order. */
  readonly docs: Int32Array;
  /** Score by doc number (only entries listed in `docs` are meaningful). */
  readonly scores: Float64Array;
  /** Matched-group bits by doc number. */
  readonly masks: Uint32Array;
}

export interface EngineSegment {
  readonly docCount: number;
  /** Index terms an alternative stands for in this segment: at most `limit`, the most frequent first. */
  expand(alternative: Alternative, limit: number): string[];
  /** Docs of this segment containing `term` in any field. */
  documentFrequency(term: string): number;
  /** Total length (terms) of each field over all docs, in SEARCH_FIELDS order. */
  readonly fieldLengthTotals: Float64Array;
  /**
   * Docs matching any group, with scores and matched-group bits. An engine may leave out docs that
   * lack a `required` group (the caller drops them anyway). The result may live in buffers the
   * next `match` on this segment reuses: consume it first.
   */
  match(groups: readonly ExpandedGroup[], stats: CorpusStats): SegmentMatches;
  /** The bytes `SearchEngine.load` reads back. */
  serialize(): Uint8Array[];
}

/** Lets a long build give the event loop a turn (queries run between slices). */
export type Pause = () => Promise<void>;

/** A segment taking part in a merge, and which of its docs to leave out. */
export interface MergePart {
  readonly segment: EngineSegment;
  isDeleted(doc: number): boolean;
}

export interface SearchEngine {
  /** Stored in the manifest: an index built by another engine (or version) is rebuilt. */
  readonly id: string;
  build(docs: readonly SearchDoc[], pause: Pause): Promise<EngineSegment>;
  /**
   * Optional: the segment `build` would make from the parts' live docs in order, made from their
   * postings instead of re-analysing the text (lunr cannot; the compact engine can).
   */
  merge?(parts: readonly MergePart[], pause: Pause): Promise<EngineSegment>;
  /** Throws on bytes it does not recognise; the caller then rebuilds. */
  load(bytes: Uint8Array): EngineSegment;
}

export const FIELD_COUNT = 5;
/** BM25 parameters, lunr's defaults. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** lunr's idf (lunr.idf), used by both engines. */
export function idf(documentFrequency: number, docCount: number): number {
  return Math.log(1 + Math.abs((docCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));
}
