// src/sync/shelving.ts (readRemovedRecord) and src/store/recordsDoc.ts (recordsRemovedWith) read
// Yjs internals to recover a record a remote change just deleted: a map's `_map` of items (each
// with `id`, `deleted`, `content.getContent()`), a sequence's `_start` list linked by `right`, and
// deleted content still being there while observers run. yjs is pinned exactly in package.json;
// this test fails when the pinned version or those internals change, before a rescue silently
// loses events.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { LiaisonRecord } from '../../../src/domain/record';
import { bucketsMap, deleteRecords, putRecord, recordsRemovedWith } from '../../../src/store/recordsDoc';
import { readRemovedRecord } from '../../../src/sync/shelving';
import { entry, read } from './shelfFixtures';

/** The yjs version whose internals the code reads; change it only after checking them. */
const READ_VERSION = '13.6.33';
const ROOT = join(__dirname, '..', '..', '..', '..');

interface Item {
  readonly id: Y.ID;
  readonly deleted: boolean;
  readonly right: Item | null;
  readonly content: { getContent(): unknown[] };
}

function internalsOf(type: unknown): { _map: Map<string, Item>; _start: Item | null } {
  return type as { _map: Map<string, Item>; _start: Item | null };
}

/** A record in `writer`, synced to a new `reader`. */
function synced(record: LiaisonRecord): { writer: Y.Doc; reader: Y.Doc } {
  const writer = new Y.Doc();
  const reader = new Y.Doc();
  putRecord(writer, record);
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer));
  return { writer, reader };
}

/** Applies what `writer` did since `before` (default: everything) to `reader`. */
function deliver(writer: Y.Doc, reader: Y.Doc, before?: Uint8Array): void {
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer, before));
}

describe('the Yjs internals the record rescue reads (yjs pinned)', () => {
  it(`package.json pins yjs to exactly ${READ_VERSION}, and that is the version installed`, () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(manifest.dependencies.yjs, READ_VERSION, 'an exact version, no range: the internals read are those of this one');
    const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'yjs', 'package.json'), 'utf8')) as { version: string };
    assert.equal(installed.version, READ_VERSION);
  });

  it('a map keeps its entries as items in _map, a text and an array as a _start list linked by right', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('m');
    map.set('a', 'first');
    map.set('a', 'second');
    const text = new Y.Text();
    const array = new Y.Array<string>();
    map.set('text', text);
    map.set('array', array);
    text.insert(0, 'ab');
    text.insert(2, 'cd');
    array.push(['x']);
    array.push(['y', 'z']);
    const items = internalsOf(map)._map;
    assert.ok(items instanceof Map);
    const a = items.get('a');
    assert.ok(a, '_map holds the entry');
    assert.equal(typeof a.id.client, 'number');
    assert.equal(typeof a.id.clock, 'number');
    assert.equal(a.deleted, false);
    assert.deepEqual(a.content.getContent(), ['second']);
    const walk = (type: unknown): unknown[] => {
      const out: unknown[] = [];
      for (let item = internalsOf(type)._start; item !== null; item = item.right) out.push(...item.content.getContent());
      return out;
    };
    assert.equal(walk(text).join(''), 'abcd');
    assert.deepEqual(walk(array), ['x', 'y', 'z']);
  });

  it('a record deleted from its bucket by a remote change is still whole while observers run (readRemovedRecord)', () => {
    const record = entry('R-1');
    record.events.push(read('R-1', '李明', '2026-03-02T00:00:00.000Z'));
    const { writer, reader } = synced(record);
    // A second record keeps the bucket, so only R-1's entry in it is deleted.
    putRecord(writer, { ...entry('R-2'), createdAt: record.createdAt });
    deliver(writer, reader);
    const before = Y.encodeStateVector(writer);
    assert.deepEqual(deleteRecords(writer, ['R-1'], new Date('2026-03-01T00:00:00.000Z')), ['R-1']);
    const seen: (LiaisonRecord | undefined)[] = [];
    bucketsMap(reader).observeDeep((events) => {
      for (const event of events)
        event.changes.keys.forEach((change, key) => {
          if (change.action === 'delete') {
            assert.equal(internalsOf(change.oldValue)._map.get('title')?.deleted, true, 'deleted, not yet collected');
            seen.push(readRemovedRecord(key, change.oldValue));
          }
        });
    });
    deliver(writer, reader, before);
    assert.deepEqual(seen, [record]);
  });

  it('the records of a bucket a remote change deleted are still whole while observers run (recordsRemovedWith)', () => {
    const record = entry('R-1', '2026-03-02T08:00:00.000Z');
    const { writer, reader } = synced(record);
    const before = Y.encodeStateVector(writer);
    // The last record of a past month's bucket: the bucket goes with it.
    deleteRecords(writer, ['R-1'], new Date('2026-04-20T00:00:00.000Z'));
    assert.equal(bucketsMap(writer).size, 0);
    const seen: (LiaisonRecord | undefined)[] = [];
    bucketsMap(reader).observeDeep((events, transaction) => {
      for (const event of events)
        event.changes.keys.forEach((change) => {
          if (change.action !== 'delete') return;
          for (const [id, map] of recordsRemovedWith(change.oldValue, transaction)) seen.push(readRemovedRecord(id, map));
        });
    });
    deliver(writer, reader, before);
    assert.deepEqual(seen, [record]);
  });
});
