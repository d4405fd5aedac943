// A query string -> a `ParsedQuery` of term groups, engine-independent.
//
// Syntax is lunr's (`field:term`, `+required`, `-prohibited`, `pay*`, `paymnet~1`, `title^5`), parsed by
// lunr's own QueryParser; then every clause term goes through the analyzer that built the index,
// because lunr's parser splits only on spaces and hyphens ("接口延迟" is one lunr term but three
// index terms). Added to lunr's syntax, taken out of the text before lunr sees it:
//   kind:NAME status:NAME priority:NAME space:NAME department:NAME
//                                   filters (repeat one, or comma-separate, to allow several values);
//                                   kinds, statuses and priorities also by their names in Chinese
//                                   (Simplified or Traditional) or English: kind:协作请求,
//                                   status:已交付, status:處理中, priority:紧急 (facets.ts)
//   from:NAME                       sent by that person, or from that department ("Wang Fang" quoted)
//   to:NAME                         addressed to that person or department (the audience)
//   after:YYYY-MM-DD before:YYYY-MM-DD   created on or after / before that day (China Standard Time)
// `mentions:NAME` (or people:) is a field query: anyone named on the record (sender, recipients,
// owners, attendees, whoever acted on it). While typing, a from:/to: value at the end is a prefix.
//
// Semantics, as users expect of a search box:
//   - every plain word must match (AND), unlike lunr's default OR;
//   - while typing, the last word is also a prefix (`paym` finds "payment");
//   - `relax()` gives the typo-tolerant second try (fuzzy English words; Chinese runs may miss a
//     third of their bigrams) that the index runs when the exact words find little.
import { foldChinese } from '../domain/chineseFold';
import { kindsNamed, nameKey, prioritiesNamed, statusesNamed } from './facets';
import { FIELD_ALIASES, SEARCH_FIELDS } from './searchDoc';
import type { SearchField } from './searchDoc';
import { analyze, isCjkTerm, stem } from './tokenizer';
import type { ChineseSegmentation } from './tokenizer';
import { PRESENCE, isLunrParseError, parseLunrQuery } from './lunrInternals';
import type { LunrClause } from './lunrInternals';

/** One way a group can match: an index term, or a pattern that expands to index terms. */
export interface Alternative {
  readonly kind: 'exact' | 'prefix' | 'pattern' | 'fuzzy';
  /** exact: the term; prefix: the prefix; pattern: with `*`; fuzzy: the term to be near. */
  readonly term: string;
  /** Edit distance of a fuzzy alternative. */
  readonly distance?: number;
  /** Multiplies the score of what this alternative matches (exact 1, others less). */
  readonly weight: number;
}

/**
 * must:    counts toward `minimumMatch` (a plain word);
 * strict:  always required (`+word`);
 * exclude: a doc matching every exclude group of the same `exclusion` is dropped (`-word`, and
 *          `-接口延迟` drops records having all three bigrams, not any of them).
 */
export type GroupRole = 'must' | 'strict' | 'exclude';

export interface TermGroup {
  readonly role: GroupRole;
  readonly exclusion?: number;
  readonly fields: readonly SearchField[];
  readonly boost: number;
  readonly alternatives: readonly Alternative[];
}

export interface QueryFilters {
  kind?: string[];
  status?: string[];
  space?: string[];
  department?: string[];
  priority?: string[];
  /** `from:` names (nameKey); one ending in `*` is a prefix. Matches the sender or her department. */
  sender?: string[];
  /** `to:` names (nameKey); one ending in `*` is a prefix. Matches a recipient. */
  recipient?: string[];
  /** Inclusive lower bound on createdAt (ISO instant or YYYY-MM-DD). */
  from?: string;
  /** Exclusive upper bound on createdAt (ISO instant or YYYY-MM-DD). */
  to?: string;
}

export interface ParsedQuery {
  readonly groups: readonly TermGroup[];
  /** How many `must` groups a doc must match (all of them unless relaxed). */
  readonly minimumMatch: number;
  /** Filters written in the query text (kind:…, after:…). */
  readonly filters: QueryFilters;
  /** True for the typo-tolerant retry. */
  readonly relaxed: boolean;
}

/** Groups beyond this are dropped (the engines track matched groups in a 32-bit mask). */
export const MAX_GROUPS = 32;
const MIN_PREFIX = 2;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.4;

const FILTER_SYNTAX = /(^|\s)(kind|status|priority|space|department|after|before|from|to):("[^"]*"?|\S+)/giu;

export interface ParseOptions {
  /** The user is still typing: the last word also matches as a prefix. Default true. */
  typing?: boolean;
  chinese?: ChineseSegmentation;
}

type ListFilter = 'kind' | 'status' | 'priority' | 'space' | 'department' | 'sender' | 'recipient';

/** Filter values as the index holds them: names of kinds, statuses and priorities resolved, names of people folded. */
export function resolveFilterValues(key: ListFilter, values: readonly string[]): string[] {
  switch (key) {
    case 'kind':
      return values.flatMap(kindsNamed);
    case 'status':
      return values.flatMap(statusesNamed);
    case 'priority':
      return values.flatMap(prioritiesNamed);
    case 'department':
      return values.map((value) => foldChinese(value.normalize('NFKC')));
    case 'sender':
    case 'recipient':
      return values.map((value) => (value.endsWith('*') ? `${nameKey(value.slice(0, -1))}*` : nameKey(value)));
    default:
      return [...values];
  }
}

function takeFilters(text: string, typing: boolean): { rest: string; filters: QueryFilters } {
  const filters: QueryFilters = {};
  const rest = text.replace(FILTER_SYNTAX, (all: string, lead: string, name: string, raw: string, offset: number) => {
    const key = name.toLowerCase();
    const quoted = raw.startsWith('"');
    const value = quoted ? raw.replace(/^"|"$/g, '') : raw;
    if (key === 'after') filters.from = value;
    else if (key === 'before') filters.to = value;
    else {
      const filter: ListFilter = key === 'from' ? 'sender' : key === 'to' ? 'recipient' : (key as ListFilter);
      // A name still being typed at the end of the box matches as a prefix.
      const atEnd = offset + all.length === text.length && !(quoted && raw.length > 1 && raw.endsWith('"'));
      const parts = quoted ? [value] : value.split(',').filter(Boolean);
      const typed = parts.map((part, index) =>
        typing && atEnd && index === parts.length - 1 && (filter === 'sender' || filter === 'recipient') && !part.endsWith('*')
          ? `${part}*`
          : part,
      );
      (filters[filter] ??= []).push(
        ...resolveFilterValues(
          filter,
          typed.filter((part) => part.trim() !== ''),
        ),
      );
    }
    return lead;
  });
  return { rest, filters };
}

const LUNR_FIELDS = [...new Set([...SEARCH_FIELDS, ...Object.keys(FIELD_ALIASES)])];

/** lunr's parser, retried with its special characters blanked out when the text does not parse (e.g. "10:30"). */
function lunrClauses(text: string): LunrClause[] {
  for (const attempt of [text, text.replace(/[:~^]/g, ' '), text.replace(/[:~^+\-*\\]/g, ' ')]) {
    try {
      return parseLunrQuery(attempt, LUNR_FIELDS);
    } catch (error) {
      if (!isLunrParseError(error)) throw error;
    }
  }
  return [];
}

function fieldsOf(clause: LunrClause): readonly SearchField[] {
  if (clause.fields.length === LUNR_FIELDS.length) return SEARCH_FIELDS;
  return [...new Set(clause.fields.map((name) => FIELD_ALIASES[name] ?? 'body'))];
}

function normalizeRaw(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Alternatives for a clause term with `*` (lunr skips the pipeline for those; so do we, but for CJK runs). */
function wildcardGroups(term: string): Alternative[][] {
  const raw = normalizeRaw(term);
  const letters = raw.replace(/\*/g, '');
  if (letters === '') return [];
  if (analyze(letters).some((token) => isCjkTerm(token.term))) {
    // "接口*": the bigrams of the text; a lone "延*": bigrams starting with it.
    const tokens = analyze(letters);
    if (tokens.length === 1 && [...letters].length === 1) return [[{ kind: 'prefix', term: foldChinese(letters), weight: PREFIX_WEIGHT }]];
    return tokens.map((token) => [{ kind: 'exact', term: token.term, weight: 1 }]);
  }
  if (/^[^*]+\*$/.test(raw)) return [[{ kind: 'prefix', term: raw.slice(0, -1), weight: PREFIX_WEIGHT }]];
  return [[{ kind: 'pattern', term: raw, weight: PREFIX_WEIGHT }]];
}

/** Parses a query string. Never throws: text that lunr cannot parse is searched as plain words. */
export function parseQuery(text: string, options: ParseOptions = {}): ParsedQuery {
  const chinese = options.chinese ?? 'bigram';
  const typing = options.typing ?? true;
  const { rest, filters } = takeFilters(text, typing);
  const clauses = lunrClauses(rest);
  // The last clause is still being typed when the text ends in a letter or digit.
  const typingLast = typing && /[\p{L}\p{N}]$/u.test(rest);
  const groups: TermGroup[] = [];
  let exclusions = 0;
  clauses.forEach((clause, index) => {
    const fields = fieldsOf(clause);
    const role: GroupRole = clause.presence === PRESENCE.REQUIRED ? 'strict' : clause.presence === PRESENCE.PROHIBITED ? 'exclude' : 'must';
    const exclusion = role === 'exclude' ? exclusions++ : undefined;
    const boost = clause.boost > 0 ? clause.boost : 1;
    const push = (alternatives: Alternative[]): void => {
      groups.push({ role, exclusion, fields, boost, alternatives });
    };
    if (clause.term.includes('*')) {
      for (const alternatives of wildcardGroups(clause.term)) push(alternatives);
      return;
    }
    const tokens = analyze(clause.term, chinese);
    const fuzzy = clause.editDistance !== undefined && clause.editDistance > 0 ? Math.min(clause.editDistance, 2) : 0;
    const isLast = typingLast && index === clauses.length - 1 && role !== 'exclude' && fuzzy === 0 && clause.boost === 1;
    if (tokens.length === 0) {
      // Only stop words, but the user may be typing a longer word ("the" -> "theme").
      const raw = normalizeRaw(clause.term);
      if (isLast && /^[a-z0-9]+$/.test(raw) && raw.length >= MIN_PREFIX) push([{ kind: 'prefix', term: raw, weight: PREFIX_WEIGHT }]);
      return;
    }
    tokens.forEach((token, tokenIndex) => {
      const alternatives: Alternative[] = [{ kind: 'exact', term: token.term, weight: 1 }];
      const cjk = isCjkTerm(token.term);
      if (fuzzy > 0 && !cjk) alternatives.push({ kind: 'fuzzy', term: token.term, distance: fuzzy, weight: FUZZY_WEIGHT });
      const lastToken = tokenIndex === tokens.length - 1 && token.end === clause.term.length;
      if (isLast && lastToken) {
        const typed = normalizeRaw(clause.term.slice(token.start, token.end));
        if (cjk && [...token.term].length === 1) alternatives.push({ kind: 'prefix', term: token.term, weight: PREFIX_WEIGHT });
        else if (!cjk && typed.length >= MIN_PREFIX) {
          // Prefix of what was typed, and of its stem when the stemmer cut letters ("companies" -> "compani").
          alternatives.push({ kind: 'prefix', term: commonPrefix(typed, token.term), weight: PREFIX_WEIGHT });
        }
      }
      push(alternatives);
    });
  });
  const kept = keepGroups(groups);
  const must = kept.filter((group) => group.role === 'must').length;
  return { groups: kept, minimumMatch: must, filters, relaxed: false };
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, Math.max(i, MIN_PREFIX));
}

/** At most MAX_GROUPS groups, positive ones first; identical groups once. */
function keepGroups(groups: TermGroup[]): TermGroup[] {
  const seen = new Set<string>();
  const unique = groups.filter((group) => {
    const key = JSON.stringify(group);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const positive = unique.filter((group) => group.role !== 'exclude');
  const negative = unique.filter((group) => group.role === 'exclude');
  return [...positive, ...negative].slice(0, MAX_GROUPS);
}

/**
 * The typo-tolerant retry of a query, or undefined when there is nothing to relax: English words
 * of 4+ letters also match within edit distance 1 (8+ letters: 2), and when there are three or
 * more `must` groups a doc may miss a third of them (a mistyped character in 接口延时 spoils two
 * bigrams of five in a longer phrase, one of three in a word).
 */
export function relax(query: ParsedQuery): ParsedQuery | undefined {
  if (query.relaxed) return undefined;
  let changed = false;
  const groups = query.groups.map((group): TermGroup => {
    if (group.role === 'exclude') return group;
    const exact = group.alternatives.find((alternative) => alternative.kind === 'exact');
    if (!exact || isCjkTerm(exact.term) || !/^[a-z]+$/.test(exact.term) || exact.term.length < 4) return group;
    if (group.alternatives.some((alternative) => alternative.kind === 'fuzzy')) return group;
    changed = true;
    const distance = exact.term.length >= 8 ? 2 : 1;
    // Fuzzy on the stem, and on the stem of a near-miss spelling: "paymnets" stems to "paymnet".
    return { ...group, alternatives: [...group.alternatives, { kind: 'fuzzy', term: stem(exact.term), distance, weight: FUZZY_WEIGHT }] };
  });
  const must = groups.filter((group) => group.role === 'must').length;
  const minimumMatch = must >= 3 ? Math.ceil((must * 2) / 3) : must;
  if (minimumMatch < query.minimumMatch) changed = true;
  return changed ? { groups, minimumMatch, filters: query.filters, relaxed: true } : undefined;
}

/** True when the query matches every doc (no positive groups): the filters alone decide. */
export function matchesAll(query: ParsedQuery): boolean {
  return !query.groups.some((group) => group.role !== 'exclude');
}
