// The response-time policy of the workspace: `.liaison/policy.yaml` (or `.yml`, `.json`) with the
// holidays of the `.ics` files it names, loaded at start and whenever the file changes, into the
// policy store every feature reads (services.policy). Read by src/app/policyFiles.ts, as `liaison`
// reads it: a policy with a problem (or naming an .ics file that cannot be read) is not used, and
// the editor says why and keeps the policy it had.
import * as vscode from 'vscode';
import { loadPolicyFiles } from '../../app/policyFiles';
import type { Services } from '../services';
import { workspaceFiles } from '../shared/workspaceFiles';
import { l10n } from '../shared/l10n';

const POLICY_GLOB = '.liaison/policy.{yaml,yml,json}';

/** The policy of the first workspace folder that has one (src/app/policyFiles.ts: the loader `liaison` uses). */
async function loadPolicy(services: Services): Promise<void> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const loaded = await loadPolicyFiles(folder.uri.fsPath, workspaceFiles);
    if (loaded.file === undefined) continue;
    loaded.warnings.forEach((warning) => services.logger.warn(warning));
    if (loaded.errors.length > 0) {
      loaded.errors.forEach((error) => services.logger.error(error));
      void vscode.window.showErrorMessage(l10n.t('The response-time policy was not loaded (the defaults apply): {0}', loaded.errors[0]));
      return;
    }
    services.policy.set({ policy: loaded.policy, calendar: loaded.calendar });
    services.logger.info(`response-time policy loaded from ${loaded.file} in ${folder.name}`);
    return;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${POLICY_GLOB}`);
  const reload = (): void => {
    loadPolicy(services).catch((error: unknown) => services.logger.error(`loading the policy failed: ${String(error)}`));
  };
  context.subscriptions.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload));
  reload();
}
