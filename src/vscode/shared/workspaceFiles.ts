// The workspace's files as src/app/policyFiles.ts reads them: by absolute path, through VS Code's
// file system (a missing file rejects with code FileNotFound), so the editor reads the policy
// files with the same loader as `liaison`.
import * as vscode from 'vscode';
import type { PolicyFileReader } from '../../app/policyFiles';

export const workspaceFiles: PolicyFileReader = {
  readFile: async (path) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path))),
};
