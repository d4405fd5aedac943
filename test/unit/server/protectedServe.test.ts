// Protected parts against `liaison serve` as a child process (test/harness/syncServerProcess.ts):
// a member who is not an admin has each change to a protected part refused (told on the
// connection, which stays open, and logged), keeps writing records; an admin's change is accepted;
// and the purge attack of issue 13 (delete every record, push a purge entry) no longer makes the
// server forget the records' history.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Refusal } from '../../../src/protocol/authMessages';
import { getRecord, putRecord, recordIds } from '../../../src/store/recordsDoc';
import { purgeRecords, purgesArray } from '../../../src/store/purge';
import { SpaceSync } from '../../../src/sync/syncClient';
import type { RunningServer } from '../../harness/syncServerProcess';
import { startSyncServer } from '../../harness/syncServerProcess';
import { Cleanup, tempDir, waitFor } from './helpers';
import { emergencyRecord } from './webhookFixtures';

const SPACE = 'internal';
const users = [
  { name: 'boss', token: 'boss-token-0123456789' },
  { name: 'member', token: 'member-token-0123456789' },
  { name: 'watcher', token: 'watcher-token-0123456789' },
];

interface Client {
  doc: Y.Doc;
  sync: SpaceSync;
  refusals: Refusal[];
}

async function connect(cleanup: Cleanup, server: RunningServer, token: string): Promise<Client> {
  const doc = new Y.Doc();
  const sync = new SpaceSync({ doc, serverUrl: server.url, space: SPACE, token, maxBackoffMs: 200 });
  cleanup.add(() => sync.destroy());
  const refusals: Refusal[] = [];
  cleanup.add(sync.onRefused((refusal) => refusals.push(refusal)));
  await sync.whenSynced(10_000);
  await waitFor('the session role', () => sync.role !== undefined);
  return { doc, sync, refusals };
}

async function filesHolding(dir: string, text: string): Promise<string[]> {
  const needle = Buffer.from(text, 'utf8');
  const found: string[] = [];
  for (const name of await readdir(dir)) {
    const bytes = await readFile(join(dir, name)).catch(() => Buffer.alloc(0));
    if (bytes.includes(needle)) found.push(name);
  }
  return found;
}

describe('liaison serve: protected parts of a space', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('refuses a non-admin change to each protected part and keeps the connection; accepts the rest, and an admin', async () => {
    const dataDir = await tempDir(cleanup);
    const log: string[] = [];
    const server = await startSyncServer({
      dataDir: join(dataDir, 'data'),
      access: { users, spaces: [{ name: SPACE, members: ['boss', 'member', 'watcher'], admins: ['boss'] }] },
      log: (line) => log.push(line),
    });
    cleanup.add(() => server.stop());
    const boss = await connect(cleanup, server, users[0].token);
    const member = await connect(cleanup, server, users[1].token);
    const watcher = await connect(cleanup, server, users[2].token);
    assert.deepEqual(boss.sync.role, { user: 'boss', readOnly: false, admin: true });
    assert.deepEqual(member.sync.role, { user: 'member', readOnly: false, admin: false });

    // The admin sets what a member will then try to change.
    boss.doc.transact(() => {
      boss.doc.getArray('teamPolicy').push([{ id: 'v1', policy: '' }]);
      boss.doc.getMap('directoryPeople').set('王芳', { department: '运维部' });
    });
    await waitFor(
      'the admin change reaches the others',
      () => watcher.doc.getArray('teamPolicy').length === 1 && member.doc.getArray('teamPolicy').length === 1,
    );

    const attempts: [string, (doc: Y.Doc) => void][] = [
      ['purges', (doc) => purgesArray(doc).push([{ at: '2030-01-01T00:00:00Z', by: 'member', ids: [] }])],
      ['teamPolicy', (doc) => doc.getArray('teamPolicy').push([{ id: 'v2', policy: 'evil' }])],
      ['directoryPeople', (doc) => doc.getMap('directoryPeople').delete('王芳')],
      ['directoryDepartments', (doc) => doc.getMap('directoryDepartments').set('运维部', { head: 'member' })],
    ];
    for (const [part, change] of attempts) {
      const before = member.refusals.length;
      change(member.doc);
      await waitFor(`the refusal of ${part}`, () => member.refusals.length > before);
      assert.equal(member.refusals.at(-1)?.part, part);
      // Accepted afterwards, on the same connection: a record reaches the watcher.
      putRecord(member.doc, emergencyRecord(`R-after-${part}`));
      await waitFor(`the member's record after ${part}`, () => getRecord(watcher.doc, `R-after-${part}`) !== undefined);
      assert.equal(member.sync.status, 'connected');
    }
    assert.equal(purgesArray(watcher.doc).length, 0);
    assert.deepEqual(watcher.doc.getArray('teamPolicy').toJSON(), [{ id: 'v1', policy: '' }]);
    assert.deepEqual(watcher.doc.getMap('directoryPeople').toJSON(), { 王芳: { department: '运维部' } });
    assert.equal(watcher.doc.getMap('directoryDepartments').size, 0);
    assert.ok(log.some((line) => /refused the changes of "member" \(not an admin\) to protected parts: purges/.test(line)));

    // The admin's change to the same part is accepted and relayed.
    boss.doc.getMap('directoryDepartments').set('运维部', { head: '王芳' });
    await waitFor('the admin department', () => watcher.doc.getMap('directoryDepartments').size === 1);
    assert.equal(boss.refusals.length, 0);
  });

  it('the purge attack: a member deletes every record and pushes a purge entry; the server keeps the history', async () => {
    const dataDir = await tempDir(cleanup);
    const data = join(dataDir, 'data');
    const server = await startSyncServer({
      dataDir: data,
      access: { users, spaces: [{ name: SPACE, members: ['boss', 'member', 'watcher'], admins: ['boss'] }] },
    });
    cleanup.add(() => server.stop());
    const member = await connect(cleanup, server, users[1].token);
    const secret = 'zq-history-kept-5d1e';
    for (let i = 0; i < 20; i++) putRecord(member.doc, { ...emergencyRecord(`R-${i}`), title: `${secret} ${i}` });
    const watcher = await connect(cleanup, server, users[2].token);
    await waitFor('every record at the watcher', () => recordIds(watcher.doc).length === 20);
    purgeRecords(member.doc, recordIds(member.doc), { at: '2030-01-01T00:00:00Z', by: 'member', policy: 'everything' });
    await waitFor('the refusal', () => member.refusals.some((refusal) => refusal.part === 'purges'));
    await waitFor('the deletions relayed', () => recordIds(watcher.doc).length === 0);
    assert.equal(purgesArray(watcher.doc).length, 0);
    await server.stop();
    // No forgetting compaction ran: the server's files still hold the deleted records' text, for a restore.
    assert.notDeepEqual(await filesHolding(join(data, 'spaces', SPACE), secret), []);
  });
});
