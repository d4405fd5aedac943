// Runs a parsed query over a snapshot of segments: expands each group in each segment, lets the
// engine score, then applies what is the same for every engine — deleted docs, strict and
// minimum-match groups, exclusions, filters — and keeps the best k.
import { foldChinese } from '../domain/chineseFold';
import type { DocTable } from './docTable';
import type { CorpusStats, ExpandedGroup } from './engine';
import { FIELD_COUNT } from './engine';
import { matchesAll } from './query';
import type { ParsedQuery, QueryFilters } from './query';
import { LABELS_SEPARATOR } from './searchDoc';
import type { Segment } from './segment';
import { TopK } from './topK';
import type { Candidate } from './topK';

export interface Located {
  readonly segment: Segment;
  readonly doc: number;
}

export interface Evaluated {
  readonly total: number;
  /** Best first. */
  readonly top: readonly Candidate<Located>[];
  /** Index terms the positive groups matched, for highlighting. */
  readonly highlightTerms: ReadonlySet<string>;
}

/** A YYYY-MM-DD day starts at 00:00 China Standard Time (UTC+8), like the dates Liaison writes. */
export function parseDateBound(text: string | undefined): number {
  if (text === undefined || text === '') return Number.NaN;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T00:00:00+08:00`);
  return Date.parse(text);
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
}

interface FilterCheck {
  (segment: Segment, doc: number): boolean;
}

/** Does a column value listing names (joined by LABELS_SEPARATOR) hold one of `wanted` (a name, or a prefix ending in `*`)? */
function namesMatch(wanted: readonly string[]): (value: string) => boolean {
  const exact = new Set(wanted.filter((name) => !name.endsWith('*')));
  const prefixes = wanted.filter((name) => name.endsWith('*')).map((name) => name.slice(0, -1));
  return (value) =>
    value !== '' &&
    value.split(LABELS_SEPARATOR).some((name) => exact.has(name) || prefixes.some((prefix) => prefix !== '' && name.startsWith(prefix)));
}

type FilterColumn = 'kind' | 'status' | 'department' | 'space' | 'priority' | 'sender' | 'recipients';

/** The codes each filter allows in one segment's columns; absent = no filter on that column. */
function allowedCodes(table: DocTable, filters: QueryFilters): Partial<Record<FilterColumn, Set<number>>> {
  const department = filters.department?.length ? new Set(filters.department) : undefined;
  return {
    kind: filters.kind?.length ? table.kind.codesOf(filters.kind) : undefined,
    status: filters.status?.length ? table.status.codesOf(filters.status) : undefined,
    department: department ? table.department.codesWhere((value) => department.has(foldChinese(value.normalize('NFKC')))) : undefined,
    space: filters.space?.length ? table.space.codesOf(filters.space) : undefined,
    priority: filters.priority?.length ? table.priority.codesOf(filters.priority) : undefined,
    sender: filters.sender?.length ? table.sender.codesWhere(namesMatch(filters.sender)) : undefined,
    recipients: filters.recipient?.length ? table.recipients.codesWhere(namesMatch(filters.recipient)) : undefined,
  };
}

const FILTER_COLUMNS: readonly FilterColumn[] = ['kind', 'status', 'department', 'space', 'priority', 'sender', 'recipients'];

function filterCheck(filters: QueryFilters): FilterCheck {
  const from = parseDateBound(filters.from);
  const to = parseDateBound(filters.to);
  const cache = new Map<Segment, Partial<Record<FilterColumn, Set<number>>>>();
  return (segment, doc) => {
    const { table } = segment;
    let codes = cache.get(segment);
    if (!codes) {
      codes = allowedCodes(table, filters);
      cache.set(segment, codes);
    }
    for (const column of FILTER_COLUMNS) {
      const allowed = codes[column];
      if (allowed && !allowed.has(table[column].codes[doc])) return false;
    }
    const created = table.createdAt[doc];
    if (!Number.isNaN(from) && !(created >= from)) return false;
    if (!Number.isNaN(to) && !(created < to)) return false;
    return true;
  };
}

/** True when any filter is set (then even a query without words lists what passes). */
export function hasFilters(filters: QueryFilters): boolean {
  return Boolean(
    filters.kind?.length ||
    filters.status?.length ||
    filters.department?.length ||
    filters.space?.length ||
    filters.priority?.length ||
    filters.sender?.length ||
    filters.recipient?.length ||
    filters.from ||
    filters.to,
  );
}

/** Corpus statistics over every segment (deleted docs included, as Lucene does): one scale for all scores. */
function corpusStats(segments: readonly Segment[]): CorpusStats {
  let docCount = 0;
  const totals = new Float64Array(FIELD_COUNT);
  for (const segment of segments) {
    docCount += segment.docCount;
    for (let f = 0; f < FIELD_COUNT; f++) totals[f] += segment.engine.fieldLengthTotals[f];
  }
  const averageFieldLength = totals.map((total) => (docCount > 0 ? total / docCount : 0));
  const frequencies = new Map<string, number>();
  return {
    docCount,
    averageFieldLength,
    documentFrequency(term: string): number {
      let df = frequencies.get(term);
      if (df === undefined) {
        df = 0;
        for (const segment of segments) df += segment.engine.documentFrequency(term);
        frequencies.set(term, df);
      }
      return df;
    },
  };
}

export function evaluate(
  segments: readonly Segment[],
  query: ParsedQuery,
  filters: QueryFilters,
  k: number,
  maxExpansions: number,
): Evaluated {
  const passes = filterCheck(filters);
  const filtered = hasFilters(filters);
  const top = new TopK<Located>(k);
  const highlightTerms = new Set<string>();
  let strictMask = 0;
  let mustMask = 0;
  const exclusionMasks = new Map<number, number>();
  query.groups.forEach((group, index) => {
    const bit = (1 << index) >>> 0;
    if (group.role === 'strict') strictMask = (strictMask | bit) >>> 0;
    if (group.role === 'must') mustMask = (mustMask | bit) >>> 0;
    if (group.role === 'exclude')
      exclusionMasks.set(group.exclusion ?? index, ((exclusionMasks.get(group.exclusion ?? index) ?? 0) | bit) >>> 0);
  });
  const exclusions = [...exclusionMasks.values()];
  const everything = matchesAll(query);
  const mustCount = query.groups.filter((group) => group.role === 'must').length;
  // Every positive group required (not relaxed): engines may skip docs lacking one.
  const conjunctive = query.minimumMatch >= mustCount;
  const stats = corpusStats(segments);
  let total = 0;
  for (const segment of segments) {
    if (segment.liveCount === 0) continue;
    const expanded: ExpandedGroup[] = query.groups.map((group, index) => {
      const weights = new Map<string, number>();
      for (const alternative of group.alternatives) {
        for (const term of segment.engine.expand(alternative, maxExpansions)) {
          weights.set(term, Math.max(weights.get(term) ?? 0, alternative.weight));
        }
      }
      if (group.role !== 'exclude') for (const term of weights.keys()) highlightTerms.add(term);
      return {
        bit: (1 << index) >>> 0,
        fields: group.fields,
        boost: group.role === 'exclude' ? 0 : group.boost,
        terms: [...weights].map(([term, weight]) => ({ term, weight })),
        required: group.role === 'strict' || (group.role === 'must' && conjunctive),
      };
    });
    // A required group with no term in this segment: nothing here can match.
    if (!everything && expanded.some((group) => group.required && group.terms.length === 0)) continue;
    const matches = segment.engine.match(expanded, stats);
    const { deleted, table } = segment;
    const createdAt = table.createdAt;
    const count = everything ? segment.docCount : matches.count;
    for (let i = 0; i < count; i++) {
      const doc = everything ? i : matches.docs[i];
      if ((deleted[doc >> 3] & (1 << (doc & 7))) !== 0) continue;
      const mask = matches.masks[doc];
      if (!everything) {
        if ((mask & strictMask) >>> 0 !== strictMask) continue;
        if (popcount(mask & mustMask) < query.minimumMatch) continue;
      }
      let excluded = false;
      for (const exclusion of exclusions) if ((mask & exclusion) >>> 0 === exclusion) excluded = true;
      if (excluded || (filtered && !passes(segment, doc))) continue;
      total++;
      const score = everything ? 0 : matches.scores[doc];
      const tie = Number.isNaN(createdAt[doc]) ? 0 : createdAt[doc];
      if (top.accepts(score, tie)) top.offer({ score, tie, item: { segment, doc } });
    }
  }
  return { total, top: top.sorted(), highlightTerms };
}
