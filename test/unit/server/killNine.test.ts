import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Cleanup, readSpaceFromDisk, startServer, stockClient, tempDir, waitFor } from './helpers';
import { startCliServer } from './processes';

describe('SyncServer: durability', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('keeps every update any client received when killed with SIGKILL in the middle of a stream of edits', async () => {
    const dataDir = await tempDir(cleanup);
    const { child, url } = await startCliServer(cleanup, ['--data', dataDir]);
    const writers = [stockClient(cleanup, url, 'internal'), stockClient(cleanup, url, 'internal')];
    const reader = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => [...writers, reader].every((c) => c.provider.synced));

    // Two writers edit as fast as the event loop lets them, until the server is gone.
    let writing = true;
    const write = async (writer: (typeof writers)[number], name: string): Promise<number> => {
      let n = 0;
      while (writing) {
        writer.records.set(`${name}-${n}`, { n, text: '写入中的记录' });
        n++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return n;
    };
    const written = Promise.all([write(writers[0], 'a'), write(writers[1], 'b')]);
    await waitFor('the reader is receiving a stream of edits', () => reader.records.size >= 400, 20000);
    child.kill('SIGKILL');
    await child.exit;
    writing = false;
    const [a, b] = await written;
    // Whatever was still in the reader's socket was sent before the kill; wait until it is closed.
    await waitFor('the reader saw the server go', () => !reader.provider.wsconnected);
    const received = [...reader.records.keys()];
    assert.ok(received.length >= 400 && received.length < a + b, `received ${received.length} of ${a + b}`);
    for (const writer of writers) writer.provider.destroy();
    reader.provider.destroy();

    const onDisk = (await readSpaceFromDisk(dataDir, 'internal')).getMap('records');
    const missing = received.filter((key) => !onDisk.has(key));
    assert.deepEqual(missing, [], 'every update the reader received is on disk');

    // And a restarted server serves all of it.
    const restarted = await startCliServer(cleanup, ['--data', dataDir]);
    const late = stockClient(cleanup, restarted.url, 'internal');
    await waitFor('late client synced', () => late.provider.synced);
    assert.deepEqual(
      received.filter((key) => !late.records.has(key)),
      [],
    );
  });

  it('compacts a busy space on the server and loses nothing', async () => {
    const dataDir = await tempDir(cleanup);
    const first = await startServer(cleanup, { dataDir, store: { compactAfterBytes: 4096 } });
    const a = stockClient(cleanup, first.url, 'internal');
    const b = stockClient(cleanup, first.url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);
    for (let i = 0; i < 300; i++) {
      a.records.set(`r${i}`, `第${i}条记录，带一些内容以填满日志`);
      if (i % 20 === 19) await waitFor(`b has r${i}`, () => b.records.get(`r${i}`) !== undefined);
    }
    await waitFor('b has everything', () => b.records.size === 300);
    const files = readdirSync(join(dataDir, 'spaces', 'internal'));
    assert.ok(files.includes('snapshot.bin') && files.includes('log.prev.bin'), `files: ${files.join(', ')}`);
    a.provider.destroy();
    b.provider.destroy();
    await first.server.close();
    assert.equal((await readSpaceFromDisk(dataDir, 'internal')).getMap('records').size, 300);
  });
});
