// One loaded space on the sync server: its persisted document, its presence and its connections.
// Speaks the y-websocket protocol (the same framing as yjs/y-websocket's server utils), with these
// differences, which are the point of this server:
//  - write before relay: every message that carries document content to a client (a relayed
//    update, a piece of initial state) is sent only after `space.flush()` resolved for everything
//    applied before it, in order, through one promise chain per room; so whatever a client has
//    received survives kill -9 of the server;
//  - the initial state goes in pieces of at most `syncPieceBytes` (see src/store/updateChunks.ts),
//    produced a piece at a time with the event loop free in between, so a space of any size syncs
//    and nobody else waits for it; the whole state is cached for the next fresh client;
//  - presence is merged before relaying (presence.ts), so hundreds of clients stay cheap;
//  - hostile input, or too much of it (rate limit), closes the one connection that sent it,
//    never the room or the process.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type WebSocket from 'ws';
import type { PersistedSpace } from '../src/store/persistedSpace';
import { MESSAGE_SYNC, syncMessage } from '../src/sync/syncMessages';
import { UpdateChunker } from '../src/store/updateChunks';
import type { Logger } from '../src/util/logger';
import type { RateLimit } from './limits';
import { TokenBucket } from './limits';
import type { ServerMetrics } from './metrics';
import type { PresenceOptions } from './presence';
import { PresenceRelay, awarenessMessage, defaultPresenceOptions, freshAwarenessEntries } from './presence';
import { FullStateCache } from './stateCache';
import { onRecordsPurged } from '../src/store/purge';

export const messageSync = MESSAGE_SYNC;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

/** What the room needs from a persisted space; `PersistedSpace` satisfies it (compact: see the purge below). */
export type RoomSpace = Pick<PersistedSpace, 'name' | 'doc' | 'flush' | 'close'> & Partial<Pick<PersistedSpace, 'compact'>>;

export interface ConnectionInfo {
  readonly user: string;
  readonly readOnly: boolean;
}

/** Close codes (RFC 6455 for 1xxx; 44xx mirror HTTP 4xx, which stock clients take as "do not retry"). */
export const closeCodes = {
  invalidData: 1007,
  policy: 1008,
  internalError: 1011,
  goingAway: 1001,
  unauthorized: 4401,
  forbidden: 4403,
} as const;

export interface RoomOptions {
  readonly logger: Logger;
  readonly metrics?: ServerMetrics;
  readonly presence?: PresenceOptions;
  /** Largest piece of initial state in one message. Default 1 MiB. */
  readonly syncPieceBytes?: number;
  /** Messages a connection may send; over it, the connection is closed. Default: no limit. */
  readonly messageRate?: RateLimit;
  /** Milliseconds, for the rate limit and latency metrics. Default `performance.now`. */
  readonly now?: () => number;
}

interface ConnectionState {
  readonly user: string;
  readOnly: boolean;
  /** Set when the server decided to close it: later messages are ignored. */
  closing: boolean;
  /** Awareness client ids this connection introduced; removed when it closes. */
  readonly awarenessIds: Set<number>;
  readonly bucket: TokenBucket | undefined;
  /** `now()` of the last message sent to it (for presence keep-alives). */
  lastSent: number;
  /** Resolves once the connection has left the room. */
  readonly gone: Promise<void>;
  readonly release: () => void;
}

const defaultSyncPieceBytes = 1024 * 1024;
/** Two small last pieces are merged into one message (the common case: a client nearly up to date). */
const mergeBelowBytes = 64 * 1024;

export class Room {
  private readonly connections = new Map<WebSocket, ConnectionState>();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly presence: PresenceRelay;
  private readonly cache = new FullStateCache();
  private readonly logger: Logger;
  private readonly now: () => number;
  /** Sends that wait for durability run on this chain, strictly in order. */
  private chain: Promise<void> = Promise.resolve();
  private pendingUpdates: { update: Uint8Array; origin: unknown }[] = [];
  private drainScheduled = false;
  private closed = false;
  private readonly onDocUpdate: (update: Uint8Array, origin: unknown) => void;
  private readonly onAwarenessUpdate: (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;
  private readonly releasePurgeWatch: () => void;

  constructor(
    readonly space: RoomSpace,
    private readonly options: RoomOptions,
  ) {
    this.logger = options.logger;
    this.now = options.now ?? ((): number => performance.now());
    this.awareness = new awarenessProtocol.Awareness(space.doc);
    // The server itself has no presence: without this the server's own client id would be announced.
    this.awareness.setLocalState(null);
    this.onDocUpdate = (update, origin) => {
      this.cache.noteUpdate(update);
      this.pendingUpdates.push({ update, origin });
      // Drain after the transaction has finished, so the persisted space's own listener (whatever
      // event it uses) has seen the update before we ask for `flush()`.
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        queueMicrotask(() => this.drainUpdates());
      }
    };
    this.onAwarenessUpdate = ({ added, removed }, origin) => {
      const state = this.connections.get(origin as WebSocket);
      if (state === undefined) return;
      added.forEach((id) => state.awarenessIds.add(id));
      removed.forEach((id) => state.awarenessIds.delete(id));
    };
    space.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    // Records purged (retention, src/store/purge.ts): Yjs has dropped their content from memory;
    // drop the cached full state that still holds it, and compact the files so the disk forgets
    // it too (the compaction queues behind the write of the purging update).
    this.releasePurgeWatch = onRecordsPurged(space.doc, () => {
      this.cache.clear();
      space.compact?.({ forget: true }).catch((error: unknown) => {
        this.logger.error(`space "${this.name}": records were purged, but compacting failed: ${errorText(error)}`);
      });
    });
    this.presence = new PresenceRelay(
      this.awareness,
      {
        broadcast: (message) => {
          for (const conn of this.connections.keys()) this.send(conn, message);
        },
        keepAlive: (message, idleMs) => {
          const before = this.now() - idleMs;
          for (const [conn, state] of this.connections) if (state.lastSent <= before) this.send(conn, message);
        },
      },
      options.presence ?? defaultPresenceOptions,
      () => options.metrics?.awarenessRelays.inc(),
    );
  }

  get name(): string {
    return this.space.name;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Bytes of whole state kept for fresh clients. */
  get cachedStateBytes(): number {
    return this.cache.bytes;
  }

  /** Changes whether `conn`'s updates are accepted (access config changed). */
  setReadOnly(conn: WebSocket, readOnly: boolean): void {
    const state = this.connections.get(conn);
    if (state !== undefined) state.readOnly = readOnly;
  }

  /** Attaches an upgraded websocket; `onLeave` runs once when it has gone. */
  addConnection(conn: WebSocket, info: ConnectionInfo, onLeave: (room: Room) => void): void {
    const { metrics } = this.options;
    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      const state = this.connections.get(conn);
      if (state === undefined || state.closing) return;
      try {
        if (!isBinary) throw new Error('text frame; the protocol is binary');
        const message = toUint8Array(data);
        metrics?.bytesReceived.inc(message.length);
        if (state.bucket !== undefined && !state.bucket.take()) {
          this.closeConnection(conn, closeCodes.policy, 'message rate limit exceeded', 'rate_limited');
          return;
        }
        this.handleMessage(conn, state, message);
      } catch (error) {
        this.closeConnection(conn, closeCodes.invalidData, 'invalid message', 'bad_message', `bad message: ${errorText(error)}`);
      }
    };
    let leave = (): void => undefined;
    const gone = new Promise<void>((resolve) => {
      leave = resolve;
    });
    const onClose = (): void => {
      this.removeConnection(conn);
      onLeave(this);
    };
    const onError = (error: Error): void => {
      this.logger.warn(`space "${this.name}": connection of "${info.user}" failed: ${error.message}`);
      if (/max payload/i.test(error.message)) metrics?.connectionsClosed.inc(1, 'too_large');
    };
    conn.on('message', onMessage);
    conn.on('close', onClose);
    conn.on('error', onError);
    this.connections.set(conn, {
      user: info.user,
      readOnly: info.readOnly,
      closing: false,
      awarenessIds: new Set(),
      bucket: this.options.messageRate === undefined ? undefined : new TokenBucket(this.options.messageRate, this.now),
      lastSent: this.now(),
      gone,
      release: () => {
        conn.off('message', onMessage);
        conn.off('close', onClose);
        conn.off('error', onError);
        leave();
      },
    });
    // Start the handshake: our state vector (no content, so no need to wait for the disk).
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, this.space.doc);
    this.send(conn, encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) this.send(conn, awarenessMessage(this.awareness, Array.from(states.keys())));
  }

  /** Closes one connection with a reason, logged and counted. */
  closeConnection(conn: WebSocket, code: number, reason: string, metric: string, detail?: string): void {
    const state = this.connections.get(conn);
    if (state !== undefined) state.closing = true;
    this.logger.warn(
      `space "${this.name}": closing connection of "${state?.user ?? '?'}" (${code}): ${reason}${detail ? ` (${detail})` : ''}`,
    );
    this.options.metrics?.connectionsClosed.inc(1, metric);
    conn.close(code, reason);
  }

  /** Closes every connection, waits for pending sends, then closes the space (which flushes). */
  async close(code: number = closeCodes.goingAway, reason = 'server closing'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const conn of Array.from(this.connections.keys())) {
      conn.close(code, reason);
      this.removeConnection(conn);
    }
    this.presence.stop();
    this.cache.clear();
    this.releasePurgeWatch();
    this.space.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    await this.chain;
    await this.space.close();
  }

  /** Resolves when every send queued so far has been done (or dropped). */
  async settled(): Promise<void> {
    await this.chain;
  }

  private removeConnection(conn: WebSocket): void {
    const state = this.connections.get(conn);
    if (state === undefined) return;
    this.connections.delete(conn);
    state.release();
    if (!this.closed && state.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(state.awarenessIds), null);
    }
  }

  /** Throws on anything malformed; the caller closes the connection. */
  private handleMessage(conn: WebSocket, state: ConnectionState, message: Uint8Array): void {
    const { metrics } = this.options;
    const decoder = decoding.createDecoder(message);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case messageSync:
        metrics?.messagesReceived.inc(1, 'sync');
        this.handleSync(conn, state, decoder);
        break;
      case messageAwareness: {
        metrics?.messagesReceived.inc(1, 'awareness');
        const fresh = freshAwarenessEntries(this.awareness, decoding.readVarUint8Array(decoder));
        if (fresh !== undefined) awarenessProtocol.applyAwarenessUpdate(this.awareness, fresh, conn);
        break;
      }
      case messageQueryAwareness:
        metrics?.messagesReceived.inc(1, 'query_awareness');
        this.send(conn, awarenessMessage(this.awareness, Array.from(this.awareness.getStates().keys())));
        break;
      case messageAuth:
        metrics?.messagesReceived.inc(1, 'auth');
        // Clients never need to send this; auth happened before the upgrade.
        break;
      default:
        throw new Error(`unknown message type ${messageType}`);
    }
  }

  private handleSync(conn: WebSocket, state: ConnectionState, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        // Validates the state vector before use (throws on garbage).
        const known = Y.decodeStateVector(stateVector);
        this.streamState(conn, state, stateVector, known.size === 0).catch((error: unknown) => {
          this.closeConnection(conn, closeCodes.internalError, 'could not send the state', 'sync_failed', errorText(error));
        });
        break;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        if (state.readOnly) {
          this.options.metrics?.updatesDroppedReadOnly.inc();
          this.logger.warn(`space "${this.name}": dropped an update (${update.length} bytes) from read-only user "${state.user}"`);
          return;
        }
        // Parse fully before applying: a garbage update throws here instead of half-applying.
        // (y-protocols' readSyncStep2 would swallow the error and keep the connection.)
        Y.decodeUpdate(update);
        Y.applyUpdate(this.space.doc, update, conn);
        this.options.metrics?.updatesApplied.inc();
        break;
      }
      default:
        throw new Error(`unknown sync message type ${syncType}`);
    }
  }

  /**
   * Answers a sync step 1: what the doc has beyond `stateVector`, in pieces (sync "update"
   * messages), the last one as sync step 2, which tells a stock client it is synced. At most two
   * pieces are queued ahead of what the socket has taken (back pressure); the event loop is
   * free between pieces.
   */
  private async streamState(conn: WebSocket, state: ConnectionState, stateVector: Uint8Array, fresh: boolean): Promise<void> {
    const cached = fresh ? this.cache.get() : undefined;
    if (cached !== undefined) {
      const { messages } = cached;
      this.options.metrics?.syncPiecesSent.inc(messages.length);
      this.options.metrics?.syncCacheHits.inc();
      this.afterDurable(() => {
        for (const message of messages) this.send(conn, message);
      });
      return;
    }
    const chunker = new UpdateChunker(this.space.doc, stateVector, { maxBytes: this.options.syncPieceBytes ?? defaultSyncPieceBytes });
    const builder = fresh ? this.cache.beginBuild() : undefined;
    let previous: Promise<void> = Promise.resolve();
    let piece = chunker.next();
    while (piece !== undefined) {
      if (this.closed || !this.connections.has(conn)) {
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
      this.options.metrics?.syncPiecesSent.inc();
      const sent = new Promise<void>((resolve) => this.afterDurable(() => this.send(conn, message, resolve), resolve));
      if (last) {
        builder?.finish();
        return;
      }
      // Back pressure: wait until the piece before this one has reached the socket.
      await Promise.race([previous, state.gone]);
      previous = sent;
      await new Promise((resolve) => setImmediate(resolve));
      piece = next;
    }
  }

  private drainUpdates(): void {
    this.drainScheduled = false;
    const batch = this.pendingUpdates;
    this.pendingUpdates = [];
    if (batch.length === 0 || this.closed) return;
    this.afterDurable(() => {
      for (const { update, origin } of batch) {
        const message = syncMessage(syncProtocol.messageYjsUpdate, update);
        this.options.metrics?.updatesRelayed.inc();
        for (const conn of this.connections.keys()) {
          if (conn !== origin) this.send(conn, message);
        }
      }
    });
  }

  /**
   * Runs `send` once everything applied to the doc so far is on disk, after every earlier such
   * send. `flush()` is asked now (capturing "so far"); the chain keeps the order. When the flush
   * fails, `send` is skipped, every connection is closed and `dropped` runs instead.
   */
  private afterDurable(send: () => void, dropped?: () => void): void {
    const started = this.now();
    const durable = this.space.flush();
    this.chain = this.chain
      .then(() => durable)
      .then(
        () => {
          this.options.metrics?.persistLatency.observe((this.now() - started) / 1000);
          send();
        },
        (error: unknown) => {
          // Not durable: relaying would promise more than we keep. Drop the connections; the
          // clients still hold their edits and resend them on reconnect.
          this.logger.error(`space "${this.name}": flush failed, not relaying: ${errorText(error)}`);
          this.options.metrics?.connectionsClosed.inc(this.connections.size, 'storage_failure');
          for (const conn of this.connections.keys()) conn.close(closeCodes.internalError, 'storage failure');
          dropped?.();
        },
      )
      .catch((error: unknown) => {
        this.logger.error(`space "${this.name}": send failed: ${errorText(error)}`);
      });
  }

  /** Sends if the connection is open; `done` runs once the data is handed to the OS, or dropped. */
  private send(conn: WebSocket, message: Uint8Array, done?: () => void): void {
    if (conn.readyState !== conn.OPEN) {
      done?.();
      return;
    }
    const state = this.connections.get(conn);
    if (state !== undefined) state.lastSent = this.now();
    this.options.metrics?.messagesSent.inc();
    this.options.metrics?.bytesSent.inc(message.length);
    conn.send(message, (error) => {
      done?.();
      if (error) {
        this.logger.warn(`space "${this.name}": send failed, closing connection: ${error.message}`);
        conn.terminate();
      }
    });
  }
}

/**
 * Copies the frame into its own exactly-sized buffer: ws may hand out a view into a larger
 * buffer, and lib0's decoder would then read a lying length prefix from the next frame's bytes
 * instead of failing.
 */
function toUint8Array(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
