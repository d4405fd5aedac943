import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { deleteSetCovers, sortedRanges } from '../../../src/sync/stateCoverage';

const ranges = (entries: [number, [number, number][]][]): Map<number, { clock: number; len: number }[]> =>
  new Map(entries.map(([client, list]) => [client, list.map(([clock, len]) => ({ clock, len }))]));

describe('deleteSetCovers', () => {
  it('accepts ranges covered by one or several adjacent ranges, refuses gaps and missing clients', () => {
    const theirs = sortedRanges(
      ranges([
        [
          1,
          [
            [10, 5],
            [0, 4],
            [4, 6],
          ],
        ],
        [2, [[3, 1]]],
      ]),
    );
    assert.equal(deleteSetCovers(theirs, ranges([[1, [[0, 15]]]])), true, '0..15 = 0..4 + 4..10 + 10..15');
    assert.equal(
      deleteSetCovers(
        theirs,
        ranges([
          [
            1,
            [
              [2, 3],
              [12, 2],
            ],
          ],
          [2, [[3, 1]]],
        ]),
      ),
      true,
    );
    assert.equal(deleteSetCovers(theirs, ranges([[1, [[14, 2]]]])), false, 'runs past the end');
    assert.equal(deleteSetCovers(theirs, ranges([[2, [[2, 2]]]])), false, 'starts before');
    assert.equal(deleteSetCovers(theirs, ranges([[3, [[0, 1]]]])), false, 'unknown client');
    assert.equal(deleteSetCovers(theirs, new Map()), true, 'nothing deleted locally');
  });

  it('agrees with Yjs: a replica that got the deletions covers, one that did not does not', () => {
    const local = new Y.Doc();
    const text = local.getText('t');
    text.insert(0, 'abcdefghij');
    const before = Y.encodeStateAsUpdate(local);
    text.delete(2, 3);
    text.delete(7 - 3, 1);
    const stale = new Y.Doc();
    Y.applyUpdate(stale, before);
    const current = new Y.Doc();
    Y.applyUpdate(current, Y.encodeStateAsUpdate(local));
    const localSet = Y.createDeleteSetFromStructStore(local.store).clients;
    assert.equal(deleteSetCovers(sortedRanges(Y.createDeleteSetFromStructStore(current.store).clients), localSet), true);
    assert.equal(deleteSetCovers(sortedRanges(Y.createDeleteSetFromStructStore(stale.store).clients), localSet), false);
  });
});
