import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { PROTECTED_PARTS, screenUpdate } from '../../../server/protectedParts';
import { getRecord, putRecord, recordIds } from '../../../src/store/recordsDoc';
import { purgeRecords, purgesArray } from '../../../src/store/purge';
import { emergencyRecord } from './webhookFixtures';

/** A server doc and a member's replica of it, both holding two records and an admin's team policy entry. */
function setup(): { server: Y.Doc; member: Y.Doc } {
  const admin = new Y.Doc();
  putRecord(admin, emergencyRecord('R-1'));
  putRecord(admin, emergencyRecord('R-2'));
  admin.getArray('teamPolicy').push([{ id: 'v1', policy: '' }]);
  const nested = new Y.Map<unknown>();
  admin.getMap('directoryPeople').set('王芳', nested);
  nested.set('title', '工程师');
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(admin));
  const member = new Y.Doc();
  Y.applyUpdate(member, Y.encodeStateAsUpdate(server));
  return { server, member };
}

/** What `change` makes of `doc`, as one update. */
function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array): number => updates.push(update);
  doc.on('update', listen);
  change();
  doc.off('update', listen);
  return Y.mergeUpdates(updates);
}

describe('protected parts: screening a non-admin update before it is applied', () => {
  it('passes an update that touches no protected part byte for byte', () => {
    const { server, member } = setup();
    const update = updateOf(member, () => putRecord(member, emergencyRecord('R-3')));
    const screened = screenUpdate(server, update);
    assert.deepEqual(screened.refused, []);
    assert.equal(screened.update, update);
  });

  it('refuses a change to each protected part, direct, through an origin, in a nested type, and a deletion', () => {
    const cases: [string, (doc: Y.Doc) => void, string][] = [
      ['a new purge entry', (doc) => purgesArray(doc).push([{ at: 'x', by: 'y', ids: ['R-1'] }]), 'purges'],
      ['a policy appended after the last (origin only)', (doc) => doc.getArray('teamPolicy').push([{ id: 'v2' }]), 'teamPolicy'],
      [
        'a policy inserted before the first (right origin only)',
        (doc) => doc.getArray('teamPolicy').insert(0, [{ id: 'v0' }]),
        'teamPolicy',
      ],
      ['a policy deleted', (doc) => doc.getArray('teamPolicy').delete(0, 1), 'teamPolicy'],
      ['a person added', (doc) => doc.getMap('directoryPeople').set('李明', { department: '运维部' }), 'directoryPeople'],
      [
        'a nested person edited (parent by id)',
        (doc) => (doc.getMap('directoryPeople').get('王芳') as Y.Map<unknown>).set('title', 'x'),
        'directoryPeople',
      ],
      ['a person deleted', (doc) => doc.getMap('directoryPeople').delete('王芳'), 'directoryPeople'],
      ['a department added', (doc) => doc.getMap('directoryDepartments').set('运维部', { head: '李明' }), 'directoryDepartments'],
    ];
    for (const [what, change, part] of cases) {
      const { server, member } = setup();
      const before = JSON.stringify(server.toJSON());
      const update = updateOf(member, () => change(member));
      const screened = screenUpdate(server, update);
      assert.deepEqual(screened.refused, [part], what);
      Y.applyUpdate(server, screened.update);
      assert.equal(JSON.stringify(server.toJSON()), before, `${what}: the server's document did not change`);
      // The member's clock is contiguous on the server: its next change applies at once.
      const next = updateOf(member, () => putRecord(member, emergencyRecord('R-9')));
      assert.deepEqual(screenUpdate(server, next).refused, [], what);
      Y.applyUpdate(server, next);
      assert.ok(getRecord(server, 'R-9'), `${what}: a later record of the member arrived`);
      assert.equal(server.store.pendingStructs, null, what);
    }
  });

  it('keeps the record deletions of the purge attack and refuses only its purge entry; several chained items are all refused', () => {
    const { server, member } = setup();
    const update = updateOf(member, () => {
      purgeRecords(member, ['R-1', 'R-2'], { at: '2030-01-01T00:00:00Z', by: 'mallory', policy: 'all' });
      for (let i = 0; i < 50; i++) member.getArray('teamPolicy').push([{ id: `evil-${i}` }]);
    });
    const screened = screenUpdate(server, update);
    assert.deepEqual([...screened.refused].sort(), ['purges', 'teamPolicy']);
    Y.applyUpdate(server, screened.update);
    assert.deepEqual(recordIds(server), []);
    assert.equal(purgesArray(server).length, 0);
    assert.equal(server.getArray('teamPolicy').length, 1);
  });

  it('refuses what depends on content the server does not have', () => {
    const { server } = setup();
    const stranger = new Y.Doc();
    const hidden = updateOf(stranger, () => stranger.getArray('teamPolicy').push([{ id: 'hidden' }]));
    Y.applyUpdate(stranger, hidden);
    const dependent = new Y.Doc();
    Y.applyUpdate(dependent, hidden);
    const update = Y.diffUpdate(
      updateOf(dependent, () => dependent.getArray('teamPolicy').push([{ id: 'after-hidden' }])),
      Y.encodeStateVector(stranger),
    );
    assert.deepEqual(screenUpdate(server, update).refused, ['unknown']);
    assert.deepEqual(PROTECTED_PARTS, ['purges', 'teamPolicy', 'directoryPeople', 'directoryDepartments']);
  });
});
