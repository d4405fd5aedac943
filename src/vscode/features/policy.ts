// The policy in force in the editor (response times, working calendar, retention), in the store
// every feature reads (services.policy): the team policy stored with the space (src/app/teamPolicy.ts;
// followed as it changes, by this editor or by sync), else the workspace's `.liaison/policy.yaml` /
// `retention.yaml` until they are imported into the space, else the built-in rules — one rule with
// `liaison report/due/purge` (src/app/policyInForce.ts). A workspace file with a problem is not
// used: the editor says why and keeps the rules it had (a retention file with a problem: nothing
// may be purged until it is fixed).
import * as vscode from 'vscode';
import { loadPolicyInForce } from '../../app/policyInForce';
import { teamPolicyArray } from '../../app/teamPolicy';
import type { Services } from '../services';
import { l10n } from '../shared/l10n';
import { SETTINGS } from '../settingKeys';
import { policyFolder } from '../shared/policyFolder';
import { workspaceFiles } from '../shared/workspaceFiles';

const POLICY_GLOB = '.liaison/{policy,retention}.{yaml,yml,json}';

async function loadPolicy(services: Services, shown: Set<string>): Promise<void> {
  const replica = services.replica;
  const name = services.policySpace;
  const doc = name === '' ? undefined : replica?.doc(name);
  const folder = await policyFolder();
  const loaded = await loadPolicyInForce({
    space: doc ? { name, doc } : undefined,
    folder: folder?.uri.fsPath,
    io: workspaceFiles,
  });
  loaded.warnings.forEach((warning) => services.logger.warn(warning));
  for (const [errors, message] of [
    [loaded.errors, l10n.t('The response-time policy was not loaded (the defaults apply): {0}', loaded.errors[0] ?? '')],
    [
      loaded.retentionErrors,
      l10n.t('The retention policy has a problem; nothing will be purged until it is fixed: {0}', loaded.retentionErrors[0] ?? ''),
    ],
  ] as const) {
    if (errors.length === 0) continue;
    errors.forEach((error) => services.logger.error(error));
    // Once per problem, not on every reload a sync or a save of another file causes.
    if (!shown.has(errors[0])) void vscode.window.showErrorMessage(message);
    shown.add(errors[0]);
  }
  // A response policy file with a problem: keep the rules in force until it is fixed (as before).
  const previous = services.policy.current;
  services.policy.set(
    loaded.errors.length === 0
      ? loaded
      : { ...loaded, policy: previous.policy, calendar: previous.calendar, source: previous.source, version: previous.version },
  );
  services.logger.info(`policy in force: ${loaded.source}; retention: ${loaded.retentionSource}`);
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${POLICY_GLOB}`);
  const shown = new Set<string>();
  let loading = Promise.resolve();
  const reload = (): void => {
    // One load at a time, in order, so the last change wins.
    loading = loading
      .then(() => loadPolicy(services, shown))
      .catch((error: unknown) => services.logger.error(`loading the policy failed: ${String(error)}`));
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(reload),
    watcher.onDidCreate(reload),
    watcher.onDidDelete(reload),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS.directorySpace) || event.affectsConfiguration(SETTINGS.defaultSpace)) reload();
    }),
    services.onDidOpenReplica((scope) => {
      for (const space of scope.replica.spaceNames) {
        const doc = scope.replica.doc(space);
        if (!doc) continue;
        const versions = teamPolicyArray(doc);
        const observer = (): void => reload();
        versions.observe(observer);
        scope.add(() => versions.unobserve(observer));
      }
      reload();
    }),
  );
  reload();
}
