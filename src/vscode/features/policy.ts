// The response-time policy of the workspace: `.liaison/policy.yaml` (or `.yml`, `.json`) with the
// holidays of the `.ics` files it names, loaded at start and whenever the file changes, into the
// policy store every feature reads (services.policy); a policy that does not load leaves the
// defaults in force and says why.
import * as vscode from 'vscode';
import { formatPolicyProblem, parsePolicy } from '../../domain/policyFile';
import { policyCalendar } from '../../domain/policyCalendar';
import type { Services } from '../services';

const POLICY_GLOB = '.liaison/policy.{yaml,yml,json}';

async function loadPolicy(services: Services): Promise<void> {
  const [file] = await vscode.workspace.findFiles(POLICY_GLOB, undefined, 1);
  if (!file) return;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const result = parsePolicy(text);
  if (!result.policy) {
    const problems = result.problems.map((problem) => formatPolicyProblem(problem, vscode.workspace.asRelativePath(file)));
    problems.forEach((problem) => services.logger.error(problem));
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The response-time policy was not loaded (the defaults apply): {0}', problems[0] ?? ''),
    );
    return;
  }
  const icsFiles = [];
  for (const path of result.policy.calendarIcs) {
    const uri = vscode.Uri.joinPath(file, '..', path);
    try {
      icsFiles.push({ path, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
    } catch {
      services.logger.warn(`policy calendar ${path} could not be read`);
    }
  }
  try {
    const { calendar, warnings } = policyCalendar(result.policy, icsFiles);
    warnings.forEach((warning) => services.logger.warn(warning));
    services.policy.set({ policy: result.policy, calendar });
    services.logger.info(`response-time policy loaded from ${vscode.workspace.asRelativePath(file)}`);
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'The response-time policy was not loaded (the defaults apply): {0}',
        error instanceof Error ? error.message : String(error),
      ),
    );
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
