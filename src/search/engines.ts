// The engines by name, and which one an index uses unless told otherwise.
//
// DEFAULT_ENGINE is lunr, the library users asked for. README.md shows it cannot meet the 100k
// targets (heap, load time, query time) and proposes `compact` instead; switching is this line.
import { compactEngine } from './compactEngine';
import type { SearchEngine } from './engine';
import { lunrEngine } from './lunrEngine';

export type EngineName = 'lunr' | 'compact';

export const DEFAULT_ENGINE: EngineName = 'lunr';

export function engineNamed(name: EngineName = DEFAULT_ENGINE): SearchEngine {
  return name === 'compact' ? compactEngine : lunrEngine;
}
