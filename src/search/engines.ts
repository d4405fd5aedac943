// The engines by name, and which one an index uses unless told otherwise.
//
// DEFAULT_ENGINE is `compact`, the engine that meets the 100k targets (README.md: lunr needs
// 871 MB and 7–12 s to open at 10k records and cannot index 100k). lunr stays the query language
// and the stemmer of both, and the alternative engine (`liaison.search.engine: lunr`). An index
// of the other engine is discarded on open and rebuilt once (searchIndex.ts).
import { compactEngine } from './compactEngine';
import type { SearchEngine } from './engine';
import { lunrEngine } from './lunrEngine';

export type EngineName = 'lunr' | 'compact';

export const DEFAULT_ENGINE: EngineName = 'compact';

export function engineNamed(name: EngineName = DEFAULT_ENGINE): SearchEngine {
  return name === 'compact' ? compactEngine : lunrEngine;
}
