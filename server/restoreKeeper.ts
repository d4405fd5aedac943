// The live server's side of restore points (restorePoints.ts):
//  - every loaded space gets a point when it has none, and then whenever it changed and its newest
//    point is older than the shortest tier's period (checked every `checkMs`), and once more when
//    it unloads after changing; points the tiers no longer keep are removed;
//  - after a retention purge (src/store/purge.ts), the purged records are removed from every point
//    of the space (coalesced like the compaction: many purges, one pass);
//  - restore requests: `liaison restore` against a live server (the data folder's lock,
//    pidLock.ts, names a running process) writes `<data>/restore-requests/<id>.request.json`; the keeper picks it
//    up within `checkMs`, applies it through `change` (SyncServer.change: one transaction,
//    durable, relayed to every client) and answers with `<id>.result.json`.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Y from 'yjs';
import { hasRecord } from '../src/store/recordsDoc';
import { onRecordsPurged, purgeLog } from '../src/store/purge';
import { errorText } from '../src/util/errors';
import type { Logger } from '../src/util/logger';
import { isValidSpaceName } from './access';
import { CoalescedTask } from './coalescedTask';
import type { RestoreResult, RestoreTier } from './restorePoints';
import {
  listRestorePoints,
  pointAt,
  shelvedIds,
  prunePoints,
  purgeFromPoints,
  readRestorePoint,
  restoreInto,
  writeRestorePoint,
} from './restorePoints';

/** The origin of a restore's transaction. */
export const RESTORE_ORIGIN = 'Liaison restore';

export interface RestoreRequest {
  readonly space: string;
  /** ISO time: the newest point at or before it is used. */
  readonly at: string;
  readonly dropNewer?: boolean;
}

export type RestoreAnswer = ({ ok: true; point: string } & RestoreResult) | { ok: false; error: string };

export interface RestoreKeeperOptions {
  readonly dataDir: string;
  readonly tiers: readonly RestoreTier[];
  readonly logger: Logger;
  /** Server-side change to a space (SyncServer.change). */
  readonly change: (space: string, origin: unknown, fn: (doc: Y.Doc) => void) => Promise<void>;
  /** How often points are due-checked and requests picked up. Default 5 s. */
  readonly checkMs?: number;
  readonly now?: () => Date;
}

interface Watched {
  readonly doc: Y.Doc;
  dirty: boolean;
  newest: Date | undefined;
  taking: Promise<void> | undefined;
  readonly purge: CoalescedTask;
}

export function requestsFolder(dataDir: string): string {
  return join(dataDir, 'restore-requests');
}

export class RestoreKeeper {
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly now: () => Date;
  private readonly periodMs: number;
  /** Points being written and purges of points running (awaited by `close`). */
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: RestoreKeeperOptions) {
    this.now = options.now ?? ((): Date => new Date());
    this.periodMs = Math.min(...options.tiers.map((tier) => tier.everyMs));
  }

  /** Starts the checks. */
  async start(): Promise<void> {
    await mkdir(requestsFolder(this.options.dataDir), { recursive: true });
    this.timer = setInterval(
      () => {
        this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
      },
      this.options.checkMs ?? Math.min(5000, this.periodMs),
    );
  }

  /** Takes points of a loaded space from now on (SyncServer's onSpaceLoaded); returns the release. */
  watch(name: string, doc: Y.Doc): () => void {
    const entry: Watched = {
      doc,
      dirty: false,
      newest: undefined,
      taking: undefined,
      purge: new CoalescedTask(() => this.purgePoints(name, entry), {
        delayMs: 1000,
        minIntervalMs: 5000,
        onError: (message) => this.options.logger.error(`space "${name}": purging the restore points failed: ${message}`),
      }),
    };
    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (origin !== this) entry.dirty = true;
    };
    doc.on('update', onUpdate);
    const releasePurges = onRecordsPurged(doc, () => entry.purge.request());
    this.watched.set(name, entry);
    void listRestorePoints(this.options.dataDir, name).then(
      (points) => {
        entry.newest = points.at(-1)?.at;
        if (entry.newest === undefined && this.options.tiers.length > 0) this.take(name, entry);
      },
      (error: unknown) => this.options.logger.error(`space "${name}": cannot list its restore points: ${errorText(error)}`),
    );
    return () => {
      doc.off('update', onUpdate);
      releasePurges();
      if (this.watched.get(name) === entry) this.watched.delete(name);
      if (entry.dirty && this.due(entry)) this.take(name, entry);
      this.track(entry.purge.stop());
    };
  }

  /** Stops the checks; waits for points being written and purged (call it after the rooms have closed). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    for (const entry of this.watched.values()) this.track(entry.purge.stop());
    while (this.pending.size > 0) await Promise.allSettled(Array.from(this.pending));
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private due(entry: Watched): boolean {
    if (this.options.tiers.length === 0) return false;
    return entry.newest === undefined || this.now().getTime() - entry.newest.getTime() >= this.periodMs;
  }

  /** Writes a point of the space as it is now (the state is encoded at once, synchronously). */
  private take(name: string, entry: Watched): void {
    if (entry.taking !== undefined) return;
    const at = this.now();
    entry.dirty = false;
    const write = writeRestorePoint(this.options.dataDir, name, entry.doc, at);
    entry.taking = write
      .then(async () => {
        entry.newest = at;
        await prunePoints(this.options.dataDir, name, this.options.tiers, at);
      })
      .catch((error: unknown) => {
        entry.dirty = true;
        this.options.logger.error(`space "${name}": writing a restore point failed: ${errorText(error)}`);
      })
      .finally(() => (entry.taking = undefined));
    this.track(entry.taking);
  }

  private async tick(): Promise<void> {
    for (const [name, entry] of this.watched) if (entry.dirty && this.due(entry)) this.take(name, entry);
    await this.pickUpRequests();
  }

  private async purgePoints(name: string, entry: Watched): Promise<void> {
    // A point being written may hold the purged records: purge after it.
    await entry.taking;
    const ids = new Set(purgeLog(entry.doc).flatMap((logged) => logged.ids));
    const rewritten = await purgeFromPoints(this.options.dataDir, name, ids);
    if (rewritten > 0) this.options.logger.info(`space "${name}": removed purged records from ${rewritten} restore points`);
  }

  private async pickUpRequests(): Promise<void> {
    const folder = requestsFolder(this.options.dataDir);
    for (const file of await readdir(folder).catch(() => [] as string[])) {
      const match = /^([A-Za-z0-9_-]+)\.request\.json$/.exec(file);
      if (!match) continue;
      const answer = await this.handle(join(folder, file));
      const result = join(folder, `${match[1]}.result.json`);
      await writeFile(`${result}.tmp`, JSON.stringify(answer));
      await rename(`${result}.tmp`, result);
      await rm(join(folder, file), { force: true });
    }
  }

  private async handle(file: string): Promise<RestoreAnswer> {
    try {
      const raw = JSON.parse(await readFile(file, 'utf8')) as Partial<RestoreRequest>;
      if (typeof raw.space !== 'string' || typeof raw.at !== 'string') throw new Error('a request needs "space" and "at"');
      const answer = await this.restore({ space: raw.space, at: raw.at, dropNewer: raw.dropNewer === true });
      this.options.logger.warn(
        `space "${raw.space}": restored to the point of ${answer.point}: ${answer.restored.length} records back, ${answer.dropped.length} dropped`,
      );
      return answer;
    } catch (error) {
      this.options.logger.error(`restore request ${file} failed: ${errorText(error)}`);
      return { ok: false, error: errorText(error) };
    }
  }

  /** A restore on the live server (see restorePoints.ts, restoreInto). */
  async restore(request: RestoreRequest): Promise<{ ok: true; point: string } & RestoreResult> {
    if (!isValidSpaceName(request.space)) throw new Error(`"${request.space}" is not a space name`);
    const at = new Date(request.at);
    if (Number.isNaN(at.getTime())) throw new Error(`"${request.at}" is not a time; write it as ISO 8601, e.g. 2030-06-01T09:00Z`);
    const point = pointAt(await listRestorePoints(this.options.dataDir, request.space), at);
    if (point === undefined) throw new Error(`space "${request.space}" has no restore point at or before ${at.toISOString()}`);
    const pointDoc = await readRestorePoint(point);
    // Read through `change`, which then writes nothing.
    const onShelf = await shelvedIds(this.options.dataDir, request.space, pointDoc, async (shelf, ids) => {
      let held: string[] = [];
      await this.options.change(shelf, RESTORE_ORIGIN, (doc) => (held = ids.filter((id) => hasRecord(doc, id))));
      return held;
    });
    let result: RestoreResult | undefined;
    await this.options.change(request.space, RESTORE_ORIGIN, (doc) => {
      result = restoreInto(doc, pointDoc, { dropNewer: request.dropNewer, shelved: onShelf });
    });
    if (result === undefined) throw new Error('the restore did not run');
    return { ok: true, point: point.at.toISOString(), ...result };
  }
}
