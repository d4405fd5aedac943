import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { UpdateChunker, encodeStateAsUpdates } from '../../../src/protocol/updateChunks';

/** A records document written by several clients: creations, events appended by others, text edits and deletions. */
function busyDoc(records: number): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < records; i++) {
      const record = new Y.Map<unknown>();
      doc.getMap<Y.Map<unknown>>('records').set(`r${i}`, record);
      record.set('title', `关于第${i}号需求的评审安排-产品部`);
      record.set('body', new Y.Text(`## 背景\n\n记录 ${i} 的背景说明，足够长以占用一些字节。`));
      const events = new Y.Array<unknown>();
      record.set('events', events);
      events.push([{ id: `e${i}`, type: 'sent', actor: '王芳', at: '2024-05-01T08:00:00Z' }]);
    }
  });
  for (let c = 0; c < 4; c++) {
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const map = other.getMap<Y.Map<unknown>>('records');
    for (let i = c; i < records; i += 5) {
      const record = map.get(`r${i}`);
      (record?.get('events') as Y.Array<unknown>).push([{ id: `e${i}-${c}`, type: 'read', actor: `p${c}`, at: '2024-05-02T08:00:00Z' }]);
      const body = record?.get('body') as Y.Text;
      body.insert(3, `改${c}`);
      if (i % 3 === 0) body.delete(0, 2);
      if (i % 7 === 0) record?.set('title', `已更新 ${c}`);
    }
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
  }
  return doc;
}

function sameState(a: Y.Doc, b: Y.Doc): void {
  assert.deepEqual(Y.decodeStateVector(Y.encodeStateVector(a)), Y.decodeStateVector(Y.encodeStateVector(b)));
  assert.deepEqual(a.getMap('records').toJSON(), b.getMap('records').toJSON());
  assert.deepEqual(Y.createDeleteSetFromStructStore(a.store).clients, Y.createDeleteSetFromStructStore(b.store).clients);
}

describe('UpdateChunker', () => {
  it('splits a document into pieces under the limit that rebuild it exactly, with nothing left pending', () => {
    const doc = busyDoc(400);
    const whole = Y.encodeStateAsUpdate(doc);
    const maxBytes = 8 * 1024;
    const pieces = encodeStateAsUpdates(doc, undefined, { maxBytes });
    assert.ok(pieces.length > whole.length / maxBytes, `${pieces.length} pieces for ${whole.length} bytes`);
    // A piece ends after the struct that crossed the limit; no struct here is near 1 KiB.
    for (const piece of pieces) assert.ok(piece.length <= maxBytes + 1024, `piece of ${piece.length} bytes`);
    const copy = new Y.Doc();
    for (const piece of pieces) Y.applyUpdate(copy, piece);
    sameState(copy, doc);
    assert.equal(copy.store.pendingStructs, null);
    assert.equal(copy.store.pendingDs, null);
  });

  it('sends only what a state vector lacks, and nothing but the delete set to an up-to-date peer', () => {
    const doc = busyDoc(100);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const upToDate = encodeStateAsUpdates(doc, Y.encodeStateVector(peer), { maxBytes: 1024 });
    assert.equal(upToDate.length, 1);
    assert.equal(Y.decodeUpdate(upToDate[0]).structs.length, 0);

    doc.getMap('records').set('late', 'added after the peer synced');
    const diff = encodeStateAsUpdates(doc, Y.encodeStateVector(peer), { maxBytes: 1024 });
    for (const piece of diff) Y.applyUpdate(peer, piece);
    sameState(peer, doc);
  });

  it('stays correct when the document changes between two pieces', () => {
    const doc = busyDoc(200);
    const chunker = new UpdateChunker(doc, undefined, { maxBytes: 4 * 1024 });
    const copy = new Y.Doc();
    const changes: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => changes.push(update));
    let round = 0;
    for (let piece = chunker.next(); piece !== undefined; piece = chunker.next()) {
      Y.applyUpdate(copy, piece);
      // Edits in between, as clients of a server would make them (the server relays these).
      const record = doc.getMap<Y.Map<unknown>>('records').get(`r${(round * 13) % 200}`);
      (record?.get('body') as Y.Text).insert(0, `第${round}次`);
      if (round % 4 === 0) (record?.get('body') as Y.Text).delete(1, 3);
      round++;
    }
    assert.equal(chunker.done, true);
    for (const change of changes) Y.applyUpdate(copy, change);
    sameState(copy, doc);
  });

  it('writes what a struct depends on first, so a receiver never holds anything pending, with pieces still under the limit', () => {
    // The creator has the lowest client id, so it comes last in every round: the editors' events
    // and text edits depend on records the creator has not sent yet.
    const doc = new Y.Doc();
    doc.clientID = 1;
    const records = doc.getMap<Y.Map<unknown>>('records');
    for (let i = 0; i < 300; i++) {
      const record = new Y.Map<unknown>();
      records.set(`r${i}`, record);
      record.set('body', new Y.Text(`记录 ${i} 的正文，足够长以占用一些字节。`));
      record.set('events', new Y.Array<unknown>());
    }
    for (let c = 0; c < 3; c++) {
      const editor = new Y.Doc();
      editor.clientID = 1000 + c;
      Y.applyUpdate(editor, Y.encodeStateAsUpdate(doc));
      const map = editor.getMap<Y.Map<unknown>>('records');
      for (let i = 299 - c; i >= 0; i -= 2) {
        (map.get(`r${i}`)?.get('events') as Y.Array<unknown>).push([{ id: `e${i}-${c}`, type: 'read', actor: `p${c}` }]);
        (map.get(`r${i}`)?.get('body') as Y.Text).insert(2, `改${c}`);
      }
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(editor, Y.encodeStateVector(doc)));
    }
    const maxBytes = 2 * 1024;
    for (const rounds of [1, 64]) {
      const pieces = encodeStateAsUpdates(doc, undefined, { maxBytes, rounds });
      const copy = new Y.Doc();
      pieces.forEach((piece, i) => {
        assert.ok(piece.length <= maxBytes + 1024, `rounds ${rounds}: piece ${i} has ${piece.length} bytes`);
        Y.applyUpdate(copy, piece);
        assert.equal(copy.store.pendingStructs, null, `rounds ${rounds}: piece ${i} of ${pieces.length} left structs pending`);
      });
      sameState(copy, doc);
    }
  });

  it('includes updates the document holds as pending', () => {
    const source = new Y.Doc();
    source.getMap('records').set('a', 1);
    const first = Y.encodeStateAsUpdate(source);
    source.getMap('records').set('b', 2);
    const second = Y.encodeStateAsUpdate(source, Y.encodeStateVector(withUpdate(first)));
    const server = new Y.Doc();
    Y.applyUpdate(server, second); // depends on `first`: held back as pending
    assert.notEqual(server.store.pendingStructs, null);
    const copy = new Y.Doc();
    for (const piece of encodeStateAsUpdates(server, undefined, { maxBytes: 1024 })) Y.applyUpdate(copy, piece);
    Y.applyUpdate(copy, first);
    assert.deepEqual(copy.getMap('records').toJSON(), { a: 1, b: 2 });
  });
});

function withUpdate(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
