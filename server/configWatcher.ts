// The access config file, read at start and again whenever it changes (or on demand, e.g. SIGHUP).
// A new config that does not parse is refused with a logged error naming the field; the one in
// force stays. The folder is watched rather than the file, so editors that save by writing a new
// file and renaming it over the old one are seen too.
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../src/util/logger';
import type { AccessConfig } from './access';
import { parseAccessConfig } from './access';

/** Reads and checks an access config file; the error names the file and the offending field. */
export async function loadAccessConfigFile(file: string): Promise<{ config: AccessConfig; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return { config: parseAccessConfig(json), text };
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

export interface AccessConfigWatcherOptions {
  readonly file: string;
  readonly logger: Logger;
  /** Called with every new valid config. */
  readonly onChange: (config: AccessConfig) => void;
  /** Called when a new config was refused (its error names the field). */
  readonly onRejected?: (error: Error) => void;
  /** Changes within this many ms are read once. Default 100. */
  readonly debounceMs?: number;
  /** The text of the config in force (so an unchanged file is not re-applied). */
  readonly currentText?: string;
}

export class AccessConfigWatcher {
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastText: string | undefined;
  private reloading: Promise<boolean> = Promise.resolve(true);
  private closed = false;

  constructor(private readonly options: AccessConfigWatcherOptions) {
    this.lastText = options.currentText;
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
    this.watcher.on('error', (error) => this.options.logger.error(`access config: watching ${this.options.file} failed: ${error.message}`));
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
    let loaded: { config: AccessConfig; text: string };
    try {
      loaded = await loadAccessConfigFile(this.options.file);
    } catch (error) {
      // Half-written files are common while an editor saves: the next change event reads it again.
      this.options.logger.error(`access config NOT reloaded (${why}); keeping the one in force: ${(error as Error).message}`);
      this.options.onRejected?.(error as Error);
      return false;
    }
    if (!force && loaded.text === this.lastText) return true;
    this.lastText = loaded.text;
    if (this.closed) return false;
    this.options.logger.info(`access config reloaded (${why}): ${loaded.config.users.length} users, ${loaded.config.spaces.size} spaces`);
    this.options.onChange(loaded.config);
    return true;
  }
}
