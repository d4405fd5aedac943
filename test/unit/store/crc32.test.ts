import assert from 'node:assert/strict';
import { crc32 } from '../../../src/store/crc32';

describe('crc32', () => {
  it('gives the IEEE check value for "123456789"', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  it('is 0 for no bytes and honours start/end', () => {
    assert.equal(crc32(new Uint8Array(0)), 0);
    const bytes = Buffer.from('xx123456789yy');
    assert.equal(crc32(bytes, 2, 11), 0xcbf43926);
  });

  it('matches known values for longer input', () => {
    // zlib.crc32('The quick brown fox jumps over the lazy dog')
    assert.equal(crc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  });
});
