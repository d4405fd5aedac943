import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as Y from 'yjs';
import { FRAME_HEADER_BYTES, HEADER_BYTES } from '../../../src/store/frameFile';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import type { PersistedSpaceOptions } from '../../../src/store/persistedSpace';
import { SNAPSHOT_PIECES_VERSION, SnapshotReader, encodeOneFrameSnapshot } from '../../../src/store/snapshotFile';
import { addRecord, eachTempDir, flipByte, recordIds, recordsJson } from './helpers';

/** Offsets at which each frame of a store file starts, then the file's end. */
function frameStarts(bytes: Buffer): number[] {
  const starts: number[] = [];
  for (let offset = HEADER_BYTES; offset < bytes.length; offset += FRAME_HEADER_BYTES + bytes.readUInt32LE(offset)) starts.push(offset);
  return [...starts, bytes.length];
}

/** Reads a snapshot file through; its version, piece count and damage. */
function readSnapshot(file: string): { version: number | undefined; pieces: number; damage: string | undefined } {
  const reader = new SnapshotReader(fs.readFileSync(file));
  while (reader.next() !== undefined);
  return { version: reader.version, pieces: reader.pieces, damage: reader.damage };
}

describe('PersistedSpace: half-written snapshots and compaction pace', () => {
  let root: string;
  let dir: string;
  const open = (options?: PersistedSpaceOptions): Promise<PersistedSpace> => PersistedSpace.open(dir, 'internal', options);
  const file = (name: string): string => path.join(dir, name);

  eachTempDir((made) => {
    root = made;
    dir = path.join(root, 'spaces', 'internal');
  });

  for (const [label, keep] of [
    ['half', 0.5],
    ['only its header', 8 / 1e9],
    ['one byte short', -1],
  ] as const) {
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
      assert.deepEqual(
        again.problems.map((p) => p.kind),
        ['bad-snapshot'],
      );
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

  it("lets the log grow to the snapshot's size before compacting a large space", async () => {
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
    assert.equal(fs.statSync(file('snapshot.bin')).size, snapshotSize, "not compacted at half the snapshot's size");
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

describe('PersistedSpace: snapshots in pieces', () => {
  let root: string;
  let dir: string;
  const pieces: PersistedSpaceOptions = { snapshotPieceBytes: 1024 };
  const open = (options?: PersistedSpaceOptions): Promise<PersistedSpace> =>
    PersistedSpace.open(dir, 'internal', { ...pieces, ...options });
  const file = (name: string): string => path.join(dir, name);

  eachTempDir((made) => {
    root = made;
    dir = path.join(root, 'spaces', 'internal');
  });

  /** Two generations (a*, then b* in a snapshot of many pieces) and c1 in the log; the doc's records as JSON. */
  const build = async (): Promise<unknown> => {
    const space = await open();
    for (let i = 0; i < 5; i++) addRecord(space.doc, `a${i}`, `A ${i}`);
    await space.compact();
    for (let i = 0; i < 40; i++) addRecord(space.doc, `b${i}`, `B ${i} 第二代的记录`);
    await space.compact();
    addRecord(space.doc, 'c1', 'in the log');
    const expected = recordsJson(space.doc);
    await space.close();
    return expected;
  };

  /** Opens a damaged snapshot.bin: everything is recovered, the bytes set aside, and the next open is clean. */
  const expectRecovered = async (expected: unknown, damaged: Buffer, why: RegExp): Promise<void> => {
    const again = await open();
    assert.deepEqual(recordsJson(again.doc), expected);
    assert.deepEqual(
      again.problems.map((p) => p.kind),
      ['bad-snapshot'],
    );
    assert.match(again.problems[0].message, why);
    const aside = again.problems[0].setAsideTo;
    assert.ok(aside !== undefined);
    assert.deepEqual(fs.readFileSync(aside), damaged, 'the damaged bytes are kept for a person');
    await again.close();
    assert.equal(readSnapshot(file('snapshot.bin')).damage, undefined, 'a sound snapshot was rebuilt at once');
    const third = await open();
    assert.deepEqual(third.problems, []);
    assert.deepEqual(recordsJson(third.doc), expected);
    await third.close();
  };

  it('writes a large snapshot as many pieces and an end frame, and reads it back whole', async () => {
    const expected = await build();
    const snapshot = readSnapshot(file('snapshot.bin'));
    assert.equal(snapshot.version, SNAPSHOT_PIECES_VERSION);
    assert.equal(snapshot.damage, undefined);
    assert.ok(snapshot.pieces >= 5, `${snapshot.pieces} pieces`);
    assert.equal(
      frameStarts(fs.readFileSync(file('snapshot.bin'))).length,
      snapshot.pieces + 2,
      'pieces, the end frame, and the end of the file',
    );
    const again = await open();
    assert.deepEqual(again.problems, []);
    assert.deepEqual(recordsJson(again.doc), expected);
    await again.close();
  });

  for (const [label, where] of [
    ['between two middle pieces', 0.5],
    ['just before its end frame', 1],
  ] as const) {
    it(`treats a snapshot cut ${label} (every frame there checks out) as damaged, and loses nothing`, async () => {
      const expected = await build();
      const original = fs.readFileSync(file('snapshot.bin'));
      const starts = frameStarts(original);
      // starts[-1] is the file's end, starts[-2] the end frame.
      const cut = where === 1 ? starts[starts.length - 2] : starts[Math.floor((starts.length - 2) / 2)];
      assert.ok(cut > starts[1] && cut < original.length);
      fs.writeFileSync(file('snapshot.bin'), original.subarray(0, cut));
      await expectRecovered(expected, original.subarray(0, cut), /no end frame/);
    });
  }

  it('treats a snapshot missing a middle piece (end frame kept) as damaged, and loses nothing', async () => {
    const expected = await build();
    const original = fs.readFileSync(file('snapshot.bin'));
    const starts = frameStarts(original);
    const middle = Math.floor((starts.length - 2) / 2);
    const damaged = Buffer.concat([original.subarray(0, starts[middle]), original.subarray(starts[middle + 1])]);
    fs.writeFileSync(file('snapshot.bin'), damaged);
    await expectRecovered(expected, damaged, /end frame counts \d+ pieces but \d+ precede it/);
  });

  it('treats a snapshot with a flipped byte in a middle piece as damaged, and loses nothing', async () => {
    const expected = await build();
    const original = fs.readFileSync(file('snapshot.bin'));
    const starts = frameStarts(original);
    const middle = Math.floor((starts.length - 2) / 2);
    flipByte(file('snapshot.bin'), starts[middle] + FRAME_HEADER_BYTES + 3);
    await expectRecovered(expected, fs.readFileSync(file('snapshot.bin')).subarray(0), /does not match its checksum/);
  });

  it('opens a snapshot of the old one-frame format, and writes pieces at the next compaction', async () => {
    const old = new Y.Doc();
    for (let i = 0; i < 40; i++) addRecord(old, `old${i}`, `Old ${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file('snapshot.bin'), Buffer.concat(encodeOneFrameSnapshot(old)));
    assert.equal(readSnapshot(file('snapshot.bin')).version, 1);

    const space = await open();
    assert.deepEqual(space.problems, []);
    assert.deepEqual(recordsJson(space.doc), recordsJson(old));
    addRecord(space.doc, 'new', 'New');
    await space.compact();
    await space.close();
    const rewritten = readSnapshot(file('snapshot.bin'));
    assert.equal(rewritten.version, SNAPSHOT_PIECES_VERSION);
    assert.ok(rewritten.pieces > 1);
    assert.equal(readSnapshot(file('snapshot.prev.bin')).version, 1, 'the old file is the previous generation, as it was');
    const again = await open();
    assert.deepEqual(recordIds(again.doc), [...recordIds(old), 'new'].sort());
    await again.close();
  });

  it('loads in slices of loadSliceMs (0: one update per slice), and hands out the doc only when it is whole', async () => {
    const expected = await build();
    const pieceCount = readSnapshot(file('snapshot.bin')).pieces;
    for (const sliceMs of [0, 60_000]) {
      const lines: string[] = [];
      const logger = { info: (line: string): number => lines.push(line), warn: (): void => undefined, error: (): void => undefined };
      const space = await open({ loadSliceMs: sliceMs, logger });
      assert.deepEqual(recordsJson(space.doc), expected, 'complete when handed out');
      await space.close();
      const slices = Number(/applied \d+ updates in (\d+) slices/.exec(lines.join('\n'))?.[1]);
      if (sliceMs === 0) assert.ok(slices > pieceCount, `${slices} slices for ${pieceCount} pieces and a log`);
      else assert.equal(slices, 1);
    }
  });
});
