// The worker-backed client: the same SearchApi, answered from a real worker thread.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { toSearchDoc } from '../../../src/search/searchDoc';
import { SearchWorkerClient } from '../../../src/search/workerClient';
import { record, tempDir, useCleanup } from './helpers';

/** The transpiled worker entry next to this test's build (out-NAME/src/search/worker.js). */
const workerPath = join(__dirname, '..', '..', '..', 'src', 'search', 'worker.js');

describe('SearchWorkerClient (worker thread)', () => {
  const cleanup = useCleanup();

  function client(options: Partial<ConstructorParameters<typeof SearchWorkerClient>[0]> = {}): SearchWorkerClient {
    const created = new SearchWorkerClient({ workerPath, ...options });
    cleanup.add(() => created.dispose());
    return created;
  }

  for (const engine of ['compact', 'lunr'] as const) {
    it(`indexes, searches across spaces, commits and reopens (${engine})`, async () => {
      const storeRoot = await tempDir(cleanup);
      const first = client({ engine });
      await first.open('internal', join(storeRoot, 'search', 'internal'));
      await first.open('client-acme', join(storeRoot, 'search', 'client-acme'));
      await first.upsert('internal', [toSearchDoc(record({ id: 'R-1', title: '支付接口延迟', body: '回调延迟 8 秒' }))]);
      await first.upsert('client-acme', [
        toSearchDoc(record({ id: 'R-2', space: 'client-acme', title: 'ACME 付款条款', body: '付款周期 45 天, payment terms' })),
      ]);
      assert.equal((await first.search('付款 延迟')).total, 0, 'every word must match, and no record has both');
      assert.deepEqual(
        (await first.search('延迟')).hits.map((hit) => hit.id),
        ['R-1'],
      );
      const acme = await first.search('payments', { spaces: ['client-acme'] });
      assert.deepEqual(
        acme.hits.map((hit) => [hit.id, hit.space]),
        [['R-2', 'client-acme']],
      );
      const prints = await first.fingerprints('internal');
      assert.deepEqual(prints.ids, ['R-1']);
      assert.ok(prints.values instanceof Float64Array && prints.values[0] > 0);
      await first.commit('internal', 'v1');
      await first.commit('client-acme');
      await first.dispose();

      const second = client({ engine });
      const report = await second.open('internal', join(storeRoot, 'search', 'internal'));
      assert.deepEqual(report, { space: 'internal', docCount: 1, sourceVersion: 'v1', discarded: undefined });
      assert.deepEqual(
        (await second.search('接口延迟')).hits.map((hit) => hit.id),
        ['R-1'],
      );
      const stats = await second.stats();
      assert.equal(stats[0].docCount, 1);
    });
  }

  it('reports errors of a call without stopping the worker', async () => {
    const search = client();
    await assert.rejects(search.upsert('nowhere', []), /space nowhere is not open/);
    assert.equal((await search.search('x')).total, 0);
  });

  it('a worker that cannot start rejects every call and reports the failure once', async () => {
    const failures: Error[] = [];
    const broken = client({ workerPath: join(__dirname, 'no-such-worker.js'), onFailure: (error) => failures.push(error) });
    await assert.rejects(broken.search('x'), /search worker stopped/);
    await assert.rejects(broken.open('internal', '/tmp/x'), /search worker stopped/);
    assert.equal(failures.length, 1);
  });
});
