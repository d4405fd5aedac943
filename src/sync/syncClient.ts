// Keeps one local space document in sync with the Liaison sync server (or any stock y-websocket
// server), wrapping y-websocket's WebsocketProvider.
//
// Why a wrapper:
//  - `disableBc: true`: Node 20 has a global BroadcastChannel, so two providers in one process
//    would otherwise sync directly and bypass the server (and its access checks);
//  - the stock provider retries a refused upgrade (HTTP 401/403) for ever with backoff and only
//    reports "connecting". Here a 401/403 stops the retries and surfaces as `lastError`
//    ('unauthorized' / 'forbidden') for the UI; `reconnect()` tries again (e.g. with a new token).
//    An unreachable server keeps retrying (it may come back) with `lastError: 'unreachable'`;
//  - reconnects back off exponentially with jitter (backoff.ts), so the clients of a restarted
//    server do not all come back at the same instants: the provider's own retry (no jitter) is
//    turned off through its `shouldReconnect` option and this class schedules the next attempt;
//  - the local state is sent in pieces (src/protocol/updateChunks.ts), each under the server's message limit,
//    instead of the provider's single sync step 2, so a large local store can be pushed;
//  - the server's auth messages (src/protocol/authMessages.ts) are read: `role` says whether this
//    session is an admin of the space (may change its protected parts), and `onRefused` reports an
//    update the server refused (a protected part touched by a non-admin; the connection stays);
//  - `confirmServerHasAll()` checks, from a fresh handshake, that the server holds every struct and
//    deletion of the local document (for `liaison sync`).
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import WebSocketNode from 'ws';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { backoffDelay } from './backoff';
import { deleteSetCovers, sortedRanges } from './stateCoverage';
import type { DeletedRanges } from './stateCoverage';
import { encodeStateAsUpdates } from '../protocol/updateChunks';
import { MESSAGE_AUTH, MESSAGE_SYNC, syncMessage } from '../protocol/syncMessages';
import type { Refusal, SessionRole } from '../protocol/authMessages';
import { readAuthMessage } from '../protocol/authMessages';

export type SyncStatus = 'connecting' | 'connected' | 'disconnected';
export type SyncError = 'unauthorized' | 'forbidden' | 'unreachable';

export interface SyncState {
  readonly status: SyncStatus;
  readonly synced: boolean;
  readonly lastError: SyncError | undefined;
}

/** Anything constructible like the WHATWG WebSocket (`ws`, a browser's WebSocket, a test double). */
export type WebSocketLike = new (url: string, protocols?: string | string[]) => unknown;

export interface SpaceSyncOptions {
  doc: Y.Doc;
  /** e.g. `ws://127.0.0.1:4455`; the space is appended as the path. */
  serverUrl: string;
  space: string;
  token?: string;
  logger?: Logger;
  /** Default: the `ws` package. */
  WebSocketImpl?: WebSocketLike;
  /** Longest wait between reconnect attempts; default 5 s. */
  maxBackoffMs?: number;
  /** Ceiling of the first reconnect's delay; default 200 ms. */
  baseBackoffMs?: number;
  /** Source of randomness for the jitter, in [0, 1); default Math.random. */
  random?: () => number;
  /** Largest piece of local state sent in one message; default 4 MiB (the Liaison server takes 16 MiB, the stock one 100 MiB). */
  pushPieceBytes?: number;
}

type StatusListener = (state: SyncState) => void;

const unexpectedResponse = /Unexpected server response: (\d{3})/;
const messageSync = MESSAGE_SYNC;
// Well under the server's --max-update-bytes (1 MiB by default: server/updateCost.ts).
const defaultPushPieceBytes = 512 * 1024;
/** Below this, the structs and the delete set go in one message, as the stock provider sends them. */
const smallStateBytes = 64 * 1024;

/** What the server said about its state at the start of the current connection. */
interface ServerView {
  /** From its sync step 1. */
  stateVector?: Map<number, number>;
  /** From its sync step 2, when asked for (`confirmServerHasAll`). */
  deleteSet?: DeletedRanges;
}

export class SpaceSync {
  /** Presence of the people in this space; destroyed with this object. */
  readonly awareness: Awareness;
  private readonly provider: WebsocketProvider;
  private readonly logger: Logger;
  private readonly listeners = new Set<StatusListener>();
  private readonly syncedWaiters = new Set<{ resolve: () => void; reject: (error: Error) => void }>();
  private currentStatus: SyncStatus = 'connecting';
  private currentError: SyncError | undefined;
  private destroyed = false;
  private readonly releaseProvider: () => void;
  private readonly doc: Y.Doc;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly random: () => number;
  private readonly pushPieceBytes: number;
  /** Failed attempts since the last successful sync. */
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private server: ServerView = {};
  private captureDeleteSet = false;
  private currentRole: SessionRole | undefined;
  private readonly refusalListeners = new Set<(refusal: Refusal) => void>();

  constructor(options: SpaceSyncOptions) {
    this.logger = options.logger ?? silentLogger;
    this.doc = options.doc;
    this.backoff = { baseMs: options.baseBackoffMs ?? 200, maxMs: options.maxBackoffMs ?? 5000 };
    this.random = options.random ?? Math.random;
    this.pushPieceBytes = options.pushPieceBytes ?? defaultPushPieceBytes;
    this.awareness = new Awareness(options.doc);
    this.provider = new WebsocketProvider(options.serverUrl, options.space, options.doc, {
      connect: false,
      awareness: this.awareness,
      disableBc: true,
      params: options.token === undefined ? {} : { token: options.token },
      WebSocketPolyfill: (options.WebSocketImpl ?? WebSocketNode) as unknown as typeof WebSocket,
      maxBackoffTime: this.backoff.maxMs,
      // Every close by the server (or a failed attempt) comes here: the provider then does not
      // retry on its own, and this class schedules a jittered retry unless access was refused.
      shouldReconnect: (event) => {
        this.scheduleRetry(event.code);
        return false;
      },
    });
    this.installSyncHandler();
    this.provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => this.onAuthMessage(decoder);
    const onStatus = ({ status }: { status: SyncStatus }): void => {
      if (status === 'connected') this.currentError = undefined;
      if (status === 'connecting') this.server = {};
      this.setStatus(status);
    };
    const onSync = (synced: boolean): void => {
      if (synced) {
        this.attempts = 0;
        this.settleWaiters();
      }
      this.notify();
    };
    const onConnectionError = (event: unknown): void => this.onConnectionError(event);
    const onClosed = (event: { code: number; reason: string }): void => {
      // A server that speaks the y-websocket convention closes with 4401/4403 after the upgrade.
      this.stopOnRefusal(event.code === 4401 ? 401 : event.code === 4403 ? 403 : undefined, `closed ${event.code} ${event.reason}`);
    };
    this.provider.on('status', onStatus);
    this.provider.on('sync', onSync);
    this.provider.on('connection-error', onConnectionError);
    this.provider.on('closed', onClosed);
    this.releaseProvider = () => {
      this.provider.off('status', onStatus);
      this.provider.off('sync', onSync);
      this.provider.off('connection-error', onConnectionError);
      this.provider.off('closed', onClosed);
    };
    this.provider.connect();
  }

  get status(): SyncStatus {
    return this.currentStatus;
  }

  /** True once the server's state has been received on the current connection. */
  get synced(): boolean {
    return this.provider.synced;
  }

  /** Why the last attempt failed; cleared when a connection opens. */
  get lastError(): SyncError | undefined {
    return this.currentError;
  }

  get state(): SyncState {
    return { status: this.currentStatus, synced: this.synced, lastError: this.currentError };
  }

  /** What the server said this session may do in the space (undefined: not said yet, or a stock server). */
  get role(): SessionRole | undefined {
    return this.currentRole;
  }

  /** Calls `listener` when the server refused one of this replica's updates (the connection stays). Returns the unsubscribe. */
  onRefused(listener: (refusal: Refusal) => void): () => void {
    this.refusalListeners.add(listener);
    return () => {
      this.refusalListeners.delete(listener);
    };
  }

  /** Calls `listener` on every change of status, synced or lastError. Returns the unsubscribe. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Resolves once synced with the server. Rejects after `timeoutMs` (if given), when access is
   * refused (401/403), or when this object is destroyed.
   */
  whenSynced(timeoutMs?: number): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (this.destroyed) return Promise.reject(new Error('SpaceSync destroyed'));
    if (this.currentError === 'unauthorized' || this.currentError === 'forbidden') {
      return Promise.reject(new Error(`sync refused: ${this.currentError}`));
    }
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.syncedWaiters.delete(waiter);
          reject(
            new Error(
              `not synced within ${timeoutMs} ms (status ${this.currentStatus}${this.currentError ? `, ${this.currentError}` : ''})`,
            ),
          );
        }, timeoutMs);
      }
      this.syncedWaiters.add(waiter);
    });
  }

  /** Tries again after a refusal (or now, skipping the backoff), optionally with a new token. */
  reconnect(token?: string): void {
    if (this.destroyed) return;
    if (token !== undefined) this.provider.params = { ...this.provider.params, token };
    this.currentError = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.attempts = 0;
    this.provider.disconnect();
    this.provider.connect();
    this.notify();
  }

  /**
   * Reconnects once and checks, from the server's fresh handshake, that it holds every struct
   * (its state vector covers ours) and every deletion (its delete set covers ours) of the local
   * document. Resolves false when it does not yet (the caller may try again), rejects like
   * `whenSynced` (timeout, refusal).
   */
  async confirmServerHasAll(timeoutMs: number): Promise<boolean> {
    this.captureDeleteSet = true;
    try {
      this.reconnect();
      await this.whenSynced(timeoutMs);
      const { stateVector, deleteSet } = this.server;
      if (stateVector === undefined || deleteSet === undefined) return false;
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
        if ((stateVector.get(client) ?? 0) < clock) return false;
      }
      return deleteSetCovers(deleteSet, Y.createDeleteSetFromStructStore(this.doc.store).clients);
    } finally {
      this.captureDeleteSet = false;
    }
  }

  /** Closes the connection and releases every listener and timer (the doc is left alone). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.releaseProvider();
    this.provider.destroy();
    this.awareness.destroy();
    this.currentStatus = 'disconnected';
    this.rejectWaiters(new Error('SpaceSync destroyed'));
    this.listeners.clear();
    this.refusalListeners.clear();
  }

  private onAuthMessage(decoder: decoding.Decoder): void {
    const message = readAuthMessage(decoder);
    if (message === undefined) return;
    if (message.kind === 'role') {
      this.currentRole = message.role;
      this.notify();
      return;
    }
    this.logger.warn(`sync ${this.provider.roomname}: the server refused a change: ${message.refusal.reason}`);
    for (const listener of Array.from(this.refusalListeners)) {
      try {
        listener(message.refusal);
      } catch (error) {
        this.logger.error(`sync refusal listener failed: ${errorMessage(error)}`);
      }
    }
  }

  /** After a close by the server or a failed attempt: the next try, jittered, unless access was refused. */
  private scheduleRetry(code: number): void {
    if (this.destroyed || code === 4401 || code === 4403) return;
    if (this.currentError === 'unauthorized' || this.currentError === 'forbidden') return;
    clearTimeout(this.retryTimer);
    this.attempts++;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        if (this.destroyed || this.currentError === 'unauthorized' || this.currentError === 'forbidden') return;
        this.provider.connect();
      },
      backoffDelay(this.attempts, this.backoff, this.random),
    );
  }

  /**
   * Replaces the provider's handler of sync messages (a per-instance table y-websocket provides
   * for this): the server's sync step 1 is answered with the local state in pieces, the last as
   * the sync step 2; everything else goes to the stock handler.
   */
  private installSyncHandler(): void {
    const stock = this.provider.messageHandlers[messageSync];
    this.provider.messageHandlers[messageSync] = (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      const syncType = decoding.readVarUint(peek);
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        const stateVector = decoding.readVarUint8Array(peek);
        this.server.stateVector = Y.decodeStateVector(stateVector);
        let pieces = encodeStateAsUpdates(this.doc, stateVector, { maxBytes: this.pushPieceBytes });
        if (pieces.length === 2 && pieces[0].length + pieces[1].length < smallStateBytes) pieces = [Y.mergeUpdates(pieces)];
        const ws = provider.ws;
        for (const piece of pieces.slice(0, -1)) ws?.send(syncMessage(syncProtocol.messageYjsUpdate, piece));
        encoding.writeVarUint(encoder, messageSync);
        encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(encoder, pieces[pieces.length - 1]);
        return;
      }
      if (syncType === syncProtocol.messageYjsSyncStep2 && this.captureDeleteSet) {
        try {
          this.server.deleteSet = sortedRanges(Y.decodeUpdate(decoding.readVarUint8Array(peek)).ds.clients);
        } catch {
          // The stock handler reports a bad update; the check then simply fails.
        }
      }
      stock(encoder, decoder, provider, emitSynced, messageType);
    };
  }

  private onConnectionError(event: unknown): void {
    const message = errorMessage(event);
    const match = unexpectedResponse.exec(message);
    const status = match === null ? undefined : Number(match[1]);
    if (status === 401 || status === 403) {
      this.stopOnRefusal(status, message);
      return;
    }
    if (this.currentError !== 'unreachable') {
      this.logger.warn(
        `sync ${this.provider.roomname}: cannot reach ${this.provider.serverUrl}: ${message || 'connection failed'}; retrying`,
      );
    }
    this.currentError = 'unreachable';
    this.notify();
  }

  private stopOnRefusal(status: number | undefined, detail: string): void {
    if (status !== 401 && status !== 403) return;
    this.currentError = status === 401 ? 'unauthorized' : 'forbidden';
    this.logger.warn(`sync ${this.provider.roomname}: server refused access (${detail}); not retrying until reconnect()`);
    // Retrying cannot fix a refusal: stop the backoff loop.
    this.provider.disconnect();
    this.rejectWaiters(new Error(`sync refused: ${this.currentError}`));
    this.setStatus('disconnected');
  }

  private setStatus(status: SyncStatus): void {
    this.currentStatus = status;
    this.notify();
  }

  private notify(): void {
    const state = this.state;
    for (const listener of Array.from(this.listeners)) {
      try {
        listener(state);
      } catch (error) {
        this.logger.error(`sync status listener failed: ${errorMessage(error)}`);
      }
    }
  }

  private settleWaiters(): void {
    for (const waiter of Array.from(this.syncedWaiters)) waiter.resolve();
    this.syncedWaiters.clear();
  }

  private rejectWaiters(error: Error): void {
    for (const waiter of Array.from(this.syncedWaiters)) waiter.reject(error);
    this.syncedWaiters.clear();
  }
}

function errorMessage(event: unknown): string {
  if (event instanceof Error) return event.message;
  if (typeof event === 'object' && event !== null) {
    const { message, error } = event as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message !== '') return message;
    if (error instanceof Error) return error.message;
  }
  return '';
}
