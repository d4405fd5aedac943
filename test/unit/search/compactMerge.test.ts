// The compact engine merges segments from their postings; the result must be exactly the segment
// a fresh build of the same live docs makes.
import assert from 'node:assert/strict';
import { compactEngine } from '../../../src/search/compactEngine';
import { toSearchDoc } from '../../../src/search/searchDoc';
import { SyntheticCorpus } from '../../bench/searchCorpus';

const pause = (): Promise<void> => Promise.resolve();

function bytes(chunks: Uint8Array[]): Buffer {
  return Buffer.concat(chunks);
}

describe('compact engine merge', () => {
  it('merging two segments with deletions equals building their live docs', async () => {
    const docs = [...new SyntheticCorpus({ bytesPerRecord: 400 }).records(60)].map((record) => toSearchDoc(record));
    const first = await compactEngine.build(docs.slice(0, 25), pause);
    const second = await compactEngine.build(docs.slice(25), pause);
    const deletedFirst = new Set([0, 7, 24]);
    const deletedSecond = new Set([3, 34]);
    const merged = await (compactEngine.merge as NonNullable<typeof compactEngine.merge>)(
      [
        { segment: first, isDeleted: (doc) => deletedFirst.has(doc) },
        { segment: second, isDeleted: (doc) => deletedSecond.has(doc) },
      ],
      pause,
    );
    const live = [
      ...docs.slice(0, 25).filter((_, doc) => !deletedFirst.has(doc)),
      ...docs.slice(25).filter((_, doc) => !deletedSecond.has(doc)),
    ];
    const rebuilt = await compactEngine.build(live, pause);
    assert.equal(merged.docCount, 55);
    assert.ok(bytes(merged.serialize()).equals(bytes(rebuilt.serialize())), 'merged and rebuilt segments differ');
  });
});
