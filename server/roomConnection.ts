// One websocket in a room (room.ts): who it is, what it announced, and its way out: every message
// to it goes through `send`, which counts it, closes a connection whose socket failed, and one
// that has not taken more than `maxBufferedBytes` of what was sent to it (a reader that stopped
// reading): closed with 1013 and dropped, so its queue is freed instead of growing.
import type WebSocket from 'ws';
import type { Logger } from '../src/util/logger';
import type { RateLimit } from './limits';
import { TokenBucket } from './limits';
import type { ServerMetrics } from './metrics';
import type { CostBudget } from './updateCost';

export interface ConnectionInfo {
  readonly user: string;
  readonly readOnly: boolean;
  /** May change the protected parts of the space (server/protectedParts.ts). */
  readonly admin: boolean;
  /** What its updates are charged to (updateCost.ts); undefined: no limit. */
  readonly cost?: CostBudget;
}

export interface RoomConnectionOptions {
  /** The room's name, for log lines. */
  readonly room: string;
  readonly logger: Logger;
  readonly metrics?: ServerMetrics;
  /** Messages it may send; over it, it is closed. Undefined: no limit. */
  readonly messageRate?: RateLimit;
  /** Output not yet taken by the socket; past it, `onOverflow` runs and nothing more is sent. */
  readonly maxBufferedBytes: number;
  /** Closes the connection (the room's closeConnection, with 1013). */
  readonly onOverflow: (buffered: number) => void;
  readonly now: () => number;
}

export class RoomConnection {
  readonly user: string;
  readOnly: boolean;
  admin: boolean;
  /** Set when the server decided to close it: later messages are ignored. */
  closing = false;
  /** Awareness client ids this connection announced first (presenceGuard.ts); removed when it closes. */
  readonly awarenessIds = new Set<number>();
  /** A presence refusal has been logged for it (once per connection). */
  presenceWarned = false;
  /** It is being sent the state it asked for (one stream at a time: stateStream.ts). */
  streaming = false;
  /** `now()` when it last asked for the state (sync step 1). */
  stateAskedAt = -Infinity;
  /** An update it sent left something pending in the room's document (missing dependencies). */
  madePending = false;
  readonly bucket: TokenBucket | undefined;
  /** `now()` of the last message sent to it (for presence keep-alives). */
  lastSent: number;
  /** Resolves once the connection has left the room. */
  readonly gone: Promise<void>;
  private leave: () => void = () => undefined;
  /** Set by the room: removes its listeners from the socket and calls `left()`. */
  detach: () => void = () => this.left();

  constructor(
    readonly socket: WebSocket,
    readonly info: ConnectionInfo,
    private readonly options: RoomConnectionOptions,
  ) {
    this.user = info.user;
    this.readOnly = info.readOnly;
    this.admin = info.admin;
    this.bucket = options.messageRate === undefined ? undefined : new TokenBucket(options.messageRate, options.now);
    this.lastSent = options.now();
    this.gone = new Promise<void>((resolve) => {
      this.leave = resolve;
    });
  }

  /** It has left the room: whatever waits on `gone` goes on. */
  left(): void {
    this.leave();
  }

  /** Sends if the socket is open; `done` runs once the data is handed to the OS, or dropped. */
  send(message: Uint8Array, done?: () => void): void {
    const { socket, options } = this;
    if (socket.readyState !== socket.OPEN || this.closing) {
      done?.();
      return;
    }
    if (socket.bufferedAmount > options.maxBufferedBytes) {
      done?.();
      options.onOverflow(socket.bufferedAmount);
      return;
    }
    this.lastSent = options.now();
    options.metrics?.messagesSent.inc();
    options.metrics?.bytesSent.inc(message.length);
    socket.send(message, (error) => {
      done?.();
      if (error) {
        options.logger.warn(`space "${options.room}": send failed, closing connection: ${error.message}`);
        socket.terminate();
      }
    });
  }
}
