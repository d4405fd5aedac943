// The Liaison sync server: HTTP + websockets speaking the stock y-websocket protocol, one room per
// space, each room a persisted space on disk. Access is checked in the HTTP `upgrade` handler,
// before a single byte of any space is sent (see access.ts), and again for every live session
// when the access config changes (`setAccess`). Limits: message size (ws maxPayload), connections
// per user (HTTP 429 before the upgrade), messages per second per connection (room.ts).
// GET /healthz and GET /metrics (Prometheus text) report on it. What happens inside a room
// (write before relay, pieces of initial state, presence, hostile frames) is in room.ts.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type * as Y from 'yjs';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { LocalStore } from '../src/store/localStore';
import type { PersistedSpaceOptions } from '../src/store/persistedSpace';
import type { Logger } from '../src/util/logger';
import { silentLogger } from '../src/util/logger';
import type { AccessConfig } from './access';
import { authorizeDigest, isValidSpaceName, tokenDigest } from './access';
import type { ConnectionLimits, RateLimit } from './limits';
import { ConnectionCounter } from './limits';
import { ServerMetrics } from './metrics';
import type { PresenceOptions } from './presence';
import type { RoomSpace } from './room';
import type { Room } from './room';
import type { RestoreTier } from './restorePoints';
import { RestoreKeeper } from './restoreKeeper';
import { Rooms } from './rooms';
import type { ShelfGate } from './shelfGate';
import { shelfRefusal, storeShelfGate } from './shelfGate';
import type { SignInThrottleOptions } from './signInThrottle';
import type { UpdateCostLimits } from './updateCost';
import { CostBudgets, defaultUpdateCostLimits } from './updateCost';
import { SignInThrottle, defaultSignInThrottle } from './signInThrottle';
import { parseShelfName } from '../src/store/shelves';
import { bearerToken, closeCodes, rejectUpgrade } from './wire';
import { errorText } from '../src/util/errors';

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
  /** How the default store writes and loads (fsync policy, compaction threshold, snapshot pieces, load slices); see PersistedSpaceOptions. */
  store?: Pick<PersistedSpaceOptions, 'fsync' | 'compactAfterBytes' | 'snapshotPieceBytes' | 'loadSliceMs'>;
  /** Open connections one user may hold across all spaces; one more is refused with 429. Default 50. Ignored on an open server. */
  maxConnectionsPerUser?: number;
  /** Messages per second one connection may send; over it, it is closed (1008). Default 200/s, bursts of 2000. */
  messageRate?: RateLimit;
  /** How presence is merged and relayed (see presence.ts). */
  presence?: PresenceOptions;
  /** Largest piece of initial state per message. Default 1 MiB. */
  syncPieceBytes?: number;
  /** What one connection may make the server hold (unsent output, presence, pending updates); defaults in limits.ts. */
  limits?: Partial<ConnectionLimits>;
  /** Milliseconds clock for rate limits and latency metrics. Default `performance.now`. */
  now?: () => number;
  /** What updates may cost per user (updateCost.ts); each default from `defaultUpdateCostLimits`. */
  updateCost?: Partial<UpdateCostLimits>;
  /** How failed sign-ins are slowed down (signInThrottle.ts); each default from `defaultSignInThrottle`. */
  signInThrottle?: Partial<SignInThrottleOptions>;
  /** The date, for which shelf months may be created (shelfGate.ts). Default `new Date()`. */
  clock?: () => Date;
  /**
   * Called when a room's space has loaded, before any client is attached to it (e.g. webhooks.ts
   * watching for alerts); the function it returns is called when the space unloads (idle or
   * server close), before the space closes. A throw is logged, never fails the room.
   */
  onSpaceLoaded?: (name: string, doc: RoomSpace['doc']) => () => void;
  /** Restore points of every space in `<dataDir>/restore-points` (restorePoints.ts, restoreKeeper.ts); absent: none, and no restore requests taken. */
  restorePoints?: { tiers: readonly RestoreTier[]; checkMs?: number };
}

/** Who holds a live connection, kept to re-check it when the access config changes. */
interface Session {
  readonly user: string;
  /** sha256 of the token presented (never the token itself). */
  readonly digest: Buffer | undefined;
  readonly space: string;
  readonly room: Room;
  readOnly: boolean;
  admin: boolean;
}

const defaultMaxPayload = 16 * 1024 * 1024;
const defaultPingInterval = 30_000;
const defaultIdleUnload = 60_000;
const defaultMaxConnectionsPerUser = 50;
const defaultMessageRate: RateLimit = { perSecond: 200, burst: 2000 };

export class SyncServer {
  private readonly logger: Logger;
  private readonly host: string;
  private readonly httpServer: http.Server;
  private readonly wss: WebSocketServer;
  private readonly rooms: Rooms;
  /** Connections that answered the last ping (or have not been pinged yet). */
  private readonly alive = new Set<WebSocket>();
  private pingTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private readonly store: LocalStore | undefined;
  private readonly sessions = new Map<WebSocket, Session>();
  private readonly perUser: ConnectionCounter;
  private access: AccessConfig | undefined;
  private readonly now: () => number;
  /** Which shelves may be opened; only with the default store (it knows what is on disk). */
  private readonly shelfGate: ShelfGate | undefined;
  private readonly throttle: SignInThrottle;
  private readonly costs: CostBudgets;
  /** Counters, gauges and histograms served at /metrics. */
  readonly metrics: ServerMetrics;
  /** Keeps the restore points, when asked to (options.restorePoints). */
  readonly restorePoints: RestoreKeeper | undefined;

  constructor(private readonly options: SyncServerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.host = options.host ?? '127.0.0.1';
    this.access = options.access;
    this.now = options.now ?? ((): number => performance.now());
    this.perUser = new ConnectionCounter(options.maxConnectionsPerUser ?? defaultMaxConnectionsPerUser);
    this.metrics = new ServerMetrics({
      connections: () => this.sessions.size,
      spacesLoaded: () => this.rooms.loadedCount,
      spacesLoading: () => this.rooms.loadingCount,
      cachedStateBytes: () => this.rooms.cachedStateBytes,
    });
    this.throttle = new SignInThrottle({ ...defaultSignInThrottle, ...options.signInThrottle }, this.now, (line) => this.logger.warn(line));
    this.metrics.addSource((family) =>
      family('liaison_sign_in_addresses_slowed', 'gauge', 'Remote addresses in a burst of failed sign-ins (answers slowed down).', [
        `liaison_sign_in_addresses_slowed ${this.throttle.trackedAddresses}`,
      ]),
    );
    this.costs = new CostBudgets({ ...defaultUpdateCostLimits, ...options.updateCost }, this.now);
    let openSpace = options.openSpace;
    if (openSpace === undefined) {
      const store = new LocalStore(options.dataDir, { logger: this.logger, ...options.store });
      this.store = store;
      openSpace = (name) => store.openSpace(name);
    }
    const clock = options.clock ?? ((): Date => new Date());
    const store = this.store;
    // Even without tiers (no points taken) the keeper takes restore requests: `liaison restore` asks a live server.
    this.restorePoints =
      options.restorePoints === undefined
        ? undefined
        : new RestoreKeeper({
            dataDir: options.dataDir,
            tiers: options.restorePoints.tiers,
            checkMs: options.restorePoints?.checkMs,
            logger: this.logger,
            change: (space, origin, fn) => this.change(space, origin, fn),
          });
    this.rooms = new Rooms({
      openSpace,
      room: {
        presence: options.presence,
        syncPieceBytes: options.syncPieceBytes,
        messageRate: options.messageRate ?? defaultMessageRate,
        limits: options.limits,
        maxUpdateBytes: this.costs.limits.maxUpdateBytes,
      },
      logger: this.logger,
      metrics: this.metrics,
      now: this.now,
      idleUnloadMs: options.idleUnloadMs ?? defaultIdleUnload,
      onSpaceLoaded: this.spaceLoadedHook(),
    });
    this.shelfGate = store === undefined ? undefined : storeShelfGate((name) => store.spaceDir(name), this.rooms, clock);
    this.httpServer = http.createServer((req, res) => this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? defaultMaxPayload });
  }

  /** `onSpaceLoaded` and the restore points' watch, one after the other. */
  private spaceLoadedHook(): SyncServerOptions['onSpaceLoaded'] {
    const { onSpaceLoaded } = this.options;
    const keeper = this.restorePoints;
    if (keeper === undefined) return onSpaceLoaded;
    return (name, doc) => {
      const releaseKeeper = keeper.watch(name, doc);
      let release: (() => void) | undefined;
      try {
        release = onSpaceLoaded?.(name, doc);
      } catch (error) {
        releaseKeeper();
        throw error;
      }
      return () => {
        release?.();
        releaseKeeper();
      };
    };
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
    await this.restorePoints?.start();
    this.pingTimer = setInterval(() => this.pingAll(), this.options.pingIntervalMs ?? defaultPingInterval);
    if (this.access === undefined) {
      this.logger.warn(
        '!!! NO ACCESS CONFIG: this is an OPEN server. Anyone who can reach ' +
          `${url} can read and write EVERY space. Pass an access config (--config FILE) to require tokens. !!!`,
      );
    } else {
      this.logger.info(`access config: ${this.access.users.length} users, ${this.access.spaces.size} spaces`);
    }
    this.logger.info(`listening on ${url}, data in ${this.options.dataDir}`);
    return { port, url };
  }

  /**
   * Puts a new access config in force: new connections are checked against it, and so is every
   * live one. A session whose token is no longer known is closed with 4401, one whose user may no
   * longer open the space with 4403 (stock clients do not retry 44xx); a member made read-only
   * (or back) keeps the connection, and its later updates are dropped (or accepted).
   */
  setAccess(config: AccessConfig): void {
    this.access = config;
    this.metrics.accessReloads.inc(1, 'applied');
    for (const [conn, session] of this.sessions) {
      const auth = authorizeDigest(config, session.digest, session.space);
      if (!auth.ok) {
        const code = auth.status === 401 ? closeCodes.unauthorized : closeCodes.forbidden;
        session.room.closeConnection(
          conn,
          code,
          auth.status === 401 ? 'access revoked: token no longer valid' : 'access revoked',
          'access_revoked',
          auth.reason,
        );
        continue;
      }
      if (auth.readOnly !== session.readOnly || auth.admin !== session.admin) {
        session.readOnly = auth.readOnly;
        session.admin = auth.admin;
        session.room.setRole(conn, auth);
        const role = auth.readOnly ? 'read-only' : auth.admin ? 'an admin' : 'a writing member';
        this.logger.info(`"${session.user}" is now ${role} in space "${session.space}"`);
      }
    }
  }

  /** A server-side change to a space, as a client's update would be: see Rooms.change (rooms.ts). */
  change(space: string, origin: unknown, fn: (doc: Y.Doc) => void): Promise<void> {
    if (this.closing) return Promise.reject(new Error('SyncServer: change() after close()'));
    return this.rooms.change(space, origin, fn);
  }

  /** Runs `fn` with a space's document, loaded (from disk if need be) until it settles: see Rooms.use. */
  useSpace<T>(space: string, fn: (doc: Y.Doc) => Promise<T>, options: { unloadWhenIdle?: boolean } = {}): Promise<T> {
    if (this.closing) return Promise.reject(new Error('SyncServer: useSpace() after close()'));
    return this.rooms.use(space, (doc) => fn(doc), options);
  }

  /** The spaces on disk (`<dataDir>/spaces/*`, shelves included), sorted; empty with a custom openSpace. */
  spaceNames(): Promise<string[]> {
    return this.store?.spaceNames() ?? Promise.resolve([]);
  }

  /** True once close() has begun. */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /** Closes every socket, flushes and closes every space, closes the HTTP server. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.pingTimer);
    await this.rooms.closeAll();
    await this.restorePoints
      ?.close()
      .catch((error: unknown) => this.logger.error(`closing the restore points failed: ${errorText(error)}`));
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
      const body = JSON.stringify({ ok: true, spaces: this.rooms.loadedCount, connections: this.rooms.connectionCount });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      res
        .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(this.metrics.render());
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found; spaces are opened with a websocket upgrade\n');
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const onSocketError = (error: Error): void => this.logger.warn(`upgrade socket: ${error.message}`);
    socket.on('error', onSocketError);
    this.acceptUpgrade(req, socket, head, onSocketError).catch((error: unknown) => {
      // The path only: the query carries the token.
      this.logger.error(`upgrade for ${(req.url ?? '?').split('?')[0]} failed: ${errorText(error)}`);
      rejectUpgrade(socket, 500, 'internal error');
    });
  }

  private async acceptUpgrade(
    req: http.IncomingMessage,
    socket: Duplex,
    head: Buffer,
    onSocketError: (error: Error) => void,
  ): Promise<void> {
    const refuse = (status: number, body: string): void => {
      this.metrics.upgradesRefused.inc(1, String(status));
      rejectUpgrade(socket, status, body);
    };
    if (this.closing) return refuse(503, 'server closing');
    const url = new URL(req.url ?? '/', 'http://localhost');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(1));
    } catch {
      return refuse(400, 'invalid space name');
    }
    if (!isValidSpaceName(name)) return refuse(400, 'invalid space name');
    const address = req.socket.remoteAddress ?? '?';
    if (this.access !== undefined && !this.throttle.admit(address)) {
      this.metrics.signInsThrottled.inc();
      return refuse(429, 'too many failed sign-ins from this address; try again later');
    }
    const token = url.searchParams.get('token') ?? bearerToken(req);
    const digest = token ? tokenDigest(token) : undefined;
    const auth = authorizeDigest(this.access, digest, name);
    if (!auth.ok) {
      if (auth.status === 401) {
        // Logged once per burst (signInThrottle.ts), answered later and later.
        this.metrics.signInsFailed.inc();
        await this.throttle.failed(address, `space "${name}": ${auth.reason}`);
      } else {
        this.logger.warn(`refused ${auth.status} for space "${name}" from ${address}: ${auth.reason}`);
      }
      return refuse(auth.status, auth.status === 401 ? 'unauthorized' : 'forbidden');
    }
    // Per-user limit (an open server has no users to count). The slot is held until the raw
    // socket closes, whatever happens to the upgrade.
    if (this.access !== undefined) {
      if (!this.perUser.acquire(auth.user)) {
        this.logger.warn(`refused 429 for space "${name}": "${auth.user}" already holds ${this.perUser.count(auth.user)} connections`);
        return refuse(429, 'too many connections for this user');
      }
      socket.once('close', () => this.perUser.release(auth.user));
    }
    const shelf = parseShelfName(name);
    if (shelf !== undefined && this.shelfGate !== undefined) {
      const refusal = await shelfRefusal(this.shelfGate, name, shelf, auth.readOnly);
      if (refusal !== undefined) {
        this.logger.warn(`refused 404 for "${auth.user}": ${refusal}`);
        return refuse(404, 'no such shelf');
      }
    }
    // Load before upgrading, so no message can arrive for a room that is not there yet.
    const room = await this.rooms.acquire(name);
    if (this.closing) return refuse(503, 'server closing');
    // The access config may have changed while the space loaded.
    const recheck = authorizeDigest(this.access, digest, name);
    if (!recheck.ok) {
      this.rooms.release(name);
      return refuse(recheck.status, recheck.status === 401 ? 'unauthorized' : 'forbidden');
    }
    this.wss.handleUpgrade(req, socket, head, (conn) => {
      socket.off('error', onSocketError);
      this.alive.add(conn);
      this.metrics.connectionsOpened.inc();
      const session: Session = { user: recheck.user, digest, space: name, room, readOnly: recheck.readOnly, admin: recheck.admin };
      this.sessions.set(conn, session);
      const onPong = (): void => {
        this.alive.add(conn);
      };
      conn.on('pong', onPong);
      conn.once('close', () => {
        conn.off('pong', onPong);
        this.alive.delete(conn);
        this.sessions.delete(conn);
      });
      const cost = this.costs.forUser(this.access === undefined ? undefined : recheck.user);
      room.addConnection(conn, { ...recheck, cost }, (left) => this.onLeave(left, recheck.user));
      const role = recheck.readOnly ? ' (read-only)' : recheck.admin && this.access !== undefined ? ' (admin)' : '';
      this.logger.info(`"${recheck.user}" opened space "${name}"${role}; ${room.connectionCount} connected`);
    });
    // The client may have gone while the space loaded; then nothing attached.
    this.rooms.release(name);
  }

  private onLeave(room: Room, user: string): void {
    this.logger.info(`"${user}" left space "${room.name}"; ${room.connectionCount} connected`);
    this.rooms.release(room.name);
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
