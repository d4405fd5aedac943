import assert from 'node:assert/strict';
import { analyze, analyzeTerms, stem } from '../../../src/search/tokenizer';
import { highlightRanges, makeSnippet } from '../../../src/search/snippet';

describe('search analyzer', () => {
  it('splits a Chinese run into overlapping bigrams, with positions in the original text', () => {
    assert.deepEqual(analyze('接口延迟'), [
      { term: '接口', start: 0, end: 2 },
      { term: '口延', start: 1, end: 3 },
      { term: '延迟', start: 2, end: 4 },
    ]);
  });

  it('separates Latin and Chinese runs, lower-cases, and applies NFKC (full-width letters)', () => {
    assert.deepEqual(analyzeTerms('Q3产品迭代'), ['q3', '产品', '品迭', '迭代']);
    assert.deepEqual(analyzeTerms('ＡＣＭＥ付款'), ['acm', '付款']);
  });

  it('stems English and drops stop words of both languages', () => {
    assert.equal(stem('payments'), 'payment');
    assert.deepEqual(analyzeTerms('The payments of the client'), ['payment', 'client']);
    // 的 alone and the bigram 我们 are stop words; 需求 is content.
    assert.deepEqual(analyzeTerms('我们 的 需求'), ['需求']);
  });

  it('keeps a single Chinese character between punctuation as a term', () => {
    assert.deepEqual(analyzeTerms('税，费'), ['税', '费']);
  });

  it('counts characters outside the BMP as one character', () => {
    const tokens = analyze('𠮷野家');
    assert.deepEqual(
      tokens.map((token) => token.term),
      ['𠮷野', '野家'],
    );
    assert.deepEqual([tokens[0].start, tokens[0].end, tokens[1].start], [0, 3, 2]);
  });

  it('highlights merge the bigrams of one match into one range', () => {
    const text = '昨晚起接口延迟严重，payments failed';
    const ranges = highlightRanges(text, new Set(['接口', '口延', '延迟', 'payment']));
    assert.deepEqual(ranges, [
      [3, 7],
      [10, 18],
    ]);
  });

  it('a snippet centres on the matches and marks cut text with an ellipsis', () => {
    const text = `${'前文'.repeat(200)}接口延迟${'后文'.repeat(200)}`;
    const snippet = makeSnippet(text, new Set(['接口', '口延', '延迟']), 60);
    assert.ok(snippet.text.startsWith('…') && snippet.text.endsWith('…'), snippet.text);
    assert.equal(snippet.highlights.length, 1);
    const [start, end] = snippet.highlights[0];
    assert.equal(snippet.text.slice(start, end), '接口延迟');
  });
});
