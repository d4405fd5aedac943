// The contents of snapshot.bin (framing: frameFile.ts).
//
//   version 1 (as stores written by earlier releases hold it; read, never written):
//     header 'LSSN' v1 + one frame: Y.encodeStateAsUpdate of the whole doc.
//   version 2 (written now):
//     header 'LSSN' v2 + one frame per piece + an end frame.
//     A piece is an ordinary V1 Yjs update of at most about `pieceBytes`, cut by UpdateChunker
//     (src/protocol/updateChunks.ts) in dependency order, so nothing waits as pending; applied one after
//     the other they give exactly the doc's state. The end frame is always the last frame:
//     'LEND' + u32 LE number of pieces before it. It is written last, so a snapshot is whole only
//     when its end frame is there, counts every piece, and nothing follows it; a file cut between
//     two frames (no end frame) or with a bad frame anywhere is damaged as a whole.
//
// Pieces let a reader apply a large snapshot a slice at a time and yield to the event loop in
// between (see loadSlices.ts): one 250 MB update holds the loop for 15–20 s.
import * as Y from 'yjs';
import { UpdateChunker } from '../protocol/updateChunks';
import { FORMAT_VERSION, FrameReader, SNAPSHOT_MAGIC, encodeFrame, encodeHeader } from './frameFile';

export const SNAPSHOT_PIECES_VERSION = 2;
export const SNAPSHOT_VERSIONS: readonly number[] = [FORMAT_VERSION, SNAPSHOT_PIECES_VERSION];

/**
 * Target size of one piece. Loading cannot yield inside a piece, so a piece bounds the longest
 * stall; its cost varies a lot (the first ones run before the JIT has warmed up, some meet a
 * garbage collection), so small pieces pay off. Measured with `npm run bench load` (20k records,
 * 51 MB, 2 shared cores): longest stall 45–48 ms with 64 KiB, 64 ms with 128 KiB, 125–130 ms with
 * 256 KiB, ~300 ms with 1 MiB (one frame: 3–4 s); total load time the same for all within noise
 * (±10 %), and so is encoding. At 100k records (257 MB) 64 and 256 KiB both stall ~0.3 s, which
 * is a garbage collection of the growing heap, not a piece (one frame: 22 s). 64 KiB costs 8
 * bytes of frame per piece (0.01 %).
 */
export const DEFAULT_SNAPSHOT_PIECE_BYTES = 64 * 1024;

const END_MAGIC = 'LEND';
const END_BYTES = 8;

/** The frames of a version-2 snapshot of `doc` (header, pieces, end frame), and their sizes. */
export function encodeSnapshot(doc: Y.Doc, pieceBytes: number): { chunks: Buffer[]; pieces: number; bytes: number } {
  const chunks = [encodeHeader(SNAPSHOT_MAGIC, SNAPSHOT_PIECES_VERSION)];
  // All pieces are cut in this one synchronous call, so they are one consistent state of the doc.
  const chunker = new UpdateChunker(doc, undefined, { maxBytes: Math.max(1, pieceBytes) });
  for (let piece = chunker.next(); piece !== undefined; piece = chunker.next()) chunks.push(encodeFrame(piece));
  const pieces = chunks.length - 1;
  chunks.push(encodeFrame(endPayload(pieces)));
  return { chunks, pieces, bytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0) };
}

/** A version-1 snapshot (one frame), as earlier releases wrote it: for tests and benchmarks of existing stores. */
export function encodeOneFrameSnapshot(doc: Y.Doc): Buffer[] {
  return [encodeHeader(SNAPSHOT_MAGIC, FORMAT_VERSION), encodeFrame(Y.encodeStateAsUpdate(doc))];
}

function endPayload(pieces: number): Buffer {
  const payload = Buffer.alloc(END_BYTES);
  payload.write(END_MAGIC, 0, 4, 'latin1');
  payload.writeUInt32LE(pieces, 4);
  return payload;
}

/** The piece count an end frame records, or undefined when `payload` is not an end frame. */
function endCount(payload: Uint8Array): number | undefined {
  if (payload.length !== END_BYTES) return undefined;
  const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return view.toString('latin1', 0, 4) === END_MAGIC ? view.readUInt32LE(4) : undefined;
}

/**
 * Reads snapshot.bin piece by piece (checksums included, one frame at a time), so a loader can
 * yield between pieces. Once `next()` has returned undefined, `damage` says whether the snapshot
 * was whole. Pieces returned before damage was found passed their checksums: applying them is
 * harmless (Yjs updates are idempotent), but the snapshot as a whole must not be trusted.
 */
export class SnapshotReader {
  /** Pieces returned so far. */
  pieces = 0;
  private readonly frames: FrameReader;
  /** Version 2: the frame read ahead, which is the end frame if no other follows. */
  private held: Uint8Array | undefined;
  private endCount: number | undefined;
  private finished = false;

  constructor(bytes: Uint8Array) {
    this.frames = new FrameReader(bytes, SNAPSHOT_MAGIC, SNAPSHOT_VERSIONS);
    if (this.frames.version === SNAPSHOT_PIECES_VERSION) this.held = this.frames.next();
  }

  get version(): number | undefined {
    return this.frames.version;
  }

  /** The next piece, or undefined once there is none (or damage stopped the reading). */
  next(): Uint8Array | undefined {
    if (this.finished) return undefined;
    let piece: Uint8Array | undefined;
    if (this.frames.version === SNAPSHOT_PIECES_VERSION) {
      const following = this.frames.next();
      if (following === undefined) {
        // `held` is the last frame there is: it must be the end frame.
        this.endCount = this.held === undefined ? undefined : endCount(this.held);
        this.held = undefined;
      } else {
        piece = this.held;
        this.held = following;
      }
    } else {
      piece = this.frames.next();
    }
    if (piece === undefined) {
      this.finished = true;
      return undefined;
    }
    this.pieces++;
    return piece;
  }

  /** After `next()` returned undefined: one sentence on what is wrong, or undefined when the snapshot is whole. */
  get damage(): string | undefined {
    if (!this.finished) throw new Error('SnapshotReader.damage is known only once every piece has been read');
    if (this.frames.damage) return this.frames.damage.detail;
    if (this.frames.version === SNAPSHOT_PIECES_VERSION) {
      if (this.endCount === undefined) return 'it has no end frame after its last piece: it was cut off while being written';
      if (this.endCount !== this.pieces) return `its end frame counts ${this.endCount} pieces but ${this.pieces} precede it`;
    }
    return this.pieces === 0 ? 'it holds no state' : undefined;
  }
}
