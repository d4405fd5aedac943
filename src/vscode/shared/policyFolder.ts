// Which workspace folder's `.liaison/policy.*` / `retention.*` count (features/policy.ts loads
// them while the space has no team policy; features/teamPolicy.ts offers them for import).
import * as vscode from 'vscode';
import { POLICY_FILES, RETENTION_FILES } from '../../app/policyFiles';

/** The first workspace folder holding a policy or retention file (undefined: none has one). */
export async function policyFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const file of [...POLICY_FILES, ...RETENTION_FILES]) {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, file));
        return folder;
      } catch {
        // not in this folder
      }
    }
  }
  return undefined;
}
