// What the features share: who I am, the replica of my spaces, the language, a log.
// The replica is reopened when a setting it depends on changes; features listen to
// onDidChangeRecords and never hold on to a replica themselves.
import * as vscode from 'vscode';
import type { Identity, LiaisonRecord } from '../domain/record';
import { WorkCalendar } from '../domain/calendar';
import { systemClock } from '../domain/clock';
import type { Clock } from '../domain/clock';
import { Directory } from '../domain/directory';
import { recordDue } from '../domain/followUp';
import type { RecordDue } from '../domain/followUp';
import type { ResponsePolicy } from '../domain/policy';
import { DEFAULT_POLICY } from '../domain/policyDefaults';
import { builtInTemplateSet } from '../domain/templates/registry';
import type { TemplateSet } from '../domain/templates/registry';
import type { Language } from '../domain/templates/types';
import { Replica } from '../sync/replica';
import type { Logger } from '../util/logger';
import { SECRET_TOKEN_KEY } from './commands';
import { Disposable } from './disposable';
import { SearchIndex } from './features/searchIndex';
import { REPLICA_SETTINGS, SETTINGS } from './settingKeys';
import {
  readDefaultSpace,
  readDirectorySpace,
  readIdentity,
  readLanguage,
  readServerUrl,
  readSettingToken,
  readSpaces,
  readStorePath,
} from './settings';

export class Services extends Disposable {
  private current: Replica | undefined;
  private opening: Promise<Replica> | undefined;
  private releaseReplica: (() => void)[] = [];
  private shuttingDown = false;
  private readonly recordsEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly syncEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly identityEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires after any record changed (locally or by sync) and after the replica was reopened. */
  readonly onDidChangeRecords = this.recordsEmitter.event;
  readonly onDidChangeSync = this.syncEmitter.event;
  readonly onDidChangeIdentity = this.identityEmitter.event;
  private readonly templatesEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly directoryEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when the workspace's team templates changed. */
  readonly onDidChangeTemplates = this.templatesEmitter.event;
  /** Fires when the directory changed (edited, imported, synced) or the replica was reopened. */
  readonly onDidChangeDirectory = this.directoryEmitter.event;
  private currentTemplates: TemplateSet = builtInTemplateSet;
  private currentPolicy: { policy: ResponsePolicy; calendar: WorkCalendar } = {
    policy: DEFAULT_POLICY,
    calendar: new WorkCalendar(DEFAULT_POLICY.calendar),
  };
  private readonly policyEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when the response-time policy (`.liaison/policy.yaml`) changed. */
  readonly onDidChangePolicy = this.policyEmitter.event;
  private directoryCache: Directory | undefined;
  readonly logger: Logger;
  /** Full-text search over the open spaces, kept in step with the replica (features/searchIndex.ts). */
  readonly search: SearchIndex = this.register(new SearchIndex(this));

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    super();
    this.logger = { info: (m) => output.info(m), warn: (m) => output.warn(m), error: (m) => output.error(m) };
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (REPLICA_SETTINGS.some((key) => event.affectsConfiguration(key)))
          this.reopen().catch((error: unknown) => this.reportOpenFailure(error));
        if (event.affectsConfiguration(SETTINGS.directorySpace) || event.affectsConfiguration(SETTINGS.defaultSpace)) {
          this.directoryCache = undefined;
          this.directoryEmitter.fire();
        }
        if (event.affectsConfiguration(SETTINGS.userName) || event.affectsConfiguration(SETTINGS.userDepartment)) {
          this.identityEmitter.fire();
          this.recordsEmitter.fire();
        }
      }),
    );
    this.register(
      context.secrets.onDidChange((event) => {
        if (event.key === SECRET_TOKEN_KEY) this.reopen().catch((error: unknown) => this.reportOpenFailure(error));
      }),
    );
  }

  get identity(): Identity | undefined {
    return readIdentity();
  }

  get language(): Language {
    return readLanguage();
  }

  /** Built-in templates plus the workspace's `.liaison/templates/` (see features/teamTemplates). */
  get templates(): TemplateSet {
    return this.currentTemplates;
  }

  /** The response-time policy and its working calendar: the workspace's, else the defaults. */
  get responsePolicy(): { policy: ResponsePolicy; calendar: WorkCalendar } {
    return this.currentPolicy;
  }

  setResponsePolicy(policy: ResponsePolicy, calendar: WorkCalendar): void {
    this.currentPolicy = { policy, calendar };
    this.policyEmitter.fire();
  }

  /** Now: one place, so due times and follow-ups agree. */
  readonly clock: Clock = systemClock;

  /** The current due of a record (respond / accept the delivery), if something is owed. */
  dueOf(record: LiaisonRecord): RecordDue | undefined {
    return recordDue(record, this.currentPolicy.policy, this.currentPolicy.calendar, this.clock.now());
  }

  setTemplates(templates: TemplateSet): void {
    this.currentTemplates = templates;
    this.templatesEmitter.fire();
  }

  /** The space the directory lives in: the setting, else the default space. */
  get directorySpace(): string {
    const spaces = this.current?.spaceNames ?? readSpaces();
    const configured = readDirectorySpace();
    return configured && spaces.includes(configured) ? configured : readDefaultSpace(spaces);
  }

  /** The directory of people and departments; empty until the replica is open. */
  get directory(): Directory {
    if (!this.current) return Directory.empty();
    this.directoryCache ??= new Directory(this.current.directory(this.directorySpace));
    return this.directoryCache;
  }

  /** The replica if it is open; trees call this and show nothing until it is. */
  get replica(): Replica | undefined {
    return this.current;
  }

  /** The replica, opening it on first use; after a failed open, the next call tries again. */
  async ready(): Promise<Replica> {
    if (this.shuttingDown) throw new Error('Liaison is shutting down');
    if (this.current) return this.current;
    if (!this.opening) {
      const opening = this.openReplica();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** Tells the user why the store could not be opened (the log has the details). */
  reportOpenFailure(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error(`could not open the local store: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Liaison could not open its local store: {0}', message));
  }

  /** The folder of the local store (and of the search indexes, `<root>/search/<space>`). */
  storeRoot(): string {
    return readStorePath() || this.context.globalStorageUri.fsPath;
  }

  private async openReplica(): Promise<Replica> {
    const url = readServerUrl();
    const token = (await this.context.secrets.get(SECRET_TOKEN_KEY)) || readSettingToken();
    const spaces = readSpaces();
    const storeRoot = this.storeRoot();
    this.logger.info(
      `opening store ${storeRoot} with spaces ${spaces.join(', ')}${url ? `, syncing with ${url}` : ', offline (no liaison.server.url)'}`,
    );
    const replica = await Replica.open({ storeRoot, spaces, server: url ? { url, token } : undefined, logger: this.logger });
    if (this.shuttingDown) {
      await replica.close();
      throw new Error('Liaison is shutting down');
    }
    if (replica.serverProblem) {
      this.logger.warn(`not syncing: ${SETTINGS.serverUrl} ${replica.serverProblem}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Liaison works offline: the setting {0} is wrong: {1}', SETTINGS.serverUrl, replica.serverProblem),
      );
    }
    for (const problem of replica.problems) {
      this.logger.warn(problem.message);
      void vscode.window.showWarningMessage(vscode.l10n.t('Liaison repaired its local store: {0}', problem.message));
    }
    for (const bad of replica.malformed()) this.logger.warn(`record ${bad.id} is malformed and was skipped: ${bad.reason}`);
    this.current = replica;
    this.releaseReplica = [
      replica.onChange(() => this.recordsEmitter.fire()),
      replica.onSyncStatus(() => this.syncEmitter.fire()),
      replica.onDirectoryChange(() => {
        this.directoryCache = undefined;
        this.directoryEmitter.fire();
      }),
    ];
    this.directoryCache = undefined;
    this.directoryEmitter.fire();
    this.recordsEmitter.fire();
    this.syncEmitter.fire();
    return replica;
  }

  /** Closes the replica and opens it again with the current settings. */
  async reopen(): Promise<Replica> {
    if (this.shuttingDown) throw new Error('Liaison is shutting down');
    const previous = this.opening;
    this.opening = (async () => {
      const old = await previous?.catch(() => undefined);
      for (const release of this.releaseReplica) release();
      this.releaseReplica = [];
      this.current = undefined;
      await old?.close();
      return this.openReplica();
    })();
    return this.opening;
  }

  /**
   * Flushes and closes the replica, including one still being (re)opened; nothing opens after.
   * deactivate() returns this so VS Code waits for the disk.
   */
  async close(): Promise<void> {
    this.shuttingDown = true;
    await this.search.close();
    const replica = (await this.opening?.catch(() => undefined)) ?? this.current;
    for (const release of this.releaseReplica) release();
    this.releaseReplica = [];
    this.current = undefined;
    await replica?.close();
  }

  override dispose(): void {
    void this.close();
    super.dispose();
  }
}
