// One loaded space on the sync server: its persisted document, its awareness and its connections.
// Speaks the y-websocket protocol (the same framing as yjs/y-websocket's server utils), with
// two differences that are the point of this server:
//  - write before relay: every message that carries document content to a client (a relayed
//    update, a sync step 2 reply) is sent only after `space.flush()` resolved for everything
//    applied before it, in order, through one promise chain per room; so whatever a client has
//    received survives kill -9 of the server;
//  - hostile input closes the one connection that sent it, never the room or the process.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type WebSocket from 'ws';
import type { PersistedSpace } from '../src/store/persistedSpace';
import type { Logger } from '../src/util/logger';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

/** What the room needs from a persisted space; `PersistedSpace` satisfies it. */
export type RoomSpace = Pick<PersistedSpace, 'name' | 'doc' | 'flush' | 'close'>;

export interface ConnectionInfo {
  readonly user: string;
  readonly readOnly: boolean;
}

interface ConnectionState extends ConnectionInfo {
  /** Awareness client ids this connection introduced; removed when it closes. */
  readonly awarenessIds: Set<number>;
  readonly release: () => void;
}

/** A websocket close code for "you sent something we cannot accept" (RFC 6455: 1003 unsupported, 1007 invalid, 1008 policy). */
const closeInvalidData = 1007;
const closeInternalError = 1011;

export class Room {
  private readonly connections = new Map<WebSocket, ConnectionState>();
  readonly awareness: awarenessProtocol.Awareness;
  /** Sends that wait for durability run on this chain, strictly in order. */
  private chain: Promise<void> = Promise.resolve();
  private pendingUpdates: { update: Uint8Array; origin: unknown }[] = [];
  private drainScheduled = false;
  private closed = false;
  private readonly onDocUpdate: (update: Uint8Array, origin: unknown) => void;
  private readonly onAwarenessUpdate: (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;

  constructor(
    readonly space: RoomSpace,
    private readonly logger: Logger,
  ) {
    this.awareness = new awarenessProtocol.Awareness(space.doc);
    // The server itself has no presence: without this the server's own client id would be announced.
    this.awareness.setLocalState(null);
    this.onDocUpdate = (update, origin) => {
      this.pendingUpdates.push({ update, origin });
      // Drain after the transaction has finished, so the persisted space's own listener (whatever
      // event it uses) has seen the update before we ask for `flush()`.
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        queueMicrotask(() => this.drainUpdates());
      }
    };
    this.onAwarenessUpdate = ({ added, updated, removed }, origin) => {
      const conn = origin as WebSocket;
      const state = this.connections.get(conn);
      if (state !== undefined) {
        added.forEach((id) => state.awarenessIds.add(id));
        removed.forEach((id) => state.awarenessIds.delete(id));
      }
      const changed = added.concat(updated, removed);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageAwareness);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      const message = encoding.toUint8Array(encoder);
      // Awareness is presence, not data: it is relayed at once and never persisted.
      for (const other of this.connections.keys()) this.send(other, message);
    };
    space.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get name(): string {
    return this.space.name;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Attaches an upgraded websocket; `onLeave` runs once when it has gone. */
  addConnection(conn: WebSocket, info: ConnectionInfo, onLeave: (room: Room) => void): void {
    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      try {
        if (!isBinary) throw new Error('text frame; the protocol is binary');
        this.handleMessage(conn, toUint8Array(data));
      } catch (error) {
        this.logger.warn(`space "${this.name}": closing connection of "${info.user}": bad message (${errorText(error)})`);
        conn.close(closeInvalidData, 'invalid message');
      }
    };
    const onClose = (): void => {
      this.removeConnection(conn);
      onLeave(this);
    };
    const onError = (error: Error): void => {
      this.logger.warn(`space "${this.name}": connection of "${info.user}" failed: ${error.message}`);
    };
    conn.on('message', onMessage);
    conn.on('close', onClose);
    conn.on('error', onError);
    this.connections.set(conn, {
      ...info,
      awarenessIds: new Set(),
      release: () => {
        conn.off('message', onMessage);
        conn.off('close', onClose);
        conn.off('error', onError);
      },
    });
    // Start the handshake: our state vector (no content, so no need to wait for the disk).
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, this.space.doc);
    this.send(conn, encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      this.send(conn, awarenessMessage(this.awareness, Array.from(states.keys())));
    }
  }

  /** Closes every connection, waits for pending sends, then closes the space (which flushes). */
  async close(code = 1001, reason = 'server closing'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const conn of Array.from(this.connections.keys())) {
      conn.close(code, reason);
      this.removeConnection(conn);
    }
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
  private handleMessage(conn: WebSocket, message: Uint8Array): void {
    const state = this.connections.get(conn);
    if (state === undefined) return;
    const decoder = decoding.createDecoder(message);
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case messageSync:
        this.handleSync(conn, state, decoder);
        break;
      case messageAwareness: {
        const update = decoding.readVarUint8Array(decoder);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
        break;
      }
      case messageQueryAwareness:
        this.send(conn, awarenessMessage(this.awareness, Array.from(this.awareness.getStates().keys())));
        break;
      case messageAuth:
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
        Y.decodeStateVector(stateVector);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, messageSync);
        syncProtocol.writeSyncStep2(encoder, this.space.doc, stateVector);
        const reply = encoding.toUint8Array(encoder);
        // The reply carries content that may not be on disk yet: send it once it is.
        this.afterDurable(() => this.send(conn, reply));
        break;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        if (state.readOnly) {
          this.logger.warn(`space "${this.name}": dropped an update (${update.length} bytes) from read-only user "${state.user}"`);
          return;
        }
        // Parse fully before applying: a garbage update throws here instead of half-applying.
        // (y-protocols' readSyncStep2 would swallow the error and keep the connection.)
        Y.decodeUpdate(update);
        Y.applyUpdate(this.space.doc, update, conn);
        break;
      }
      default:
        throw new Error(`unknown sync message type ${syncType}`);
    }
  }

  private drainUpdates(): void {
    this.drainScheduled = false;
    const batch = this.pendingUpdates;
    this.pendingUpdates = [];
    if (batch.length === 0 || this.closed) return;
    this.afterDurable(() => {
      for (const { update, origin } of batch) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, messageSync);
        syncProtocol.writeUpdate(encoder, update);
        const message = encoding.toUint8Array(encoder);
        for (const conn of this.connections.keys()) {
          if (conn !== origin) this.send(conn, message);
        }
      }
    });
  }

  /**
   * Runs `send` once everything applied to the doc so far is on disk, after every earlier such
   * send. `flush()` is asked now (capturing "so far"); the chain keeps the order.
   */
  private afterDurable(send: () => void): void {
    const durable = this.space.flush();
    this.chain = this.chain
      .then(() => durable)
      .then(send, (error: unknown) => {
        // Not durable: relaying would promise more than we keep. Drop the connections; the
        // clients still hold their edits and resend them on reconnect.
        this.logger.error(`space "${this.name}": flush failed, not relaying: ${errorText(error)}`);
        for (const conn of this.connections.keys()) conn.close(closeInternalError, 'storage failure');
      })
      .catch((error: unknown) => {
        this.logger.error(`space "${this.name}": send failed: ${errorText(error)}`);
      });
  }

  private send(conn: WebSocket, message: Uint8Array): void {
    if (conn.readyState !== conn.OPEN) return;
    conn.send(message, (error) => {
      if (error) {
        this.logger.warn(`space "${this.name}": send failed, closing connection: ${error.message}`);
        conn.terminate();
      }
    });
  }
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
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
