import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { deriveState } from '../../../src/domain/status';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { bucketsMap, deleteRecords, getRecord, listRecords, putRecord, recordIds } from '../../../src/store/recordsDoc';
import { archiveReturns, readCatalog, shelfName } from '../../../src/store/shelves';
import { Replica } from '../../../src/sync/replica';
import { shelveSpace, watchRemovedRecords } from '../../../src/sync/shelving';
import type { LiaisonRecord } from '../../../src/domain/record';
import type { ShelvingHost } from '../../../src/sync/shelving';
import { SPACE, entry, read, reopen } from './shelfFixtures';

/** The ids of what a replica or shelf holds, sorted. */
function idsOf(source: { records(): readonly { id: string }[] }): string[] {
  return source
    .records()
    .map((record) => record.id)
    .sort();
}

const NOW = new Date('2026-04-20T00:00:00.000Z');
const MARCH = shelfName(SPACE, '2026-03');

describe('archive shelves: the moving pass (Replica, offline)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'liaison-shelving-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function seeded(): Promise<Replica> {
    const replica = await Replica.open({ storeRoot: root, spaces: [SPACE] });
    await replica.add(entry('R-old-1', '2026-03-02T08:00:00.000Z'));
    await replica.add(entry('R-old-2', '2026-03-31T17:00:00.000Z')); // 2026-04-01 01:00 in UTC+8
    await replica.add(entry('R-old-3', '2026-03-10T08:00:00.000Z'));
    await replica.add(entry('R-recent', '2026-04-18T00:00:00.000Z'));
    await replica.add(entry('R-open'));
    return replica;
  }

  it('moves records archived at least afterDays ago to their month, lists the shelves and finds them again', async () => {
    const replica = await seeded();
    try {
      const result = await replica.shelve({ afterDays: 7, now: NOW });
      assert.equal(result.shelved, 3);
      assert.deepEqual(result.months.sort(), [MARCH, shelfName(SPACE, '2026-04')]);
      assert.deepEqual(idsOf(replica), ['R-open', 'R-recent'], 'records() lists the active document only');
      assert.deepEqual(replica.shelves(SPACE), [
        { name: shelfName(SPACE, '2026-04'), space: SPACE, month: '2026-04', count: 1 },
        { name: MARCH, space: SPACE, month: '2026-03', count: 2 },
      ]);
      const found = await replica.findRecord(SPACE, 'R-old-3');
      assert.equal(found?.title, '经验总结-R-old-3');
      assert.equal(found?.space, SPACE);
      assert.equal(found && deriveState(found).status, 'archived');
      assert.equal(await replica.findRecord(SPACE, 'R-nowhere'), undefined);
      const shelf = await replica.openShelf(MARCH);
      try {
        assert.deepEqual(
          shelf
            .records()
            .map((r) => [r.id, r.space])
            .sort(),
          [
            ['R-old-1', SPACE],
            ['R-old-3', SPACE],
          ],
        );
        assert.equal(shelf.record('R-old-1')?.body, '## 经过\n\n记录 R-old-1 的正文。\n');
        assert.deepEqual(idsOf(replica), ['R-open', 'R-recent'], 'an open shelf does not join records()');
      } finally {
        await shelf.close();
      }
      // A second pass has nothing to do.
      assert.deepEqual(await replica.shelve({ afterDays: 7, now: NOW }), { shelved: 0, returned: 0, months: [] });
      // afterDays 0 takes the recent one too.
      assert.equal((await replica.shelve({ afterDays: 0, now: NOW })).shelved, 1);
      assert.deepEqual(
        replica.records().map((r) => r.id),
        ['R-open'],
      );
    } finally {
      await replica.close();
    }
  });

  it('still finds shelved records after the replica is reopened from disk', async () => {
    const first = await seeded();
    await first.shelve({ afterDays: 7, now: NOW });
    await first.close();
    const second = await Replica.open({ storeRoot: root, spaces: [SPACE] });
    try {
      assert.deepEqual(idsOf(second), ['R-open', 'R-recent']);
      assert.deepEqual(
        second.shelves().map((s) => [s.month, s.count]),
        [
          ['2026-04', 1],
          ['2026-03', 2],
        ],
      );
      assert.equal((await second.findRecord(SPACE, 'R-old-2'))?.id, 'R-old-2');
      const shelf = await second.openShelf(shelfName(SPACE, '2026-04'));
      assert.deepEqual(
        shelf.records().map((r) => r.id),
        ['R-old-2'],
      );
      await shelf.close();
    } finally {
      await second.close();
    }
  });

  it('appends events to a shelved record, and brings a reopened one back to the active document', async () => {
    const replica = await seeded();
    try {
      await replica.shelve({ afterDays: 7, now: NOW });
      // Through the replica, as the extension's actions do: the record is found on its shelf.
      assert.equal(await replica.appendEvent(SPACE, 'R-old-1', read('R-old-1', '李明', '2026-04-19T00:00:00.000Z')), true);
      assert.equal(await replica.appendEvent(SPACE, 'R-missing', read('R-missing', '李明', '2026-04-19T00:00:00.000Z')), false);
      const shelf = await replica.openShelf(MARCH);
      let changes = 0;
      const off = shelf.onChange(() => changes++);
      try {
        assert.deepEqual(
          shelf.record('R-old-1')?.events.map((e) => e.type),
          ['sent', 'archived', 'read'],
        );
        assert.equal(await shelf.appendEvent('R-old-3', reopen('R-old-3', '2026-04-19T01:00:00.000Z')), true);
        assert.equal(changes, 1);
        assert.equal(
          await shelf.appendEvent('R-old-2', reopen('R-old-2', '2026-04-19T01:00:00.000Z')),
          false,
          'R-old-2 is on the April shelf',
        );
      } finally {
        off();
        await shelf.close();
      }
      const result = await replica.shelve({ afterDays: 7, now: NOW });
      assert.equal(result.returned, 1);
      const back = replica.record(SPACE, 'R-old-3');
      assert.equal(back && deriveState(back).status, 'sent', 'reopened and back in the active document');
      assert.deepEqual(replica.shelves(SPACE).find((s) => s.month === '2026-03')?.count, 1);
      const again = await replica.openShelf(MARCH);
      assert.deepEqual(
        again.records().map((r) => r.id),
        ['R-old-1'],
        'still archived: stays on the shelf',
      );
      await again.close();
      // Closed again and old enough: it goes back to a shelf.
      assert.equal(
        await replica.appendEvent(SPACE, 'R-old-3', {
          id: 'R-old-3-archived-2',
          type: 'archived',
          actor: '王芳',
          at: '2026-04-19T02:00:00.000Z',
        }),
        true,
      );
      assert.equal((await replica.shelve({ afterDays: 0, now: NOW })).shelved, 2, 'R-old-3 and R-recent');
      assert.equal(replica.record(SPACE, 'R-old-3'), undefined);
      assert.deepEqual(
        (await replica.findRecord(SPACE, 'R-old-3'))?.events.map((e) => e.type),
        ['sent', 'archived', 'reopened', 'archived'],
      );
      assert.equal(replica.shelves(SPACE).find((s) => s.month === '2026-04')?.count, 3);
    } finally {
      await replica.close();
    }
  });

  it('repairs a crash between the copy and the delete: the next pass deletes the active copy, events merged', async () => {
    const replica = await seeded();
    await replica.close();
    // The crash: the copy reached the shelf's files, the active document was never changed.
    const shelfDir = join(root, 'spaces', MARCH);
    const copy = await PersistedSpace.open(shelfDir, MARCH);
    putRecord(copy.doc, entry('R-old-1', '2026-03-02T08:00:00.000Z'));
    await copy.close();
    const reopened = await Replica.open({ storeRoot: root, spaces: [SPACE] });
    try {
      // Meanwhile the active copy got one more event than the shelf's.
      await reopened.appendEvent(SPACE, 'R-old-1', read('R-old-1', '李明', '2026-04-01T00:00:00.000Z'));
      assert.ok(reopened.record(SPACE, 'R-old-1'), 'the duplicate is still readable where it was');
      const result = await reopened.shelve({ afterDays: 7, now: NOW });
      assert.equal(result.shelved, 3);
      assert.equal(reopened.record(SPACE, 'R-old-1'), undefined);
      const shelf = await reopened.openShelf(MARCH);
      assert.deepEqual(idsOf(shelf), ['R-old-1', 'R-old-3']);
      assert.deepEqual(
        shelf.record('R-old-1')?.events.map((e) => e.type),
        ['sent', 'archived', 'read'],
        'one copy, nothing lost',
      );
      await shelf.close();
      assert.equal(reopened.shelves(SPACE).find((s) => s.month === '2026-03')?.count, 2);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a bad afterDays and a shelf of a space that is not open', async () => {
    const replica = await seeded();
    try {
      await assert.rejects(replica.shelve({ afterDays: -1 }), /afterDays must be a number of days ≥ 0/);
      await assert.rejects(replica.openShelf('other.archive.2026-03'), /space "other" is not open here/);
      await assert.rejects(replica.openShelf('internal'), /not a shelf name/);
    } finally {
      await replica.close();
    }
  });
});

describe('archive shelves: two replicas moving the same record at once', () => {
  /** One replica's two documents, in memory. */
  function replicaDocs(): { host: ShelvingHost; active: Y.Doc; shelf: Y.Doc } {
    const active = new Y.Doc();
    const shelf = new Y.Doc();
    const stored = (doc: Y.Doc): { doc: Y.Doc; flush: () => Promise<void> } => ({ doc, flush: () => Promise.resolve() });
    return {
      active,
      shelf,
      host: {
        space: SPACE,
        active: stored(active),
        openShelf: () => Promise.resolve({ ...stored(shelf), release: () => Promise.resolve() }),
      },
    };
  }

  function exchange(a: Y.Doc, b: Y.Doc): void {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  }

  it('converges to exactly one copy on the shelf and none in the active document', async () => {
    const one = replicaDocs();
    const two = replicaDocs();
    putRecord(one.active, entry('R-1', '2026-03-02T08:00:00.000Z'));
    putRecord(one.active, entry('R-2', '2026-03-05T08:00:00.000Z'));
    exchange(one.active, two.active);
    // Both move, neither having seen the other's move.
    const [first, second] = await Promise.all([
      shelveSpace(one.host, { afterDays: 7, now: NOW }),
      shelveSpace(two.host, { afterDays: 7, now: NOW }),
    ]);
    assert.equal(first.shelved, 2);
    assert.equal(second.shelved, 2);
    exchange(one.active, two.active);
    exchange(one.shelf, two.shelf);
    for (const side of [one, two]) {
      assert.deepEqual(recordIds(side.active), []);
      assert.deepEqual(recordIds(side.shelf).sort(), ['R-1', 'R-2']);
      assert.deepEqual(
        getRecord(side.shelf, 'R-1')?.events.map((e) => e.type),
        ['sent', 'archived'],
      );
      assert.deepEqual(readCatalog(side.active), [{ month: '2026-03', count: 2 }]);
    }
    assert.deepEqual(
      listRecords(one.shelf).records.sort((a, b) => a.id.localeCompare(b.id)),
      listRecords(two.shelf).records.sort((a, b) => a.id.localeCompare(b.id)),
    );
    // A later pass on either side changes nothing.
    assert.deepEqual(await shelveSpace(one.host, { afterDays: 7, now: NOW }), { shelved: 0, returned: 0, months: [] });
  });

  it('keeps a return check set concurrently with the pass that clears another', async () => {
    const one = replicaDocs();
    putRecord(one.shelf, entry('R-1', '2026-03-02T08:00:00.000Z'));
    archiveReturns(one.active).set('2026-03:R-1', NOW.toISOString());
    const two = replicaDocs();
    exchange(one.active, two.active);
    exchange(one.shelf, two.shelf);
    archiveReturns(two.active).set('2026-03:R-2', NOW.toISOString());
    await shelveSpace(one.host, { afterDays: 7, now: NOW });
    exchange(one.active, two.active);
    assert.deepEqual([...archiveReturns(one.active).keys()], ['2026-03:R-2']);
  });

  it('hands over the copy a remote write replaced, with the events only it had', () => {
    const loser = new Y.Doc();
    const winner = new Y.Doc();
    loser.clientID = 1; // concurrent map entries: the higher client id wins
    winner.clientID = 2;
    const withRead = entry('R-1', '2026-03-02T08:00:00.000Z');
    withRead.events.push(read('R-1', '李明', '2026-04-01T00:00:00.000Z'));
    // Copies (a record moved by two replicas at once) share the flat map's key, so one wins.
    putRecord(loser, withRead, undefined, 'copy');
    putRecord(winner, entry('R-1', '2026-03-02T08:00:00.000Z'), undefined, 'copy');
    const removed: LiaisonRecord[] = [];
    const stop = watchRemovedRecords(loser, (record) => removed.push(record));
    putRecord(loser, entry('R-own', '2026-03-02T08:00:00.000Z'));
    Y.applyUpdate(loser, Y.encodeStateAsUpdate(winner));
    stop();
    assert.deepEqual(
      getRecord(loser, 'R-1')?.events.map((e) => e.type),
      ['sent', 'archived'],
      'the other copy won',
    );
    assert.equal(removed.length, 1, 'only the remote replacement, not the local write');
    assert.deepEqual(removed[0], withRead);
  });

  it('hands over a record written into a bucket that another replica deleted as empty at the same time', () => {
    const writer = new Y.Doc();
    const mover = new Y.Doc();
    putRecord(writer, entry('R-old', '2026-01-05T08:00:00.000Z'));
    exchange(writer, mover);
    // The mover shelves R-old and, its bucket (January) now empty and over, deletes the bucket;
    // meanwhile the writer adds another January record to that same bucket (an import, say).
    assert.deepEqual(deleteRecords(mover, ['R-old'], NOW), ['R-old']);
    assert.equal(bucketsMap(mover).size, 0, 'the empty bucket of a past month is deleted');
    const late = entry('R-late', '2026-01-20T08:00:00.000Z');
    putRecord(writer, late);
    const removed: LiaisonRecord[] = [];
    const stop = watchRemovedRecords(writer, (record) => removed.push(record));
    exchange(writer, mover);
    stop();
    assert.equal(getRecord(writer, 'R-late'), undefined, 'Yjs dropped it with the bucket');
    // So the watcher hands it over, as it does R-old (the rescue finds that one on its shelf).
    assert.deepEqual(removed.map((record) => record.id).sort(), ['R-late', 'R-old']);
    assert.deepEqual(
      removed.find((record) => record.id === 'R-late'),
      late,
    );
  });
});
