// The server's config file (access: users and spaces, access.ts; `webhooks`, webhookConfig.ts;
// `email`, `dingtalk`, `feishu`: the notices to each person, notify/notifyConfig.ts),
// read at start and again whenever it changes (or on demand, e.g. SIGHUP). One file, one
// decision: a new config is parsed whole, and if any section of it does not parse it is refused
// with a logged error naming the field, and the access and the webhooks in force both stay;
// otherwise both are handed over together. The folder is watched rather than the file, so
// editors that save by writing a new file and renaming it over the old one are seen too.
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../src/util/logger';
import type { AccessConfig } from './access';
import { findJsonSyntaxError } from '../src/util/jsonSyntax';
import { parseAccessConfig } from './access';
import type { NotifyConfig } from './notify/notifyConfig';
import { parseNotifyConfig } from './notify/notifyConfig';
import type { WebhookConfig } from './webhookConfig';
import { describeWebhookChanges, diffWebhooks, parseWebhookConfig } from './webhookConfig';

/** Everything the config file says, parsed. */
export interface ServerConfig {
  readonly access: AccessConfig;
  readonly webhooks: readonly WebhookConfig[];
  readonly notify: NotifyConfig;
}

export interface LoadedServerConfig extends ServerConfig {
  /** The file's text, so an unchanged file is not applied again. */
  readonly text: string;
}

/** Reads and checks the whole config file; the error names the file and the offending field. */
export async function loadServerConfigFile(file: string): Promise<LoadedServerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON.parse's message: it quotes the text around the error, and the text holds tokens.
    const at = findJsonSyntaxError(text);
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.column} (expected ${at.expected})`;
    throw new Error(`${file}: not valid JSON${where}; fix it there (the text is not shown, as it may hold tokens)`);
  }
  try {
    return { access: parseAccessConfig(json), webhooks: parseWebhookConfig(json), notify: parseNotifyConfig(json), text };
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

export interface ServerConfigWatcherOptions {
  readonly file: string;
  readonly logger: Logger;
  /** Called with every new valid config: apply its access and its webhooks together. */
  readonly onChange: (config: ServerConfig) => void;
  /** Called when a new config was refused (its error names the field). */
  readonly onRejected?: (error: Error) => void;
  /** Changes within this many ms are read once. Default 100. */
  readonly debounceMs?: number;
  /**
   * The config in force, as read at start: an unchanged file is not applied again, and the
   * reload log line says which webhooks changed since. Without it every webhook counts as added.
   */
  readonly current?: LoadedServerConfig;
}

export class ServerConfigWatcher {
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: LoadedServerConfig | undefined;
  private reloading: Promise<boolean> = Promise.resolve(true);
  private closed = false;

  constructor(private readonly options: ServerConfigWatcherOptions) {
    this.last = options.current;
  }

  /** Starts watching the file's folder. */
  start(): void {
    if (this.watcher !== undefined || this.closed) return;
    const base = path.basename(this.options.file);
    this.watcher = fs.watch(path.dirname(path.resolve(this.options.file)), (_event, filename) => {
      if (filename !== null && filename !== base) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.reload('file changed', false);
      }, this.options.debounceMs ?? 100);
    });
    this.watcher.on('error', (error) => this.options.logger.error(`config: watching ${this.options.file} failed: ${error.message}`));
  }

  /**
   * Reads the file now. Resolves true when a valid config is in force afterwards (new or, when
   * the text did not change and `force` is false, the old one), false when it was refused.
   */
  reload(why: string, force = true): Promise<boolean> {
    this.reloading = this.reloading.then(() => this.reloadNow(why, force));
    return this.reloading;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async reloadNow(why: string, force: boolean): Promise<boolean> {
    if (this.closed) return false;
    let loaded: LoadedServerConfig;
    try {
      loaded = await loadServerConfigFile(this.options.file);
    } catch (error) {
      // Half-written files are common while an editor saves: the next change event reads it again.
      this.options.logger.error(`config NOT reloaded (${why}); keeping the access and webhooks in force: ${(error as Error).message}`);
      this.options.onRejected?.(error as Error);
      return false;
    }
    if (!force && loaded.text === this.last?.text) return true;
    if (this.closed) return false;
    const changes = diffWebhooks(this.last?.webhooks ?? [], loaded.webhooks);
    this.last = loaded;
    const { access } = loaded;
    this.options.logger.info(
      `config reloaded (${why}): ${access.users.length} users, ${access.spaces.size} spaces; ${describeWebhookChanges(changes, loaded.webhooks.length)}`,
    );
    this.options.onChange(loaded);
    return true;
  }
}
