// `liaison serve`: runs the sync server until SIGINT/SIGTERM, then flushes every space and exits 0.
// Contract for scripts: exactly one line on stdout, `liaison server listening on ws://HOST:PORT`,
// once the port is bound; everything else goes to stderr. The config file (access, webhooks, and
// the e-mail / DingTalk / Feishu channels of the notices to each person) is read again when it
// changes or on SIGHUP; a config any section of which does not parse is refused as a whole
// (logged, naming the field), and what is in force stays.
import { resolve } from 'node:path';
import { ServerClock } from '../../../server/clock/serverClock';
import { teamNotificationSettings } from '../../../server/clock/spaceSweep';
import { ServerConfigWatcher, loadServerConfigFile } from '../../../server/configWatcher';
import { attachAlertNotices } from '../../../server/notify/alertNotices';
import { Notifier } from '../../../server/notify/notifier';
import { lockDataFolder } from '../../../server/pidLock';
import type { ConnectionLimits } from '../../../server/limits';
import type { RestoreTier } from '../../../server/restorePoints';
import { DEFAULT_RESTORE_TIERS, parseRestoreTiers } from '../../../server/restorePoints';
import { SyncServer } from '../../../server/syncServer';
import { defaultUpdateCostLimits } from '../../../server/updateCost';
import { WebhookDispatcher } from '../../../server/webhooks';
import { consoleLogger } from '../../util/logger';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';

const summary = 'run the sync server for the spaces in a data folder';

const usage = `usage: liaison serve --port N --data DIR [--config FILE] [--host H] [limits] [--clock-interval S]
  --port N       port to listen on (0 = any free port)
  --data DIR     folder holding the spaces (DIR/spaces/<name>)
  --config FILE  access config (JSON: users with tokens, spaces with members, optional webhooks
                 for emergencies and escalations: see server/webhookConfig.ts; optional "email",
                 "dingtalk", "feishu" for the notices to each person: server/notify/notifyConfig.ts);
                 without it the server is OPEN: anyone who can reach it reads and writes every space.
                 The whole file is reloaded when it changes or on SIGHUP;
                 sessions that lost access are closed
  --host H       interface to listen on (default 127.0.0.1)
  --max-connections-per-user N   open connections per user, across spaces (default 50)
  --max-message-bytes N          largest message a client may send (default 16777216)
  --max-buffered-bytes N         output a connection has not read; past it, it is closed with 1013 (default 33554432)
  --max-presence-bytes N         size of one presence state (default 32768)
  --max-presence-clients N       presence client ids one connection may announce (default 4; read-only: 1)
  --max-pending-bytes N          updates a space holds that cannot be applied yet (missing dependencies);
                                 past it, the sender is closed and they are dropped (default 4194304)
  --max-update-bytes N           largest update a client may send; a larger one closes it with 1009 (default 1048576)
  --update-cost-per-second N     what a user's updates may cost, sustained: bytes, plus 65536 per
                                 millisecond of applying; over it, closed with 1013 (default 2097152)
  --update-cost-burst N          the same, at once after a quiet spell (default 16777216)
  --clock-interval S             the server keeps the clock: every S seconds (default 60, and at start)
                                 it appends the reminders and escalations the team policy asks for
                                 to every space in DIR, and tells the people concerned; 0 = off
  --restore-points TIERS         dated copies of each space in DIR/restore-points, for liaison restore:
                                 EVERY:KEEP,... (default 1h:2d,1d:30d: hourly for two days, daily for 30 days; off = none)
One server per data folder: DIR/liaison-server.lock holds its pid; a second one refuses to start.`;

/** Flags that set a ConnectionLimits field (server/limits.ts). */
const limitFlags = {
  'max-buffered-bytes': 'maxBufferedBytes',
  'max-presence-bytes': 'maxPresenceBytes',
  'max-presence-clients': 'maxPresenceClients',
  'max-pending-bytes': 'maxPendingBytes',
} as const satisfies Record<string, keyof ConnectionLimits>;

function parsePositive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`serve: --${flag} must be a positive whole number, got "${text}"`);
  return Number(text);
}

function parseSeconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`serve: --${flag} must be a number of seconds (0 = off), got "${text}"`);
  return Number(text);
}

function parseTiers(text: string | undefined): readonly RestoreTier[] {
  if (text === undefined) return DEFAULT_RESTORE_TIERS;
  try {
    return parseRestoreTiers(text);
  } catch (error) {
    throw new UsageError(`serve: --restore-points ${(error as Error).message}`);
  }
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`serve: --port must be a number from 0 to 65535, got "${text}"`);
  return Number(text);
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('serve', args, {
    values: [
      'port',
      'data',
      'config',
      'host',
      'max-connections-per-user',
      'max-message-bytes',
      'clock-interval',
      'restore-points',
      'max-update-bytes',
      'update-cost-per-second',
      'update-cost-burst',
      ...Object.keys(limitFlags),
    ],
  });
  const portText = flags.values.get('port');
  const dataDir = flags.values.get('data');
  if (portText === undefined) throw new UsageError('serve: --port is required (0 = any free port)');
  if (dataDir === undefined) throw new UsageError('serve: --data is required (the folder holding the spaces)');
  const port = parsePort(portText);
  const maxConnectionsPerUser = parsePositive('max-connections-per-user', flags.values.get('max-connections-per-user'));
  const maxPayloadBytes = parsePositive('max-message-bytes', flags.values.get('max-message-bytes'));
  const limits: { -readonly [K in keyof ConnectionLimits]?: number } = {};
  for (const [flag, field] of Object.entries(limitFlags)) {
    const value = parsePositive(flag, flags.values.get(flag));
    if (value !== undefined) limits[field] = value;
  }
  const maxUpdateBytes = parsePositive('max-update-bytes', flags.values.get('max-update-bytes'));
  const budget = {
    perSecond:
      parsePositive('update-cost-per-second', flags.values.get('update-cost-per-second')) ?? defaultUpdateCostLimits.budget.perSecond,
    burst: parsePositive('update-cost-burst', flags.values.get('update-cost-burst')) ?? defaultUpdateCostLimits.budget.burst,
  };
  const clockSeconds = parseSeconds('clock-interval', flags.values.get('clock-interval'));
  const restoreTiers = parseTiers(flags.values.get('restore-points'));
  const configFile = flags.values.get('config');
  const config =
    configFile === undefined
      ? undefined
      : await loadServerConfigFile(configFile).catch((error: Error) => {
          throw new UsageError(`serve: --config ${error.message}`);
        });
  const logger = consoleLogger('liaison-server');
  let unlock: () => Promise<void>;
  try {
    unlock = await lockDataFolder(resolve(dataDir), logger);
  } catch (error) {
    io.stderr.write(`liaison serve: ${(error as Error).message}\n`);
    return 1;
  }
  // With a config file there is always a dispatcher, so a reload can add the first webhook.
  const dispatcher =
    config === undefined ? undefined : new WebhookDispatcher({ webhooks: config.webhooks, dataDir: resolve(dataDir), logger });
  await dispatcher?.start();
  const notifier = config === undefined ? undefined : new Notifier({ config: config.notify, dataDir: resolve(dataDir), logger });
  try {
    await notifier?.start();
  } catch (error) {
    await dispatcher?.close();
    await unlock();
    io.stderr.write(`liaison serve: ${(error as Error).message}\n`);
    return 1;
  }
  const server = new SyncServer({
    dataDir: resolve(dataDir),
    access: config?.access,
    port,
    host: flags.values.get('host'),
    logger,
    maxConnectionsPerUser,
    maxPayloadBytes,
    limits,
    updateCost: { ...(maxUpdateBytes === undefined ? {} : { maxUpdateBytes }), budget },
    restorePoints: { tiers: restoreTiers },
    onSpaceLoaded:
      dispatcher === undefined || notifier === undefined
        ? undefined
        : (name, doc) => {
            const stopWebhooks = dispatcher.attach(name, doc);
            const stopNotices = attachAlertNotices(notifier, name, doc, logger, {
              settingsOf: (_space, loaded) => teamNotificationSettings(loaded),
            });
            return () => {
              stopNotices();
              stopWebhooks();
            };
          },
  });
  if (notifier !== undefined) server.metrics.addSource((family) => notifier.renderMetrics(family));
  const stop = io.waitForStop();
  let url: string;
  try {
    ({ url } = await server.start());
  } catch (error) {
    io.stderr.write(`liaison serve: cannot listen on ${flags.values.get('host') ?? '127.0.0.1'}:${port}: ${(error as Error).message}\n`);
    await server.close();
    await dispatcher?.close();
    await notifier?.close();
    await unlock();
    return 1;
  }
  const clock =
    clockSeconds === 0
      ? undefined
      : new ServerClock({ server, logger, notifier, intervalMs: clockSeconds === undefined ? undefined : clockSeconds * 1000 });
  if (clock !== undefined) server.metrics.addSource((family) => clock.renderMetrics(family));
  clock?.start();
  logger.info(
    clock === undefined ? 'clock: off (--clock-interval 0)' : `clock: every ${clockSeconds ?? 60} s, for every space in the data folder`,
  );
  io.stdout.write(`liaison server listening on ${url}\n`);
  const watcher =
    configFile === undefined
      ? undefined
      : new ServerConfigWatcher({
          file: configFile,
          logger,
          current: config,
          onChange: (next) => {
            server.setAccess(next.access);
            dispatcher?.setWebhooks(next.webhooks);
            notifier?.setConfig(next.notify);
          },
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
  await clock?.close();
  await server.close();
  await dispatcher?.close();
  await notifier?.close();
  await unlock();
  return 0;
}

export const serveCommand: Command = { name: 'serve', summary, usage, run };
