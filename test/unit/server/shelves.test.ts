import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { authorize, parseAccessConfig } from '../../../server/access';
import { shelfName } from '../../../src/store/shelves';
import { Replica } from '../../../src/sync/replica';
import type { ShelfHandle } from '../../../src/sync/archiveShelves';
import { SPACE, entry, read } from '../sync/shelfFixtures';
import { Cleanup, rawConnect, startServer, stockClient, tempDir, waitFor } from './helpers';

const MARCH = shelfName(SPACE, '2026-03');
const NOW = new Date('2026-04-20T00:00:00.000Z');

const configJson = {
  users: [
    { name: 'zhang', token: 'zhang-secret-token' },
    { name: 'li', token: 'li-secret-token-1' },
    { name: 'wang', token: 'wang-secret-token' },
  ],
  spaces: [{ name: SPACE, members: ['zhang'], readOnly: ['li'] }],
};

describe('archive shelves on the server', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('authorizes a shelf exactly as its space, and refuses a config entry naming a shelf', () => {
    const config = parseAccessConfig(configJson);
    assert.deepEqual(authorize(config, 'zhang-secret-token', MARCH), { ok: true, user: 'zhang', readOnly: false, admin: false });
    assert.deepEqual(authorize(config, 'li-secret-token-1', MARCH), { ok: true, user: 'li', readOnly: true, admin: false });
    assert.equal((authorize(config, 'wang-secret-token', MARCH) as { status: number }).status, 403);
    assert.equal((authorize(config, 'zhang-secret-token', 'other.archive.2026-03') as { status: number }).status, 403);
    assert.throws(
      () => parseAccessConfig({ ...configJson, spaces: [{ name: MARCH, members: ['zhang'] }] }),
      /spaces\[0\]\.name: "internal\.archive\.2026-03" is the name of an archive shelf.*list the space instead/,
    );
  });

  it('lets a member of the space sync its shelf room, and refuses a non-member with 403', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, access: parseAccessConfig(configJson) });
    // The space has a record from March: its shelves from March on may be created.
    const active = stockClient(cleanup, url, SPACE, 'zhang-secret-token');
    await waitFor('the space synced', () => active.provider.synced);
    const record = new Y.Map<unknown>();
    active.records.set('R-0', record);
    record.set('createdAt', '2026-03-02T08:00:00.000Z');
    await waitFor('the record reached the server', async () => (await rawConnect(`${url}/${MARCH}?token=zhang-secret-token`)).opened);
    const writer = stockClient(cleanup, url, MARCH, 'zhang-secret-token');
    const reader = stockClient(cleanup, url, MARCH, 'li-secret-token-1');
    await waitFor('both synced', () => writer.provider.synced && reader.provider.synced);
    writer.records.set('R-1', 'shelved');
    await waitFor('the reader gets it', () => reader.records.get('R-1') === 'shelved');
    assert.deepEqual(await rawConnect(`${url}/${MARCH}?token=wang-secret-token`), { status: 403, opened: false, messages: 0 });
    assert.deepEqual(await rawConnect(`${url}/${MARCH}`), { status: 401, opened: false, messages: 0 });
    assert.equal((await rawConnect(`${url}/${MARCH}?token=zhang-secret-token`)).opened, true);
  });

  it('two replicas that moved the same record apart converge to one copy holding every event', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir });
    const rootX = await tempDir(cleanup);
    const rootY = await tempDir(cleanup);
    const online = async (root: string): Promise<Replica> => {
      const replica = await Replica.open({ storeRoot: root, spaces: [SPACE], server: { url } });
      cleanup.add(() => replica.close());
      return replica;
    };
    const x = await online(rootX);
    const y = await online(rootY);
    await x.add(entry('R-1', '2026-03-02T08:00:00.000Z'));
    await x.add(entry('R-2', '2026-03-03T08:00:00.000Z'));
    await waitFor('y has both', () => y.records().length === 2);
    await x.close();
    await y.close();

    // Apart: x reads R-1 (an event y never sees) and moves both; y moves both too.
    const xAlone = await Replica.open({ storeRoot: rootX, spaces: [SPACE] });
    await xAlone.appendEvent(SPACE, 'R-1', read('R-1', '李明', '2026-04-19T00:00:00.000Z'));
    assert.equal((await xAlone.shelve({ afterDays: 7, now: NOW })).shelved, 2);
    await xAlone.close();
    const yAlone = await Replica.open({ storeRoot: rootY, spaces: [SPACE] });
    assert.equal((await yAlone.shelve({ afterDays: 7, now: NOW })).shelved, 2);
    await yAlone.close();

    // Together again, each with the shelf open.
    const x2 = await online(rootX);
    const y2 = await online(rootY);
    const shelves: ShelfHandle[] = [await x2.openShelf(MARCH), await y2.openShelf(MARCH)];
    for (const shelf of shelves) cleanup.add(() => shelf.close());
    const settled = (shelf: ShelfHandle): boolean => {
      const ids = shelf
        .records()
        .map((r) => r.id)
        .sort()
        .join();
      return (
        ids === 'R-1,R-2' &&
        shelf
          .record('R-1')
          ?.events.map((e) => e.type)
          .join() === 'sent,archived,read'
      );
    };
    await waitFor('both shelves hold R-1 and R-2, R-1 with its read', () => shelves.every(settled), 20_000);
    assert.deepEqual(x2.records(), []);
    assert.deepEqual(y2.records(), []);
    assert.deepEqual(x2.shelves(), [{ name: MARCH, space: SPACE, month: '2026-03', count: 2 }]);
    assert.deepEqual(
      (await y2.findRecord(SPACE, 'R-1'))?.events.map((e) => e.id),
      ['R-1-sent', 'R-1-archived', 'R-1-read-李明'],
    );
  });
});
