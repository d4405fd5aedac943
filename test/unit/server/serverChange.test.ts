// Rooms.change (server/rooms.ts), through SyncServer.change: a server-side change reaches every
// connected client and is on disk once it resolves, whether or not the space was loaded.
import assert from 'node:assert/strict';
import { Cleanup, readSpaceFromDisk, startServer, stockClient, tempDir, waitFor } from './helpers';

describe('SyncServer.change: server-side changes to a room', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('applies the change as one transaction with its origin, relays it to every client and writes it before resolving', async () => {
    const dataDir = await tempDir(cleanup);
    const { server, url } = await startServer(cleanup, { dataDir, idleUnloadMs: 50 });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);
    const origins: unknown[] = [];
    const origin = { actor: 'Liaison' };
    await server.change('internal', origin, (doc) => {
      doc.on('afterTransaction', (transaction) => origins.push(transaction.origin));
      doc.getMap('records').set('reminder', 'from the server');
      doc.getMap('records').set('second', 'same transaction');
    });
    await waitFor(
      'both clients see it',
      () => a.records.get('reminder') === 'from the server' && b.records.get('second') === 'same transaction',
    );
    assert.deepEqual(origins, [origin]);

    // A space nobody has open is loaded for the change, written, and unloaded again.
    await server.change('closed-space', origin, (doc) => doc.getMap('records').set('r', 'written'));
    await server.close();
    assert.equal((await readSpaceFromDisk(dataDir, 'closed-space')).getMap('records').get('r'), 'written');
    assert.equal((await readSpaceFromDisk(dataDir, 'internal')).getMap('records').get('reminder'), 'from the server');
  });
});
