// What a purge costs the server (issue 13): twenty purge entries in a row are not twenty forgetting
// compactions of the whole space (coalescedTask.ts), and the disk still forgets the purged text.
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { LocalStore } from '../../../src/store/localStore';
import { putRecord } from '../../../src/store/recordsDoc';
import { purgeRecords } from '../../../src/store/purge';
import { SpaceSync } from '../../../src/sync/syncClient';
import { Cleanup, startServer, tempDir, waitFor } from './helpers';
import { emergencyRecord } from './webhookFixtures';

describe('SyncServer: the compaction after purges', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('runs once or twice for twenty purge entries in a row, not twenty times', async () => {
    const dataDir = await tempDir(cleanup);
    const store = new LocalStore(dataDir);
    cleanup.add(() => store.close());
    let compactions = 0;
    const { server, url } = await startServer(cleanup, {
      dataDir,
      openSpace: async (name) => {
        const space = await store.openSpace(name);
        const compact = space.compact.bind(space);
        space.compact = (options) => {
          if (options?.forget) compactions++;
          return compact(options);
        };
        return space;
      },
    });
    const doc = new Y.Doc();
    const sync = new SpaceSync({ doc, serverUrl: url, space: 'internal' });
    cleanup.add(() => sync.destroy());
    await sync.whenSynced(10_000);
    for (let i = 0; i < 20; i++) putRecord(doc, emergencyRecord(`R-${i}`));
    for (let i = 0; i < 20; i++) purgeRecords(doc, [`R-${i}`], { at: '2030-01-01T00:00:00Z', by: 'admin', policy: 'test' });
    await waitFor('a compaction', () => compactions > 0, 20_000);
    await server.close();
    assert.ok(compactions >= 1 && compactions <= 2, `${compactions} compactions`);
  });
});
