// One space = one Y.Doc persisted in one folder, crash-safe.
//
// Files in the folder:
//   snapshot.bin       the whole doc at the last compaction: header + one frame per piece (a Yjs update
//                      of ≤ ~64 KiB) + an end frame counting the pieces (snapshotFile.ts); the old
//                      format, one frame holding the whole state, is still read
//   log.bin            header + one frame per Yjs update applied since that compaction (append-only)
//   snapshot.prev.bin  the snapshot of the generation before (fallback only)
//   log.prev.bin       the log of the generation before (fallback only)
//   *.tmp              files being written; a left-over one is a crash's debris and is removed on open
//   *.damaged-<time>   bytes that failed their checks, set aside for a person; never read again
// (Framing and checksums: see frameFile.ts; file operations: spaceFiles.ts; what opening reads
// and repairs: spaceRecovery.ts.)
//
// Invariants, which hold after every single step of a compaction, so a crash at any point loses
// nothing durable (Yjs updates are idempotent and commutative, so loading something twice is harmless):
//   (1) snapshot.bin + log.bin                      hold every durable update;
//   (2) snapshot.prev.bin + log.prev.bin + log.bin  hold every durable update too.
// Normal open reads (1). When snapshot.bin is damaged or missing (while a previous generation exists),
// open reads (2) instead, so a corrupt or half-written snapshot loses nothing the other files hold,
// and then compacts at once to rebuild a sound generation. A snapshot is sound only as a whole:
// every piece there and checksummed, its end frame last and counting them all; one cut between two
// pieces, or with one bad frame anywhere, is damaged (the pieces before the damage may already be
// applied: harmless, they are part of the durable state).
//
// Loading applies snapshot, then log, a slice of about `loadSliceMs` at a time (checksums included),
// yielding to the event loop between slices (loadSlices.ts), so opening a 250 MB space does not hold
// a server's other rooms for 20 s. The doc is handed out only when everything is applied.
//
// Compaction, serialized with the appends:
//   a. append what is pending to log.bin (durable); encode the doc in pieces (in one synchronous pass, so
//      they are one state); write snapshot.tmp, fsync, read it back and check every piece and the end frame;
//   b. rename snapshot.bin -> snapshot.prev.bin (if there is no snapshot.bin, write the new state as
//      snapshot.prev.bin instead, via snapshot.prev.tmp + fsync + rename);
//   c. rename snapshot.tmp -> snapshot.bin, fsync the folder;
//   d. close log.bin, rename log.bin -> log.prev.bin, create a new log.bin (log.tmp + fsync + rename), fsync the folder.
// So the previous generation is kept until the next compaction has made the new one durable.
//
// Appends: every update the doc emits (except those applied while loading) becomes a frame; frames
// emitted in the same tick are written in one positioned write at the known end of the valid log,
// then fdatasync'd. A failed write keeps its frames pending and the next attempt writes at the same
// offset, so a partial write is overwritten rather than followed by good frames.
// There is no lock: one process per space folder is the caller's responsibility.
import * as fs from 'node:fs/promises';
import * as Y from 'yjs';
import { errorText } from '../util/errors';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { HEADER_BYTES, LOG_MAGIC, encodeFrame, encodeHeader } from './frameFile';
import { DEFAULT_SNAPSHOT_PIECE_BYTES, SnapshotReader, encodeSnapshot } from './snapshotFile';
import { SPACE_FILES, exists, fileSize, fsyncDir, spaceFile, writeAll, writeFileDurably } from './spaceFiles';
import { recoverFolder } from './spaceRecovery';
import type { RecoverySettings, StoreProblem } from './spaceRecovery';

export type { StoreProblem } from './spaceRecovery';

export interface PersistedSpaceOptions {
  logger?: Logger;
  /** 'always': fdatasync after every batch of appended updates (default). 'never': leave it to the OS (tests of speed only). */
  fsync?: 'always' | 'never';
  /**
   * Compact the log into the snapshot once it grows past this many bytes (default 4 MiB), or past
   * the size of the snapshot if that is larger: rewriting a 200 MB snapshot for every 4 MiB of
   * log would write 50 bytes per byte of update; this way compaction writes at most about two,
   * and loading reads at most twice the state.
   */
  compactAfterBytes?: number;
  /** Clock used to name set-aside files (default: the system clock). */
  now?: () => Date;
  /** Target size of one snapshot piece (default DEFAULT_SNAPSHOT_PIECE_BYTES, 64 KiB; why: snapshotFile.ts). */
  snapshotPieceBytes?: number;
  /**
   * Loading applies updates for about this long, then yields to the event loop (default 25 ms);
   * 0 yields after every update. A space that loads within it never yields.
   */
  loadSliceMs?: number;
}

/** Transaction origin of the updates applied while loading from disk: they are already stored, so never re-appended. */
export const LOADING_ORIGIN: unique symbol = Symbol('liaison.store.loading');

export const DEFAULT_COMPACT_AFTER_BYTES = 4 * 1024 * 1024;
/** Long enough that a small space loads in one slice, short enough that pings and other rooms barely notice. */
export const DEFAULT_LOAD_SLICE_MS = 25;

interface Settings extends RecoverySettings {
  readonly compactAfterBytes: number;
  readonly snapshotPieceBytes: number;
}

export class PersistedSpace {
  readonly name: string;
  readonly dir: string;
  readonly doc: Y.Doc;
  readonly problems: readonly StoreProblem[];

  private readonly settings: Settings;
  /** Open handle on log.bin while the space is open; undefined between compaction steps and after close. */
  private log: fs.FileHandle | undefined;
  /** Offset just past the last frame known to be written: where the next batch goes. */
  private logSize = 0;
  /** Frames emitted by the doc and not yet written. */
  private pending: Buffer[] = [];
  /** The queued batch write that will take `pending`, until it starts. */
  private batch: Promise<void> | undefined;
  /** The most recent batch write (queued, running or done). */
  private lastWrite: Promise<void> = Promise.resolve();
  /** Tail of the queue that serializes every file operation; never rejects. */
  private tail: Promise<void> = Promise.resolve();
  private compactionQueued = false;
  /** A forgetting compaction queued and not yet started (see compact). */
  private forgetting: Promise<void> | undefined;
  /** Size of snapshot.bin as last read or written; the log may grow this large before compaction. */
  private snapshotSize = 0;
  private closing: Promise<void> | undefined;
  private handlesClosed = false;
  private readonly closedListeners = new Set<() => void>();

  private constructor(dir: string, name: string, doc: Y.Doc, problems: StoreProblem[], settings: Settings) {
    this.dir = dir;
    this.name = name;
    this.doc = doc;
    this.problems = problems;
    this.settings = settings;
  }

  /** Opens (creating if needed) the folder `dir`, loads snapshot + log into a fresh Y.Doc. Never throws on damaged files. */
  static async open(dir: string, name: string, options: PersistedSpaceOptions = {}): Promise<PersistedSpace> {
    const settings: Settings = {
      logger: options.logger ?? silentLogger,
      fsync: (options.fsync ?? 'always') === 'always',
      compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
      now: options.now ?? ((): Date => new Date()),
      snapshotPieceBytes: options.snapshotPieceBytes ?? DEFAULT_SNAPSHOT_PIECE_BYTES,
      loadSliceMs: options.loadSliceMs ?? DEFAULT_LOAD_SLICE_MS,
    };
    const { logger } = settings;
    await fs.mkdir(dir, { recursive: true });
    const doc = new Y.Doc();
    const recovered = await recoverFolder(dir, name, doc, LOADING_ORIGIN, settings);
    const space = new PersistedSpace(dir, name, doc, recovered.problems, settings);
    space.snapshotSize = recovered.snapshotSize;
    await space.openLog(recovered.logSize);
    doc.on('update', space.onUpdate);
    if (recovered.needsCompaction) {
      try {
        await space.compact();
      } catch (error) {
        logger.error(`space '${name}': could not compact after recovering: ${errorText(error)}; the data is still held by the other files`);
      }
    }
    logger.info(`space '${name}': opened from ${dir}`);
    return space;
  }

  /** True once close() has been called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Resolves when every update applied to `doc` so far is durably on disk. Rejects if writing failed (a later flush retries). */
  flush(): Promise<void> {
    if (this.pending.length > 0) return this.scheduleBatch();
    return this.lastWrite;
  }

  /**
   * Writes the whole state as a new snapshot (tmp file + fsync + rename) and empties the log.
   * `forget`: compact twice, so the previous generation is replaced as well and content the
   * document has dropped (records purged, which Yjs garbage-collects) is in no file of the
   * folder any more (set-aside `*.damaged-*` files excepted). Calls while one is still queued
   * share it, so a burst of deletions costs one.
   */
  compact(options: { forget?: boolean } = {}): Promise<void> {
    if (!options.forget) return this.enqueue(() => this.compactNow());
    this.forgetting ??= this.enqueue(async () => {
      this.forgetting = undefined;
      await this.compactNow();
      await this.compactNow();
    });
    return this.forgetting;
  }

  /** Flushes, stops listening to the doc, closes files. The doc itself is not destroyed. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.doc.off('update', this.onUpdate);
    this.closing = (async (): Promise<void> => {
      let failure: unknown;
      try {
        await this.flush();
      } catch (error) {
        failure = error;
      }
      try {
        // Queued behind any write or compaction still to run.
        await this.enqueue(async () => {
          this.handlesClosed = true;
          const handle = this.log;
          this.log = undefined;
          await handle?.close();
        });
      } finally {
        for (const listener of Array.from(this.closedListeners)) listener();
        this.closedListeners.clear();
      }
      if (failure !== undefined) throw failure;
    })();
    return this.closing;
  }

  /**
   * Calls `listener` once close() has finished, files closed (whether or not the last flush
   * succeeded); at once if that has already happened. Returns the unsubscribe.
   */
  onClosed(listener: () => void): () => void {
    if (this.handlesClosed) {
      listener();
      return () => undefined;
    }
    this.closedListeners.add(listener);
    return () => {
      this.closedListeners.delete(listener);
    };
  }

  /** The doc's update listener: updates from loading are already on disk, everything else is appended. */
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOADING_ORIGIN) return;
    this.pending.push(encodeFrame(update));
    this.scheduleBatch();
  };

  /** Runs `op` after every operation queued before it. The returned promise is observed by the queue, so a failure nobody awaits is not an unhandled rejection. */
  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const result = this.tail.then(op);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private scheduleBatch(): Promise<void> {
    if (!this.batch) {
      const batch = this.enqueue(async () => {
        this.batch = undefined;
        await this.writePending();
        this.maybeCompact();
      });
      this.batch = batch;
      this.lastWrite = batch;
    }
    return this.batch;
  }

  /** Writes every pending frame at the end of the valid log, then fdatasyncs. Call only from the queue. */
  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const frames = this.pending;
    this.pending = [];
    const data = frames.length === 1 ? frames[0] : Buffer.concat(frames);
    try {
      const handle = await this.openLog();
      await writeAll(handle, data, this.logSize);
      if (this.settings.fsync) await handle.datasync();
      this.logSize += data.length;
    } catch (error) {
      // Keep them, in order, for the next attempt, which writes at the same offset.
      this.pending = frames.concat(this.pending);
      this.settings.logger.error(
        `space '${this.name}': could not append ${frames.length} updates to ${SPACE_FILES.log}: ${errorText(error)}`,
      );
      throw error;
    }
  }

  private maybeCompact(): void {
    if (this.compactionQueued || this.handlesClosed || this.logSize <= Math.max(this.settings.compactAfterBytes, this.snapshotSize)) return;
    this.compactionQueued = true;
    this.enqueue(() => this.compactNow()).catch((error: unknown) => {
      this.settings.logger.error(`space '${this.name}': automatic compaction failed: ${errorText(error)}`);
    });
  }

  /** See the steps at the top of this file. Call only from the queue. */
  private async compactNow(): Promise<void> {
    this.compactionQueued = false;
    if (this.handlesClosed) throw new Error(`space '${this.name}' is closed`);
    const file = (key: keyof typeof SPACE_FILES): string => spaceFile(this.dir, key);
    const { fsync } = this.settings;

    // a.
    await this.writePending();
    const snapshot = encodeSnapshot(this.doc, this.settings.snapshotPieceBytes);
    const content = snapshot.chunks;
    await writeFileDurably(file('snapshotTmp'), content, fsync);
    const check = new SnapshotReader(await fs.readFile(file('snapshotTmp')));
    while (check.next() !== undefined);
    if (check.damage !== undefined || check.pieces !== snapshot.pieces) {
      throw new Error(
        `the new snapshot did not read back correctly (${check.damage ?? `${check.pieces} pieces instead of ${snapshot.pieces}`})`,
      );
    }
    // b.
    if (await exists(file('snapshot'))) {
      await fs.rename(file('snapshot'), file('snapshotPrev'));
    } else {
      await writeFileDurably(file('snapshotPrevTmp'), content, fsync);
      await fs.rename(file('snapshotPrevTmp'), file('snapshotPrev'));
    }
    // c.
    await fs.rename(file('snapshotTmp'), file('snapshot'));
    if (fsync) await fsyncDir(this.dir);
    // d.
    const handle = this.log;
    this.log = undefined;
    await handle?.close();
    const before = this.logSize;
    this.snapshotSize = snapshot.bytes;
    await fs.rename(file('log'), file('logPrev'));
    await this.openLog();
    this.settings.logger.info(
      `space '${this.name}': compacted a ${before}-byte log into a ${snapshot.bytes}-byte snapshot of ${snapshot.pieces} pieces`,
    );
  }

  /**
   * The handle on log.bin, opening it if needed. `knownSize` is the valid length found by open();
   * otherwise a log.bin too short to hold its header (or missing) is created afresh, durably.
   */
  private async openLog(knownSize?: number): Promise<fs.FileHandle> {
    if (this.log) return this.log;
    if (this.handlesClosed) throw new Error(`space '${this.name}' is closed`);
    const logPath = spaceFile(this.dir, 'log');
    let size = knownSize ?? (await fileSize(logPath));
    if (size < HEADER_BYTES) {
      await writeFileDurably(spaceFile(this.dir, 'logTmp'), [encodeHeader(LOG_MAGIC)], this.settings.fsync);
      await fs.rename(spaceFile(this.dir, 'logTmp'), logPath);
      if (this.settings.fsync) await fsyncDir(this.dir);
      size = HEADER_BYTES;
    }
    this.log = await fs.open(logPath, 'r+');
    this.logSize = size;
    return this.log;
  }
}
