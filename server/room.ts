// One loaded space on the sync server: its persisted document, its presence and its connections.
// Speaks the y-websocket protocol (the same framing as yjs/y-websocket's server utils), with these
// differences, which are the point of this server:
//  - write before relay (durableSends.ts): every message that carries document content to a
//    client (a relayed update, a piece of initial state) is sent only after `space.flush()`
//    resolved for everything applied before it, in order; so whatever a client has received
//    survives kill -9 of the server;
//  - the initial state goes in pieces (stateStream.ts), produced a piece at a time with the event
//    loop free in between, so a space of any size syncs and nobody else waits for it; the whole
//    state is cached for the next fresh client (stateCache.ts);
//  - presence is merged before relaying (presence.ts), so hundreds of clients stay cheap;
//  - hostile input, or too much of it (rate limit), closes the one connection that sent it,
//    never the room or the process;
//  - what one connection can make the server hold is bounded (limits.ts ConnectionLimits): its
//    unsent output, its presence (presenceGuard.ts), one state stream at a time, and the updates
//    it sent that cannot be applied yet (dropped with it).
// One connection's state and its sends: roomConnection.ts.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type WebSocket from 'ws';
import type { PersistedSpace } from '../src/store/persistedSpace';
import { onRecordsPurged } from '../src/store/purge';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, syncMessage } from '../src/protocol/syncMessages';
import { permissionDeniedMessage, refusalReason, sessionRoleMessage } from '../src/protocol/authMessages';
import { errorText } from '../src/util/errors';
import type { Logger } from '../src/util/logger';
import { CoalescedTask } from './coalescedTask';
import { DurableSends } from './durableSends';
import type { ConnectionLimits, RateLimit } from './limits';
import { defaultConnectionLimits } from './limits';
import type { ServerMetrics } from './metrics';
import type { PresenceOptions } from './presence';
import { screenUpdate } from './protectedParts';
import { PresenceRelay, defaultPresenceOptions, emptyAwarenessMessage, freshAwarenessEntries } from './presence';
import { PresenceGuard } from './presenceGuard';
import { dropPending, pendingBytes } from './pendingUpdates';
import type { ConnectionInfo } from './roomConnection';
import { RoomConnection } from './roomConnection';
import { FullStateCache } from './stateCache';
import type { StateSource } from './stateStream';
import { streamState } from './stateStream';
import { closeCodes, toUint8Array } from './wire';

/** What the room needs from a persisted space; `PersistedSpace` satisfies it (compact: see the purge below). */
export type RoomSpace = Pick<PersistedSpace, 'name' | 'doc' | 'flush' | 'close'> & Partial<Pick<PersistedSpace, 'compact'>>;

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
  /** Largest update accepted (updateCost.ts); undefined: no limit. */
  readonly maxUpdateBytes?: number;
  /** What one connection may make the room hold; each default from `defaultConnectionLimits`. */
  readonly limits?: Partial<ConnectionLimits>;
  /** When the compaction after a purge runs: `delayMs` after the purge, at most once every `minIntervalMs`. Default 1 s and 5 s. */
  readonly purgeCompaction?: { delayMs: number; minIntervalMs: number };
}

const defaultSyncPieceBytes = 1024 * 1024;
const defaultPurgeCompaction = { delayMs: 1000, minIntervalMs: 5000 };

export class Room {
  private readonly connections = new Map<WebSocket, RoomConnection>();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly presence: PresenceRelay;
  private readonly guard: PresenceGuard;
  private readonly limits: ConnectionLimits;
  private readonly cache = new FullStateCache();
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly durable: DurableSends;
  private pendingUpdates: { update: Uint8Array; origin: unknown }[] = [];
  private drainScheduled = false;
  private closed = false;
  private readonly onDocUpdate: (update: Uint8Array, origin: unknown) => void;
  private readonly releasePurgeWatch: () => void;
  private readonly purgeCompaction: CoalescedTask;
  private readonly stateSource: StateSource;

  constructor(
    readonly space: RoomSpace,
    private readonly options: RoomOptions,
  ) {
    this.logger = options.logger;
    this.now = options.now ?? ((): number => performance.now());
    this.limits = { ...defaultConnectionLimits, ...options.limits };
    this.durable = new DurableSends({
      flush: () => space.flush(),
      name: space.name,
      logger: this.logger,
      metrics: options.metrics,
      now: this.now,
      onStorageFailure: () => {
        options.metrics?.connectionsClosed.inc(this.connections.size, 'storage_failure');
        for (const conn of this.connections.keys()) conn.close(closeCodes.internalError, 'storage failure');
      },
    });
    this.stateSource = {
      doc: space.doc,
      cache: this.cache,
      durable: this.durable,
      syncPieceBytes: options.syncPieceBytes ?? defaultSyncPieceBytes,
      metrics: options.metrics,
      attached: (conn) => !this.closed && this.connections.get(conn.socket) === conn,
    };
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
    space.doc.on('update', this.onDocUpdate);
    this.guard = new PresenceGuard(this.awareness, this.limits, space.name, this.logger, options.metrics);
    // Records purged (retention, src/store/purge.ts): Yjs has dropped their content from memory;
    // drop the cached full state that still holds it, and compact the files so the disk forgets
    // it too (the compaction queues behind the write of the purging update).
    // Purges in a row share one compaction (coalescedTask.ts): each costs the whole state's encoding.
    this.purgeCompaction = new CoalescedTask(() => space.compact?.({ forget: true }) ?? Promise.resolve(), {
      ...defaultPurgeCompaction,
      ...options.purgeCompaction,
      onError: (message) => this.logger.error(`space "${this.name}": records were purged, but compacting failed: ${message}`),
    });
    this.releasePurgeWatch = onRecordsPurged(space.doc, () => {
      this.cache.clear();
      this.purgeCompaction.request();
    });
    this.presence = new PresenceRelay(
      this.awareness,
      {
        broadcast: (message) => {
          for (const conn of this.connections.values()) conn.send(message);
        },
        keepAlive: (message, idleMs) => {
          const before = this.now() - idleMs;
          for (const conn of this.connections.values()) if (conn.lastSent <= before) conn.send(message);
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

  /** Changes whether `conn`'s updates are accepted, and whether it is an admin (access config changed); tells the client. */
  setRole(conn: WebSocket, role: { readOnly: boolean; admin: boolean }): void {
    const state = this.connections.get(conn);
    if (state === undefined) return;
    state.readOnly = role.readOnly;
    state.admin = role.admin;
    state.send(sessionRoleMessage(state));
  }

  /** Attaches an upgraded websocket; `onLeave` runs once when it has gone. */
  addConnection(socket: WebSocket, info: ConnectionInfo, onLeave: (room: Room) => void): void {
    const { metrics } = this.options;
    const conn = new RoomConnection(socket, info, {
      room: this.name,
      logger: this.logger,
      metrics,
      messageRate: this.options.messageRate,
      now: this.now,
      maxBufferedBytes: this.limits.maxBufferedBytes,
      onOverflow: (buffered) => {
        this.closeConnection(
          socket,
          closeCodes.tryAgainLater,
          'not reading: output buffer full',
          'output_overflow',
          `${buffered} bytes unsent`,
        );
        // It is not reading, so it would not read the close frame either: drop it, freeing its queue.
        socket.terminate();
      },
    });
    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      if (this.connections.get(socket) !== conn || conn.closing) return;
      try {
        if (!isBinary) throw new Error('text frame; the protocol is binary');
        const message = toUint8Array(data);
        metrics?.bytesReceived.inc(message.length);
        if (conn.bucket !== undefined && !conn.bucket.take()) {
          this.closeConnection(socket, closeCodes.policy, 'message rate limit exceeded', 'rate_limited');
          return;
        }
        this.handleMessage(conn, message);
      } catch (error) {
        this.closeConnection(socket, closeCodes.invalidData, 'invalid message', 'bad_message', `bad message: ${errorText(error)}`);
      }
    };
    const onClose = (): void => {
      this.removeConnection(socket);
      onLeave(this);
    };
    const onError = (error: Error): void => {
      this.logger.warn(`space "${this.name}": connection of "${info.user}" failed: ${error.message}`);
      if (/max payload/i.test(error.message)) metrics?.connectionsClosed.inc(1, 'too_large');
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.on('error', onError);
    this.connections.set(socket, conn);
    const release = (): void => {
      socket.off('message', onMessage);
      socket.off('close', onClose);
      socket.off('error', onError);
      conn.left();
    };
    conn.detach = release;
    // Start the handshake: our state vector (no content, so no need to wait for the disk).
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.space.doc);
    conn.send(encoding.toUint8Array(encoder));
    conn.send(sessionRoleMessage(conn));
    const presence = this.guard.fullMessage();
    if (presence !== undefined) conn.send(presence);
  }

  /** Closes one connection with a reason, logged and counted. */
  closeConnection(socket: WebSocket, code: number, reason: string, metric: string, detail?: string): void {
    const conn = this.connections.get(socket);
    if (conn !== undefined) conn.closing = true;
    this.logger.warn(
      `space "${this.name}": closing connection of "${conn?.user ?? '?'}" (${code}): ${reason}${detail ? ` (${detail})` : ''}`,
    );
    this.options.metrics?.connectionsClosed.inc(1, metric);
    socket.close(code, reason);
  }

  /** Closes every connection, waits for pending sends, then closes the space (which flushes). */
  async close(code: number = closeCodes.goingAway, reason = 'server closing'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const socket of Array.from(this.connections.keys())) {
      socket.close(code, reason);
      this.removeConnection(socket);
    }
    this.presence.stop();
    this.guard.stop();
    this.cache.clear();
    this.releasePurgeWatch();
    // A purge's compaction still waiting runs now: the disk forgets the purged records before the space closes.
    await this.purgeCompaction.stop();
    this.space.doc.off('update', this.onDocUpdate);
    this.awareness.destroy();
    await this.durable.settled();
    await this.space.close();
  }

  /** Resolves when every send queued so far has been done (or dropped). */
  async settled(): Promise<void> {
    await this.durable.settled();
  }

  private removeConnection(socket: WebSocket): void {
    const conn = this.connections.get(socket);
    if (conn === undefined) return;
    this.connections.delete(socket);
    conn.detach();
    if (conn.madePending) this.dropPending();
    const present = this.guard.release(conn);
    if (!this.closed && present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, null);
  }

  /** Throws on anything malformed; the caller closes the connection. */
  private handleMessage(conn: RoomConnection, message: Uint8Array): void {
    const { metrics } = this.options;
    const decoder = decoding.createDecoder(message);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MESSAGE_SYNC:
        metrics?.messagesReceived.inc(1, 'sync');
        this.handleSync(conn, decoder);
        break;
      case MESSAGE_AWARENESS: {
        metrics?.messagesReceived.inc(1, 'awareness');
        const update = decoding.readVarUint8Array(decoder);
        const fresh = freshAwarenessEntries(this.awareness, update, (client, state) => this.guard.admit(conn, client, state));
        if (fresh !== undefined) awarenessProtocol.applyAwarenessUpdate(this.awareness, fresh, conn.socket);
        break;
      }
      case MESSAGE_QUERY_AWARENESS:
        metrics?.messagesReceived.inc(1, 'query_awareness');
        conn.send(this.guard.fullMessage() ?? emptyAwarenessMessage);
        break;
      case MESSAGE_AUTH:
        metrics?.messagesReceived.inc(1, 'auth');
        // Clients never need to send this; auth happened before the upgrade.
        break;
      default:
        throw new Error(`unknown message type ${messageType}`);
    }
  }

  private handleSync(conn: RoomConnection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        // Validates the state vector before use (throws on garbage).
        const known = Y.decodeStateVector(stateVector);
        // One stream per connection: while it is being sent a state, asking again adds nothing
        // (what changes meanwhile is relayed to it) but would hold another copy.
        // And at most one a second: each is an encoding of what the client lacks (a forged state
        // vector: the whole space), while a stock client asks once per connection.
        const asked = this.now();
        if (conn.streaming || asked - conn.stateAskedAt < 1000) {
          this.options.metrics?.syncStepsIgnored.inc();
          return;
        }
        conn.streaming = true;
        conn.stateAskedAt = asked;
        streamState(this.stateSource, conn, stateVector, known.size === 0)
          .catch((error: unknown) => {
            this.closeConnection(conn.socket, closeCodes.internalError, 'could not send the state', 'sync_failed', errorText(error));
          })
          .finally(() => {
            conn.streaming = false;
          });
        break;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        if (conn.readOnly) {
          this.options.metrics?.updatesDroppedReadOnly.inc();
          this.logger.warn(`space "${this.name}": dropped an update (${update.length} bytes) from read-only user "${conn.user}"`);
          return;
        }
        if (!this.affordable(conn, update)) return;
        const started = this.now();
        // Parse fully before applying: a garbage update throws here instead of half-applying.
        // (y-protocols' readSyncStep2 would swallow the error and keep the connection.)
        const decoded = Y.decodeUpdate(update);
        Y.applyUpdate(this.space.doc, conn.admin ? update : this.screen(conn, update, decoded), conn.socket);
        conn.info.cost?.charge(this.now() - started);
        this.options.metrics?.updatesApplied.inc();
        this.checkPending(conn);
        break;
      }
      default:
        throw new Error(`unknown sync message type ${syncType}`);
    }
  }

  /** Cost, not count (updateCost.ts): false when `update` is refused before it is parsed; the connection is then closed. */
  private affordable(conn: RoomConnection, update: Uint8Array): boolean {
    const { cost } = conn.info;
    if (cost === undefined) return true;
    const limit = this.options.maxUpdateBytes;
    if (limit !== undefined && update.length > limit) {
      this.closeConnection(
        conn.socket,
        closeCodes.tooLarge,
        'update too large',
        'update_too_large',
        `${update.length} bytes, limit ${limit}`,
      );
      return false;
    }
    if (cost.take(update.length)) return true;
    this.closeConnection(
      conn.socket,
      closeCodes.tryAgainLater,
      'update cost over the limit; try again later',
      'cost_limit',
      `${update.length} bytes`,
    );
    return false;
  }

  /** A non-admin's update without what it would change in the protected parts (protectedParts.ts); the refusal is logged and told to the client. */
  private screen(conn: RoomConnection, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>): Uint8Array {
    const screened = screenUpdate(this.space.doc, update, decoded);
    if (screened.refused.length === 0) return update;
    const parts = screened.refused.join(', ');
    this.logger.warn(`space "${this.name}": refused the changes of "${conn.user}" (not an admin) to protected parts: ${parts}`);
    for (const part of screened.refused) conn.send(permissionDeniedMessage(refusalReason(part)));
    return screened.update;
  }

  /** After `conn`'s update: what it left pending is its, and over the limit closes it (pendingUpdates.ts). */
  private checkPending(conn: RoomConnection): void {
    const bytes = pendingBytes(this.space.doc);
    if (bytes === 0) return;
    conn.madePending = true;
    if (bytes <= this.limits.maxPendingBytes) return;
    this.dropPending();
    const detail = `${bytes} bytes pending, limit ${this.limits.maxPendingBytes}`;
    this.closeConnection(
      conn.socket,
      closeCodes.policy,
      'too many updates that cannot be applied (missing dependencies)',
      'pending_limit',
      detail,
    );
  }

  private dropPending(): void {
    if (dropPending(this.space.doc)) this.cache.clear();
  }

  private drainUpdates(): void {
    this.drainScheduled = false;
    const batch = this.pendingUpdates;
    this.pendingUpdates = [];
    if (batch.length === 0 || this.closed) return;
    this.durable.after(() => {
      for (const { update, origin } of batch) {
        const message = syncMessage(syncProtocol.messageYjsUpdate, update);
        this.options.metrics?.updatesRelayed.inc();
        for (const [socket, conn] of this.connections) {
          if (socket !== origin) conn.send(message);
        }
      }
    });
  }
}
