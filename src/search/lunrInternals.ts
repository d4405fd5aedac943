// The parts of lunr 2.3.9 this folder uses that @types/lunr does not describe (the query parser,
// the TokenSet constructors, the builder's build steps, Index internals), typed once here so
// the casts live in one file. Pinned by package.json; a lunr upgrade must re-check this file.
import lunr from 'lunr';

export interface LunrClause {
  term: string;
  fields: string[];
  boost: number;
  editDistance?: number;
  usePipeline: boolean;
  wildcard: number;
  presence: number;
}

export interface LunrQuery {
  allFields: string[];
  clauses: LunrClause[];
}

export interface LunrTokenSet {
  intersect(other: LunrTokenSet): LunrTokenSet;
  toArray(): string[];
}

interface TokenSetStatics {
  fromString(text: string): LunrTokenSet;
  fromFuzzyString(text: string, editDistance: number): LunrTokenSet;
  Builder: new () => { root: LunrTokenSet; insert(word: string): void; finish(): void };
}

/** lunr.Index's own fields (all public in lunr's source, untyped in @types/lunr). */
export interface LunrIndexInternals {
  invertedIndex: Record<string, Record<string, unknown>>;
  fieldVectors: Record<string, { elements: number[] }>;
  tokenSet: LunrTokenSet;
  fields: string[];
  pipeline: lunr.Pipeline;
}

export interface LunrBuilderInternals {
  invertedIndex: Record<string, Record<string, unknown>>;
  fieldVectors: Record<string, unknown>;
  tokenSet: LunrTokenSet;
  calculateAverageFieldLengths(): void;
  createFieldVectors(): void;
  createTokenSet(): void;
}

const lunrAny = lunr as unknown as {
  Query: new (allFields: string[]) => LunrQuery;
  QueryParser: new (text: string, query: LunrQuery) => { parse(): LunrQuery };
  QueryParseError: new (...args: unknown[]) => Error;
  TokenSet: TokenSetStatics;
  Index: new (attrs: Record<string, unknown>) => lunr.Index;
};

export const PRESENCE = { OPTIONAL: 1, REQUIRED: 2, PROHIBITED: 3 } as const;

/** Parses `text` with lunr's own query grammar (field:term, +/-, *, ~N, ^N). Throws lunr.QueryParseError. */
export function parseLunrQuery(text: string, fields: string[]): LunrClause[] {
  const query = new lunrAny.Query(fields);
  new lunrAny.QueryParser(text, query).parse();
  return query.clauses;
}

export function isLunrParseError(error: unknown): boolean {
  return error instanceof Error && error.name === 'QueryParseError';
}

export const TokenSet: TokenSetStatics = lunrAny.TokenSet;

export function newLunrIndex(attrs: Omit<LunrIndexInternals, never>): lunr.Index {
  return new lunrAny.Index(attrs as unknown as Record<string, unknown>);
}

export function internalsOf(index: lunr.Index): LunrIndexInternals {
  return index as unknown as LunrIndexInternals;
}
