import { strict as assert } from 'node:assert';
import * as Y from 'yjs';
import type { LiaisonRecord } from '../../../src/domain/record';
import { appendEvent, getRecord, listRecords, onRecordsChanged, putRecord, recordsMap } from '../../../src/store/recordsDoc';

const sample: LiaisonRecord = {
  id: 'R-20261121-abcdefgh', kind: 'internal-message', space: 'internal', title: '关于发布窗口的通知-已确定',
  fields: { sender: '王芳', recipients: ['李明'], priority: 'high', deadline: '2026-11-23 18:00' },
  body: '## 背景\n\n发布窗口调整。\n', createdBy: '王芳', createdAt: '2026-11-21T01:00:00.000Z',
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
    const map = recordsMap(doc).get(sample.id);
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
    recordsMap(doc).set('R-bad', new Y.Map());
    (recordsMap(doc) as unknown as Y.Map<unknown>).set('R-worse', 42);
    const { records, malformed } = listRecords(doc);
    assert.deepEqual(records.map((record) => record.id), [sample.id]);
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
});
