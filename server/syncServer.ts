// The Liaison sync server: HTTP + websockets speaking the stock y-websocket protocol, one room per
// space, each room a persisted space on disk. Access is checked in the HTTP `upgrade` handler,
// before a single byte of any space is sent (see access.ts). What happens inside a room
// (write before relay, hostile frames) is in room.ts.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { LocalStore } from '../src/store/localStore';
import type { Logger } from '../src/util/logger';
import { silentLogger } from '../src/util/logger';
import type { AccessConfig } from './access';
import { authorize, isValidSpaceName } from './access';
import type { RoomSpace } from './room';
import { Room, errorText } from './room';

export interface SyncServerOptions {
  /** Spaces live in `<dataDir>/spaces/<name>`. */
  dataDir: string;
  /** Undefined = open server: anyone reads and writes every space (logged loudly at start). */
  access?: AccessConfig;
  /** Default 127.0.0.1: listening on other interfaces is a deliberate choice. */
  host?: string;
  /** 0 (default) = a free port; `start()` reports the one chosen. */
  port?: number;
  logger?: Logger;
  /** Largest websocket message accepted from a client; default 16 MiB. */
  maxPayloadBytes?: number;
  /** Ping every connection this often; one that did not answer the previous ping is dropped. Default 30 s. */
  pingIntervalMs?: number;
  /** A room without connections stays loaded this long, then is flushed and unloaded. Default 60 s. */
  idleUnloadMs?: number;
  /** Opens the space for a room; defaults to a `LocalStore` on `dataDir` (`<dataDir>/spaces/<name>`). */
  openSpace?: (name: string) => Promise<RoomSpace>;
}

interface RoomEntry {
  readonly room: Room;
  idleTimer?: NodeJS.Timeout;
  unloading?: Promise<void>;
}

const defaultMaxPayload = 16 * 1024 * 1024;
const defaultPingInterval = 30_000;
const defaultIdleUnload = 60_000;

export class SyncServer {
  private readonly logger: Logger;
  private readonly host: string;
  private readonly httpServer: http.Server;
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, RoomEntry>();
  private readonly loading = new Map<string, Promise<Room>>();
  /** Connections that answered the last ping (or have not been pinged yet). */
  private readonly alive = new Set<WebSocket>();
  private pingTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private readonly openSpace: (name: string) => Promise<RoomSpace>;
  private readonly store: LocalStore | undefined;

  constructor(private readonly options: SyncServerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.host = options.host ?? '127.0.0.1';
    if (options.openSpace === undefined) {
      const store = new LocalStore(options.dataDir, { logger: this.logger });
      this.store = store;
      this.openSpace = (name) => store.openSpace(name);
    } else {
      this.openSpace = options.openSpace;
    }
    this.httpServer = http.createServer((req, res) => this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? defaultMaxPayload });
  }

  /** Listens; resolves with the port actually bound and the ws:// URL clients use as `serverUrl`. */
  async start(): Promise<{ port: number; url: string }> {
    if (this.closing) throw new Error('SyncServer: start() after close()');
    if (this.httpServer.listening || this.httpServer.listenerCount('upgrade') > 0) throw new Error('SyncServer: start() called twice');
    this.httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(this.options.port ?? 0, this.host, () => {
        this.httpServer.off('error', reject);
        resolve();
      });
    });
    this.httpServer.on('error', (error) => this.logger.error(`http server: ${error.message}`));
    const address = this.httpServer.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const url = `ws://${this.host.includes(':') ? `[${this.host}]` : this.host}:${port}`;
    this.pingTimer = setInterval(() => this.pingAll(), this.options.pingIntervalMs ?? defaultPingInterval);
    if (this.options.access === undefined) {
      this.logger.warn('!!! NO ACCESS CONFIG: this is an OPEN server. Anyone who can reach '
        + `${url} can read and write EVERY space. Pass an access config (--config FILE) to require tokens. !!!`);
    } else {
      this.logger.info(`access config: ${this.options.access.users.length} users, ${this.options.access.spaces.size} spaces`);
    }
    this.logger.info(`listening on ${url}, data in ${this.options.dataDir}`);
    return { port, url };
  }

  /** Closes every socket, flushes and closes every space, closes the HTTP server. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.pingTimer);
    await Promise.allSettled(this.loading.values());
    const closes = Array.from(this.rooms.values(), (entry) => {
      clearTimeout(entry.idleTimer);
      return entry.unloading ?? entry.room.close();
    });
    const results = await Promise.allSettled(closes);
    for (const result of results) {
      if (result.status === 'rejected') this.logger.error(`closing a space failed: ${errorText(result.reason)}`);
    }
    this.rooms.clear();
    await this.store?.close().catch((error: unknown) => this.logger.error(`closing the store failed: ${errorText(error)}`));
    // Close frames were sent by the rooms; do not wait for dead peers to answer them.
    for (const client of this.wss.clients) client.terminate();
    this.alive.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    if (this.httpServer.listening) {
      const closed = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
      this.httpServer.closeAllConnections();
      await closed;
    }
    this.logger.info('server closed');
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      let connections = 0;
      for (const entry of this.rooms.values()) connections += entry.room.connectionCount;
      const body = JSON.stringify({ ok: true, spaces: this.rooms.size, connections });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found; spaces are opened with a websocket upgrade\n');
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const onSocketError = (error: Error): void => this.logger.warn(`upgrade socket: ${error.message}`);
    socket.on('error', onSocketError);
    this.acceptUpgrade(req, socket, head, onSocketError).catch((error: unknown) => {
      this.logger.error(`upgrade for ${req.url ?? '?'} failed: ${errorText(error)}`);
      rejectUpgrade(socket, 500, 'internal error');
    });
  }

  private async acceptUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, onSocketError: (error: Error) => void): Promise<void> {
    if (this.closing) return rejectUpgrade(socket, 503, 'server closing');
    const url = new URL(req.url ?? '/', 'http://localhost');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(1));
    } catch {
      return rejectUpgrade(socket, 400, 'invalid space name');
    }
    if (!isValidSpaceName(name)) return rejectUpgrade(socket, 400, 'invalid space name');
    const token = url.searchParams.get('token') ?? bearerToken(req);
    const auth = authorize(this.options.access, token, name);
    if (!auth.ok) {
      this.logger.warn(`refused ${auth.status} for space "${name}" from ${req.socket.remoteAddress ?? '?'}: ${auth.reason}`);
      return rejectUpgrade(socket, auth.status, auth.status === 401 ? 'unauthorized' : 'forbidden');
    }
    // Load before upgrading, so no message can arrive for a room that is not there yet.
    const room = await this.acquireRoom(name);
    if (this.closing) return rejectUpgrade(socket, 503, 'server closing');
    this.wss.handleUpgrade(req, socket, head, (conn) => {
      socket.off('error', onSocketError);
      this.alive.add(conn);
      conn.on('pong', () => this.alive.add(conn));
      conn.once('close', () => this.alive.delete(conn));
      room.addConnection(conn, { user: auth.user, readOnly: auth.readOnly }, (left) => this.onLeave(left, auth.user));
      this.logger.info(`"${auth.user}" opened space "${name}"${auth.readOnly ? ' (read-only)' : ''}; ${room.connectionCount} connected`);
    });
    // The client may have gone while the space loaded; then nothing attached.
    this.scheduleIdleUnload(name);
  }

  /** The loaded room, loading it once however many connections ask at the same time. */
  private async acquireRoom(name: string): Promise<Room> {
    for (;;) {
      const entry = this.rooms.get(name);
      if (entry !== undefined) {
        if (entry.unloading !== undefined) {
          await entry.unloading;
          continue;
        }
        clearTimeout(entry.idleTimer);
        entry.idleTimer = undefined;
        return entry.room;
      }
      let loading = this.loading.get(name);
      if (loading === undefined) {
        loading = this.loadRoom(name);
        this.loading.set(name, loading);
      }
      return await loading;
    }
  }

  private async loadRoom(name: string): Promise<Room> {
    try {
      const space = await this.openSpace(name);
      const room = new Room(space, this.logger);
      this.rooms.set(name, { room });
      this.logger.info(`loaded space "${name}"`);
      return room;
    } finally {
      this.loading.delete(name);
    }
  }

  private onLeave(room: Room, user: string): void {
    this.logger.info(`"${user}" left space "${room.name}"; ${room.connectionCount} connected`);
    this.scheduleIdleUnload(room.name);
  }

  private scheduleIdleUnload(name: string): void {
    const entry = this.rooms.get(name);
    if (entry === undefined || this.closing || entry.unloading || entry.room.connectionCount > 0) return;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = undefined;
      if (this.closing || entry.room.connectionCount > 0) return;
      entry.unloading = entry.room.close()
        .then(
          () => this.logger.info(`unloaded idle space "${name}"`),
          (error: unknown) => this.logger.error(`unloading space "${name}" failed: ${errorText(error)}`),
        )
        .finally(() => {
          if (this.rooms.get(name) === entry) this.rooms.delete(name);
        });
    }, this.options.idleUnloadMs ?? defaultIdleUnload);
  }

  private pingAll(): void {
    for (const conn of this.wss.clients) {
      if (!this.alive.has(conn)) {
        this.logger.warn('dropping a connection that did not answer a ping');
        conn.terminate();
        continue;
      }
      this.alive.delete(conn);
      try {
        conn.ping();
      } catch {
        conn.terminate();
      }
    }
  }
}

function bearerToken(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** A plain HTTP error instead of the upgrade; the socket is closed once the answer is written. */
function rejectUpgrade(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const text = `${body}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n`
    + 'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n'
    + `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
