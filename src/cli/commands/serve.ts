// `liaison serve`: runs the sync server until SIGINT/SIGTERM, then flushes every space and exits 0.
// Contract for scripts: exactly one line on stdout, `liaison server listening on ws://HOST:PORT`,
// once the port is bound; everything else goes to stderr. The access config is read again when
// the file changes or on SIGHUP; a config that does not parse is refused (logged, naming the
// field) and the one in force stays.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AccessConfig } from '../../../server/access';
import { parseAccessConfig } from '../../../server/access';
import { AccessConfigWatcher } from '../../../server/configWatcher';
import { SyncServer } from '../../../server/syncServer';
import { loadWebhookConfigFile } from '../../../server/webhookConfig';
import { WebhookDispatcher } from '../../../server/webhooks';
import { consoleLogger } from '../../util/logger';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';

const usage = `usage: liaison serve --port N --data DIR [--config FILE] [--host H] [--max-connections-per-user N] [--max-message-bytes N]
  --port N       port to listen on (0 = any free port)
  --data DIR     folder holding the spaces (DIR/spaces/<name>)
  --config FILE  access config (JSON: users with tokens, spaces with members, optional webhooks
                 for emergencies and escalations: see server/webhookConfig.ts); without it the
                 server is OPEN: anyone who can reach it reads and writes every space.
                 Users and spaces are reloaded when the file changes or on SIGHUP; sessions that
                 lost access are closed
  --host H       interface to listen on (default 127.0.0.1)
  --max-connections-per-user N   open connections per user, across spaces (default 50)
  --max-message-bytes N          largest message a client may send (default 16777216)`;

function parsePositive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`serve: --${flag} must be a positive whole number, got "${text}"`);
  return Number(text);
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`serve: --port must be a number from 0 to 65535, got "${text}"`);
  return Number(text);
}

async function loadAccess(file: string): Promise<AccessConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`serve: --config ${file}: cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`serve: --config ${file}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return parseAccessConfig(json);
  } catch (error) {
    throw new UsageError(`serve: --config ${file}: ${(error as Error).message}`);
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('serve', args, { values: ['port', 'data', 'config', 'host', 'max-connections-per-user', 'max-message-bytes'] });
  const portText = flags.values.get('port');
  const dataDir = flags.values.get('data');
  if (portText === undefined) throw new UsageError('serve: --port is required (0 = any free port)');
  if (dataDir === undefined) throw new UsageError('serve: --data is required (the folder holding the spaces)');
  const port = parsePort(portText);
  const maxConnectionsPerUser = parsePositive('max-connections-per-user', flags.values.get('max-connections-per-user'));
  const maxPayloadBytes = parsePositive('max-message-bytes', flags.values.get('max-message-bytes'));
  const configFile = flags.values.get('config');
  const access = configFile === undefined ? undefined : await loadAccess(configFile);
  const webhooks = configFile === undefined ? [] : await loadWebhookConfigFile(configFile).catch((error: Error) => {
    throw new UsageError(`serve: --config ${error.message}`);
  });
  const logger = consoleLogger('liaison-server');
  const dispatcher = webhooks.length === 0 ? undefined : new WebhookDispatcher({ webhooks, dataDir: resolve(dataDir), logger });
  await dispatcher?.start();
  const server = new SyncServer({
    dataDir: resolve(dataDir), access, port, host: flags.values.get('host'), logger,
    maxConnectionsPerUser, maxPayloadBytes,
    onSpaceLoaded: dispatcher === undefined ? undefined : (name, doc) => dispatcher.attach(name, doc),
  });
  const stop = io.waitForStop();
  let url: string;
  try {
    ({ url } = await server.start());
  } catch (error) {
    io.stderr.write(`liaison serve: cannot listen on ${flags.values.get('host') ?? '127.0.0.1'}:${port}: ${(error as Error).message}\n`);
    await server.close();
    await dispatcher?.close();
    return 1;
  }
  io.stdout.write(`liaison server listening on ${url}\n`);
  const watcher = configFile === undefined ? undefined : new AccessConfigWatcher({
    file: configFile,
    logger,
    onChange: (config) => server.setAccess(config),
    onRejected: () => server.metrics.accessReloads.inc(1, 'rejected'),
  });
  watcher?.start();
  const onHangUp = (): void => {
    if (watcher === undefined) logger.warn('SIGHUP: there is no --config to reload');
    else void watcher.reload('SIGHUP');
  };
  process.on('SIGHUP', onHangUp);
  const signal = await stop;
  process.off('SIGHUP', onHangUp);
  watcher?.close();
  logger.info(`${signal}: closing (flushing every space)`);
  await server.close();
  await dispatcher?.close();
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the sync server for the spaces in a data folder',
  usage,
  run,
};
