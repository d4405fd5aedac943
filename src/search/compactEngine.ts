// The `compact` engine: a segment's inverted index in a few typed arrays (the layout of a Lucene
// segment, without compression):
//
//   terms          string[]        sorted by UTF-16 code units (so prefixes are ranges, Latin before CJK)
//   postingStart   Uint32Array     term t's postings are [postingStart[t], postingStart[t+1])
//   postingDocs    Uint32Array     doc numbers, ascending within a term
//   postingTfs     Uint16Array     term frequency per field, 3 bits each (capped at 7; BM25 saturates anyway)
//   fieldLengths   Uint16Array     terms per (doc, field)
//
// ~6 bytes per (term, doc) pair against lunr's hundreds (an object per pair), loaded from disk
// as views over one buffer. Scoring is BM25 with lunr's k1, b and idf, and the field boosts of
// searchDoc.ts, with corpus-wide statistics so every segment scores alike.
import { performance } from 'node:perf_hooks';
import { BM25_B, BM25_K1, FIELD_COUNT, idf } from './engine';
import type { CorpusStats, EngineSegment, ExpandedGroup, MergePart, Pause, SearchEngine, SegmentMatches } from './engine';
import type { Alternative } from './query';
import { FIELD_BOOSTS, SEARCH_FIELDS } from './searchDoc';
import type { SearchDoc } from './searchDoc';
import { forEachToken } from './tokenizer';

const MAGIC = 0x4c534331; // "LSC1"
const FORMAT = 1;
const HEADER_WORDS = 6;
const TF_BITS = 3;
const TF_MAX = 7;
const SLICE_MS = 8;
const BOOSTS = SEARCH_FIELDS.map((field) => FIELD_BOOSTS[field]);

function lowerBound(terms: readonly string[], key: string, from = 0, to = terms.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment, as
 * lunr's fuzzy matching counts them: "paymnet" is 1 from "payment"), if ≤ max; else max + 1.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows.length < width * 3) rows = new Int32Array(width * 3 * 2);
  // Three rows of the table, rotating: i - 2, i - 1, i.
  let before = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, rows[before + j - 2] + 1);
      rows[current + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return rows[previous + b.length];
}

/** Scratch rows for boundedEditDistance (single-threaded, never re-entered). */
let rows = new Int32Array(64);

function patternRegExp(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'u');
}

export class CompactSegment implements EngineSegment {
  readonly fieldLengthTotals: Float64Array;
  /** First term that is not ASCII-or-Latin (fuzzy matching looks only below it). */
  private readonly latinEnd: number;
  private scratch: { scores: Float64Array; masks: Uint32Array; docs: Int32Array; count: number } | undefined;

  constructor(
    private readonly terms: readonly string[],
    private readonly postingStart: Uint32Array,
    private readonly postingDocs: Uint32Array,
    private readonly postingTfs: Uint16Array,
    private readonly fieldLengths: Uint16Array,
    readonly docCount: number,
  ) {
    this.fieldLengthTotals = new Float64Array(FIELD_COUNT);
    for (let i = 0; i < fieldLengths.length; i++) this.fieldLengthTotals[i % FIELD_COUNT] += fieldLengths[i];
    this.latinEnd = lowerBound(terms, '\u3000');
  }

  /** The i-th term in sorted order (undefined past the end): for merges. */
  termAt(index: number): string | undefined {
    return this.terms[index];
  }

  /** Calls `visit` for each posting of the term at `index`: for merges. */
  forEachPosting(index: number, visit: (doc: number, packed: number) => void): void {
    for (let p = this.postingStart[index], end = this.postingStart[index + 1]; p < end; p++) visit(this.postingDocs[p], this.postingTfs[p]);
  }

  /** The five field lengths of a doc: for merges. */
  fieldLengthsOf(doc: number): Uint16Array {
    return this.fieldLengths.subarray(doc * FIELD_COUNT, doc * FIELD_COUNT + FIELD_COUNT);
  }

  private lookup(term: string): number {
    const index = lowerBound(this.terms, term);
    return index < this.terms.length && this.terms[index] === term ? index : -1;
  }

  private df(index: number): number {
    return this.postingStart[index + 1] - this.postingStart[index];
  }

  documentFrequency(term: string): number {
    const index = this.lookup(term);
    return index < 0 ? 0 : this.df(index);
  }

  /** The `limit` most frequent of the given term indexes, as terms. */
  private mostFrequent(indexes: number[], limit: number): string[] {
    if (indexes.length > limit) indexes.sort((a, b) => this.df(b) - this.df(a));
    return indexes.slice(0, limit).map((index) => this.terms[index]);
  }

  expand(alternative: Alternative, limit: number): string[] {
    const { terms } = this;
    switch (alternative.kind) {
      case 'exact':
        return this.lookup(alternative.term) < 0 ? [] : [alternative.term];
      case 'prefix': {
        const found: number[] = [];
        for (let i = lowerBound(terms, alternative.term); i < terms.length && terms[i].startsWith(alternative.term); i++) found.push(i);
        return this.mostFrequent(found, limit);
      }
      case 'pattern': {
        const literal = alternative.term.slice(0, alternative.term.indexOf('*'));
        const regexp = patternRegExp(alternative.term);
        const found: number[] = [];
        for (let i = lowerBound(terms, literal); i < terms.length && terms[i].startsWith(literal); i++)
          if (regexp.test(terms[i])) found.push(i);
        return this.mostFrequent(found, limit);
      }
      case 'fuzzy': {
        // Typos keep the first letter (or swap the first two): candidates start with either of them.
        const max = alternative.distance ?? 1;
        const scored: { index: number; distance: number }[] = [];
        const first = alternative.term[0] ?? '';
        const second = alternative.term[1] ?? '';
        for (let i = 0; i < this.latinEnd; i++) {
          const candidate = terms[i];
          if (candidate[0] !== first && !(candidate[0] === second && candidate[1] === first)) continue;
          const distance = boundedEditDistance(alternative.term, candidate, max);
          if (distance <= max) scored.push({ index: i, distance });
        }
        scored.sort((a, b) => a.distance - b.distance || this.df(b.index) - this.df(a.index));
        return scored.slice(0, limit).map((entry) => terms[entry.index]);
      }
    }
  }

  /**
   * Scores into buffers owned by the segment, reused by the next call (only the entries touched
   * last time are cleared): the result is valid until then, which evaluate.ts respects.
   */
  match(groups: readonly ExpandedGroup[], stats: CorpusStats): SegmentMatches {
    const n = this.docCount;
    if (!this.scratch) this.scratch = { scores: new Float64Array(n), masks: new Uint32Array(n), docs: new Int32Array(n), count: 0 };
    const { scores, masks, docs } = this.scratch;
    for (let i = 0; i < this.scratch.count; i++) {
      scores[docs[i]] = 0;
      masks[docs[i]] = 0;
    }
    let count = 0;
    const { postingStart, postingDocs, postingTfs, fieldLengths } = this;
    const average = stats.averageFieldLength;
    const weight = new Float64Array(FIELD_COUNT);
    const inverseAverage = new Float64Array(FIELD_COUNT);
    for (let f = 0; f < FIELD_COUNT; f++) inverseAverage[f] = 1 / (average[f] || 1);
    // A plain AND: the rarest required group picks the candidates; every other group only
    // visits postings of docs already picked.
    const cost = (group: ExpandedGroup): number => group.terms.reduce((sum, { term }) => sum + this.documentFrequency(term), 0);
    const required = groups.filter((group) => group.required).sort((a, b) => cost(a) - cost(b));
    const ordered = [...required, ...groups.filter((group) => !group.required)];
    for (const [position, group] of ordered.entries()) {
      const candidatesOnly = required.length > 0 && position > 0;
      let fieldMask = 0;
      for (const field of group.fields) fieldMask |= TF_MAX << (SEARCH_FIELDS.indexOf(field) * TF_BITS);
      const bit = group.bit;
      for (const { term, weight: termWeight } of group.terms) {
        const t = this.lookup(term);
        if (t < 0) continue;
        const termIdf = idf(stats.documentFrequency(term), stats.docCount);
        for (let f = 0; f < FIELD_COUNT; f++) weight[f] = BOOSTS[f] * group.boost * termWeight * termIdf;
        for (let p = postingStart[t], end = postingStart[t + 1]; p < end; p++) {
          const packed = postingTfs[p] & fieldMask;
          if (packed === 0) continue;
          const doc = postingDocs[p];
          if (candidatesOnly && masks[doc] === 0) continue;
          let score = 0;
          for (let f = 0, bits = packed; bits !== 0; f++, bits >>>= TF_BITS) {
            const tf = bits & TF_MAX;
            if (tf === 0) continue;
            const norm = 1 - BM25_B + BM25_B * fieldLengths[doc * FIELD_COUNT + f] * inverseAverage[f];
            score += (weight[f] * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm);
          }
          if (masks[doc] === 0) docs[count++] = doc;
          masks[doc] |= bit;
          scores[doc] += score;
        }
      }
    }
    this.scratch.count = count;
    return { count, docs, scores, masks };
  }

  serialize(): Uint8Array[] {
    const termBytes = Buffer.from(this.terms.join('\n'), 'utf8');
    const header = new Uint32Array([MAGIC, FORMAT, this.docCount, this.terms.length, this.postingDocs.length, termBytes.length]);
    const pad = (length: number): Uint8Array => new Uint8Array((4 - (length % 4)) % 4);
    const bytes = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    return [
      bytes(header),
      termBytes,
      pad(termBytes.length),
      bytes(this.postingStart),
      bytes(this.postingDocs),
      bytes(this.fieldLengths),
      pad(this.fieldLengths.byteLength),
      bytes(this.postingTfs),
    ];
  }
}

/** Reads what `CompactSegment.serialize` wrote; throws (never returns a half-valid segment) on anything else. */
function load(input: Uint8Array): CompactSegment {
  // Typed-array views need 4-byte alignment; copy when the buffer does not give it.
  const bytes = input.byteOffset % 4 === 0 ? input : new Uint8Array(input);
  if (bytes.length < HEADER_WORDS * 4) throw new Error('compact segment: truncated header');
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  const [magic, format, docCount, termCount, postingCount, termBytes] = header;
  if (magic !== MAGIC || format !== FORMAT) throw new Error('compact segment: not this format or version');
  const align = (n: number): number => n + ((4 - (n % 4)) % 4);
  const offset = HEADER_WORDS * 4;
  const termsEnd = offset + termBytes;
  const startsAt = offset + align(termBytes);
  const docsAt = startsAt + (termCount + 1) * 4;
  const lengthsAt = docsAt + postingCount * 4;
  const tfsAt = lengthsAt + align(docCount * FIELD_COUNT * 2);
  const end = tfsAt + postingCount * 2;
  if (end !== bytes.length) throw new Error(`compact segment: ${bytes.length} bytes, expected ${end}`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + offset, termsEnd - offset).toString('utf8');
  const terms = termCount === 0 ? [] : text.split('\n');
  if (terms.length !== termCount) throw new Error('compact segment: term count does not match');
  for (let i = 1; i < terms.length; i++) if (!(terms[i - 1] < terms[i])) throw new Error('compact segment: terms out of order');
  const postingStart = new Uint32Array(bytes.buffer, bytes.byteOffset + startsAt, termCount + 1);
  const postingDocs = new Uint32Array(bytes.buffer, bytes.byteOffset + docsAt, postingCount);
  const fieldLengths = new Uint16Array(bytes.buffer, bytes.byteOffset + lengthsAt, docCount * FIELD_COUNT);
  const postingTfs = new Uint16Array(bytes.buffer, bytes.byteOffset + tfsAt, postingCount);
  if (postingStart[0] !== 0 || postingStart[termCount] !== postingCount) throw new Error('compact segment: posting table does not add up');
  for (let t = 0; t < termCount; t++)
    if (postingStart[t] > postingStart[t + 1]) throw new Error('compact segment: posting table out of order');
  for (let p = 0; p < postingCount; p++)
    if (postingDocs[p] >= docCount) throw new Error('compact segment: posting names a doc out of range');
  return new CompactSegment(terms, postingStart, postingDocs, postingTfs, fieldLengths, docCount);
}

/** Growable typed arrays for the build. */
class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

async function build(docs: readonly SearchDoc[], pause: Pause): Promise<CompactSegment> {
  const termIds = new Map<string, number>();
  const termList: string[] = [];
  const df = new IntBuffer(1024);
  const postingTerm = new IntBuffer(1 << 12);
  const postingPacked = new IntBuffer(1 << 12);
  const docEnd = new Int32Array(docs.length);
  const fieldLengths = new Uint16Array(docs.length * FIELD_COUNT);
  const local = new Map<number, number>();
  let sliceStart = performance.now();
  for (let d = 0; d < docs.length; d++) {
    local.clear();
    for (let f = 0; f < FIELD_COUNT; f++) {
      const shift = f * TF_BITS;
      let length = 0;
      forEachToken(docs[d][SEARCH_FIELDS[f]], 'bigram', (term) => {
        length++;
        let id = termIds.get(term);
        if (id === undefined) {
          id = termList.length;
          termIds.set(term, id);
          termList.push(term);
          df.push(0);
        }
        const packed = local.get(id) ?? 0;
        if (((packed >>> shift) & TF_MAX) < TF_MAX) local.set(id, packed + (1 << shift));
      });
      fieldLengths[d * FIELD_COUNT + f] = Math.min(length, 0xffff);
    }
    for (const [id, packed] of local) {
      postingTerm.push(id);
      postingPacked.push(packed);
      df.data[id]++;
    }
    docEnd[d] = postingTerm.length;
    if (performance.now() - sliceStart > SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
  }
  const sorted = termList.slice().sort();
  await pause();
  const rank = new Int32Array(termList.length);
  const postingStart = new Uint32Array(sorted.length + 1);
  for (let r = 0; r < sorted.length; r++) {
    const id = termIds.get(sorted[r]) as number;
    rank[id] = r;
    postingStart[r + 1] = postingStart[r] + df.data[id];
  }
  const cursor = postingStart.slice(0, sorted.length);
  const total = postingTerm.length;
  const postingDocs = new Uint32Array(total);
  const postingTfs = new Uint16Array(total);
  let doc = 0;
  for (let p = 0; p < total; p++) {
    while (p >= docEnd[doc]) doc++;
    const at = cursor[rank[postingTerm.data[p]]]++;
    postingDocs[at] = doc;
    postingTfs[at] = postingPacked.data[p];
    if ((p & 0xfffff) === 0xfffff && performance.now() - sliceStart > SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
  }
  return new CompactSegment(sorted, postingStart, postingDocs, postingTfs, fieldLengths, docs.length);
}

/** Growable Uint16Array for merged term frequencies. */
class ShortBuffer {
  data = new Uint16Array(1 << 12);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint16Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Merges compact segments posting list by posting list (a k-way merge of the sorted term lists),
 * renumbering docs and dropping deleted ones: linear in the postings, no text analysed again.
 */
async function merge(parts: readonly MergePart[], pause: Pause): Promise<CompactSegment> {
  const segments = parts.map((part) => {
    if (!(part.segment instanceof CompactSegment)) throw new Error('compact engine: can only merge compact segments');
    return part.segment;
  });
  // New doc numbers: the parts' live docs, in order.
  let docCount = 0;
  const renumber = parts.map((part, index) => {
    const map = new Int32Array(segments[index].docCount);
    for (let doc = 0; doc < map.length; doc++) map[doc] = part.isDeleted(doc) ? -1 : docCount++;
    return map;
  });
  const fieldLengths = new Uint16Array(docCount * FIELD_COUNT);
  segments.forEach((segment, index) => {
    renumber[index].forEach((to, from) => {
      if (to >= 0) fieldLengths.set(segment.fieldLengthsOf(from), to * FIELD_COUNT);
    });
  });
  const terms: string[] = [];
  const starts = new IntBuffer(1 << 12);
  starts.push(0);
  const docs = new IntBuffer(1 << 16);
  const tfs = new ShortBuffer();
  const cursors = segments.map(() => 0);
  let sliceStart = performance.now();
  for (;;) {
    // The smallest term at the head of any part.
    let term: string | undefined;
    segments.forEach((segment, index) => {
      const head = segment.termAt(cursors[index]);
      if (head !== undefined && (term === undefined || head < term)) term = head;
    });
    if (term === undefined) break;
    const before = docs.length;
    segments.forEach((segment, index) => {
      if (segment.termAt(cursors[index]) !== term) return;
      segment.forEachPosting(cursors[index]++, (doc, packed) => {
        const to = renumber[index][doc];
        if (to < 0) return;
        docs.push(to);
        tfs.push(packed);
      });
    });
    if (docs.length > before) {
      terms.push(term);
      starts.push(docs.length);
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
  }
  return new CompactSegment(
    terms,
    Uint32Array.from(starts.data.subarray(0, starts.length)),
    Uint32Array.from(docs.data.subarray(0, docs.length)),
    tfs.data.slice(0, tfs.length),
    fieldLengths,
    docCount,
  );
}

export const compactEngine: SearchEngine = {
  id: `compact-${FORMAT}`,
  build,
  load,
  merge,
};
