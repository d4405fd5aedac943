// How to split Chinese for the index: ICU word segmentation (Intl.Segmenter), CJK bigrams, or both.
// Measured on the synthetic corpus (searchCorpus.ts): speed, and recall / precision of "the
// records containing this word" for real words, words no dictionary knows (synthetic words,
// people's names, company names) and two-word phrases — the truth being a plain substring test.
//   node --expose-gc out-NAME/test/bench/searchTokenizer.bench.js   (or npm run bench searchTokenizer)
// LIAISON_BENCH_TOKENIZER_DOCS sets the corpus size (default 5000).
import { performance } from 'node:perf_hooks';
import { analyzeTerms, forEachToken } from '../../src/search/tokenizer';
import type { ChineseSegmentation } from '../../src/search/tokenizer';
import { COUNTERPARTS, PLANTED, REAL_CHINESE_WORDS, SyntheticCorpus } from './searchCorpus';
import { fmt, printTable, sized } from './report';

const MODES: ChineseSegmentation[] = ['bigram', 'words', 'both'];

function main(): void {
  const count = Number(process.env.LIAISON_BENCH_TOKENIZER_DOCS ?? sized(5000, 100));
  const corpus = new SyntheticCorpus();
  const texts = [...corpus.records(count)].map(
    (record) =>
      `${record.title}\n${record.body}\n${(record.fields.tags as string[]).join(' ')} ${String(record.fields.counterpart)} ${record.fields.sender}`,
  );
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const normalized = texts.map((text) => text.normalize('NFKC').toLowerCase());

  const synthetic = corpus.chineseWords().filter((word) => !REAL_CHINESE_WORDS.includes(word));
  const categories: Record<string, string[]> = {
    'real words': REAL_CHINESE_WORDS.slice(0, 120),
    'new words': synthetic.slice(0, 120),
    names: [...corpus.people()].slice(0, 60),
    companies: COUNTERPARTS.filter((name) => /[\u4e00-\u9fff]/.test(name)),
    phrases: [
      ...PLANTED.map((phrase) => phrase.text).filter((text) => /[\u4e00-\u9fff]/.test(text)),
      ...REAL_CHINESE_WORDS.slice(0, 20).map((word, i) => word + REAL_CHINESE_WORDS[i + 1]),
    ],
  };

  process.stdout.write(`search tokenizer: ${count} records, ${(bytes / 1e6).toFixed(1)} MB\n\n`);
  const rows: string[][] = [
    [
      'mode',
      'MB/s',
      'terms/record',
      'distinct/record',
      'vocabulary',
      ...Object.keys(categories).map((name) => `recall ${name}`),
      'precision',
    ],
  ];
  for (const mode of MODES) {
    // Speed: best of three passes (the first warms the JIT and ICU).
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const started = performance.now();
      let sink = 0;
      for (const text of texts) forEachToken(text, mode, () => void sink++);
      best = Math.min(best, performance.now() - started);
    }
    const docTerms = texts.map((text) => new Set(analyzeTerms(text, mode)));
    const vocabulary = new Set<string>();
    let total = 0;
    let distinct = 0;
    for (const [index, terms] of docTerms.entries()) {
      distinct += terms.size;
      total += analyzeTerms(texts[index], mode).length;
      for (const term of terms) vocabulary.add(term);
    }
    let truePositives = 0;
    let found = 0;
    const recalls: string[] = [];
    for (const words of Object.values(categories)) {
      let hits = 0;
      let relevant = 0;
      for (const word of words) {
        const needle = word.normalize('NFKC').toLowerCase();
        const bigrams = analyzeTerms(word, 'bigram');
        const segmented = analyzeTerms(word, 'words');
        const query = mode === 'bigram' ? [bigrams] : mode === 'words' ? [segmented] : [segmented, bigrams];
        docTerms.forEach((terms, index) => {
          const truth = normalized[index].includes(needle);
          // "both": a record matches when it holds all the query's words, or all its bigrams.
          const match = query.some((terms_) => terms_.length > 0 && terms_.every((term) => terms.has(term)));
          if (truth) relevant++;
          if (truth && match) hits++;
          if (match) found++;
          if (truth && match) truePositives++;
        });
      }
      recalls.push(relevant === 0 ? '—' : `${fmt((100 * hits) / relevant)}%`);
    }
    rows.push([
      mode,
      fmt(bytes / 1e6 / (best / 1000)),
      fmt(total / count),
      fmt(distinct / count),
      String(vocabulary.size),
      ...recalls,
      `${fmt((100 * truePositives) / Math.max(1, found))}%`,
    ]);
  }
  printTable(rows);
  process.stdout.write(
    '\nrecall: share of the records containing the word (substring test) that the mode finds; precision: share of what it finds that contains the word.\n',
  );
}

main();
