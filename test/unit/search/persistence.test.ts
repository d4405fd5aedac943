// The segmented index on disk: edits searchable at once, merges, commit and reopen, and a damaged
// or foreign index discarded (reported, never thrown).
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { compactEngine } from '../../../src/search/compactEngine';
import { lunrEngine } from '../../../src/search/lunrEngine';
import { MANIFEST_FILE } from '../../../src/search/manifest';
import { toSearchDoc } from '../../../src/search/searchDoc';
import type { SearchDoc } from '../../../src/search/searchDoc';
import { SearchIndex } from '../../../src/search/searchIndex';
import { record, tempDir, useCleanup, waitFor } from './helpers';

function docs(count: number, from = 0, word = '合同'): SearchDoc[] {
  return Array.from({ length: count }, (_, i) =>
    toSearchDoc(
      record({
        id: `R-${from + i}`,
        title: `第${from + i}号 ${word}`,
        body: `record number n${from + i} ${word}审核`,
        createdAt: new Date(Date.UTC(2024, 0, 1) + (from + i) * 60_000).toISOString(),
      }),
    ),
  );
}

for (const engine of [compactEngine, lunrEngine]) {
  describe(`segmented index on disk (${engine.id} engine)`, () => {
    const cleanup = useCleanup();

    async function open(dir: string, options = {}): Promise<SearchIndex> {
      const index = await SearchIndex.open(dir, { engine, memoryDocs: 20, mergeFactor: 3, bulkSegmentDocs: 50, ...options });
      cleanup.add(() => index.close());
      return index;
    }

    it('an edit is searchable as soon as upsert resolves, and replaces the old version', async () => {
      const index = await open(await tempDir(cleanup));
      await index.upsert(docs(30));
      assert.equal((await index.search('n7')).total, 1);
      await index.upsert([toSearchDoc(record({ id: 'R-7', title: '第7号 已改', body: 'renamed to zebra' }))]);
      assert.equal((await index.search('n7')).total, 0);
      assert.deepEqual(
        (await index.search('zebra')).hits.map((hit) => hit.id),
        ['R-7'],
      );
      assert.equal(index.docCount, 30);
      await index.remove(['R-7', 'R-8']);
      assert.equal((await index.search('zebra')).total, 0);
      assert.equal((await index.search('合同')).total, 28);
    });

    it('merges many small segments in the background and keeps every result', async () => {
      const index = await open(await tempDir(cleanup));
      for (let i = 0; i < 40; i++) await index.upsert(docs(1, i));
      await index.settle();
      const { segments } = index.stats();
      assert.ok(segments.length < 10, `segments after merges: ${JSON.stringify(segments)}`);
      assert.equal((await index.search('合同')).total, 40);
      assert.deepEqual(
        (await index.search('n39')).hits.map((hit) => hit.id),
        ['R-39'],
      );
    });

    it('a deletion made while a merge runs is not undone by the merge', async () => {
      const index = await open(await tempDir(cleanup), { memoryDocs: 1000, mergeFactor: 2 });
      await index.upsert(docs(10, 0));
      await index.upsert(docs(10, 10)); // two memory segments: a merge starts in the background
      await index.remove(['R-3']);
      await index.settle();
      assert.equal((await index.search('n3')).total, 0);
      assert.equal((await index.search('合同')).total, 19);
    });

    it('commit + reopen restores the docs, the deletions and the source version', async () => {
      const dir = await tempDir(cleanup);
      const first = await open(dir);
      await first.upsert(docs(60));
      await first.remove(['R-5']);
      await first.upsert(docs(5, 100, '发票'));
      await first.commit('v42');
      await first.close();
      const second = await open(dir);
      assert.equal(second.discarded, undefined);
      assert.equal(second.sourceVersion, 'v42');
      assert.equal(second.docCount, 64);
      assert.equal((await second.search('n5')).total, 0);
      assert.equal((await second.search('发票')).total, 5);
      await second.upsert(docs(1, 200));
      assert.equal(second.sourceVersion, undefined, 'a change after the commit voids the recorded version');
    });

    it('a big upsert is written straight to disk in segments of bulkSegmentDocs', async () => {
      const dir = await tempDir(cleanup);
      const index = await open(dir);
      await index.upsert(docs(120));
      const names = (await readdir(dir)).filter((name) => name.endsWith('.engine'));
      assert.ok(names.length >= 2, names.join(' '));
      assert.equal((await index.search('合同')).total, 120);
    });

    it('a corrupt manifest, a damaged segment, another format: discarded and reported, never thrown', async () => {
      const dir = await tempDir(cleanup);
      const index = await open(dir);
      await index.upsert(docs(30));
      await index.commit('v1');
      await index.close();

      const segment = (await readdir(dir)).find((name) => name.endsWith('.engine')) as string;
      await truncate(join(dir, segment), 40);
      const damaged = await open(dir);
      assert.match(damaged.discarded ?? '', /segment unreadable/);
      assert.equal(damaged.docCount, 0);
      assert.equal(damaged.sourceVersion, undefined);
      await damaged.upsert(docs(3));
      await damaged.commit('v2');
      await damaged.close();

      const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
      await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, format: 999 }));
      const foreign = await open(dir);
      assert.match(foreign.discarded ?? '', /format 999/);
      assert.equal(foreign.docCount, 0);
      await foreign.close();

      await writeFile(join(dir, MANIFEST_FILE), '{ not json');
      const garbled = await open(dir);
      assert.match(garbled.discarded ?? '', /not valid JSON/);
      assert.deepEqual(
        (await readdir(dir)).filter((name) => name.endsWith('.engine')),
        [],
      );
    });

    it('files no manifest names (an interrupted merge) are deleted on open', async () => {
      const dir = await tempDir(cleanup);
      const index = await open(dir);
      await index.upsert(docs(25));
      await index.commit();
      await index.close();
      await writeFile(join(dir, 's99.engine'), 'half written');
      await open(dir);
      await waitFor('the leftover to be gone', async () => !(await readdir(dir)).includes('s99.engine'));
    });
  });
}

describe('segmented index across engines', () => {
  const cleanup = useCleanup();

  it('an index built by another engine is discarded, not misread', async () => {
    const dir = await tempDir(cleanup);
    const compact = await SearchIndex.open(dir, { engine: compactEngine });
    await compact.upsert(docs(3));
    await compact.commit();
    await compact.close();
    const lunr = await SearchIndex.open(dir, { engine: lunrEngine });
    cleanup.add(() => lunr.close());
    assert.match(lunr.discarded ?? '', /engine compact/);
  });
});
