// `liaison sync`: brings one space of a local store (the folder format the extension uses) and a
// server into the same state, once, then exits: for scripts and backups. Works with the Liaison
// server and with any stock y-websocket server.
// Contract: exit 0 once (a) everything the server had is in the local store, durably, and (b) a
// fresh handshake shows the server holds every struct and deletion of the local store; exit 1
// with one line on stderr when access is refused (401/403), the server cannot be reached, or
// `--timeout` passes; exit 2 for a wrong command line. One line on stdout on success.
import { LocalStore } from '../../store/localStore';
import { recordCount } from '../../store/recordsDoc';
import { checkServerUrl } from '../../sync/replica';
import { consoleLogger } from '../../util/logger';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { syncFailure, syncOnce } from '../syncOnce';

const summary = 'sync one space of a local store with a server once, then exit';

const usage = `usage: liaison sync --store DIR --server URL --space NAME [--token T] [--timeout SECONDS]
  --store DIR      local store folder (DIR/spaces/<name>, as the extension keeps it); created if missing
  --server URL     ws://host:port (or wss://) of a Liaison or stock y-websocket server
  --space NAME     the space (one document, one room) to sync
  --token T        access token (default: the LIAISON_TOKEN environment variable, if set)
  --timeout S      give up after S seconds (default 60)`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('sync', args, { values: ['store', 'server', 'space', 'token', 'timeout'] });
  const storeDir = flags.values.get('store');
  const server = flags.values.get('server');
  const spaceName = flags.values.get('space');
  if (storeDir === undefined) throw new UsageError('sync: --store DIR is required');
  if (server === undefined) throw new UsageError('sync: --server URL is required');
  if (spaceName === undefined) throw new UsageError('sync: --space NAME is required');
  const badUrl = checkServerUrl(server);
  if (badUrl !== undefined) throw new UsageError(`sync: --server: ${badUrl}`);
  const timeoutText = flags.values.get('timeout') ?? '60';
  if (!/^\d+(\.\d+)?$/.test(timeoutText) || Number(timeoutText) <= 0)
    throw new UsageError(`sync: --timeout must be a positive number of seconds, got "${timeoutText}"`);
  const token = flags.values.get('token') ?? process.env.LIAISON_TOKEN;

  const logger = consoleLogger('liaison-sync');
  const store = new LocalStore(storeDir, { logger });
  try {
    const space = await store.openSpace(spaceName);
    const refused = await syncOnce({ space, spaceName, server, token, timeoutMs: Number(timeoutText) * 1000, logger });
    if (refused.length > 0) {
      for (const refusal of refused) io.stderr.write(`liaison sync: the server refused a change: ${refusal.reason}\n`);
      io.stderr.write(
        `liaison sync: space "${spaceName}": ${refused.length} change(s) refused stay in this store only; ask an admin of the space\n`,
      );
      return 1;
    }
    io.stdout.write(`liaison sync: space "${spaceName}" is in sync with ${server} (${recordCount(space.doc)} records)\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`liaison sync: ${syncFailure(error, spaceName)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

export const syncCommand: Command = { name: 'sync', summary, usage, run };
