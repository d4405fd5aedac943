// What users expect of the search box, for both engines: words inside Chinese sentences, English
// stems, fields, filters, ranking, results while typing, a typo forgiven.
import assert from 'node:assert/strict';
import { compactEngine } from '../../../src/search/compactEngine';
import { lunrEngine } from '../../../src/search/lunrEngine';
import { toSearchDoc } from '../../../src/search/searchDoc';
import { SearchIndex } from '../../../src/search/searchIndex';
import type { SearchOptions } from '../../../src/search/searchApi';
import { record } from './helpers';

const RECORDS = [
  record({
    id: 'R-1',
    title: '关于支付接口延迟问题的排查请求',
    body: '昨晚起支付回调平均延迟 8 秒，客服已收到 12 起投诉。今天 18:00 前确定是否回滚。',
    createdAt: '2024-05-20T01:00:00.000Z',
  }),
  record(
    {
      id: 'R-2',
      kind: 'external-request',
      title: '客户ACME付款条款变更的确认',
      body: 'ACME 要求把付款周期从 30 天改为 45 天。The client asks about payment terms and the invoice schedule.',
      fields: { sender: '陈静', recipients: ['王芳', '张伟'], counterpart: 'ACME', tags: ['合同', 'finance'], department: '客服部' },
      createdBy: '陈静',
      createdAt: '2024-03-02T01:00:00.000Z',
    },
    ['sent', 'read', 'archived'],
  ),
  record({
    id: 'R-3',
    title: 'Release window moved to Thursday',
    body: 'Operations asked to avoid Wednesday night. Payments team confirms the plan; 接口 owners join the call.',
    fields: { sender: '张伟', recipients: ['研发部'], department: '运营部' },
    createdBy: '张伟',
    createdAt: '2023-11-11T01:00:00.000Z',
  }),
  record({
    id: 'R-4',
    kind: 'knowledge-entry',
    title: '复盘：回调超时',
    body: '根因是网关接口延迟叠加重试风暴。The payment timeout was 3 seconds; we raised it to 10.',
    fields: { sender: '李明', tags: ['复盘', '网关'], department: '研发部' },
    createdBy: '李明',
    createdAt: '2022-07-01T01:00:00.000Z',
  }),
  record({
    id: 'R-5',
    title: '季度预算审批',
    body: '请各部门在月底前提交下季度预算。Body mentions the 接口延迟 dashboard once.',
    fields: { sender: '王芳', recipients: ['财务部'], department: '财务部' },
    createdAt: '2024-01-15T01:00:00.000Z',
  }),
];

for (const engine of [compactEngine, lunrEngine]) {
  describe(`search quality (${engine.id} engine)`, () => {
    let index: SearchIndex;
    before(async () => {
      index = await SearchIndex.open(undefined, { engine });
      await index.upsert(RECORDS.map((r) => toSearchDoc(r)));
    });
    after(() => index.close());

    const ids = async (query: string, options: SearchOptions = {}): Promise<string[]> =>
      (await index.search(query, options)).hits.map((hit) => hit.id);

    it('finds a word inside a Chinese sentence (接口延迟, 付款条款, 回调)', async () => {
      assert.deepEqual((await ids('接口延迟')).sort(), ['R-1', 'R-4', 'R-5']);
      assert.deepEqual(await ids('付款条款'), ['R-2']);
      assert.deepEqual((await ids('回调')).sort(), ['R-1', 'R-4']);
    });

    it('matches English stems: "payments" finds "payment", "payment" finds "Payments"', async () => {
      assert.deepEqual((await ids('payments')).sort(), ['R-2', 'R-3', 'R-4']);
      assert.deepEqual((await ids('payment')).sort(), ['R-2', 'R-3', 'R-4']);
    });

    it('requires every word (payment timeout) and mixes languages (payment 网关)', async () => {
      assert.deepEqual(await ids('payment timeout'), ['R-4']);
      assert.deepEqual(await ids('payment 网关'), ['R-4']);
    });

    it('ranks a title match above body matches', async () => {
      const hits = (await index.search('接口延迟')).hits;
      assert.equal(hits[0].id, 'R-1', JSON.stringify(hits.map((hit) => [hit.id, hit.score])));
      assert.ok(hits[0].score > hits[1].score);
      const [start, end] = hits[0].titleHighlights[0];
      assert.equal(hits[0].title.slice(start, end), '接口延迟');
    });

    it('field queries: title:, from:, tag:, client:', async () => {
      assert.deepEqual(await ids('title:接口延迟'), ['R-1']);
      assert.deepEqual(await ids('from:陈静'), ['R-2']);
      assert.deepEqual(await ids('tag:复盘'), ['R-4']);
      assert.deepEqual(await ids('client:acme'), ['R-2']);
    });

    it('+required, -prohibited (a prohibited Chinese word excludes records with the whole word only)', async () => {
      assert.deepEqual((await ids('接口 -payment')).sort(), ['R-1', 'R-5']);
      assert.deepEqual(await ids('+接口延迟 +复盘'), ['R-4']);
      // -接口延迟 must not exclude R-3, which has 接口 but not 接口延迟.
      assert.deepEqual(await ids('接口 -接口延迟'), ['R-3']);
    });

    it('wildcards and explicit fuzziness', async () => {
      assert.deepEqual((await ids('invoic*')).sort(), ['R-2']);
      assert.deepEqual((await ids('wednsday~1')).sort(), ['R-3']);
    });

    it('filters: kind, status, department, date range (options and query syntax)', async () => {
      assert.deepEqual(await ids('接口延迟', { filters: { kind: ['knowledge-entry'] } }), ['R-4']);
      assert.deepEqual(await ids('付款 status:archived'), ['R-2']);
      assert.deepEqual(await ids('付款', { filters: { status: ['sent'] } }), []);
      assert.deepEqual((await ids('接口', { filters: { department: ['研发部', '运营部'] } })).sort(), ['R-3', 'R-4']);
      assert.deepEqual((await ids('接口延迟', { filters: { from: '2024-01-01' } })).sort(), ['R-1', 'R-5']);
      assert.deepEqual(await ids('接口延迟 after:2022-01-01 before:2023-01-01'), ['R-4']);
    });

    it('a query of filters only lists the records, newest first', async () => {
      assert.deepEqual(await ids('', { filters: { from: '2024-01-01' } }), ['R-1', 'R-2', 'R-5']);
      assert.deepEqual(await ids('kind:knowledge-entry'), ['R-4']);
    });

    it('while typing, the last word matches as a prefix', async () => {
      assert.deepEqual((await ids('paym', { typing: true })).sort(), ['R-2', 'R-3', 'R-4']);
      assert.deepEqual(await ids('paym', { typing: false }), []);
      assert.deepEqual((await ids('payment tim', { typing: true })).sort(), ['R-4']);
    });

    it('forgives a typo when the exact words find nothing (paymnet, 接口延时 in a longer phrase)', async () => {
      const english = await index.search('paymnet');
      assert.equal(english.relaxed, true);
      assert.deepEqual(english.hits.map((hit) => hit.id).sort(), ['R-2', 'R-3', 'R-4']);
      const chinese = await index.search('网关接口延时');
      assert.equal(chinese.relaxed, true);
      assert.equal(chinese.hits[0]?.id, 'R-4');
    });

    it('returns a snippet with the match highlighted, and the record attributes', async () => {
      const [hit] = (await index.search('回滚')).hits;
      assert.equal(hit.id, 'R-1');
      assert.equal(hit.status, 'sent');
      assert.equal(hit.kind, 'internal-message');
      assert.equal(hit.space, 'internal');
      assert.equal(hit.department, '产品部');
      assert.equal(hit.createdAt, '2024-05-20T01:00:00.000Z');
      const [start, end] = hit.highlights[0];
      assert.equal(hit.snippet.slice(start, end), '回滚');
    });

    it('never throws on odd input', async () => {
      for (const query of ['title:', '10:30', '~~~', '+-*', '"unclosed', 'unknown:field', '\\']) {
        const response = await index.search(query, { typing: true });
        assert.ok(Array.isArray(response.hits), query);
      }
    });
  });
}
