import assert from 'node:assert/strict';
import {
  FRAME_HEADER_BYTES,
  HEADER_BYTES,
  LOG_MAGIC,
  SNAPSHOT_MAGIC,
  decodeFrames,
  encodeFrame,
  encodeHeader,
} from '../../../src/store/frameFile';

function file(...payloads: string[]): Buffer {
  return Buffer.concat([encodeHeader(LOG_MAGIC), ...payloads.map((p) => encodeFrame(Buffer.from(p)))]);
}

describe('frameFile', () => {
  it('reads back the frames it wrote', () => {
    const bytes = file('one', '', 'three');
    const read = decodeFrames(bytes, LOG_MAGIC);
    assert.equal(read.damage, undefined);
    assert.deepEqual(
      read.frames.map((f) => Buffer.from(f).toString()),
      ['one', '', 'three'],
    );
    assert.equal(read.validEnd, bytes.length);
  });

  it('treats a zero-length file as empty and a header-only file as valid', () => {
    assert.deepEqual(decodeFrames(Buffer.alloc(0), LOG_MAGIC), { frames: [], validEnd: 0 });
    assert.deepEqual(decodeFrames(encodeHeader(LOG_MAGIC), LOG_MAGIC), { frames: [], validEnd: HEADER_BYTES });
  });

  it('stops at a frame cut short and reports where valid data ends', () => {
    const whole = file('one', 'two');
    const endOfOne = HEADER_BYTES + FRAME_HEADER_BYTES + 3;
    for (const cut of [endOfOne + 3, endOfOne + FRAME_HEADER_BYTES + 1, whole.length - 1]) {
      const read = decodeFrames(whole.subarray(0, cut), LOG_MAGIC);
      assert.equal(read.damage?.kind, 'torn-tail', `cut at ${cut}`);
      assert.equal(read.validEnd, endOfOne);
      assert.equal(read.frames.length, 1);
    }
  });

  it('stops at a bad checksum and at an absurd length', () => {
    const bytes = file('one', 'two', 'three');
    const second = HEADER_BYTES + FRAME_HEADER_BYTES + 3;
    const flipped = Buffer.from(bytes);
    flipped[second + FRAME_HEADER_BYTES] ^= 1;
    const bad = decodeFrames(flipped, LOG_MAGIC);
    assert.equal(bad.damage?.kind, 'bad-checksum');
    assert.equal(bad.validEnd, second);
    assert.equal(bad.frames.length, 1);

    const huge = Buffer.from(bytes);
    huge.writeUInt32LE(0xfffffff0, second);
    assert.equal(decodeFrames(huge, LOG_MAGIC).damage?.kind, 'bad-length');
  });

  it('rejects foreign files, the wrong kind of file and newer versions', () => {
    assert.equal(decodeFrames(Buffer.from('hello world, not ours'), LOG_MAGIC).damage?.kind, 'bad-header');
    assert.equal(decodeFrames(file('x'), SNAPSHOT_MAGIC).damage?.kind, 'bad-header');
    const newer = file('x');
    newer.writeUInt32LE(2, 4);
    assert.equal(decodeFrames(newer, LOG_MAGIC).damage?.kind, 'unsupported-version');
    assert.equal(decodeFrames(encodeHeader(LOG_MAGIC).subarray(0, 5), LOG_MAGIC).damage?.kind, 'torn-header');
  });
});
