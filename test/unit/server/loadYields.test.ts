import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { SnapshotReader } from '../../../src/store/snapshotFile';
import type { Logger } from '../../../src/util/logger';
import { addRecord } from '../store/helpers';
import { Cleanup, startServer, stockClient, tempDir, waitFor } from './helpers';

describe('SyncServer: loading a large space from disk', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('answers /healthz and syncs a client of another room while a space in many pieces is still loading', async () => {
    const dataDir = await tempDir(cleanup);
    const bigDir = join(dataDir, 'spaces', 'big');
    const written = await PersistedSpace.open(bigDir, 'big', { snapshotPieceBytes: 1024, fsync: 'never' });
    written.doc.transact(() => {
      for (let i = 0; i < 400; i++) addRecord(written.doc, `r${i}`, `关于第${i}号客户需求的确认-${'详细说明'.repeat(10)}`);
    });
    await written.compact();
    await written.close();
    const snapshot = new SnapshotReader(readFileSync(join(bigDir, 'snapshot.bin')));
    while (snapshot.next() !== undefined);
    assert.ok(snapshot.damage === undefined && snapshot.pieces > 100, `${snapshot.pieces} pieces`);

    // What happened, in the order it happened. The store logs when it starts applying a space and when it is done.
    const events: string[] = [];
    let startedLoadingBig: (() => void) | undefined;
    const lines: string[] = [];
    const logger: Logger = {
      info: (line) => {
        lines.push(line);
        if (line.startsWith("space 'big': loading")) startedLoadingBig?.();
        if (line.startsWith("space 'big': applied")) events.push('big applied');
      },
      warn: (line) => lines.push(line),
      error: (line) => lines.push(line),
    };
    // loadSliceMs 0: one update per slice, so the test does not depend on how fast this machine is.
    const { url } = await startServer(cleanup, { dataDir, logger, store: { loadSliceMs: 0 } });
    const first = stockClient(cleanup, url, 'small');
    await waitFor('the small room to be loaded and synced', () => first.provider.synced);

    const loading = new Promise<void>((resolve) => {
      startedLoadingBig = resolve;
    });
    const big = stockClient(cleanup, url, 'big');
    await loading;
    // Room 'big' is being applied now; ask the server things that need several turns of its loop.
    const health = fetch(`${url.replace('ws:', 'http:')}/healthz`).then(async (response) => {
      events.push(`healthz ${response.status}`);
      return (await response.json()) as unknown;
    });
    const second = stockClient(cleanup, url, 'small');
    second.provider.on('sync', (synced: boolean) => {
      if (synced) events.push('small synced');
    });
    await waitFor('the big room to sync', () => big.provider.synced && big.records.size === 400, 30_000);
    await health;
    await waitFor('the second client of the small room to sync', () => second.provider.synced);

    assert.ok(events.includes('big applied'), lines.join('\n'));
    const order = (event: string): number => {
      const index = events.indexOf(event);
      assert.ok(index >= 0, `${event} missing from ${events.join(', ')}`);
      return index;
    };
    assert.ok(
      order('healthz 200') < order('big applied'),
      `/healthz must be answered before the big space has loaded: ${events.join(', ')}`,
    );
    assert.ok(
      order('small synced') < order('big applied'),
      `the other room must sync before the big space has loaded: ${events.join(', ')}`,
    );
    const slices = Number(/space 'big': applied \d+ updates in (\d+) slices/.exec(lines.join('\n'))?.[1]);
    assert.ok(slices > snapshot.pieces, `${slices} slices`);
  });
});
