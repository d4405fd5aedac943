// Stop words of both languages: terms too common to help a search, never indexed and dropped from
// queries (the same analyzer runs on both sides, so a query of only stop words finds nothing
// rather than everything).

/** lunr's English list (lunr.stopWordFilter), copied because lunr does not export the list itself. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a able about across after all almost also am among an and any are as at be because been but by can cannot could dear ' +
    'did do does either else ever every for from get got had has have he her hers him his how however i if in into is it ' +
    'its just least let like likely may me might most must my neither no nor not of off often on only or other our own ' +
    'rather said say says she should since so some than that the their them then there these they this tis to too twas us ' +
    'wants was we were what when where which while who whom why will with would yet you your'
  ).split(' '),
);

/**
 * Chinese function words. With CJK bigrams (see tokenizer.ts) a single character is a token only
 * when it stands alone between punctuation or Latin text, and a two-character word is one bigram,
 * so the list holds single characters (的, 了, 和…) and the most common two-character function
 * words (我们, 一个, 可以, 关于…). Content words are never listed, even common ones (需求, 问题).
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 着 过 是 在 和 与 及 或 而 并 也 都 就 又 还 把 被 让 给 对 向 从 于 以 为 之 其 这 那 你 我 他 她 它 ' +
    '们 个 吗 呢 吧 啊 呀 嘛 哦 等 将 已 该 每 各 ' +
    '我们 你们 他们 她们 它们 这个 那个 这些 那些 一个 一些 可以 没有 因为 所以 但是 如果 已经 还是 就是 ' +
    '什么 自己 以及 或者 并且 而且 然后 由于 对于 关于 这样 那样 这里 那里 其中 以上 以下'
  ).split(' '),
);
