// Framing of the store's files: an 8-byte header, then checksummed frames.
//
//   header: 4 ASCII bytes of magic ('LSLG' log, 'LSSN' snapshot) + u32 LE format version (1)
//   frame:  u32 LE payload length + u32 LE CRC-32 of the payload + payload
//
// A reader never throws on damaged bytes: it returns the frames that are whole and valid and, at
// the first damaged frame, stops and says at which offset the valid data ends. Bytes after a
// damaged frame are not trusted (the length that would lead to them is itself suspect).
import { crc32 } from './crc32';

export const LOG_MAGIC = 'LSLG';
export const SNAPSHOT_MAGIC = 'LSSN';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 8;
export const FRAME_HEADER_BYTES = 8;
/** Longer payloads are treated as corruption of the length field, not as data. */
export const MAX_FRAME_BYTES = 1024 * 1024 * 1024;

/**
 * What the reader found wrong:
 * - 'torn-header': the file is shorter than its header (a crash while it was being created);
 * - 'bad-header': the magic is not ours: the file is not one of ours at all;
 * - 'unsupported-version': ours, but written by a newer format;
 * - 'torn-tail': the last frame is cut short (a crash during an append);
 * - 'bad-checksum': a whole frame whose payload does not match its CRC;
 * - 'bad-length': a length beyond MAX_FRAME_BYTES.
 */
export type FrameDamageKind =
  | 'torn-header'
  | 'bad-header'
  | 'unsupported-version'
  | 'torn-tail'
  | 'bad-checksum'
  | 'bad-length';

export interface FrameDamage {
  kind: FrameDamageKind;
  /** Offset of the first byte that is not valid data (equals `validEnd`). */
  offset: number;
  /** One human sentence describing what was found. */
  detail: string;
}

export interface FrameReadResult {
  /** Payloads of the valid frames, in file order (views into the input bytes). */
  frames: Uint8Array[];
  /** Offset just past the last valid frame (HEADER_BYTES for a good empty file, 0 for a zero-length or foreign file). */
  validEnd: number;
  /** Absent when the whole input is valid. */
  damage?: FrameDamage;
}

/** The 8-byte file header for `magic` at the current format version. */
export function encodeHeader(magic: string): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(magic, 0, 4, 'latin1');
  header.writeUInt32LE(FORMAT_VERSION, 4);
  return header;
}

/** One frame: length, CRC-32 and a copy of the payload. */
export function encodeFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Reads a whole file's bytes. A zero-length input is a valid empty file without header
 * (`validEnd` 0, no damage): the writer adds the header.
 */
export function decodeFrames(bytes: Uint8Array, magic: string): FrameReadResult {
  if (bytes.length === 0) return { frames: [], validEnd: 0 };
  const expected = encodeHeader(magic);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER_BYTES) {
    const isPrefix = view.equals(expected.subarray(0, bytes.length));
    return {
      frames: [],
      validEnd: 0,
      damage: isPrefix
        ? { kind: 'torn-header', offset: 0, detail: `the file is only ${bytes.length} bytes long, shorter than its header` }
        : { kind: 'bad-header', offset: 0, detail: 'the file does not start with the expected header' },
    };
  }
  if (!view.subarray(0, 4).equals(expected.subarray(0, 4))) {
    return { frames: [], validEnd: 0, damage: { kind: 'bad-header', offset: 0, detail: `the file does not start with '${magic}': it is not a Liaison store file` } };
  }
  const version = view.readUInt32LE(4);
  if (version !== FORMAT_VERSION) {
    return {
      frames: [],
      validEnd: 0,
      damage: { kind: 'unsupported-version', offset: 0, detail: `the file has format version ${version}; this version of Liaison reads version ${FORMAT_VERSION}` },
    };
  }
  const frames: Uint8Array[] = [];
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    if (remaining < FRAME_HEADER_BYTES) {
      return { frames, validEnd: offset, damage: { kind: 'torn-tail', offset, detail: `the last ${remaining} bytes are a cut-off frame header` } };
    }
    const length = view.readUInt32LE(offset);
    const checksum = view.readUInt32LE(offset + 4);
    if (length > MAX_FRAME_BYTES) {
      return { frames, validEnd: offset, damage: { kind: 'bad-length', offset, detail: `a frame at byte ${offset} claims an impossible length of ${length} bytes` } };
    }
    const start = offset + FRAME_HEADER_BYTES;
    const end = start + length;
    if (end > bytes.length) {
      return {
        frames,
        validEnd: offset,
        damage: { kind: 'torn-tail', offset, detail: `the frame at byte ${offset} needs ${length} bytes but only ${bytes.length - start} follow: it was cut off` },
      };
    }
    if (crc32(bytes, start, end) !== checksum) {
      return { frames, validEnd: offset, damage: { kind: 'bad-checksum', offset, detail: `the frame at byte ${offset} does not match its checksum` } };
    }
    frames.push(bytes.subarray(start, end));
    offset = end;
  }
  return { frames, validEnd: offset };
}
