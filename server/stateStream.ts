// Answers a client's sync step 1 (room.ts): what the document has beyond the client's state vector,
// in pieces of at most `syncPieceBytes` (sync "update" messages, the last one a sync step 2, which
// tells a stock client it is synced; src/protocol/updateChunks.ts cuts them), produced a piece at a
// time with the event loop free in between, and at most two pieces queued ahead of what the socket
// has taken (back pressure). Every piece waits for durability like a relayed update. A client that
// arrives with nothing gets the cached whole state (stateCache.ts) when there is one, and the
// first such client builds it.
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { syncMessage } from '../src/protocol/syncMessages';
import { UpdateChunker } from '../src/protocol/updateChunks';
import type { DurableSends } from './durableSends';
import type { ServerMetrics } from './metrics';
import type { RoomConnection } from './roomConnection';
import type { FullStateCache } from './stateCache';

export interface StateSource {
  readonly doc: Y.Doc;
  readonly cache: FullStateCache;
  readonly durable: DurableSends;
  readonly syncPieceBytes: number;
  readonly metrics?: ServerMetrics;
  /** False once the connection left or the room closed: the stream stops. */
  attached(conn: RoomConnection): boolean;
}

/** Two small last pieces are merged into one message (the common case: a client nearly up to date). */
const mergeBelowBytes = 64 * 1024;

export async function streamState(source: StateSource, conn: RoomConnection, stateVector: Uint8Array, fresh: boolean): Promise<void> {
  const { metrics } = source;
  const cached = fresh ? source.cache.get() : undefined;
  if (cached !== undefined) {
    const { messages } = cached;
    metrics?.syncPiecesSent.inc(messages.length);
    metrics?.syncCacheHits.inc();
    // Durable when asked for; then sent with the same back pressure as a fresh stream, so a
    // client that does not read holds up only itself (and is closed at its buffer limit).
    await new Promise<void>((resolve) => source.durable.after(resolve, resolve));
    let sentBefore: Promise<void> = Promise.resolve();
    for (const message of messages) {
      if (!source.attached(conn)) return;
      const sent = new Promise<void>((resolve) => conn.send(message, resolve));
      await Promise.race([sentBefore, conn.gone]);
      sentBefore = sent;
    }
    return;
  }
  const chunker = new UpdateChunker(source.doc, stateVector, { maxBytes: source.syncPieceBytes });
  const builder = fresh ? source.cache.beginBuild() : undefined;
  let previous: Promise<void> = Promise.resolve();
  let piece = chunker.next();
  while (piece !== undefined) {
    if (!source.attached(conn)) {
      builder?.abandon();
      return;
    }
    let next = chunker.next();
    if (next !== undefined && chunker.done && piece.length < mergeBelowBytes && next.length < mergeBelowBytes) {
      // A small diff: one message, as the stock server sends.
      piece = Y.mergeUpdates([piece, next]);
      next = undefined;
    }
    const last = next === undefined;
    const message = syncMessage(last ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate, piece);
    builder?.add(message);
    metrics?.syncPiecesSent.inc();
    const sent = new Promise<void>((resolve) => source.durable.after(() => conn.send(message, resolve), resolve));
    if (last) {
      builder?.finish();
      return;
    }
    // Back pressure: wait until the piece before this one has reached the socket.
    await Promise.race([previous, conn.gone]);
    previous = sent;
    await new Promise((resolve) => setImmediate(resolve));
    piece = next;
  }
}
