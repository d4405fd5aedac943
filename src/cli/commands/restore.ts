// `liaison restore`: brings a space of a server's data folder back to a restore point
// (server/restorePoints.ts), or lists its points.
//  - server running (the data folder's lock, server/pidLock.ts, names a live process): the request
//    goes to it as a file (server/restoreKeeper.ts), which applies it as one change, durable and
//    relayed to every connected client at once; this command waits for the answer;
//  - server stopped: this command takes the data folder's lock (no server starts meanwhile), opens
//    the space's files and changes them; clients get the change the next time they sync.
// Either way the restore is a new change: records deleted since come back, nothing written since is
// lost, and records created since go only with --drop-newer.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RestoreAnswer, RestoreRequest } from '../../../server/restoreKeeper';
import { RESTORE_ORIGIN, requestsFolder } from '../../../server/restoreKeeper';
import type { RestoreResult } from '../../../server/restorePoints';
import { listRestorePoints, pointAt, readRestorePoint, restoreInto, shelvedIds } from '../../../server/restorePoints';
import { isValidSpaceName } from '../../../server/access';
import { dataFolderLockFile, lockDataFolder, pidLockHolder } from '../../../server/pidLock';
import { LocalStore } from '../../store/localStore';
import { hasRecord } from '../../store/recordsDoc';
import { exists } from '../../store/spaceFiles';
import { silentLogger } from '../../util/logger';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';

const summary = "bring a space of the server's data folder back to a restore point, or list its points";

const usage = `usage: liaison restore --data DIR --space NAME --at TIME [--drop-newer] [--wait-ms N]
       liaison restore --list --data DIR --space NAME
  --data DIR     the server's data folder (liaison serve --data DIR)
  --space NAME   the space
  --at TIME      ISO time (e.g. 2030-06-01T09:00Z): the newest restore point at or before it is used
  --drop-newer   also delete the records created since that point (by default they stay)
  --list         print the restore points of the space, oldest first
  --wait-ms N    how long to wait for a running server to answer (default 120000)
Records deleted since the point come back as a new change every client receives; nothing written
since is lost. With the server running, it applies the restore itself; stopped, this command
changes the space's files.`;

function parseTime(text: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new UsageError(`restore: --at is "${text}": give an ISO time such as 2030-06-01T09:00:00Z`);
  return at;
}

async function askServer(dataDir: string, request: RestoreRequest, waitMs: number): Promise<RestoreAnswer> {
  const folder = requestsFolder(dataDir);
  const id = randomUUID();
  const file = join(folder, `${id}.request.json`);
  await writeFile(`${file}.tmp`, JSON.stringify(request));
  await rename(`${file}.tmp`, file);
  const result = join(folder, `${id}.result.json`);
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const text = await readFile(result, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      await rm(result, { force: true });
      return JSON.parse(text) as RestoreAnswer;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  await rm(file, { force: true });
  throw new Error(`the running server did not answer within ${waitMs} ms; nothing was restored (the request was withdrawn)`);
}

async function restoreOffline(dataDir: string, request: RestoreRequest): Promise<{ point: string } & RestoreResult> {
  if (!(await exists(join(dataDir, 'spaces', request.space)))) throw new Error(`there is no space "${request.space}" in ${dataDir}`);
  const point = pointAt(await listRestorePoints(dataDir, request.space), new Date(request.at));
  if (point === undefined) throw new Error(`space "${request.space}" has no restore point at or before ${request.at}`);
  const pointDoc = await readRestorePoint(point);
  const store = new LocalStore(dataDir);
  try {
    const shelved = await shelvedIds(dataDir, request.space, pointDoc, async (shelf, ids) => {
      const doc = (await store.openSpace(shelf)).doc;
      return ids.filter((id) => hasRecord(doc, id));
    });
    const space = await store.openSpace(request.space);
    let result: RestoreResult | undefined;
    space.doc.transact(() => {
      result = restoreInto(space.doc, pointDoc, { dropNewer: request.dropNewer, shelved });
    }, RESTORE_ORIGIN);
    await space.flush();
    if (result === undefined) throw new Error('the restore did not run');
    return { point: point.at.toISOString(), ...result };
  } finally {
    await store.close();
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('restore', args, { values: ['data', 'space', 'at', 'wait-ms'], switches: ['list', 'drop-newer'] });
  const dataText = flags.values.get('data');
  const space = flags.values.get('space');
  if (dataText === undefined) throw new UsageError('restore: --data is required (the folder liaison serve --data uses)');
  if (space === undefined) throw new UsageError('restore: --space is required');
  if (!isValidSpaceName(space))
    throw new UsageError(`restore: --space "${space}" is not a space name (letters, digits, '-', '_', '.'; no separators)`);
  const dataDir = resolve(dataText);
  if (flags.switches.has('list')) {
    const points = await listRestorePoints(dataDir, space);
    if (points.length === 0) io.stdout.write(`space "${space}" has no restore points in ${dataDir}\n`);
    for (const point of points) io.stdout.write(`${point.at.toISOString()}\n`);
    return 0;
  }
  const atText = flags.values.get('at');
  if (atText === undefined) throw new UsageError('restore: --at is required (or --list to see the points)');
  const waitText = flags.values.get('wait-ms');
  if (waitText !== undefined && !/^[1-9]\d*$/.test(waitText))
    throw new UsageError(`restore: --wait-ms must be a positive whole number, got "${waitText}"`);
  const request: RestoreRequest = { space, at: parseTime(atText).toISOString(), dropNewer: flags.switches.has('drop-newer') };
  const pid = await pidLockHolder(dataFolderLockFile(dataDir));
  let answer: { point: string } & RestoreResult;
  try {
    if (pid === undefined) {
      const release = await lockDataFolder(dataDir, silentLogger);
      try {
        answer = await restoreOffline(dataDir, request);
      } finally {
        await release();
      }
    } else {
      io.stderr.write(`liaison restore: the server (pid ${pid}) is running; it applies the restore\n`);
      const reply = await askServer(dataDir, request, waitText === undefined ? 120_000 : Number(waitText));
      if (!reply.ok) throw new Error(reply.error);
      answer = reply;
    }
  } catch (error) {
    io.stderr.write(`liaison restore: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout.write(
    `restored space "${space}" to the point of ${answer.point}: ${answer.restored.length} records back, ` +
      `${answer.dropped.length} created since dropped, ${answer.skipped.length} not put back (purged since, or on their shelf)\n`,
  );
  return 0;
}

export const restoreCommand: Command = { name: 'restore', summary, usage, run };
