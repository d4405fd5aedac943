import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { parseAccessConfig } from '../../../server/access';
import type { SyncState } from '../../../src/sync/syncClient';
import { SpaceSync } from '../../../src/sync/syncClient';
import { Cleanup, freePort, startServer, stockClient, tempDir, waitFor } from './helpers';

describe('SpaceSync', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('keeps edits made offline and delivers them once the server starts', async () => {
    const dataDir = await tempDir(cleanup);
    const port = await freePort();
    const doc = new Y.Doc();
    const sync = new SpaceSync({ doc, serverUrl: `ws://127.0.0.1:${port}`, space: 'internal', maxBackoffMs: 100 });
    cleanup.add(() => sync.destroy());
    const states: SyncState[] = [];
    cleanup.add(sync.onStatus((state) => states.push(state)));
    doc.getMap('records').set('offline', '离线编辑');
    await waitFor('the failed attempt is reported', () => sync.lastError === 'unreachable');
    assert.equal(sync.synced, false);
    await assert.rejects(sync.whenSynced(20), /not synced within 20 ms/);

    const { url } = await startServer(cleanup, { dataDir, port });
    await sync.whenSynced(5000);
    assert.equal(sync.status, 'connected');
    assert.equal(sync.lastError, undefined);
    const other = stockClient(cleanup, url, 'internal');
    await waitFor('the offline edit reached the server and another client', () => other.records.get('offline') === '离线编辑');
    assert.ok(states.some((state) => state.status === 'connected' && state.synced));
  });

  it('stops retrying and reports unauthorized / forbidden on a refused upgrade', async () => {
    const dataDir = await tempDir(cleanup);
    const access = parseAccessConfig({
      users: [
        { name: 'zhang', token: 'zhang-token-0123456' },
        { name: 'li', token: 'li-token-0123456789' },
      ],
      spaces: [{ name: 'internal', members: ['zhang'] }],
    });
    const { url } = await startServer(cleanup, { dataDir, access });
    const wrong = new SpaceSync({ doc: new Y.Doc(), serverUrl: url, space: 'internal', token: 'nope' });
    cleanup.add(() => wrong.destroy());
    await assert.rejects(wrong.whenSynced(5000), /unauthorized/);
    assert.equal(wrong.lastError, 'unauthorized');
    assert.equal(wrong.status, 'disconnected');

    const stranger = new SpaceSync({ doc: new Y.Doc(), serverUrl: url, space: 'internal', token: 'li-token-0123456789' });
    cleanup.add(() => stranger.destroy());
    await waitFor('forbidden reported', () => stranger.lastError === 'forbidden');
    assert.equal(stranger.status, 'disconnected');

    // A new token fixes it.
    wrong.reconnect('zhang-token-0123456');
    await wrong.whenSynced(5000);
    assert.equal(wrong.lastError, undefined);
  });
});

describe('SpaceSync: reconnecting', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('reconnects after the server restarts, waiting a jittered delay of its own', async () => {
    const dataDir = await tempDir(cleanup);
    const port = await freePort();
    const first = await startServer(cleanup, { dataDir, port });
    const doc = new Y.Doc();
    let draws = 0;
    const sync = new SpaceSync({
      doc,
      serverUrl: first.url,
      space: 'internal',
      baseBackoffMs: 20,
      maxBackoffMs: 200,
      random: () => {
        draws++;
        return 0.5;
      },
    });
    cleanup.add(() => sync.destroy());
    await sync.whenSynced(5000);
    doc.getMap('records').set('before', 1);
    await first.server.close();
    await waitFor('the client noticed', () => sync.status !== 'connected');
    doc.getMap('records').set('while-down', 2);
    const second = await startServer(cleanup, { dataDir, port });
    await waitFor('resynced with the restarted server', () => sync.synced, 10000);
    assert.ok(draws >= 1, 'the retry delay came from the jittered backoff');
    const other = stockClient(cleanup, second.url, 'internal');
    await waitFor('both edits on the new server', () => other.records.get('before') === 1 && other.records.get('while-down') === 2);
  });
});
