// One process per folder: a lock file holding the owner's pid, created exclusively. A live other
// owner makes taking it fail with the message the caller gives; a dead owner's lock (a crash, a
// kill -9) is taken over, with a warning. The data folder (`liaison serve`) and the outbox
// (server/notify/fileOutbox.ts) each keep one.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { readIfExists } from '../src/store/spaceFiles';
import type { Logger } from '../src/util/logger';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `file` for this process. Throws `new Error(refusal(pid))` while another live process
 * holds it. Resolves with the release (removes the file; call once, at close).
 */
export async function takePidLock(file: string, logger: Logger, refusal: (pid: number) => string): Promise<() => Promise<void>> {
  const mine = String(process.pid);
  for (;;) {
    try {
      await fs.writeFile(file, mine, { flag: 'wx' });
      return () => fs.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readIfExists(file))?.toString('utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) throw new Error(refusal(holder));
    logger.warn(`taking over ${file} from pid ${String(holder)}, which is no longer running`);
    await fs.rm(file, { force: true });
  }
}

/** The pid of the live process holding the lock `file`, or undefined (no lock, or its owner is gone). */
export async function pidLockHolder(file: string): Promise<number | undefined> {
  const holder = Number((await readIfExists(file))?.toString('utf8').trim());
  return Number.isInteger(holder) && holder > 0 && processAlive(holder) ? holder : undefined;
}

/** The data folder's lock file (see lockDataFolder). */
export function dataFolderLockFile(dataDir: string): string {
  return path.join(dataDir, 'liaison-server.lock');
}

/** `<data>/liaison-server.lock`: a second server on one data folder would write the same files and send every notice twice. */
export async function lockDataFolder(dataDir: string, logger: Logger): Promise<() => Promise<void>> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = dataFolderLockFile(dataDir);
  return takePidLock(
    file,
    logger,
    (pid) =>
      `another liaison server (pid ${pid}) is already using the data folder ${dataDir} (${file}); run one server per data folder: stop that one, or give this one another --data`,
  );
}
