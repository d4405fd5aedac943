// The pieces of a room's whole state, kept for the next client that arrives with nothing (an empty
// state vector: a new member, a browser without local storage, a backup script), so the server
// encodes a large space once rather than once per such client.
//
// The pieces are kept as the very messages sent to that first client (sync "update" messages, the
// last one a sync step 2), so a later fresh client costs no encoding and no copying: the same
// buffers go to its socket. They are made while being streamed, over several turns of the event
// loop, so they may mix the state at the start with some later changes. Every update applied from the
// start of the build on is therefore kept as the `tail`; pieces + tail always hold the current
// state (Yjs updates are idempotent and commute). When the tail grows past a fraction of the
// pieces, replaying it would cost more than re-encoding: the cache is dropped and rebuilt by the
// next fresh client.

import * as syncProtocol from 'y-protocols/sync';
import { syncMessage } from '../src/protocol/syncMessages';

export interface CachedState {
  /** Messages to send in order: sync "update" messages, the last one a sync step 2 (it ends the client's initial sync). */
  readonly messages: readonly Uint8Array[];
}

interface Build {
  readonly pieces: Uint8Array[];
  readonly tail: Uint8Array[];
  bytes: number;
  tailBytes: number;
}

export interface FullStateBuilder {
  /** A message as sent; the last one added must be the sync step 2. */
  add(message: Uint8Array): void;
  /** The last piece has been added. */
  finish(): void;
  /** The stream stopped (client gone): nothing is kept. */
  abandon(): void;
}

/** A tail smaller than this is always worth keeping. */
const minTailBytes = 256 * 1024;

export class FullStateCache {
  private cached: Build | undefined;
  private building: Build | undefined;

  /** Call for every update applied to the document. */
  noteUpdate(update: Uint8Array): void {
    for (const build of [this.cached, this.building]) {
      if (build === undefined) continue;
      build.tail.push(update);
      build.tailBytes += update.length;
    }
    if (this.cached !== undefined && tooLong(this.cached)) this.cached = undefined;
    if (this.building !== undefined && tooLong(this.building)) this.building = undefined;
  }

  /** The cached state, if there is one. */
  get(): CachedState | undefined {
    const build = this.cached;
    if (build === undefined || build.pieces.length === 0) return undefined;
    const pieces = build.pieces;
    const tail = build.tail.map((update) => syncMessage(syncProtocol.messageYjsUpdate, update));
    return { messages: [...pieces.slice(0, -1), ...tail, pieces[pieces.length - 1]] };
  }

  /** Starts collecting a new full state, unless one is cached or already being collected. */
  beginBuild(): FullStateBuilder | undefined {
    if (this.cached !== undefined || this.building !== undefined) return undefined;
    const build: Build = { pieces: [], tail: [], bytes: 0, tailBytes: 0 };
    this.building = build;
    return {
      add: (piece) => {
        build.pieces.push(piece);
        build.bytes += piece.length;
      },
      finish: () => {
        if (this.building !== build) return;
        this.building = undefined;
        this.cached = build;
      },
      abandon: () => {
        if (this.building === build) this.building = undefined;
      },
    };
  }

  /** Bytes held (for tests and metrics). */
  get bytes(): number {
    return (this.cached?.bytes ?? 0) + (this.cached?.tailBytes ?? 0);
  }

  clear(): void {
    this.cached = undefined;
    this.building = undefined;
  }
}

function tooLong(build: Build): boolean {
  return build.tailBytes > Math.max(minTailBytes, build.bytes / 8);
}
