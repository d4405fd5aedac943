// Keeping an index in step with a space's Y.Doc: catch-up on start, edits followed, a restart
// that finds the index up to date.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { appendEvent, deleteRecords, putRecord } from '../../../src/store/recordsDoc';
import { searchDir } from '../../../src/search/searchApi';
import { SearchService } from '../../../src/search/searchService';
import { SpaceIndexer, docVersion } from '../../../src/search/spaceIndexer';
import { record, tempDir, useCleanup, waitFor } from './helpers';

describe('SpaceIndexer', () => {
  const cleanup = useCleanup();

  async function setUp(
    doc: Y.Doc,
    root: string,
    sourceVersion?: () => string,
  ): Promise<{ api: SearchService; indexer: SpaceIndexer; report: Awaited<ReturnType<SpaceIndexer['start']>> }> {
    const api = new SearchService();
    cleanup.add(() => api.close());
    const indexer = new SpaceIndexer({
      api,
      space: 'internal',
      dir: searchDir(root, 'internal'),
      doc,
      debounceMs: 5,
      commitAfterMs: 0,
      sourceVersion,
    });
    cleanup.add(() => indexer.dispose());
    const report = await indexer.start();
    return { api, indexer, report };
  }

  const ids = async (api: SearchService, query: string): Promise<string[]> => (await api.search(query)).hits.map((hit) => hit.id).sort();

  it('catches up on start, then follows new records, events and deletions', async () => {
    const root = await tempDir(cleanup);
    const doc = new Y.Doc();
    putRecord(doc, record({ id: 'R-1', title: '支付接口延迟', body: '回调延迟' }));
    putRecord(doc, record({ id: 'R-2', title: 'Payment terms', body: 'ACME asks for 45 days' }));
    const { api, indexer, report } = await setUp(doc, root);
    assert.equal(report.sent, 2);
    assert.deepEqual(await ids(api, '延迟'), ['R-1']);

    putRecord(doc, record({ id: 'R-3', title: '发票延迟', body: '' }));
    await waitFor('R-3 searchable', async () => (await ids(api, '延迟')).length === 2);

    appendEvent(doc, 'R-2', { id: 'E-x', type: 'archived', actor: '王芳', at: '2024-06-01T00:00:00.000Z' });
    await waitFor(
      'R-2 archived in the index',
      async () => (await api.search('payment', { filters: { status: ['archived'] } })).total === 1,
    );

    deleteRecords(doc, ['R-1']);
    await indexer.flush();
    assert.deepEqual(await ids(api, '延迟'), ['R-3']);
  });

  it('a restart with the same document version skips the catch-up; a changed one catches up', async () => {
    const root = await tempDir(cleanup);
    const doc = new Y.Doc();
    putRecord(doc, record({ id: 'R-1', title: '需求评审', body: '' }));
    const version = (): string => docVersion(doc);
    const first = await setUp(doc, root, version);
    assert.equal(first.report.upToDate, false);
    await first.indexer.dispose();
    await first.api.close();

    const second = await setUp(doc, root, version);
    assert.equal(second.report.upToDate, true);
    assert.deepEqual(await ids(second.api, '需求'), ['R-1']);
    await second.indexer.dispose();
    await second.api.close();

    // Changed while no indexer ran (e.g. by `liaison import`): caught up on the next start.
    deleteRecords(doc, ['R-1']);
    putRecord(doc, record({ id: 'R-2', title: '需求变更', body: '' }));
    const third = await setUp(doc, root, version);
    assert.equal(third.report.upToDate, false);
    assert.deepEqual([third.report.sent, third.report.removed], [1, 1]);
    assert.deepEqual(await ids(third.api, '需求'), ['R-2']);
  });

  it('a discarded index is rebuilt from the records', async () => {
    const root = await tempDir(cleanup);
    const doc = new Y.Doc();
    putRecord(doc, record({ id: 'R-1', title: '合同归档', body: '' }));
    const first = await setUp(doc, root);
    await first.indexer.dispose();
    await first.api.close();
    await writeFile(join(searchDir(root, 'internal'), 'manifest.json'), 'garbage');
    const second = await setUp(doc, root);
    assert.match(second.report.open.discarded ?? '', /not valid JSON/);
    assert.deepEqual(await ids(second.api, '合同'), ['R-1']);
  });
});
