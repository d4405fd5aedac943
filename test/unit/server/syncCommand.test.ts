import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { addRecord, recordIds } from '../store/helpers';
import { Cleanup, freePort, startServer, stockClient, tempDir, waitFor } from './helpers';
import { runCli, startCliServer, startStockServer } from './processes';

const accessJson = {
  users: [
    { name: 'zhang', token: 'zhang-secret-token' },
    { name: 'li', token: 'li-secret-token-1' },
  ],
  spaces: [
    { name: 'internal', members: ['zhang'] },
    { name: 'client-acme', members: ['li'] },
  ],
};

/** A local store (the extension's folder format) holding records `ids` in space `space`. */
async function localStore(cleanup: Cleanup, space: string, ids: string[]): Promise<string> {
  const dir = await tempDir(cleanup);
  const opened = await PersistedSpace.open(join(dir, 'spaces', space), space);
  for (const id of ids) addRecord(opened.doc, id, `本地记录 ${id}`);
  await opened.close();
  return dir;
}

async function storedIds(dir: string, space: string): Promise<string[]> {
  const opened = await PersistedSpace.open(join(dir, 'spaces', space), space);
  await opened.close();
  return recordIds(opened.doc);
}

describe('liaison sync (child process)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it("pushes the local records and pulls the server's, then exits 0 (Liaison server, with a token)", async () => {
    const serverDir = await tempDir(cleanup);
    const config = join(serverDir, 'access.json');
    await writeFile(config, JSON.stringify(accessJson));
    const { url } = await startCliServer(cleanup, ['--data', serverDir, '--config', config]);
    const other = stockClient(cleanup, url, 'internal', 'zhang-secret-token');
    await waitFor('other synced', () => other.provider.synced);
    other.records.set('from-server', '服务器上的记录');

    const store = await localStore(cleanup, 'internal', ['local-1', 'local-2']);
    const sync = runCli(cleanup, ['sync', '--store', store, '--server', url, '--space', 'internal', '--token', 'zhang-secret-token']);
    assert.equal(await sync.exit, 0, sync.stderr());
    assert.equal(sync.stdout(), `liaison sync: space "internal" is in sync with ${url} (3 records)\n`);
    assert.deepEqual(await storedIds(store, 'internal'), ['from-server', 'local-1', 'local-2']);
    await waitFor('the server has the local records', () => other.records.has('local-1') && other.records.has('local-2'));

    // Again: nothing to do, still 0.
    const again = runCli(cleanup, ['sync', '--store', store, '--server', url, '--space', 'internal'], {
      LIAISON_TOKEN: 'zhang-secret-token',
    });
    assert.equal(await again.exit, 0, again.stderr());
  });

  it('exits 1 with a clear message when refused, unreachable or too slow, and 2 on a wrong command line', async () => {
    const serverDir = await tempDir(cleanup);
    const config = join(serverDir, 'access.json');
    await writeFile(config, JSON.stringify(accessJson));
    const { url } = await startCliServer(cleanup, ['--data', serverDir, '--config', config]);
    const store = await localStore(cleanup, 'internal', ['a']);
    const sync = (args: string[]): ReturnType<typeof runCli> => runCli(cleanup, ['sync', '--store', store, '--space', 'internal', ...args]);

    const wrongToken = sync(['--server', url, '--token', 'nope']);
    assert.equal(await wrongToken.exit, 1);
    assert.match(wrongToken.stderr(), /liaison sync: sync refused: unauthorized \(the server does not know this token: check --token\)/);

    const wrongSpace = sync(['--server', url, '--token', 'li-secret-token-1']);
    assert.equal(await wrongSpace.exit, 1);
    assert.match(wrongSpace.stderr(), /sync refused: forbidden \(this token may not open space "internal"\)/);

    const nobody = sync(['--server', `ws://127.0.0.1:${await freePort()}`, '--token', 'x']);
    assert.equal(await nobody.exit, 1);
    assert.match(nobody.stderr(), /liaison sync: cannot reach ws:\/\/127\.0\.0\.1:\d+/);

    // Accepts the connection, never answers the upgrade.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.add(
      () =>
        new Promise((resolve) => {
          for (const socket of sockets) socket.destroy();
          silent.close(resolve);
        }),
    );
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const slow = sync(['--server', `ws://127.0.0.1:${port}`, '--timeout', '1']);
    assert.equal(await slow.exit, 1);
    assert.match(slow.stderr(), /not synced within/);

    const usage = runCli(cleanup, ['sync', '--store', store, '--server', url]);
    assert.equal(await usage.exit, 2);
    assert.match(usage.stderr(), /--space NAME is required/);
    assert.deepEqual(await storedIds(store, 'internal'), ['a'], 'the local store is intact');
  });

  it('works the same against the stock y-websocket server', async () => {
    const { url } = await startStockServer(cleanup);
    const other = stockClient(cleanup, url, 'internal');
    await waitFor('other synced', () => other.provider.synced);
    other.records.set('from-stock', 'x');
    const store = await localStore(cleanup, 'internal', ['local-1']);
    const sync = runCli(cleanup, ['sync', '--store', store, '--server', url, '--space', 'internal']);
    assert.equal(await sync.exit, 0, sync.stderr());
    assert.deepEqual(await storedIds(store, 'internal'), ['from-stock', 'local-1']);
    await waitFor('the stock server has the local record', () => other.records.has('local-1'));
  });

  it('copies a whole space to an empty store, as a backup does', async () => {
    const serverDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir: serverDir });
    const writer = stockClient(cleanup, url, 'internal');
    await waitFor('writer synced', () => writer.provider.synced);
    for (let i = 0; i < 50; i++) writer.records.set(`r${i}`, i);
    const backup = await tempDir(cleanup);
    const sync = runCli(cleanup, ['sync', '--store', backup, '--server', url, '--space', 'internal']);
    assert.equal(await sync.exit, 0, sync.stderr());
    const opened = await PersistedSpace.open(join(backup, 'spaces', 'internal'), 'internal');
    await opened.close();
    assert.equal(opened.doc.getMap('records').size, 50);
  });
});
