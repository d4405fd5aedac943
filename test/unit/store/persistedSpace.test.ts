import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as Y from 'yjs';
import { FRAME_HEADER_BYTES, HEADER_BYTES, LOG_MAGIC, SNAPSHOT_MAGIC, decodeFrames } from '../../../src/store/frameFile';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { SNAPSHOT_PIECES_VERSION, SNAPSHOT_VERSIONS, SnapshotReader } from '../../../src/store/snapshotFile';
import type { PersistedSpaceOptions } from '../../../src/store/persistedSpace';
import { addRecord, eachTempDir, flipByte, recordIds, recordsJson } from './helpers';

describe('PersistedSpace', () => {
  let root: string;
  let dir: string;
  const open = (options?: PersistedSpaceOptions): Promise<PersistedSpace> => PersistedSpace.open(dir, 'internal', options);
  /** A space whose files hold all three layers: a, then b in snapshot generations, c in the log. */
  const twoGenerations = async (): Promise<PersistedSpace> => {
    const space = await open();
    addRecord(space.doc, 'a', 'A');
    await space.compact();
    addRecord(space.doc, 'b', 'B');
    await space.compact();
    addRecord(space.doc, 'c', 'C');
    return space;
  };
  const file = (name: string): string => path.join(dir, name);
  const setAsideFiles = (): string[] => fs.readdirSync(dir).filter((name) => name.includes('.damaged-'));

  eachTempDir((made) => {
    root = made;
    dir = path.join(root, 'spaces', 'internal');
  });

  /** Opens, adds records with the given ids (one flush each), closes; returns log.bin's size after each. */
  async function writeRecords(ids: string[]): Promise<number[]> {
    const space = await open();
    const sizes: number[] = [];
    for (const id of ids) {
      addRecord(space.doc, id, `Title ${id}`);
      await space.flush();
      sizes.push(fs.statSync(file('log.bin')).size);
    }
    await space.close();
    return sizes;
  }

  it('creates its folder and an empty log on first open', async () => {
    const space = await open();
    assert.ok(fs.statSync(dir).isDirectory());
    assert.equal(fs.statSync(file('log.bin')).size, HEADER_BYTES);
    assert.deepEqual(space.problems, []);
    assert.equal(space.name, 'internal');
    assert.equal(space.dir, dir);
    await space.close();
  });

  it('keeps records across close and reopen, with their text and events', async () => {
    const first = await open();
    addRecord(first.doc, 'r1', 'Fix the printer');
    addRecord(first.doc, 'r2', '年度报告');
    const r1 = first.doc.getMap<Y.Map<unknown>>('records').get('r1');
    assert.ok(r1);
    (r1.get('body') as Y.Text).insert(0, 'Urgent. ');
    (r1.get('events') as Y.Array<unknown>).push([{ kind: 'read', by: 'bob' }]);
    r1.set('status', 'accepted');
    first.doc.getMap<Y.Map<unknown>>('records').delete('r2');
    addRecord(first.doc, 'r3', 'Third');
    const expected = recordsJson(first.doc);
    await first.close();

    const second = await open();
    assert.deepEqual(second.problems, []);
    assert.deepEqual(recordIds(second.doc), ['r1', 'r3']);
    assert.deepEqual(recordsJson(second.doc), expected);
    const loaded = second.doc.getMap<Y.Map<unknown>>('records').get('r1');
    assert.ok(loaded?.get('body') instanceof Y.Text);
    assert.ok(loaded?.get('events') instanceof Y.Array);
    assert.equal((loaded.get('body') as Y.Text).toString(), 'Urgent. Body of Fix the printer: 请尽快处理。');
    assert.equal((loaded.get('events') as Y.Array<unknown>).length, 2);
    await second.close();
  });

  it('does not re-append what it loaded', async () => {
    const sizes = await writeRecords(['a', 'b']);
    const space = await open();
    await space.flush();
    await space.close();
    assert.equal(fs.statSync(file('log.bin')).size, sizes[1]);
  });

  it('writes many updates made in one tick in one batch, and all of them reload', async () => {
    const space = await open();
    const probe = await fsp.open(file('probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { datasync: (this: fsp.FileHandle) => Promise<void> };
    await probe.close();
    const original = proto.datasync;
    let syncs = 0;
    proto.datasync = function (this: fsp.FileHandle): Promise<void> {
      syncs++;
      return original.call(this);
    };
    try {
      const counter = space.doc.getMap<number>('counters');
      for (let i = 0; i < 500; i++) counter.set(`k${i}`, i);
      await space.flush();
    } finally {
      proto.datasync = original;
    }
    assert.equal(syncs, 1, 'one fdatasync for the whole batch');
    const frames = decodeFrames(fs.readFileSync(file('log.bin')), LOG_MAGIC);
    assert.equal(frames.damage, undefined);
    assert.equal(frames.frames.length, 500, 'one frame per update');
    await space.close();

    const again = await open();
    assert.equal(again.doc.getMap('counters').size, 500);
    assert.equal(again.doc.getMap('counters').get('k499'), 499);
    await again.close();
  });

  it('compacts into a snapshot that keeps everything and empties the log', async () => {
    const space = await open();
    for (let i = 0; i < 50; i++) {
      addRecord(space.doc, `r${i}`, `Record ${i}`);
      await space.flush();
    }
    const before = fs.statSync(file('log.bin')).size;
    const expected = recordsJson(space.doc);
    await space.compact();
    assert.equal(fs.statSync(file('log.bin')).size, HEADER_BYTES);
    assert.ok(before > HEADER_BYTES);
    const snapshot = new SnapshotReader(fs.readFileSync(file('snapshot.bin')));
    while (snapshot.next() !== undefined);
    assert.equal(snapshot.damage, undefined);
    assert.equal(snapshot.version, SNAPSHOT_PIECES_VERSION);
    assert.equal(snapshot.pieces, 2, 'a small space: one piece of structs, one of deletions (then the end frame)');
    addRecord(space.doc, 'after', 'After compaction');
    await space.close();

    const again = await open();
    assert.deepEqual(again.problems, []);
    assert.equal(recordIds(again.doc).length, 51);
    assert.deepEqual((recordsJson(again.doc) as Record<string, unknown>).r7, (expected as Record<string, unknown>).r7);
    await again.close();
  });

  it("compacts on its own once the log passes compactAfterBytes (or the snapshot's size, if larger)", async () => {
    const space = await open({ compactAfterBytes: 2000 });
    for (let i = 0; i < 40; i++) {
      addRecord(space.doc, `r${i}`, `Record ${i}`);
      await space.flush();
    }
    await space.close(); // queued behind any automatic compaction
    assert.ok(fs.existsSync(file('snapshot.bin')), 'a snapshot was written');
    assert.ok(fs.existsSync(file('log.prev.bin')), 'the log was retired');
    const threshold = Math.max(2000, fs.statSync(file('snapshot.bin')).size);
    assert.ok(fs.statSync(file('log.bin')).size <= threshold + 1000, 'the log was emptied since');
    const again = await open();
    assert.equal(recordIds(again.doc).length, 40);
    await again.close();
  });

  it('keeps everything before a log cut mid-frame, sets the cut bytes aside, and appends afterwards', async () => {
    const sizes = await writeRecords(['a', 'b', 'c']);
    const original = fs.readFileSync(file('log.bin'));
    const cut = sizes[1] + 5;
    fs.truncateSync(file('log.bin'), cut);

    const space = await open();
    assert.deepEqual(recordIds(space.doc), ['a', 'b']);
    assert.equal(space.problems.length, 1);
    const [problem] = space.problems;
    assert.equal(problem.kind, 'torn-tail');
    assert.equal(problem.file, file('log.bin'));
    assert.match(problem.message, /damaged-/);
    assert.ok(problem.setAsideTo);
    assert.deepEqual(fs.readFileSync(problem.setAsideTo), original.subarray(sizes[1], cut));
    assert.equal(fs.statSync(file('log.bin')).size, sizes[1], 'log cut back to its last good frame');
    assert.deepEqual(setAsideFiles(), [path.basename(problem.setAsideTo)]);

    addRecord(space.doc, 'd', 'After the crash');
    await space.close();
    const again = await open();
    assert.deepEqual(again.problems, []);
    assert.deepEqual(recordIds(again.doc), ['a', 'b', 'd']);
    await again.close();
  });

  it('stops at a flipped byte in the log and sets the rest aside', async () => {
    const sizes = await writeRecords(['a', 'b', 'c']);
    const original = fs.readFileSync(file('log.bin'));
    flipByte(file('log.bin'), sizes[0] + FRAME_HEADER_BYTES + 10);

    const space = await open();
    assert.deepEqual(recordIds(space.doc), ['a']);
    assert.equal(space.problems[0]?.kind, 'bad-checksum');
    const aside = space.problems[0].setAsideTo;
    assert.ok(aside);
    assert.equal(fs.statSync(aside).size, original.length - sizes[0]);
    addRecord(space.doc, 'd', 'Later');
    await space.close();

    const again = await open();
    assert.deepEqual(recordIds(again.doc), ['a', 'd']);
    assert.deepEqual(again.problems, []);
    await again.close();
  });

  it('ignores and removes a half-written snapshot.tmp', async () => {
    const space = await open();
    addRecord(space.doc, 'a', 'A');
    await space.compact();
    addRecord(space.doc, 'b', 'B');
    await space.close();
    fs.writeFileSync(file('snapshot.tmp'), Buffer.from([0x4c, 0x53, 0x53, 0x4e, 1, 0, 0, 0, 0xff, 0xff]));

    const again = await open();
    assert.deepEqual(recordIds(again.doc), ['a', 'b']);
    assert.deepEqual(again.problems, []);
    assert.equal(fs.existsSync(file('snapshot.tmp')), false);
    assert.deepEqual(setAsideFiles(), [], 'our own debris is removed, not set aside');
    await again.close();
  });

  it('loses nothing the other files hold when snapshot.bin is corrupt', async () => {
    const space = await twoGenerations();
    const expected = recordsJson(space.doc);
    await space.close();
    const snapshotSize = fs.statSync(file('snapshot.bin')).size;
    flipByte(file('snapshot.bin'), Math.floor(snapshotSize / 2));

    const again = await open();
    assert.deepEqual(recordsJson(again.doc), expected);
    assert.equal(again.problems.length, 1);
    assert.equal(again.problems[0].kind, 'bad-snapshot');
    assert.ok(again.problems[0].setAsideTo && fs.existsSync(again.problems[0].setAsideTo));
    // It rebuilt a sound snapshot at once.
    assert.equal(decodeFrames(fs.readFileSync(file('snapshot.bin')), SNAPSHOT_MAGIC, SNAPSHOT_VERSIONS).damage, undefined);
    addRecord(again.doc, 'd', 'D');
    await again.close();

    const third = await open();
    assert.deepEqual(third.problems, []);
    assert.deepEqual(recordIds(third.doc), ['a', 'b', 'c', 'd']);
    await third.close();
  });

  it('recovers when a crash left the snapshot moved away mid-compaction', async () => {
    const space = await twoGenerations();
    await space.close();
    // Step b of a third compaction done, step c not: snapshot.bin renamed over snapshot.prev.bin.
    fs.renameSync(file('snapshot.bin'), file('snapshot.prev.bin'));
    fs.writeFileSync(file('snapshot.tmp'), 'half');

    const again = await open();
    assert.deepEqual(recordIds(again.doc), ['a', 'b', 'c']);
    assert.deepEqual(again.problems, []);
    assert.ok(fs.existsSync(file('snapshot.bin')));
    await again.close();
  });

  it('sets aside a log.bin that is not ours at all and starts a new one', async () => {
    await fsp.mkdir(dir, { recursive: true });
    const junk = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919 + 13) % 256));
    fs.writeFileSync(file('log.bin'), junk);

    const space = await open();
    assert.equal(space.problems.length, 1);
    assert.equal(space.problems[0].kind, 'bad-header');
    const aside = space.problems[0].setAsideTo;
    assert.ok(aside);
    assert.deepEqual(fs.readFileSync(aside), junk);
    assert.equal(recordIds(space.doc).length, 0);
    addRecord(space.doc, 'a', 'A');
    await space.close();

    const again = await open();
    assert.deepEqual(again.problems, []);
    assert.deepEqual(recordIds(again.doc), ['a']);
    await again.close();
  });

  it('sets aside a snapshot.bin that is not ours and keeps what the log holds', async () => {
    await writeRecords(['a', 'b']);
    const junk = Buffer.from('PK\u0003\u0004 this is a zip file, not a snapshot');
    fs.writeFileSync(file('snapshot.bin'), junk);

    const space = await open();
    assert.deepEqual(recordIds(space.doc), ['a', 'b']);
    assert.equal(space.problems[0]?.kind, 'bad-snapshot');
    assert.deepEqual(fs.readFileSync(space.problems[0].setAsideTo ?? ''), junk);
    await space.close();
  });

  it('rejects flush when a write fails, then retries and loses nothing', async () => {
    const space = await open();
    addRecord(space.doc, 'a', 'A');
    await space.flush();
    const probe = await fsp.open(file('probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const original = proto.write;
    proto.write = (): Promise<unknown> => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    try {
      addRecord(space.doc, 'b', 'B');
      await assert.rejects(space.flush(), /no space left/);
    } finally {
      proto.write = original;
    }
    addRecord(space.doc, 'c', 'C');
    await space.flush();
    await space.close();

    const again = await open();
    assert.deepEqual(again.problems, []);
    assert.deepEqual(recordIds(again.doc), ['a', 'b', 'c']);
    await again.close();
  });

  it('close is idempotent and stops listening to the doc', async () => {
    const space = await open();
    addRecord(space.doc, 'a', 'A');
    const size = HEADER_BYTES;
    await Promise.all([space.close(), space.close()]);
    await space.close();
    assert.ok(fs.statSync(file('log.bin')).size > size, 'closing flushed');
    const closedSize = fs.statSync(file('log.bin')).size;
    addRecord(space.doc, 'b', 'B');
    await space.flush();
    assert.equal(fs.statSync(file('log.bin')).size, closedSize);
    await assert.rejects(space.compact(), /closed/);
  });
});
