// The file operations of a space folder (persistedSpace.ts): its file names, durable writes,
// folder fsync, and setting damaged bytes aside. Nothing here knows what the files hold.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** File names inside a space folder. */
export const SPACE_FILES = {
  snapshot: 'snapshot.bin',
  snapshotPrev: 'snapshot.prev.bin',
  log: 'log.bin',
  logPrev: 'log.prev.bin',
  snapshotTmp: 'snapshot.tmp',
  snapshotPrevTmp: 'snapshot.prev.tmp',
  logTmp: 'log.tmp',
} as const;

export type SpaceFile = keyof typeof SPACE_FILES;

/** The path of `key` in the space folder `dir`. */
export function spaceFile(dir: string, key: SpaceFile): string {
  return path.join(dir, SPACE_FILES[key]);
}

/**
 * Saves a damaged file's bytes (from `from` on) next to it as `<name>.damaged-<time>`, durably, and
 * returns that path. 'move' renames the whole file; 'copy' leaves the original in place.
 */
export async function setAside(filePath: string, when: Date, mode: 'move' | 'copy', from = 0): Promise<string> {
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  let target = `${filePath}.damaged-${stamp}`;
  for (let n = 2; await exists(target); n++) target = `${filePath}.damaged-${stamp}-${n}`;
  if (mode === 'move') {
    await fs.rename(filePath, target);
  } else {
    const bytes = await fs.readFile(filePath);
    await writeFileDurably(target, [bytes.subarray(from)], true);
  }
  await fsyncDir(path.dirname(filePath));
  return target;
}

/** Writes `chunks` to a new file (replacing any), fsyncs it when asked, closes it. */
export async function writeFileDurably(filePath: string, chunks: Uint8Array[], fsync: boolean): Promise<void> {
  const handle = await fs.open(filePath, 'w');
  try {
    let position = 0;
    for (const chunk of chunks) {
      await writeAll(handle, chunk, position);
      position += chunk.length;
    }
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Positioned write of all of `data`, looping over short writes. */
export async function writeAll(handle: fs.FileHandle, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    if (bytesWritten <= 0) throw new Error('the file system accepted no bytes');
    done += bytesWritten;
  }
}

/** Makes renames in `dir` durable. Platforms that cannot fsync a folder (Windows) are skipped. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

export async function readIfExists(filePath: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function exists(filePath: string): Promise<boolean> {
  return (await fileSize(filePath)) >= 0;
}

/** Size in bytes, or -1 when there is no such file. */
export async function fileSize(filePath: string): Promise<number> {
  try {
    return (await fs.stat(filePath)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return -1;
    throw error;
  }
}
