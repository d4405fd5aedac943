// Framing of the store's files: an 8-byte header, then checksummed frames.
//
//   header: 4 ASCII bytes of magic ('LSLG' log, 'LSSN' snapshot) + u32 LE format version (1; a
//           snapshot in pieces is version 2, whose frames snapshotFile.ts gives a meaning)
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
export type FrameDamageKind = 'torn-header' | 'bad-header' | 'unsupported-version' | 'torn-tail' | 'bad-checksum' | 'bad-length';

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

/** The 8-byte file header for `magic` at `version` (default: FORMAT_VERSION). */
export function encodeHeader(magic: string, version = FORMAT_VERSION): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(magic, 0, 4, 'latin1');
  header.writeUInt32LE(version, 4);
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
export function decodeFrames(bytes: Uint8Array, magic: string, versions: readonly number[] = [FORMAT_VERSION]): FrameReadResult {
  const reader = new FrameReader(bytes, magic, versions);
  const frames: Uint8Array[] = [];
  for (let frame = reader.next(); frame !== undefined; frame = reader.next()) frames.push(frame);
  return reader.damage ? { frames, validEnd: reader.validEnd, damage: reader.damage } : { frames, validEnd: reader.validEnd };
}

/**
 * The same reading as `decodeFrames`, one frame at a time, so a caller can spread the checksum
 * work over several turns of the event loop. The header is checked at construction.
 */
export class FrameReader {
  /** The header's format version (one of `versions`), or undefined when the header is not valid. */
  readonly version: number | undefined;
  /** Offset just past the last frame returned (see FrameReadResult.validEnd). */
  validEnd = 0;
  /** Set at the first damaged byte; `next()` returns nothing after it. */
  damage: FrameDamage | undefined;
  private readonly bytes: Uint8Array;
  private readonly view: Buffer;

  constructor(bytes: Uint8Array, magic: string, versions: readonly number[] = [FORMAT_VERSION]) {
    this.bytes = bytes;
    this.view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.damage = readHeader(this.view, magic, versions);
    if (this.damage === undefined && bytes.length > 0) {
      this.version = this.view.readUInt32LE(4);
      this.validEnd = HEADER_BYTES;
    }
  }

  /** The payload of the next valid frame (a view into the input), or undefined at the end or at the first damage. */
  next(): Uint8Array | undefined {
    const { bytes, view } = this;
    const offset = this.validEnd;
    if (this.damage || offset >= bytes.length) return undefined;
    const remaining = bytes.length - offset;
    if (remaining < FRAME_HEADER_BYTES) {
      this.damage = { kind: 'torn-tail', offset, detail: `the last ${remaining} bytes are a cut-off frame header` };
      return undefined;
    }
    const length = view.readUInt32LE(offset);
    const checksum = view.readUInt32LE(offset + 4);
    if (length > MAX_FRAME_BYTES) {
      this.damage = { kind: 'bad-length', offset, detail: `a frame at byte ${offset} claims an impossible length of ${length} bytes` };
      return undefined;
    }
    const start = offset + FRAME_HEADER_BYTES;
    const end = start + length;
    if (end > bytes.length) {
      this.damage = {
        kind: 'torn-tail',
        offset,
        detail: `the frame at byte ${offset} needs ${length} bytes but only ${bytes.length - start} follow: it was cut off`,
      };
      return undefined;
    }
    if (crc32(bytes, start, end) !== checksum) {
      this.damage = { kind: 'bad-checksum', offset, detail: `the frame at byte ${offset} does not match its checksum` };
      return undefined;
    }
    this.validEnd = end;
    return bytes.subarray(start, end);
  }
}

/** What is wrong with the header, or undefined when it is valid (or the file is empty). */
function readHeader(view: Buffer, magic: string, versions: readonly number[]): FrameDamage | undefined {
  if (view.length === 0) return undefined;
  const expected = encodeHeader(magic);
  if (view.length < HEADER_BYTES) {
    return view.equals(expected.subarray(0, view.length))
      ? { kind: 'torn-header', offset: 0, detail: `the file is only ${view.length} bytes long, shorter than its header` }
      : { kind: 'bad-header', offset: 0, detail: 'the file does not start with the expected header' };
  }
  if (!view.subarray(0, 4).equals(expected.subarray(0, 4))) {
    return { kind: 'bad-header', offset: 0, detail: `the file does not start with '${magic}': it is not a Liaison store file` };
  }
  const version = view.readUInt32LE(4);
  if (!versions.includes(version)) {
    return {
      kind: 'unsupported-version',
      offset: 0,
      detail: `the file has format version ${version}; this version of Liaison reads version ${versions.join(' or ')}`,
    };
  }
  return undefined;
}
