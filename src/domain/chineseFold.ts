// Traditional ↔ Simplified folding, character by character: every Traditional character (and
// its Taiwan and Hong Kong variants) becomes the Simplified one OpenCC maps it to, so 溝通 and
// 沟通, 處理中 and 处理中, 相關部門 and 相关部门 compare equal. Used by the search analyzer (one
// index for both scripts: a search for either finds both) and by the lint (its phrase lists are
// Simplified; a Traditional draft is read folded). One UTF-16 unit becomes one unit, so offsets
// into the folded text are offsets into the original. The table (OpenCC's TSCharacters with the
// TW/HK variant tables in front, from opencc-js) is built once, on first use, as a 64 K array.
// Characters outside the BMP, and phrase-level conversions, are left alone: folding is for
// matching, never for showing.
import { Locale } from 'opencc-js/t2cn';

let table: Uint16Array | undefined;

/**
 * Adds each single-unit source → single-unit target of `dictionary` ("src tgt|src tgt alt|…", or
 * pairs) to `map`, the first mapping of a source winning. Scanned in place: no array per entry.
 */
function addPairs(map: Map<number, number>, dictionary: unknown): void {
  if (Array.isArray(dictionary)) {
    for (const [source, target] of dictionary as [string, string][])
      if (source.length === 1 && target.length === 1 && !map.has(source.charCodeAt(0))) map.set(source.charCodeAt(0), target.charCodeAt(0));
    return;
  }
  if (typeof dictionary !== 'string') return;
  for (let at = 0; at < dictionary.length;) {
    const end = dictionary.indexOf('|', at);
    const stop = end < 0 ? dictionary.length : end;
    // One unit, a space, one unit, then the end of the entry or another alternative.
    if (stop - at >= 3 && dictionary.charCodeAt(at + 1) === 32 && (stop - at === 3 || dictionary.charCodeAt(at + 3) === 32)) {
      const source = dictionary.charCodeAt(at);
      if (!map.has(source)) map.set(source, dictionary.charCodeAt(at + 2));
    }
    at = stop + 1;
  }
}

/** Single-unit source → single-unit target of every dictionary in `groups`. */
function charMap(groups: readonly (readonly unknown[])[] | undefined): Map<number, number> {
  const map = new Map<number, number>();
  for (const group of groups ?? []) for (const dictionary of group) addPairs(map, dictionary);
  return map;
}

function build(): Uint16Array {
  const folded = new Uint16Array(65536);
  const toSimplified = charMap(Locale.to.cn);
  // Regional variants first lead to OpenCC's standard Traditional form, then to Simplified; a
  // variant is taken only where that reaches a Simplified character (so 么 stays 么).
  const variants = new Map([...charMap(Locale.from.hk), ...charMap(Locale.from.tw)]);
  for (const [source, target] of toSimplified) folded[source] = target;
  for (const [source, standard] of variants) {
    const simplified = toSimplified.get(standard);
    if (folded[source] === 0 && simplified !== undefined) folded[source] = simplified;
  }
  // Idempotent: a target that itself folds is followed to the end (a few chains exist).
  for (const source of [...toSimplified.keys(), ...variants.keys()]) {
    let target = folded[source];
    for (let steps = 0; target !== 0 && folded[target] !== 0 && steps < 4; steps++) target = folded[target];
    folded[source] = target === source ? 0 : target;
  }
  return folded;
}

/** The fold table: `table[code]` is the Simplified code unit, or 0 when `code` folds to itself. */
export function foldTable(): Uint16Array {
  table ??= build();
  return table;
}

/** The code unit `code` folds to. */
export function foldCode(code: number): number {
  return foldTable()[code] || code;
}

/** `text` with every Traditional character folded to Simplified (same length, same offsets). */
export function foldChinese(text: string): string {
  const folded = foldTable();
  let out = '';
  let copied = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // Han characters start at U+2E80; everything below folds to itself.
    if (code < 0x2e80) continue;
    const target = folded[code];
    if (target === 0) continue;
    out += text.slice(copied, index) + String.fromCharCode(target);
    copied = index + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
