// purgeRecords on one document, and a forgetting compaction: a plain compaction keeps the previous
// generation (which still holds the purged text); compact({ forget: true }) leaves it in no file.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { onRecordsPurged, purgeLog, purgeRecords, purgeShelfRecords, purgesArray } from '../../../src/store/purge';
import { readCatalog, shelfCatalog } from '../../../src/store/shelves';
import { deleteRecords, putRecord } from '../../../src/store/recordsDoc';
import { retentionRecord } from '../domain/retentionFixtures';
import { eachTempDir, recordIds } from './helpers';

const SECRET = 'zq-purge-store-5e1d';

function filesHolding(dir: string, text: string): string[] {
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(Buffer.from(text)));
}

describe('purgeRecords and the forgetting compaction', () => {
  let dir: string;
  eachTempDir((made) => (dir = made));

  it('deletes in one transaction with one log entry (ids and kinds only); compact({ forget }) leaves the text in no file', async () => {
    const space = await PersistedSpace.open(dir, 'internal');
    putRecord(space.doc, retentionRecord('gone', 'internal-message', '2024-01-01T00:00:00.000Z', { title: SECRET }));
    putRecord(space.doc, retentionRecord('kept', 'external-request', '2024-01-01T00:00:00.000Z'));
    await space.flush();
    await space.compact();
    let transactions = 0;
    const countTransactions = (): void => {
      transactions++;
    };
    space.doc.on('afterTransaction', countTransactions);
    const entry = purgeRecords(space.doc, ['gone', 'gone', 'missing'], {
      at: '2027-01-01T00:00:00.000Z',
      by: '王芳',
      policy: 'messages: internal-message → 6 months',
    });
    space.doc.off('afterTransaction', countTransactions);
    assert.equal(transactions, 1);
    assert.deepEqual(entry, {
      at: '2027-01-01T00:00:00.000Z',
      by: '王芳',
      policy: 'messages: internal-message → 6 months',
      ids: ['gone'],
      kinds: ['internal-message'],
    });
    assert.deepEqual(recordIds(space.doc), ['kept']);
    assert.deepEqual(purgeLog(space.doc), [entry]);
    await space.flush();
    await space.compact();
    assert.deepEqual(filesHolding(dir, SECRET), ['snapshot.prev.bin'], 'a plain compaction keeps the previous generation');
    const forgets = [space.compact({ forget: true }), space.compact({ forget: true })];
    await Promise.all(forgets);
    assert.deepEqual(filesHolding(dir, SECRET), []);
    await space.close();
    const reopened = await PersistedSpace.open(dir, 'internal');
    assert.deepEqual(recordIds(reopened.doc), ['kept']);
    assert.equal(purgeLog(reopened.doc).length, 1);
    await reopened.close();
  });

  it('onRecordsPurged sees purges arriving as updates, on a document that never asked for the types; other deletions are no purge', () => {
    const source = new Y.Doc();
    for (const id of ['a', 'b', 'c', 'd']) putRecord(source, retentionRecord(id, 'internal-message'));
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(source));
    const seen: string[][] = [];
    const release = onRecordsPurged(server, (ids) => seen.push(ids));
    const relay = (change: () => void): void => {
      const before = Y.encodeStateVector(source);
      change();
      Y.applyUpdate(server, Y.encodeStateAsUpdate(source, before));
    };
    const meta = { at: '2027-01-01T00:00:00.000Z', by: 'x', policy: '' };
    relay(() => {
      purgeRecords(source, ['a'], meta);
      putRecord(source, retentionRecord('e', 'internal-message'));
    });
    relay(() => deleteRecords(source, ['b']));
    // The log entry and the deletion in separate updates, either way round.
    relay(() => purgesArray(source).push([{ ...meta, ids: ['b'], kinds: ['internal-message'] }]));
    relay(() => purgesArray(source).push([{ ...meta, ids: ['c'], kinds: ['internal-message'] }]));
    relay(() => deleteRecords(source, ['c']));
    release();
    relay(() => purgeRecords(source, ['d'], meta));
    assert.deepEqual(seen, [['a'], [], [], ['c']], 'the move of b (like an archive shelf) alone was no purge');
    assert.equal(server.share.get('purges') instanceof Y.Array, false, 'the watcher defined no type');
    const state = Buffer.from(Y.encodeStateAsUpdate(server));
    assert.equal(state.includes(Buffer.from('Record a')), false, 'Yjs dropped the content of the purged record');
    assert.equal(state.includes(Buffer.from('Record e')), true);
  });

  it('purgeShelfRecords logs on the shelf and, with `shelf`, in the active document; the copy is a purge only where the records once were', () => {
    const meta = { at: '2027-01-01T00:00:00.000Z', by: '王芳', policy: 'messages: internal-message → 6 months' };
    const shelf = new Y.Doc();
    const active = new Y.Doc();
    const other = new Y.Doc();
    for (const id of ['gone', 'kept']) {
      putRecord(active, retentionRecord(id, 'internal-message', '2024-05-01T00:00:00.000Z'));
      putRecord(shelf, retentionRecord(id, 'internal-message', '2024-05-01T00:00:00.000Z'));
    }
    // Moved to the shelf: the active document keeps only the tombstones and the catalog.
    active.transact(() => {
      deleteRecords(active, ['gone', 'kept'], new Date(meta.at));
      shelfCatalog(active).set('2024-05', 2);
    });
    const seen = { shelf: [] as string[][], active: [] as string[][], other: [] as string[][] };
    const releases = [
      onRecordsPurged(shelf, (ids) => seen.shelf.push(ids)),
      onRecordsPurged(active, (ids) => seen.active.push(ids)),
      onRecordsPurged(other, (ids) => seen.other.push(ids)),
    ];
    assert.equal(purgeShelfRecords({ name: 'internal.archive.2024-05', shelf, active }, ['missing'], meta), undefined);
    const entry = purgeShelfRecords({ name: 'internal.archive.2024-05', shelf, active }, ['gone'], meta);
    assert.deepEqual(entry, { ...meta, ids: ['gone'], kinds: ['internal-message'] });
    assert.deepEqual(purgeLog(shelf), [entry]);
    assert.deepEqual(purgeLog(active), [{ ...entry, shelf: 'internal.archive.2024-05' }]);
    assert.deepEqual(readCatalog(active), [{ month: '2024-05', count: 1 }]);
    assert.deepEqual(recordIds(shelf), ['kept']);
    // A document that never held the records (another space) takes the copy as no purge of its own.
    putRecord(other, retentionRecord('unrelated', 'internal-message'));
    purgesArray(other).push([{ ...entry, shelf: 'internal.archive.2024-05' }]);
    for (const release of releases) release();
    assert.deepEqual(seen, { shelf: [['gone']], active: [[]], other: [] });
    assert.throws(() => purgeShelfRecords({ name: 'internal', shelf, active }, ['kept'], meta), /"internal" is not a shelf name/);
  });
});
