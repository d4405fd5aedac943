// The `lunr` engine: each segment is a lunr.Index, built with our analyzer as its tokenizer (no
// lunr pipeline at build time: the analyzer already stems and drops stop words) and queried with
// lunr.Index#query.
//
// How a group maps onto lunr: every group becomes OPTIONAL clauses (one per weight class of its
// expanded terms, boost = group boost × weight), so lunr scores every doc that matches anything;
// which groups a doc matched is read back from lunr's matchData, and the segmented index applies
// AND / minimum-match / exclusion itself. Expanded terms of one clause travel joined by U+0001 and
// are split by a search pipeline function, because lunr ORs the terms a pipeline returns within
// one clause. Expansion (prefix, wildcard, fuzzy) uses lunr's own TokenSet automata.
//
// Memory: lunr keeps an object per (term, field, doc) for metadata; with no metadata whitelisted
// they are all empty, so after a build they are replaced by one shared frozen object. The
// serialized form keeps only what lunr cannot recompute (terms and field vectors); the inverted
// index and token set are rebuilt from them on load.
import lunr from 'lunr';
import { performance } from 'node:perf_hooks';
import { FIELD_COUNT } from './engine';
import type { CorpusStats, EngineSegment, ExpandedGroup, Pause, SearchEngine, SegmentMatches } from './engine';
import { TokenSet, internalsOf, newLunrIndex, PRESENCE } from './lunrInternals';
import type { LunrBuilderInternals, LunrClause, LunrIndexInternals } from './lunrInternals';
import type { Alternative } from './query';
import { FIELD_BOOSTS, SEARCH_FIELDS } from './searchDoc';
import type { SearchDoc, SearchField } from './searchDoc';
import { forEachToken } from './tokenizer';

const SEPARATOR = '\u0001';
const MAGIC = 'liaison-lunr-segment';
const FORMAT = 1;
const SLICE_MS = 8;
const EMPTY_METADATA: Readonly<Record<string, never>> = Object.freeze(Object.create(null) as Record<string, never>);

let alternatives: lunr.Pipeline | undefined;

/** The search pipeline: splits a clause term into the alternatives joined by SEPARATOR. */
function alternativesPipeline(): lunr.Pipeline {
  if (!alternatives) {
    const split = (token: lunr.Token): lunr.Token | lunr.Token[] => {
      const text = token.toString();
      if (!text.includes(SEPARATOR)) return token;
      return text.split(SEPARATOR).map((part) => new lunr.Token(part, {}));
    };
    lunr.Pipeline.registerFunction(split as unknown as lunr.PipelineFunction, 'liaisonAlternatives');
    alternatives = new lunr.Pipeline();
    alternatives.add(split as unknown as lunr.PipelineFunction);
  }
  return alternatives;
}

const ref = (doc: number): string => doc.toString(36);

function escapeWildcards(text: string): string {
  return text.replace(/[*\\]/g, '\\$&');
}

export class LunrSegment implements EngineSegment {
  private readonly internals: LunrIndexInternals;

  constructor(
    private readonly index: lunr.Index,
    readonly docCount: number,
    readonly fieldLengthTotals: Float64Array,
  ) {
    this.internals = internalsOf(index);
  }

  expand(alternative: Alternative, limit: number): string[] {
    let found: string[];
    switch (alternative.kind) {
      case 'exact':
        return alternative.term in this.internals.invertedIndex ? [alternative.term] : [];
      case 'prefix':
        found = this.internals.tokenSet.intersect(TokenSet.fromString(`${escapeWildcards(alternative.term)}*`)).toArray();
        break;
      case 'pattern':
        found = this.internals.tokenSet.intersect(TokenSet.fromString(alternative.term)).toArray();
        break;
      case 'fuzzy':
        found = this.internals.tokenSet.intersect(TokenSet.fromFuzzyString(alternative.term, alternative.distance ?? 1)).toArray();
        break;
    }
    // Counting lunr's postings is O(postings); the shortest expansions are the closest ones.
    return found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, limit);
  }

  documentFrequency(term: string): number {
    const posting = this.internals.invertedIndex[term];
    if (!posting) return 0;
    const docs = new Set<string>();
    for (const field of SEARCH_FIELDS) for (const key of Object.keys(posting[field] as object)) docs.add(key);
    return docs.size;
  }

  match(groups: readonly ExpandedGroup[], _stats: CorpusStats): SegmentMatches {
    // term -> groups (bit, fields) it belongs to, to read matched groups back from matchData.
    const owners = new Map<string, { bit: number; fields: readonly SearchField[] }[]>();
    const clauses: Partial<LunrClause>[] = [];
    for (const group of groups) {
      const byWeight = new Map<number, string[]>();
      for (const { term, weight } of group.terms) {
        byWeight.set(weight, [...(byWeight.get(weight) ?? []), term]);
        owners.set(term, [...(owners.get(term) ?? []), { bit: group.bit, fields: group.fields }]);
      }
      for (const [weight, terms] of byWeight) {
        clauses.push({
          term: terms.join(SEPARATOR),
          fields: [...group.fields],
          boost: group.boost * weight,
          usePipeline: true,
          presence: PRESENCE.OPTIONAL,
        });
      }
    }
    const n = this.docCount;
    const scores = new Float64Array(n);
    const masks = new Uint32Array(n);
    const docs = new Int32Array(n);
    let count = 0;
    if (clauses.length === 0) return { count, docs, scores, masks };
    const results = this.index.query((query) => {
      for (const clause of clauses) query.clause(clause as lunr.Query.Clause);
    });
    for (const result of results) {
      const doc = parseInt(result.ref, 36);
      let mask = 0;
      const metadata = result.matchData.metadata as Record<string, Record<string, unknown>>;
      for (const term of Object.keys(metadata)) {
        const matchedFields = Object.keys(metadata[term]);
        for (const owner of owners.get(term) ?? []) {
          if (matchedFields.some((field) => owner.fields.includes(field as SearchField))) mask |= owner.bit;
        }
      }
      if (mask === 0) continue;
      docs[count++] = doc;
      masks[doc] = mask;
      scores[doc] = result.score;
    }
    return { count, docs, scores, masks };
  }

  serialize(): Uint8Array[] {
    const { invertedIndex, fieldVectors } = this.internals;
    const terms: string[] = [];
    for (const [term, posting] of Object.entries(invertedIndex)) terms[posting._index as number] = term;
    const offsets = new Uint32Array(this.docCount * FIELD_COUNT + 1);
    const indexes: number[] = [];
    const values: number[] = [];
    for (let doc = 0; doc < this.docCount; doc++) {
      SEARCH_FIELDS.forEach((field, f) => {
        const elements = fieldVectors[`${field}/${ref(doc)}`]?.elements ?? [];
        for (let i = 0; i < elements.length; i += 2) {
          indexes.push(elements[i]);
          values.push(elements[i + 1]);
        }
        offsets[doc * FIELD_COUNT + f + 1] = indexes.length;
      });
    }
    const header = Buffer.from(
      JSON.stringify({ magic: MAGIC, format: FORMAT, docCount: this.docCount, terms, fieldLengthTotals: [...this.fieldLengthTotals] }),
      'utf8',
    );
    const length = new Uint32Array([header.length, indexes.length]);
    const pad = new Uint8Array((4 - (header.length % 4)) % 4);
    return [
      new Uint8Array(length.buffer),
      header,
      pad,
      new Uint8Array(offsets.buffer),
      new Uint8Array(new Uint32Array(indexes).buffer),
      new Uint8Array(new Float32Array(values).buffer),
    ];
  }
}

/** Replaces lunr's per-posting empty metadata objects with one shared object (see the file comment). */
function shareEmptyMetadata(invertedIndex: LunrIndexInternals['invertedIndex']): void {
  for (const term in invertedIndex) {
    const posting = invertedIndex[term];
    for (const field of SEARCH_FIELDS) {
      const docs = posting[field] as Record<string, unknown>;
      for (const key in docs) docs[key] = EMPTY_METADATA;
    }
  }
}

async function build(docs: readonly SearchDoc[], pause: Pause): Promise<LunrSegment> {
  const builder = new lunr.Builder();
  builder.ref('r');
  for (const field of SEARCH_FIELDS) builder.field(field, { boost: FIELD_BOOSTS[field] });
  builder.metadataWhitelist = [];
  const fieldLengthTotals = new Float64Array(FIELD_COUNT);
  const tokenize = (value: unknown, metadata?: { fields?: string[] }): lunr.Token[] => {
    const tokens: lunr.Token[] = [];
    forEachToken(typeof value === 'string' ? value : '', 'bigram', (term) => tokens.push(new lunr.Token(term, {})));
    const field = metadata?.fields?.[0] as SearchField | undefined;
    if (field) fieldLengthTotals[SEARCH_FIELDS.indexOf(field)] += tokens.length;
    return tokens;
  };
  builder.tokenizer = tokenize as unknown as typeof lunr.tokenizer;
  let sliceStart = performance.now();
  for (let doc = 0; doc < docs.length; doc++) {
    const source = docs[doc];
    builder.add({
      r: ref(doc),
      title: source.title,
      tags: source.tags,
      body: source.body,
      counterpart: source.counterpart,
      people: source.people,
    });
    if (performance.now() - sliceStart > SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
  }
  // lunr.Builder#build, step by step, so the pipeline and the metadata can be set.
  const internals = builder as unknown as LunrBuilderInternals;
  internals.calculateAverageFieldLengths();
  internals.createFieldVectors();
  await pause();
  internals.createTokenSet();
  shareEmptyMetadata(internals.invertedIndex);
  const index = newLunrIndex({
    invertedIndex: internals.invertedIndex,
    fieldVectors: internals.fieldVectors as LunrIndexInternals['fieldVectors'],
    tokenSet: internals.tokenSet,
    fields: [...SEARCH_FIELDS],
    pipeline: alternativesPipeline(),
  });
  return new LunrSegment(index, docs.length, fieldLengthTotals);
}

function load(input: Uint8Array): LunrSegment {
  const bytes = input.byteOffset % 4 === 0 ? input : new Uint8Array(input);
  if (bytes.length < 8) throw new Error('lunr segment: truncated');
  const [headerLength, entryCount] = new Uint32Array(bytes.buffer, bytes.byteOffset, 2);
  if (8 + headerLength > bytes.length) throw new Error('lunr segment: truncated header');
  const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, headerLength).toString('utf8')) as {
    magic: string;
    format: number;
    docCount: number;
    terms: string[];
    fieldLengthTotals: number[];
  };
  if (header.magic !== MAGIC || header.format !== FORMAT) throw new Error('lunr segment: not this format or version');
  const { docCount, terms } = header;
  let at = 8 + headerLength + ((4 - (headerLength % 4)) % 4);
  const offsets = new Uint32Array(bytes.buffer, bytes.byteOffset + at, docCount * FIELD_COUNT + 1);
  at += offsets.byteLength;
  const indexes = new Uint32Array(bytes.buffer, bytes.byteOffset + at, entryCount);
  at += indexes.byteLength;
  const values = new Float32Array(bytes.buffer, bytes.byteOffset + at, entryCount);
  if (at + values.byteLength !== bytes.length || offsets[docCount * FIELD_COUNT] !== entryCount)
    throw new Error('lunr segment: sizes do not add up');
  const invertedIndex: LunrIndexInternals['invertedIndex'] = Object.create(null);
  terms.forEach((term, index) => {
    const posting: Record<string, unknown> = Object.create(null);
    posting._index = index;
    for (const field of SEARCH_FIELDS) posting[field] = Object.create(null);
    invertedIndex[term] = posting;
  });
  const fieldVectors: LunrIndexInternals['fieldVectors'] = Object.create(null);
  for (let doc = 0; doc < docCount; doc++) {
    const docRef = ref(doc);
    SEARCH_FIELDS.forEach((field, f) => {
      const from = offsets[doc * FIELD_COUNT + f];
      const to = offsets[doc * FIELD_COUNT + f + 1];
      const elements: number[] = [];
      for (let i = from; i < to; i++) {
        const term = terms[indexes[i]];
        if (term === undefined) throw new Error('lunr segment: vector names an unknown term');
        elements.push(indexes[i], Math.round(values[i] * 1000) / 1000);
        (invertedIndex[term][field] as Record<string, unknown>)[docRef] = EMPTY_METADATA;
      }
      fieldVectors[`${field}/${docRef}`] = new lunr.Vector(elements) as unknown as { elements: number[] };
    });
  }
  const tokenSetBuilder = new TokenSet.Builder();
  for (const term of [...terms].sort()) tokenSetBuilder.insert(term);
  tokenSetBuilder.finish();
  const index = newLunrIndex({
    invertedIndex,
    fieldVectors,
    tokenSet: tokenSetBuilder.root,
    fields: [...SEARCH_FIELDS],
    pipeline: alternativesPipeline(),
  });
  return new LunrSegment(index, docCount, Float64Array.from(header.fieldLengthTotals));
}

export const lunrEngine: SearchEngine = {
  id: `lunr-${lunr.version}-${FORMAT}`,
  build,
  load,
};
