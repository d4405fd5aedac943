import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import type { RoomSpace } from '../../../server/room';
import { Cleanup, startServer, stockClient, tempDir, waitFor } from './helpers';

describe('SyncServer: write before relay', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('relays an update only after the space flushed it, in order', async () => {
    const dataDir = await tempDir(cleanup);
    let gate: { open: () => void; promise: Promise<void> } | undefined;
    const flushes: string[] = [];
    const openSpace = async (name: string): Promise<RoomSpace> => {
      const space = await PersistedSpace.open(join(dataDir, 'spaces', name), name);
      return {
        name: space.name,
        doc: space.doc,
        close: () => space.close(),
        flush: async () => {
          const held = gate;
          flushes.push(held ? 'held' : 'free');
          if (held) await held.promise;
          await space.flush();
        },
      };
    };
    const { url } = await startServer(cleanup, { dataDir, openSpace });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);

    let open = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    gate = { open, promise };
    a.records.set('r1', 'one');
    await waitFor('the server asked for a flush', () => flushes.includes('held'));
    gate = undefined;
    a.records.set('r2', 'two');
    await waitFor('second flush asked', () => flushes.filter((f) => f === 'free').length >= 1 && flushes.at(-1) === 'free');
    // Neither update may overtake the held flush, not even the second whose own flush is free.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(b.records.get('r1'), undefined);
    assert.equal(b.records.get('r2'), undefined);
    open();
    await waitFor('both relayed once durable', () => b.records.get('r1') === 'one' && b.records.get('r2') === 'two');
  });
});
