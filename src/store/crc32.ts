// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven.
// Written out here rather than using zlib.crc32 because the Node inside VS Code's Electron may lack it.

function makeTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** Computed once at load: a constant, not mutable state. */
const TABLE: Readonly<Uint32Array> = makeTable();

/**
 * CRC-32 of `bytes[start, end)` as an unsigned 32-bit number; the same value as zlib's crc32.
 * `crc32(Buffer.from('123456789')) === 0xcbf43926`.
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
