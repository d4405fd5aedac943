// What the features share: who I am, the replica of my spaces, the language, the clock, a log,
// the stores features hand state through (templates, policy) and the inbox. Each replica opened is
// announced with a ReplicaScope (onDidOpenReplica): features set up what they need for it there,
// and closing or reopening awaits what they registered before the replica closes. Features never
// hold on to a replica themselves.
import * as vscode from 'vscode';
import type { Clock } from '../domain/clock';
import { systemClock } from '../domain/clock';
import { directoryOf, directorySpaceOf } from '../app/directory';
import { policySpaceOf } from '../app/policyInForce';
import type { DirectoryChoice } from '../app/directory';
import { Directory } from '../domain/directory';
import type { DirectoryData } from '../domain/directory';
import type { Identity } from '../domain/record';
import { builtInTemplateSet } from '../domain/templates/registry';
import type { TemplateSet } from '../domain/templates/registry';
import type { Language } from '../domain/templates/types';
import { Replica } from '../sync/replica';
import type { Logger } from '../util/logger';
import { SECRET_TOKEN_KEY } from './commands';
import { Disposable } from './disposable';
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
import { Inbox } from './shared/inbox';
import { defaultPolicyInForce } from './shared/policyInForce';
import type { PolicyInForce } from './shared/policyInForce';
import { ReplicaScope } from './shared/replicaScope';
import { Store } from './shared/store';
import { l10n } from './shared/l10n';

const EMPTY_DIRECTORY = Directory.empty();

export class Services extends Disposable {
  private current: { replica: Replica; scope: ReplicaScope } | undefined;
  private opening: Promise<Replica> | undefined;
  private shuttingDown = false;
  private closing: Promise<void> | undefined;
  private readonly openEmitter = this.register(new vscode.EventEmitter<ReplicaScope>());
  private readonly recordsEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly syncEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly identityEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly directoryEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly languageEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires after any record changed (locally or by sync) and after the replica was reopened. */
  readonly onDidChangeRecords = this.recordsEmitter.event;
  readonly onDidChangeSync = this.syncEmitter.event;
  readonly onDidChangeIdentity = this.identityEmitter.event;
  /** Fires when the directory changed (edited, imported, synced) or the replica was reopened. */
  readonly onDidChangeDirectory = this.directoryEmitter.event;
  /** liaison.language changed: every label is to be drawn again (the records' too). */
  readonly onDidChangeLanguage = this.languageEmitter.event;
  /** Built-in templates plus the workspace's `.liaison/templates/` (set by features/teamTemplates). */
  readonly templates = this.register(new Store<TemplateSet>(builtInTemplateSet));
  /** The policy in force (response times, calendar, retention), set by features/policy: the space's, else the workspace's files, else the defaults. */
  readonly policy = this.register(new Store<PolicyInForce>(defaultPolicyInForce()));
  private directoryCache: Directory | undefined;
  readonly logger: Logger;
  /** What is pending for me, with its due and its arbiter (src/domain/inbox.ts). */
  readonly inbox: Inbox;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
    /** Now: one place, so due times, follow-ups and the events written agree. */
    readonly clock: Clock = systemClock,
  ) {
    super();
    this.logger = { info: (m) => output.info(m), warn: (m) => output.warn(m), error: (m) => output.error(m) };
    this.inbox = this.register(
      new Inbox({
        identity: () => this.identity,
        records: () => this.current?.replica.records() ?? [],
        directory: () => this.directory,
        policy: this.policy,
        clock: this.clock,
        changes: [this.onDidChangeRecords, this.onDidChangeDirectory, this.onDidChangeIdentity],
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (REPLICA_SETTINGS.some((key) => event.affectsConfiguration(key)))
          this.reopen().catch((error: unknown) => this.reportOpenFailure(error));
        if (event.affectsConfiguration(SETTINGS.directorySpace) || event.affectsConfiguration(SETTINGS.defaultSpace)) {
          this.directoryCache = undefined;
          this.directoryEmitter.fire();
        }
        if (event.affectsConfiguration(SETTINGS.language)) {
          this.languageEmitter.fire();
          this.recordsEmitter.fire();
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

  /**
   * Calls `listener` with the scope of every replica opened from now on, and at once with the
   * scope of the one open now, if any. What the listener sets up for that replica it registers in
   * the scope (`scope.add`); it is released, and awaited, before that replica closes.
   */
  onDidOpenReplica(listener: (scope: ReplicaScope) => void): vscode.Disposable {
    const subscription = this.openEmitter.event(listener);
    if (this.current?.scope.isOpen) listener(this.current.scope);
    return subscription;
  }

  /** Where the directory is read and written: one rule for the editor and the command line (src/app/directory.ts). */
  private directoryChoice(spaces: readonly string[]): DirectoryChoice {
    return { directorySpace: readDirectorySpace(), defaultSpace: readDefaultSpace(spaces) };
  }

  /** The space the directory lives in (src/app/directory.ts). */
  get directorySpace(): string {
    const replica = this.current?.replica;
    const spaces = replica?.spaceNames ?? readSpaces();
    const read = (space: string): DirectoryData => replica?.directory(space) ?? { people: [], departments: [] };
    return directorySpaceOf(spaces, read, this.directoryChoice(spaces)) ?? '';
  }

  /** The space whose team policy is in force: the directory space setting, else the first holding one, else the default space (src/app/policyInForce.ts). */
  get policySpace(): string {
    const replica = this.current?.replica;
    const spaces = replica?.spaceNames ?? readSpaces();
    return (
      policySpaceOf(spaces, (space) => replica?.doc(space), {
        policySpace: readDirectorySpace(),
        defaultSpace: readDefaultSpace(spaces),
      }) ?? ''
    );
  }

  /** The directory of people and departments; empty until the replica is open. */
  get directory(): Directory {
    if (!this.current) return EMPTY_DIRECTORY;
    const replica = this.current.replica;
    this.directoryCache ??= directoryOf(replica, this.directoryChoice(replica.spaceNames)).directory;
    return this.directoryCache;
  }

  /** The replica if it is open; trees call this and show nothing until it is. */
  get replica(): Replica | undefined {
    return this.current?.replica;
  }

  /** The replica, opening it on first use; after a failed open, the next call tries again. */
  async ready(): Promise<Replica> {
    if (this.shuttingDown) throw new Error('Liaison is shutting down');
    if (this.current) return this.current.replica;
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
    void vscode.window.showErrorMessage(l10n.t('Liaison could not open its local store: {0}', message));
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
        l10n.t('Liaison works offline: the setting {0} is wrong: {1}', SETTINGS.serverUrl, replica.serverProblem),
      );
    }
    for (const problem of replica.problems) {
      this.logger.warn(problem.message);
      void vscode.window.showWarningMessage(l10n.t('Liaison repaired its local store: {0}', problem.message));
    }
    for (const bad of replica.malformed()) this.logger.warn(`record ${bad.id} is malformed and was skipped: ${bad.reason}`);
    const scope = new ReplicaScope(replica, this.logger);
    scope.add(replica.onChange(() => this.recordsEmitter.fire()));
    scope.add(replica.onSyncStatus(() => this.syncEmitter.fire()));
    scope.add(replica.onRefused((space, refusal) => void vscode.window.showWarningMessage(refusalText(space, refusal.part))));
    scope.add(
      replica.onDirectoryChange(() => {
        this.directoryCache = undefined;
        this.directoryEmitter.fire();
      }),
    );
    this.current = { replica, scope };
    this.directoryCache = undefined;
    this.openEmitter.fire(scope);
    this.directoryEmitter.fire();
    this.recordsEmitter.fire();
    this.syncEmitter.fire();
    return replica;
  }

  /** Ends the open replica's scope (awaiting what features registered in it), then closes the replica. */
  private async closeCurrent(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.scope.close();
    await current.replica.close();
  }

  /** Closes the replica and opens it again with the current settings. */
  async reopen(): Promise<Replica> {
    if (this.shuttingDown) throw new Error('Liaison is shutting down');
    const previous = this.opening;
    this.opening = (async () => {
      await previous?.catch(() => undefined);
      await this.closeCurrent();
      return this.openReplica();
    })();
    return this.opening;
  }

  /**
   * Ends the replica's scope and closes the replica, including one still being (re)opened; nothing
   * opens after. deactivate() returns this so VS Code waits for the disk. Idempotent.
   */
  close(): Promise<void> {
    this.shuttingDown = true;
    this.closing ??= (async () => {
      await this.opening?.catch(() => undefined);
      await this.closeCurrent();
    })();
    return this.closing;
  }

  override dispose(): void {
    void this.close();
    super.dispose();
  }
}

/** What the user reads when the server refused a change to a protected part of a space (only its admins may). */
function refusalText(space: string, part: string): string {
  if (part === 'purges')
    return l10n.t('Liaison: only an admin of space {0} may purge records; the server did not apply your purge.', space);
  if (part === 'teamPolicy')
    return l10n.t('Liaison: only an admin of space {0} may change the team policy; the server did not apply your change.', space);
  if (part === 'directoryPeople' || part === 'directoryDepartments')
    return l10n.t('Liaison: only an admin of space {0} may change the directory; the server did not apply your change.', space);
  return l10n.t('Liaison: the server of space {0} refused a change that depends on content it does not have.', space);
}
