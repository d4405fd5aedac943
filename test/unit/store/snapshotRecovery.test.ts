import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import type { PersistedSpaceOptions } from '../../../src/store/persistedSpace';
import { addRecord, makeTempDir, recordIds, recordsJson, removeTempDir } from './helpers';

describe('PersistedSpace: half-written snapshots and compaction pace', () => {
  let root: string;
  let dir: string;
  const open = (options?: PersistedSpaceOptions): Promise<PersistedSpace> => PersistedSpace.open(dir, 'internal', options);
  const file = (name: string): string => path.join(dir, name);

  beforeEach(() => {
    root = makeTempDir();
    dir = path.join(root, 'spaces', 'internal');
  });
  afterEach(() => removeTempDir(root));

  for (const [label, keep] of [['half', 0.5], ['only its header', 8 / 1e9], ['one byte short', -1]] as const) {
    it(`loses nothing when snapshot.bin is cut short (${label}), and sets the cut file aside`, async () => {
      const space = await open();
      for (const id of ['a1', 'a2']) addRecord(space.doc, id, id);
      await space.compact();
      for (const id of ['b1', 'b2']) addRecord(space.doc, id, id);
      await space.compact();
      addRecord(space.doc, 'c1', 'in the log');
      const expected = recordsJson(space.doc);
      await space.close();
      const original = fs.readFileSync(file('snapshot.bin'));
      const length = keep < 0 ? original.length - 1 : Math.max(8, Math.floor(original.length * keep));
      fs.writeFileSync(file('snapshot.bin'), original.subarray(0, length));

      const again = await open();
      assert.deepEqual(recordsJson(again.doc), expected);
      assert.deepEqual(again.problems.map((p) => p.kind), ['bad-snapshot']);
      const aside = again.problems[0].setAsideTo;
      assert.ok(aside !== undefined);
      assert.deepEqual(fs.readFileSync(aside), original.subarray(0, length), 'the damaged bytes are kept for a person');
      await again.close();
      const third = await open();
      assert.deepEqual(third.problems, []);
      assert.deepEqual(recordIds(third.doc), ['a1', 'a2', 'b1', 'b2', 'c1']);
      await third.close();
    });
  }

  it('lets the log grow to the snapshot\'s size before compacting a large space', async () => {
    const first = await open({ compactAfterBytes: 1000 });
    first.doc.transact(() => {
      for (let i = 0; i < 200; i++) addRecord(first.doc, `big${i}`, `Record ${i}`);
    });
    await first.compact();
    await first.close(); // after any compaction it queued itself
    const space = await open({ compactAfterBytes: 1000 });
    const snapshotSize = fs.statSync(file('snapshot.bin')).size;
    assert.ok(snapshotSize > 20_000);
    const compactions = (): number => fs.readdirSync(dir).filter((name) => name === 'log.prev.bin').length;
    const prevBefore = fs.statSync(file('log.prev.bin')).mtimeMs;

    // Past compactAfterBytes but well under the snapshot's size: no compaction yet.
    let i = 0;
    while (fs.statSync(file('log.bin')).size < snapshotSize / 2) {
      addRecord(space.doc, `small${i++}`, 'x');
      await space.flush();
    }
    assert.equal(fs.statSync(file('snapshot.bin')).size, snapshotSize, 'not compacted at half the snapshot\'s size');
    // Past the snapshot's size: compacted.
    while (fs.statSync(file('snapshot.bin')).size === snapshotSize) {
      addRecord(space.doc, `small${i++}`, 'x');
      await space.flush();
      if (i > 5000) assert.fail('never compacted');
    }
    await space.close();
    assert.equal(compactions(), 1);
    assert.notEqual(fs.statSync(file('log.prev.bin')).mtimeMs, prevBefore);
    const again = await open();
    assert.equal(recordIds(again.doc).length, 200 + i);
    await again.close();
  });
});
