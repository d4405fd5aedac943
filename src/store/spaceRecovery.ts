// Reading a space folder back into a Y.Doc when it opens (persistedSpace.ts describes the files and
// their invariants): the debris of an interrupted write removed, the snapshot applied when it is
// whole, the previous generation when it is not, the log cut back to its last good frame. Damaged
// bytes are set aside as `<file>.damaged-<time>`, never deleted, and every problem is reported.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as Y from 'yjs';
import type { Logger } from '../util/logger';
import { FrameReader, HEADER_BYTES, LOG_MAGIC } from './frameFile';
import type { FrameReadResult } from './frameFile';
import { SlicedLoader } from './loadSlices';
import { SnapshotReader } from './snapshotFile';
import { SPACE_FILES, exists, readIfExists, setAside, spaceFile } from './spaceFiles';

/** What opening found wrong on disk, and what was done about it; shown to the user. */
export interface StoreProblem {
  file: string;
  /** e.g. 'torn-tail' | 'bad-checksum' | 'bad-snapshot' */
  kind: string;
  /** Human sentence: what was found, what was kept, where the damaged bytes were set aside. */
  message: string;
  /** Where the damaged bytes were copied to, so nothing is ever destroyed. */
  setAsideTo?: string;
}

export interface RecoverySettings {
  readonly logger: Logger;
  readonly fsync: boolean;
  /** Names set-aside files. */
  readonly now: () => Date;
  readonly loadSliceMs: number;
}

export interface RecoveredFolder {
  readonly problems: StoreProblem[];
  /** The snapshot could not be trusted: compact at once to rebuild a sound generation. */
  readonly needsCompaction: boolean;
  /** Size of the snapshot read (0 when the previous generation was used instead). */
  readonly snapshotSize: number;
  /** Valid length of log.bin, or undefined when there is none (or it was set aside whole). */
  readonly logSize: number | undefined;
}

/** Applies the folder `dir` to `doc` (with `origin`), repairing what is damaged. Never throws on damaged files. */
export async function recoverFolder(
  dir: string,
  name: string,
  doc: Y.Doc,
  origin: unknown,
  settings: RecoverySettings,
): Promise<RecoveredFolder> {
  const { logger } = settings;
  const file = (key: keyof typeof SPACE_FILES): string => spaceFile(dir, key);
  const problems: StoreProblem[] = [];
  const report = (problem: StoreProblem): void => {
    problems.push(problem);
    logger.warn(`space '${name}': ${problem.message}`);
  };

  // Files being written when a crash came were never part of the store: drop them.
  for (const key of ['snapshotTmp', 'snapshotPrevTmp', 'logTmp'] as const) {
    if (await exists(file(key))) {
      await fs.rm(file(key), { force: true });
      logger.info(`space '${name}': removed ${SPACE_FILES[key]} left over from an interrupted write`);
    }
  }

  // Both files are read before anything is applied: from the first update to the last, the
  // loop is given back only between slices (loadSlices.ts).
  const snapshotBytes = await readIfExists(file('snapshot'));
  const logBytes = await readIfExists(file('log'));
  logger.info(
    `space '${name}': loading ${(snapshotBytes?.length ?? 0) + (logBytes?.length ?? 0)} bytes from ${SPACE_FILES.snapshot} and ${SPACE_FILES.log}`,
  );
  const loader = new SlicedLoader(doc, origin, settings.loadSliceMs);
  let updates = 0;
  const apply = async (next: () => Uint8Array | undefined, filePath: string): Promise<void> => {
    const { applied, failed } = await loader.apply(next);
    updates += applied;
    if (failed > 0) {
      report({
        file: filePath,
        kind: 'bad-update',
        message: `${path.basename(filePath)}: ${failed} of ${applied} updates passed their checksum but could not be read as Yjs updates and were skipped; the file is left as it is.`,
      });
    }
  };

  // 1. The snapshot: whole only when every piece is there and checks out (snapshotFile.ts).
  let useFallback = false;
  if (snapshotBytes !== undefined) {
    const reader = new SnapshotReader(snapshotBytes);
    await apply(() => reader.next(), file('snapshot'));
    const damage = reader.damage;
    if (damage !== undefined) {
      const aside = await setAside(file('snapshot'), settings.now(), 'move');
      report({
        file: file('snapshot'),
        kind: 'bad-snapshot',
        message: `${SPACE_FILES.snapshot} is damaged (${damage}). It was moved to ${path.basename(aside)}; the data was recovered from the previous generation and the log.`,
        setAsideTo: aside,
      });
      useFallback = true;
    }
  } else if ((await exists(file('snapshotPrev'))) || (await exists(file('logPrev')))) {
    // A compaction was interrupted between moving the old snapshot away and putting the new one in place.
    logger.info(`space '${name}': ${SPACE_FILES.snapshot} is missing; loading the previous generation`);
    useFallback = true;
  }

  // 2. The previous generation, only when the snapshot cannot be trusted (invariant 2).
  if (useFallback) {
    for (const key of ['snapshotPrev', 'logPrev'] as const) {
      const bytes = await readIfExists(file(key));
      if (bytes === undefined) continue;
      let damage: { kind: string; detail: string } | undefined;
      let kept = 0;
      if (key === 'snapshotPrev') {
        const reader = new SnapshotReader(bytes);
        await apply(() => reader.next(), file(key));
        const detail = reader.damage;
        kept = reader.pieces;
        if (detail !== undefined) damage = { kind: 'bad-snapshot', detail };
      } else {
        const reader = new FrameReader(bytes, LOG_MAGIC);
        await apply(() => reader.next(), file(key));
        kept = reader.validEnd;
        damage = reader.damage;
      }
      if (damage) {
        // Copied, not moved: the valid frames stay where they are until the next compaction replaces this file.
        const aside = await setAside(file(key), settings.now(), 'copy');
        const keptWhat = key === 'snapshotPrev' ? `${kept} valid pieces were applied` : `valid updates before byte ${kept} were kept`;
        report({
          file: file(key),
          kind: damage.kind,
          message: `${SPACE_FILES[key]}: ${damage.detail}. The ${keptWhat}; a copy of the whole file was saved as ${path.basename(aside)}.`,
          setAsideTo: aside,
        });
      }
    }
  }

  // 3. The log: keep what is valid, set the rest aside, and cut the file back to its last good frame.
  let logSize: number | undefined;
  if (logBytes !== undefined) {
    const reader = new FrameReader(logBytes, LOG_MAGIC);
    const frames: Uint8Array[] = [];
    await apply(() => {
      const frame = reader.next();
      if (frame !== undefined) frames.push(frame);
      return frame;
    }, file('log'));
    const read: FrameReadResult = reader.damage
      ? { frames, validEnd: reader.validEnd, damage: reader.damage }
      : { frames, validEnd: reader.validEnd };
    logSize = await repairLog(file('log'), logBytes, read, settings, report);
  }
  logger.info(`space '${name}': applied ${updates} updates in ${loader.slices} slices`);
  return { problems, needsCompaction: useFallback, snapshotSize: useFallback ? 0 : (snapshotBytes?.length ?? 0), logSize };
}

/**
 * Makes log.bin end at its last good frame, setting damaged bytes aside first. Returns the valid
 * size, or undefined when the whole file was set aside (a fresh log is then created).
 */
async function repairLog(
  logPath: string,
  bytes: Buffer,
  read: FrameReadResult,
  settings: RecoverySettings,
  report: (problem: StoreProblem) => void,
): Promise<number | undefined> {
  const base = path.basename(logPath);
  if (!read.damage) return read.validEnd;
  if (read.validEnd < HEADER_BYTES) {
    const aside = await setAside(logPath, settings.now(), 'move');
    report({
      file: logPath,
      kind: read.damage.kind,
      message: `${base}: ${read.damage.detail}. The whole file (${bytes.length} bytes) was moved to ${path.basename(aside)} and a new, empty log was started.`,
      setAsideTo: aside,
    });
    return undefined;
  }
  const aside = await setAside(logPath, settings.now(), 'copy', read.validEnd);
  const handle = await fs.open(logPath, 'r+');
  try {
    await handle.truncate(read.validEnd);
    if (settings.fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  report({
    file: logPath,
    kind: read.damage.kind,
    message: `${base}: ${read.damage.detail}. The ${read.frames.length} valid updates before byte ${read.validEnd} were kept; the ${bytes.length - read.validEnd} damaged bytes were copied to ${path.basename(aside)} and cut from the log.`,
    setAsideTo: aside,
  });
  return read.validEnd;
}
