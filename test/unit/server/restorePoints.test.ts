// Restore points against `liaison serve` as a child process: a member deletes 2,000 records, an
// admin runs `liaison restore` (a child process too) to the point before, and every connected
// client gets them back, with what was written since kept; an admin's purge removes the purged
// records from every restore point; the tiers keep what they say.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { listRestorePoints, parseRestoreTiers, pointsToKeep, readRestorePoint } from '../../../server/restorePoints';
import type { RestorePoint } from '../../../server/restorePoints';
import { deleteRecords, getRecord, putRecord, recordCount, recordIds } from '../../../src/store/recordsDoc';
import { purgeRecords } from '../../../src/store/purge';
import { SpaceSync } from '../../../src/sync/syncClient';
import type { RunningServer } from '../../harness/syncServerProcess';
import { startSyncServer } from '../../harness/syncServerProcess';
import { Cleanup, tempDir, waitFor } from './helpers';
import { runCli } from './processes';
import { emergencyRecord } from './webhookFixtures';

const SPACE = 'internal';
const users = [
  { name: 'boss', token: 'boss-token-0123456789' },
  { name: 'member', token: 'member-token-0123456789' },
  { name: 'watcher', token: 'watcher-token-0123456789' },
];

async function connect(cleanup: Cleanup, server: RunningServer, token: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const sync = new SpaceSync({ doc, serverUrl: server.url, space: SPACE, token, maxBackoffMs: 200 });
  cleanup.add(() => sync.destroy());
  await sync.whenSynced(20_000);
  return doc;
}

async function start(cleanup: Cleanup, data: string): Promise<RunningServer> {
  const server = await startSyncServer({
    dataDir: data,
    access: { users, spaces: [{ name: SPACE, members: ['boss', 'member', 'watcher'], admins: ['boss'] }] },
    args: ['--restore-points', '1s:1h'],
  });
  cleanup.add(() => server.stop());
  return server;
}

/** The newest restore point of the space once it holds `count` records. */
async function pointWith(data: string, count: number): Promise<RestorePoint> {
  let found: RestorePoint | undefined;
  await waitFor(
    `a restore point with ${count} records`,
    async () => {
      const newest = (await listRestorePoints(data, SPACE)).at(-1);
      if (newest === undefined) return false;
      const doc = await readRestorePoint(newest).catch(() => undefined);
      if (doc === undefined || recordCount(doc) !== count) return false;
      found = newest;
      return true;
    },
    30_000,
  );
  if (found === undefined) throw new Error('unreachable');
  return found;
}

async function cli(cleanup: Cleanup, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runCli(cleanup, args);
  const code = await child.exit;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

describe('liaison serve: restore points and liaison restore', function () {
  this.timeout(120_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('2,000 records deleted by a member come back for every client when an admin restores the point before; later writes stay', async () => {
    const data = join(await tempDir(cleanup), 'data');
    const server = await start(cleanup, data);
    const member = await connect(cleanup, server, users[1].token);
    const boss = await connect(cleanup, server, users[0].token);
    const watcher = await connect(cleanup, server, users[2].token);
    member.transact(() => {
      for (let i = 0; i < 2000; i++) putRecord(member, { ...emergencyRecord(`R-${i}`), title: `record ${i}` });
    });
    await waitFor('every client has the 2,000 records', () => recordCount(watcher) === 2000 && recordCount(boss) === 2000, 30_000);
    const before = await pointWith(data, 2000);

    deleteRecords(member, recordIds(member));
    putRecord(member, { ...emergencyRecord('R-new'), title: 'written after the deletion' });
    await waitFor('the deletion reaches everyone', () => recordCount(watcher) === 1 && recordCount(boss) === 1, 30_000);

    const listed = await cli(cleanup, ['restore', '--list', '--data', data, '--space', SPACE]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(listed.stdout.split('\n').includes(before.at.toISOString()), listed.stdout);

    const restored = await cli(cleanup, ['restore', '--data', data, '--space', SPACE, '--at', before.at.toISOString()]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stderr, /the server \(pid \d+\) is running; it applies the restore/);
    assert.match(restored.stdout, /2000 records back, 0 created since dropped/);
    for (const [who, doc] of [
      ['member', member],
      ['boss', boss],
      ['watcher', watcher],
    ] as const) {
      await waitFor(`${who} sees the records back`, () => recordCount(doc) === 2001, 30_000);
      assert.equal(getRecord(doc, 'R-1234')?.title, 'record 1234', who);
      assert.equal(getRecord(doc, 'R-new')?.title, 'written after the deletion', who);
    }
  });

  it('restores a stopped server from its files, refuses a time before every point, and drops newer records when asked', async () => {
    const data = join(await tempDir(cleanup), 'data');
    let server = await start(cleanup, data);
    let member = await connect(cleanup, server, users[1].token);
    for (let i = 0; i < 3; i++) putRecord(member, emergencyRecord(`R-${i}`));
    const before = await pointWith(data, 3);
    deleteRecords(member, ['R-0', 'R-1']);
    putRecord(member, emergencyRecord('R-new'));
    const watcher = await connect(cleanup, server, users[2].token);
    await waitFor('the deletion on the server', () => recordCount(watcher) === 2);
    await server.stop();

    const early = await cli(cleanup, ['restore', '--data', data, '--space', SPACE, '--at', '2000-01-01T00:00:00Z']);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /has no restore point at or before 2000-01-01T00:00:00.000Z/);
    const outside = await cli(cleanup, ['restore', '--list', '--data', data, '--space', '../../etc']);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /--space "\.\.\/\.\.\/etc" is not a space name/);
    const bad = await cli(cleanup, ['restore', '--data', data, '--space', SPACE, '--at', 'yesterday']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--at is "yesterday": give an ISO time/);

    const offline = await cli(cleanup, ['restore', '--data', data, '--space', SPACE, '--at', before.at.toISOString(), '--drop-newer']);
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, /2 records back, 1 created since dropped/);
    server = await start(cleanup, data);
    member = await connect(cleanup, server, users[1].token);
    assert.deepEqual(recordIds(member).sort(), ['R-0', 'R-1', 'R-2']);
  });

  it("an admin's purge removes the purged records from every restore point", async () => {
    const data = join(await tempDir(cleanup), 'data');
    const server = await start(cleanup, data);
    const boss = await connect(cleanup, server, users[0].token);
    const secret = 'zq-purged-everywhere-91c2';
    putRecord(boss, { ...emergencyRecord('R-secret'), title: secret });
    putRecord(boss, emergencyRecord('R-kept'));
    const two = await pointWith(data, 2);
    putRecord(boss, emergencyRecord('R-later'));
    await pointWith(data, 3);
    purgeRecords(boss, ['R-secret'], { at: '2030-01-01T00:00:00Z', by: 'boss', policy: 'test' });
    const folder = join(data, 'restore-points', SPACE);
    await waitFor(
      'no restore point holds the purged record',
      async () => {
        for (const name of await readdir(folder)) {
          const bytes = await readFile(join(folder, name)).catch(() => Buffer.alloc(0));
          if (bytes.includes(Buffer.from(secret))) return false;
        }
        return true;
      },
      30_000,
    );
    const points = await listRestorePoints(data, SPACE);
    assert.ok(points.length >= 2);
    for (const point of points) {
      const doc = await readRestorePoint(point);
      assert.equal(getRecord(doc, 'R-secret'), undefined);
    }
    const rewritten = await readRestorePoint(two);
    assert.equal(getRecord(rewritten, 'R-secret'), undefined);
    assert.ok(getRecord(rewritten, 'R-kept'), 'the other records stay');
  });

  it('keeps the newest point of each period of each tier, and the newest of all', () => {
    assert.deepEqual(parseRestoreTiers('1h:2d,1d:30d'), [
      { everyMs: 3_600_000, keepMs: 172_800_000 },
      { everyMs: 86_400_000, keepMs: 2_592_000_000 },
    ]);
    assert.throws(() => parseRestoreTiers('1h'), /tier 1 \("1h"\): write EVERY:KEEP/);
    assert.throws(() => parseRestoreTiers('1x:2d'), /tier 1 EVERY: "1x" is not a duration/);
    assert.throws(() => parseRestoreTiers('2d:1h'), /KEEP must be at least EVERY/);
    const now = new Date('2030-03-31T12:00:00Z');
    const points = [
      '2030-01-01T10:00:00Z', // 89 days old: no tier keeps it
      '2030-03-10T10:00:00Z', // daily
      '2030-03-10T11:00:00Z', // daily, newer of the same day: kept instead
      '2030-03-31T09:10:00Z',
      '2030-03-31T09:50:00Z', // hourly: newest of its hour
      '2030-03-31T11:30:00Z', // newest of all
    ].map((at) => ({ at: new Date(at), file: at }));
    const kept = [...pointsToKeep(points, parseRestoreTiers('1h:2d,1d:30d'), now)].map((point) => point.file).sort();
    assert.deepEqual(kept, ['2030-03-10T11:00:00Z', '2030-03-31T09:50:00Z', '2030-03-31T11:30:00Z']);
  });
});
