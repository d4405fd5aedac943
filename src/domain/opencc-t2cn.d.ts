// Types for `opencc-js/t2cn` (Traditional → Simplified dictionaries only, 109 KB), which the
// package's own types declare through `exports`, a map TypeScript's node10 resolution does not read.
declare module 'opencc-js/t2cn' {
  /** Each dictionary is "source target|source target|…" (or pairs); groups are applied in order. */
  type DictLike = string | readonly (readonly [string, string])[];
  export const Locale: {
    readonly from: Readonly<Record<string, readonly (readonly DictLike[])[]>>;
    readonly to: Readonly<Record<string, readonly (readonly DictLike[])[]>>;
  };
}
