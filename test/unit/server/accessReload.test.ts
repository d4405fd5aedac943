import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { ServerConfigWatcher, loadServerConfigFile } from '../../../server/configWatcher';
import { putRecord } from '../../../src/store/recordsDoc';
import { SpaceSync } from '../../../src/sync/syncClient';
import { Cleanup, memoryLogger, rawConnect, readSpaceFromDisk, startServer, stockClient, tempDir, waitFor } from './helpers';
import { startCliServer } from './processes';
import { emergencyRecord, startReceiver } from './webhookFixtures';

const users = [
  { name: 'zhang', token: 'zhang-secret-token' },
  { name: 'li', token: 'li-secret-token-1' },
  { name: 'wang', token: 'wang-secret-token' },
];

function config(spaces: unknown[], userList: unknown[] = users, webhooks?: unknown[]): string {
  return JSON.stringify({ users: userList, spaces, webhooks }, null, 2);
}

/** Every close code a stock provider saw, and whether it gave up (a 44xx close is final). */
function closes(client: ReturnType<typeof stockClient>): { codes: number[]; final: () => boolean } {
  const codes: number[] = [];
  let final = false;
  client.provider.on('connection-close', (event) => {
    if (event) codes.push(event.code);
  });
  client.provider.on('closed', () => {
    final = true;
  });
  return { codes, final: () => final };
}

describe('SyncServer: access config changes while connected', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('closes sessions that lost access, demotes to read-only, and keeps the old config when the new one is bad', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'access.json');
    await writeFile(file, config([{ name: 'internal', members: ['zhang', 'li', 'wang'] }]));
    const logger = memoryLogger();
    const initial = await loadServerConfigFile(file);
    const { server, url } = await startServer(cleanup, { dataDir: dir, access: initial.access, logger });
    const watcher = new ServerConfigWatcher({
      file,
      logger,
      current: initial,
      onChange: (next) => server.setAccess(next.access),
      debounceMs: 20,
    });
    watcher.start();
    cleanup.add(() => watcher.close());

    const zhang = stockClient(cleanup, url, 'internal', 'zhang-secret-token');
    const zhang2 = stockClient(cleanup, url, 'internal', 'zhang-secret-token');
    const li = stockClient(cleanup, url, 'internal', 'li-secret-token-1');
    const liCloses = closes(li);
    const wangDoc = new Y.Doc();
    const wang = new SpaceSync({ doc: wangDoc, serverUrl: url, space: 'internal', token: 'wang-secret-token' });
    cleanup.add(() => wang.destroy());
    await waitFor('all synced', () => zhang.provider.synced && zhang2.provider.synced && li.provider.synced && wang.synced);

    // li leaves the space; wang's token is replaced.
    await writeFile(
      file,
      config([{ name: 'internal', members: ['zhang', 'wang'] }], [users[0], users[1], { name: 'wang', token: 'wang-new-secret-token' }]),
    );
    await waitFor('li closed with 4403 and not retrying', () => liCloses.codes.includes(4403) && liCloses.final());
    await waitFor('wang told its token is no longer valid', () => wang.lastError === 'unauthorized');
    assert.equal(wang.status, 'disconnected');
    zhang.records.set('r1', 'zhang still writes');
    await waitFor('zhang unaffected', () => zhang2.records.get('r1') === 'zhang still writes');
    assert.equal((await rawConnect(`${url}/internal?token=li-secret-token-1`)).status, 403);
    assert.ok(logger.lines.some((line) => /closing connection of "li" \(4403\): access revoked/.test(line)));

    // zhang becomes read-only: connected still, reads, but writes are dropped.
    await writeFile(
      file,
      config(
        [{ name: 'internal', members: ['wang'], readOnly: ['zhang'] }],
        [users[0], users[1], { name: 'wang', token: 'wang-new-secret-token' }],
      ),
    );
    await waitFor('demotion logged', () => logger.lines.some((line) => line.includes('"zhang" is now read-only')));
    zhang.records.set('r2', 'dropped');
    await waitFor('the drop is logged', () => logger.lines.some((line) => line.includes('read-only user "zhang"')));
    assert.equal(zhang.provider.wsconnected, true);

    // A config that does not parse is refused, naming the field; the one in force stays.
    await writeFile(file, config([{ name: 'internal', members: ['nobody'] }]));
    await waitFor('refusal logged', () =>
      logger.lines.some((line) => /config NOT reloaded.*spaces\[0\]\.members\[0\]: unknown user "nobody"/.test(line)),
    );
    zhang.records.set('r3', 'still dropped');
    await waitFor('zhang still read-only', () => logger.lines.filter((line) => line.includes('read-only user "zhang"')).length >= 2);
    assert.equal((await rawConnect(`${url}/internal?token=li-secret-token-1`)).status, 403);

    zhang.provider.destroy();
    zhang2.provider.destroy();
    await server.close();
    const onDisk = (await readSpaceFromDisk(dir, 'internal')).getMap('records');
    assert.equal(onDisk.get('r1'), 'zhang still writes');
    assert.equal(onDisk.get('r2'), undefined);
    assert.equal(onDisk.get('r3'), undefined);
  });

  it('liaison serve reloads on file change and on SIGHUP, access and webhooks together', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200 }));
    const dir = await tempDir(cleanup);
    const file = join(dir, 'access.json');
    await writeFile(file, config([{ name: 'internal', members: ['zhang', 'li'] }]));
    const { child, url } = await startCliServer(cleanup, ['--data', dir, '--config', file]);
    const zhang = stockClient(cleanup, url, 'internal', 'zhang-secret-token');
    const li = stockClient(cleanup, url, 'internal', 'li-secret-token-1');
    const liCloses = closes(li);
    await waitFor('synced', () => li.provider.synced && zhang.provider.synced);

    child.kill('SIGHUP');
    await waitFor('SIGHUP reload logged', () =>
      /config reloaded \(SIGHUP\): 3 users, 1 spaces; webhooks unchanged \(0\)/.test(child.stderr()),
    );
    await writeFile(file, '{ "users": [ ');
    await waitFor('a half-written file is refused', () => /config NOT reloaded \(file changed\)/.test(child.stderr()));
    await writeFile(
      file,
      config([{ name: 'internal', members: ['zhang'] }], users, [
        { name: 'ops', format: 'generic', url: receiver.url, allowPrivate: true },
      ]),
    );
    await waitFor('li closed with 4403', () => liCloses.codes.includes(4403) && liCloses.final(), 10000);
    assert.match(child.stderr(), /config reloaded \(file changed\): 3 users, 1 spaces; webhooks \+ops\n/);
    // The space was loaded before any webhook existed; the new one watches it from now on.
    putRecord(zhang.doc, emergencyRecord('R-after-reload'));
    await waitFor('the added webhook got the emergency', () => receiver.requests.length === 1, 10000);
    assert.equal(receiver.json(0).recordId, 'R-after-reload');
    assert.equal(child.exited(), false);
  });
});
