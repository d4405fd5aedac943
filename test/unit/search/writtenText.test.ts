// The parts of the search document: a body's prose as people wrote it (what previews show), the
// Traditional/Simplified fold under the analyzer, and the sender, recipient and priority columns
// kept through a commit, a reopen and a merge.
import assert from 'node:assert/strict';
import { foldChinese, foldCode } from '../../../src/domain/chineseFold';
import type { LiaisonRecord } from '../../../src/domain/record';
import { compactEngine } from '../../../src/search/compactEngine';
import { LABELS_SEPARATOR, toSearchDoc, writtenPart } from '../../../src/search/searchDoc';
import { SearchIndex } from '../../../src/search/searchIndex';
import { analyze, analyzeTerms } from '../../../src/search/tokenizer';
import { writtenText } from '../../../src/search/writtenText';
import { record, tempDir, useCleanup } from './helpers';

describe('the text people wrote, for the index and its previews', () => {
  it('drops headings, table headers and separators, empty rows, rules and help comments; keeps filled cells', () => {
    const markdown = [
      '## 进度同步',
      '<!-- 每行：日期、阶段、进展 -->',
      '| 日期 * | 阶段 * | 进展 * | 下一步 * |',
      '| --- | :---: | --- | --- |',
      '| 2026-05-20 | 联调 | 接口已通 | 压测 |',
      '|  |  |  |  |',
      '',
      '---',
      '- **第一点**：回调延迟 8 秒',
      '1. 第二点',
      '> 引用的话',
      '```',
      'npm run check',
      '```',
    ].join('\n');
    assert.equal(writtenText(markdown), '2026-05-20 · 联调 · 接口已通 · 压测\n第一点：回调延迟 8 秒\n第二点\n引用的话\nnpm run check');
    assert.equal(writtenText('| a \\| b | c |\n|---|---|\n| x \\| y | z |'), 'x | y · z');
    assert.equal(writtenText('<!-- 只有说明\n跨两行 -->\n## 背景\n'), '');
  });

  it('a doc keeps its labels after the separator, and previews read only what is before it', () => {
    const doc = toSearchDoc(
      record({
        id: 'R-1',
        kind: 'collaboration-request',
        title: 't',
        body: '## 背景与目标\n\n联调支付接口。',
        fields: { sender: '王芳', recipients: ['李明'], priority: 'urgent', deadline: '2026-12-02 13:09', project: '支付二期' },
      }),
    );
    assert.equal(writtenPart(doc.body), '联调支付接口。\n支付二期');
    const labels = doc.body.slice(doc.body.indexOf(LABELS_SEPARATOR) + 1);
    for (const word of ['2026-12-02 13:09', 'urgent', '紧急', 'collaboration-request', '跨部门协作请求', 'sent', '已发送']) {
      assert.ok(labels.includes(word), `${word} in ${labels}`);
    }
    assert.deepEqual([doc.sender, doc.recipients, doc.priority], [`王芳${LABELS_SEPARATOR}产品部`, '李明', 'urgent']);
  });
});

describe('Traditional ↔ Simplified folding', () => {
  it('folds characters one for one, so offsets stay those of the text as written', () => {
    assert.equal(foldChinese('相關部門已確認，請儘快處理。Email ok'), '相关部门已确认，请尽快处理。Email ok');
    assert.equal(foldChinese('沟通'), '沟通');
    assert.equal(foldCode('溝'.charCodeAt(0)), '沟'.charCodeAt(0));
    const text = '下週與客戶溝通';
    const tokens = analyze(text);
    const communicate = tokens.find((token) => token.term === '沟通');
    assert.ok(communicate);
    assert.equal(text.slice(communicate.start, communicate.end), '溝通');
  });

  it('is idempotent and leaves Simplified-only and ambiguous characters alone (么 stays 么, 著 stays 著)', () => {
    for (const text of ['什么', '著名', '后天', '干杯', 'ASCII 123']) assert.equal(foldChinese(foldChinese(text)), foldChinese(text), text);
    assert.equal(foldChinese('什麼'), '什么');
    assert.equal(foldChinese('著名'), '著名');
  });

  it('makes Traditional stop words stop words too', () => {
    assert.deepEqual(analyzeTerms('我們 的 需求'), ['需求']);
  });
});

describe('sender, recipients and priority columns on disk', () => {
  const cleanup = useCleanup();

  it('from:, to: and priority: work after a commit and reopen, and after a merge', async () => {
    const dir = await tempDir(cleanup);
    const records: LiaisonRecord[] = Array.from({ length: 12 }, (_, i) =>
      record({
        id: `R-${i}`,
        title: `第${i}号合同`,
        createdBy: i % 2 === 0 ? '王芳' : '李明',
        fields: {
          sender: i % 2 === 0 ? '王芳' : '李明',
          recipients: [i % 3 === 0 ? '张伟' : '陈静'],
          priority: i === 5 ? 'urgent' : 'low',
        },
      }),
    );
    const first = await SearchIndex.open(dir, { engine: compactEngine, memoryDocs: 4, mergeFactor: 2 });
    for (const item of records) await first.upsert([toSearchDoc(item)]);
    await first.settle();
    await first.commit();
    await first.close();
    const reopened = await SearchIndex.open(dir, { engine: compactEngine });
    cleanup.add(() => reopened.close());
    const ids = async (query: string): Promise<string[]> => (await reopened.search(query, { limit: 50 })).hits.map((hit) => hit.id).sort();
    assert.deepEqual(await ids('合同 from:李明'), ['R-1', 'R-11', 'R-3', 'R-5', 'R-7', 'R-9']);
    assert.deepEqual(await ids('合同 to:张伟'), ['R-0', 'R-3', 'R-6', 'R-9']);
    assert.deepEqual(await ids('priority:urgent'), ['R-5']);
  });
});
