// The rooms a sync server holds: each space loaded once however many connections ask at the same
// time, unloaded (flushed and closed) once it has had no connection for `idleUnloadMs`, and the
// one way a server-side part changes a room (`change`).
import type * as Y from 'yjs';
import { errorText } from '../src/util/errors';
import type { Logger } from '../src/util/logger';
import type { ServerMetrics } from './metrics';
import type { RoomOptions, RoomSpace } from './room';
import { Room } from './room';

export interface RoomsOptions {
  readonly openSpace: (name: string) => Promise<RoomSpace>;
  /** How each room runs (logger, metrics and clock are the server's). */
  readonly room: Omit<RoomOptions, 'logger' | 'metrics' | 'now'>;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly now: () => number;
  /** A room without connections stays loaded this long, then is flushed and unloaded. */
  readonly idleUnloadMs: number;
  /** See SyncServerOptions.onSpaceLoaded. */
  readonly onSpaceLoaded?: (name: string, doc: Y.Doc) => () => void;
}

interface RoomEntry {
  readonly room: Room;
  /** Server-side users holding the room (`use`, `change`): it does not unload while one does. */
  holds: number;
  idleTimer?: NodeJS.Timeout;
  unloading?: Promise<void>;
  /** What `onSpaceLoaded` returned; called once, before the room closes. */
  unloaded?: () => void;
}

export class Rooms {
  private readonly rooms = new Map<string, RoomEntry>();
  private readonly loading = new Map<string, Promise<Room>>();
  private closing = false;

  constructor(private readonly options: RoomsOptions) {}

  get loadedCount(): number {
    return this.rooms.size;
  }

  /** Whether space `name` is loaded or being loaded. */
  isLoaded(name: string): boolean {
    return this.rooms.has(name) || this.loading.has(name);
  }

  get loadingCount(): number {
    return this.loading.size;
  }

  /** Connections across every loaded room. */
  get connectionCount(): number {
    let connections = 0;
    for (const entry of this.rooms.values()) connections += entry.room.connectionCount;
    return connections;
  }

  get cachedStateBytes(): number {
    let bytes = 0;
    for (const entry of this.rooms.values()) bytes += entry.room.cachedStateBytes;
    return bytes;
  }

  /** The loaded room, loading it once however many connections ask at the same time. Call `release` (or attach a connection) after. */
  async acquire(name: string): Promise<Room> {
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
        loading = this.load(name);
        this.loading.set(name, loading);
      }
      return await loading;
    }
  }

  /**
   * A server-side change to a space (reminders, portal actions, restore): `fn` runs in one Yjs
   * transaction with `origin` on the room's document, which is then written durably and relayed
   * to every connection, the same path as a client's update. Resolves once it is durable.
   */
  async change(name: string, origin: unknown, fn: (doc: Y.Doc) => void): Promise<void> {
    await this.use(name, async (doc, room) => {
      doc.transact(() => fn(doc), origin);
      await room.space.flush();
    });
  }

  /**
   * Runs `fn` with the room's document, loading the room first and keeping it loaded until `fn`
   * settles (the server's clock reads a space this way, yielding as it goes). Changes go through
   * `change` (which may be called inside). `unloadWhenIdle`: once `fn` settles, a room nobody is
   * connected to unloads at once rather than after idleUnloadMs (the clock visits every space; kept
   * loaded, they would all be in memory at once).
   */
  async use<T>(name: string, fn: (doc: Y.Doc, room: Room) => Promise<T>, options: { unloadWhenIdle?: boolean } = {}): Promise<T> {
    const room = await this.acquire(name);
    const entry = this.rooms.get(name);
    if (entry !== undefined) entry.holds++;
    try {
      return await fn(room.space.doc, room);
    } finally {
      if (entry !== undefined) entry.holds--;
      this.release(name, options.unloadWhenIdle ? 0 : undefined);
    }
  }

  /** Nothing holds the room any more unless connections do: it unloads once idle. */
  release(name: string, idleMs = this.options.idleUnloadMs): void {
    const entry = this.rooms.get(name);
    if (entry === undefined || this.closing || entry.unloading || entry.holds > 0 || entry.room.connectionCount > 0) return;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = undefined;
      if (this.closing || entry.holds > 0 || entry.room.connectionCount > 0) return;
      entry.unloading = this.closeRoom(entry)
        .then(
          () => this.options.logger.info(`unloaded idle space "${name}"`),
          (error: unknown) => this.options.logger.error(`unloading space "${name}" failed: ${errorText(error)}`),
        )
        .finally(() => {
          if (this.rooms.get(name) === entry) this.rooms.delete(name);
        });
    }, idleMs);
  }

  /** Waits for loads in progress, then closes every room (flushing its space). */
  async closeAll(): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.loading.values());
    const closes = Array.from(this.rooms.values(), (entry) => {
      clearTimeout(entry.idleTimer);
      return entry.unloading ?? this.closeRoom(entry);
    });
    const results = await Promise.allSettled(closes);
    for (const result of results) {
      if (result.status === 'rejected') this.options.logger.error(`closing a space failed: ${errorText(result.reason)}`);
    }
    this.rooms.clear();
  }

  private async load(name: string): Promise<Room> {
    const { logger, metrics, now } = this.options;
    try {
      const started = now();
      const space = await this.options.openSpace(name);
      const room = new Room(space, { ...this.options.room, logger, metrics, now });
      this.rooms.set(name, { room, holds: 0, unloaded: this.spaceLoaded(name, space) });
      const seconds = (now() - started) / 1000;
      metrics.spaceLoadSeconds.observe(seconds);
      logger.info(`loaded space "${name}" in ${seconds.toFixed(3)} s`);
      return room;
    } finally {
      this.loading.delete(name);
    }
  }

  /** Runs `onSpaceLoaded`; its release function, or undefined (no hook, or it threw: logged). */
  private spaceLoaded(name: string, space: RoomSpace): (() => void) | undefined {
    try {
      return this.options.onSpaceLoaded?.(name, space.doc);
    } catch (error) {
      this.options.logger.error(`onSpaceLoaded for space "${name}" failed: ${errorText(error)}`);
      return undefined;
    }
  }

  /** Releases what `onSpaceLoaded` set up, then closes the room (flushing its space). */
  private closeRoom(entry: RoomEntry): Promise<void> {
    const unloaded = entry.unloaded;
    entry.unloaded = undefined;
    try {
      unloaded?.();
    } catch (error) {
      this.options.logger.error(`releasing space "${entry.room.name}" after onSpaceLoaded failed: ${errorText(error)}`);
    }
    return entry.room.close();
  }
}
