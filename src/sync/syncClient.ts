// Keeps one local space document in sync with the Liaison sync server (or any stock y-websocket
// server), wrapping y-websocket's WebsocketProvider.
//
// Why a wrapper:
//  - `disableBc: true`: Node 20 has a global BroadcastChannel, so two providers in one process
//    would otherwise sync directly and bypass the server (and its access checks);
//  - the stock provider retries a refused upgrade (HTTP 401/403) for ever with backoff and only
//    reports "connecting". Here a 401/403 stops the retries and surfaces as `lastError`
//    ('unauthorized' / 'forbidden') for the UI; `reconnect()` tries again (e.g. with a new token).
//    An unreachable server keeps retrying (it may come back) with `lastError: 'unreachable'`.
import type * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import WebSocketNode from 'ws';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';

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
}

type StatusListener = (state: SyncState) => void;

const unexpectedResponse = /Unexpected server response: (\d{3})/;

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

  constructor(options: SpaceSyncOptions) {
    this.logger = options.logger ?? silentLogger;
    this.awareness = new Awareness(options.doc);
    this.provider = new WebsocketProvider(options.serverUrl, options.space, options.doc, {
      connect: false,
      awareness: this.awareness,
      disableBc: true,
      params: options.token === undefined ? {} : { token: options.token },
      WebSocketPolyfill: (options.WebSocketImpl ?? WebSocketNode) as unknown as typeof WebSocket,
      maxBackoffTime: options.maxBackoffMs ?? 5000,
    });
    const onStatus = ({ status }: { status: SyncStatus }): void => {
      if (status === 'connected') this.currentError = undefined;
      this.setStatus(status);
    };
    const onSync = (synced: boolean): void => {
      if (synced) this.settleWaiters();
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
          reject(new Error(`not synced within ${timeoutMs} ms (status ${this.currentStatus}${this.currentError ? `, ${this.currentError}` : ''})`));
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
    this.provider.disconnect();
    this.provider.connect();
    this.notify();
  }

  /** Closes the connection and releases every listener and timer (the doc is left alone). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.releaseProvider();
    this.provider.destroy();
    this.awareness.destroy();
    this.currentStatus = 'disconnected';
    this.rejectWaiters(new Error('SpaceSync destroyed'));
    this.listeners.clear();
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
      this.logger.warn(`sync ${this.provider.roomname}: cannot reach ${this.provider.serverUrl}: ${message || 'connection failed'}; retrying`);
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
