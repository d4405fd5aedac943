import { strict as assert } from 'node:assert';
import * as Y from 'yjs';
import type { LiaisonRecord } from '../../../src/domain/record';
import {
  appendEvent,
  bucketsMap,
  deleteRecords,
  findRecordMap,
  getRecord,
  hasRecord,
  listRecords,
  observeRecordIds,
  onRecordsChanged,
  putRecord,
  recordCount,
  recordIds,
} from '../../../src/store/recordsDoc';

const sample: LiaisonRecord = {
  id: 'R-20261121-abcdefgh',
  kind: 'internal-message',
  space: 'internal',
  title: '关于发布窗口的通知-已确定',
  fields: { sender: '王芳', recipients: ['李明'], priority: 'high', deadline: '2026-11-23 18:00' },
  body: '## 背景\n\n发布窗口调整。\n',
  createdBy: '王芳',
  createdAt: '2026-11-21T01:00:00.000Z',
  events: [{ id: 'E-1', type: 'sent', actor: '王芳', actorDepartment: '产品部', at: '2026-11-21T01:00:00.000Z' }],
};

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('records in a Yjs document', () => {
  it('stores a record as nested Y types and reads it back whole', () => {
    const doc = new Y.Doc();
    putRecord(doc, sample);
    const map = findRecordMap(doc, sample.id);
    assert.ok(map instanceof Y.Map);
    assert.ok(map.get('body') instanceof Y.Text);
    assert.ok(map.get('events') instanceof Y.Array);
    assert.deepEqual(getRecord(doc, sample.id), sample);
  });

  it('merges events appended concurrently on two replicas', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    putRecord(a, sample);
    sync(a, b);
    appendEvent(a, sample.id, { id: 'E-2', type: 'read', actor: '李明', at: '2026-11-21T02:00:00.000Z' });
    appendEvent(b, sample.id, { id: 'E-3', type: 'feedback', actor: '王芳', at: '2026-11-21T02:00:01.000Z', note: 'ok' });
    sync(a, b);
    const ids = (doc: Y.Doc): string[] => (getRecord(doc, sample.id)?.events ?? []).map((event) => event.id).sort();
    assert.deepEqual(ids(a), ['E-1', 'E-2', 'E-3']);
    assert.deepEqual(ids(a), ids(b));
  });

  it('reports a malformed record instead of throwing, and keeps the good ones', () => {
    const doc = new Y.Doc();
    putRecord(doc, sample);
    doc.getMap('records').set('R-bad', new Y.Map());
    doc.getMap('records').set('R-worse', 42);
    const { records, malformed } = listRecords(doc);
    assert.deepEqual(
      records.map((record) => record.id),
      [sample.id],
    );
    assert.deepEqual(malformed.map((entry) => entry.id).sort(), ['R-bad', 'R-worse']);
    assert.equal(appendEvent(doc, 'R-worse', sample.events[0]), false);
  });

  it('tells listeners about changes from a remote replica', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    let changes = 0;
    const off = onRecordsChanged(b, () => changes++);
    putRecord(a, sample);
    sync(a, b);
    assert.equal(changes, 1);
    off();
    appendEvent(a, sample.id, { id: 'E-2', type: 'read', actor: '李明', at: '2026-11-21T02:00:00.000Z' });
    sync(a, b);
    assert.equal(changes, 1);
  });

  describe('buckets', () => {
    const at = (id: string, createdAt: string): LiaisonRecord => ({
      ...sample,
      id,
      createdAt,
      events: sample.events.map((event) => ({ ...event, at: createdAt })),
    });

    it('puts a new record in the bucket of its month made by this document; a copy in the flat map', () => {
      const doc = new Y.Doc();
      putRecord(doc, at('R-a', '2026-10-03T01:00:00.000Z'));
      putRecord(doc, at('R-b', '2026-11-03T01:00:00.000Z'));
      putRecord(doc, at('R-c', '2026-11-04T01:00:00.000Z'), undefined, 'copy');
      assert.deepEqual([...bucketsMap(doc).keys()].sort(), [`2026-10/${doc.clientID}`, `2026-11/${doc.clientID}`]);
      assert.deepEqual([...doc.getMap('records').keys()], ['R-c']);
      assert.deepEqual(recordIds(doc).sort(), ['R-a', 'R-b', 'R-c']);
      assert.equal(recordCount(doc), 3);
      // Written again: replaced where it is, not added a second time.
      putRecord(doc, { ...at('R-c', '2026-11-04T01:00:00.000Z'), title: '新标题-已确定' });
      assert.equal(recordCount(doc), 3);
      assert.equal(getRecord(doc, 'R-c')?.title, '新标题-已确定');
    });

    it("two replicas adding records at once never drop each other's (each writes its own bucket)", () => {
      const a = new Y.Doc();
      const b = new Y.Doc();
      putRecord(a, at('R-from-a', '2026-11-05T01:00:00.000Z'));
      putRecord(b, at('R-from-b', '2026-11-05T02:00:00.000Z'));
      sync(a, b);
      sync(b, a);
      assert.deepEqual(recordIds(a).sort(), ['R-from-a', 'R-from-b']);
      assert.deepEqual(recordIds(b).sort(), recordIds(a).sort());
    });

    it('deletes a bucket once empty when its month is over, leaving no tombstone per record', () => {
      const doc = new Y.Doc();
      const ids: string[] = [];
      doc.transact(() => {
        for (let i = 0; i < 2000; i++) {
          ids.push(`R-${i}`);
          putRecord(doc, at(`R-${i}`, '2026-09-10T01:00:00.000Z'));
        }
      });
      putRecord(doc, at('R-now', '2026-11-10T01:00:00.000Z'));
      // The current month's bucket stays even when empty: its session may still write to it.
      assert.deepEqual(deleteRecords(doc, ['R-now', 'R-missing'], new Date('2026-11-21T00:00:00.000Z')), ['R-now']);
      assert.deepEqual([...bucketsMap(doc).keys()].sort(), [`2026-09/${doc.clientID}`, `2026-11/${doc.clientID}`]);
      deleteRecords(doc, ids.slice(0, 1000), new Date('2026-11-21T00:00:00.000Z'));
      assert.equal(bucketsMap(doc).size, 2, 'not yet empty');
      deleteRecords(doc, ids.slice(1000), new Date('2026-11-21T00:00:00.000Z'));
      assert.deepEqual([...bucketsMap(doc).keys()], [`2026-11/${doc.clientID}`]);
      assert.equal(recordCount(doc), 0);
      // What a replica starting from these files applies: the same 2000 records deleted from a
      // flat map keep one item per key; deleted with their bucket they are a few ranges.
      const flat = new Y.Doc();
      flat.transact(() => {
        for (let i = 0; i < 2000; i++) putRecord(flat, at(`R-${i}`, '2026-09-10T01:00:00.000Z'), undefined, 'copy');
      });
      flat.transact(() => {
        for (let i = 0; i < 2000; i++) flat.getMap('records').delete(`R-${i}`);
      });
      const bucketed = Y.encodeStateAsUpdate(doc).length;
      const flatBytes = Y.encodeStateAsUpdate(flat).length;
      assert.ok(bucketed * 20 < flatBytes, `bucketed ${bucketed} B vs flat ${flatBytes} B`);
    });

    it('reads the flat map of stores made before the buckets, and finds a record wherever it is', () => {
      const doc = new Y.Doc();
      putRecord(doc, at('R-old', '2025-01-01T01:00:00.000Z'), undefined, 'copy');
      putRecord(doc, at('R-20261101-newnewne', '2026-11-01T01:00:00.000Z'));
      assert.equal(hasRecord(doc, 'R-old'), true);
      assert.ok(findRecordMap(doc, 'R-20261101-newnewne') instanceof Y.Map);
      assert.equal(appendEvent(doc, 'R-old', { id: 'E-9', type: 'read', actor: '李明', at: '2026-11-21T02:00:00.000Z' }), true);
      assert.deepEqual(
        getRecord(doc, 'R-old')?.events.map((event) => event.id),
        ['E-1', 'E-9'],
      );
      assert.deepEqual(deleteRecords(doc, ['R-old']), ['R-old']);
      assert.equal(hasRecord(doc, 'R-old'), false);
    });

    it('skips a bucket that is not a map and shows an id held twice once', () => {
      const doc = new Y.Doc();
      bucketsMap(doc).set('2026-11/hostile', 'not a map');
      putRecord(doc, at('R-twice', '2026-11-01T01:00:00.000Z'));
      const other = new Y.Map<unknown>();
      bucketsMap(doc).set('2026-11/zzz', other);
      const copy = new Y.Doc();
      putRecord(copy, { ...at('R-twice', '2026-11-01T01:00:00.000Z'), title: '另一份-已确定' });
      sync(copy, doc);
      assert.deepEqual(recordIds(doc), ['R-twice']);
      assert.equal(listRecords(doc).records.length, 1);
      assert.equal(recordCount(doc), 1);
    });

    it('finds records after buckets come and go, here and through sync (the lookup list is kept up to date)', () => {
      const a = new Y.Doc();
      const b = new Y.Doc();
      const past = new Date('2026-11-21T00:00:00.000Z');
      putRecord(a, at('R-1', '2026-09-01T01:00:00.000Z'));
      sync(a, b);
      assert.equal(hasRecord(b, 'R-1'), true);
      deleteRecords(a, ['R-1'], past);
      // The same key made again by the same document: a new bucket where the deleted one was.
      putRecord(a, at('R-2', '2026-09-02T01:00:00.000Z'));
      assert.deepEqual([hasRecord(a, 'R-1'), hasRecord(a, 'R-2')], [false, true]);
      sync(a, b);
      assert.deepEqual([hasRecord(b, 'R-1'), hasRecord(b, 'R-2')], [false, true]);
      assert.deepEqual(recordIds(b), ['R-2']);
      putRecord(b, at('R-3', '2026-10-01T01:00:00.000Z'));
      sync(b, a);
      assert.deepEqual(recordIds(a).sort(), ['R-2', 'R-3']);
    });

    it('tells observers the ids added, changed, and removed with a whole bucket', () => {
      const a = new Y.Doc();
      const b = new Y.Doc();
      putRecord(a, at('R-1', '2026-09-01T01:00:00.000Z'));
      putRecord(a, at('R-2', '2026-09-02T01:00:00.000Z'));
      const seen: string[][] = [];
      const off = observeRecordIds(b, (ids) => seen.push([...ids].sort()));
      sync(a, b);
      appendEvent(a, 'R-2', { id: 'E-2', type: 'read', actor: '李明', at: '2026-11-21T02:00:00.000Z' });
      sync(a, b);
      deleteRecords(a, ['R-1', 'R-2'], new Date('2026-11-21T00:00:00.000Z'));
      assert.equal(bucketsMap(a).size, 0);
      sync(a, b);
      off();
      assert.deepEqual(seen, [['R-1', 'R-2'], ['R-2'], ['R-1', 'R-2']]);
      assert.deepEqual(recordIds(b), []);
    });
  });
});
