// Shared by the extension-host tests: the extension's API, a filled draft, polling, the
// rendezvous between the two windows (files in LIAISON_TEST_DIR).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiaisonApi } from '../../src/vscode/extension';
import type { TreeNode } from '../../src/vscode/features/trees';

export const EXTENSION_ID = 'liaison.liaison';

export function testEnv(name: 'LIAISON_TEST_DIR' | 'LIAISON_TEST_RUN_ID'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through npm run test:vscode`);
  return value;
}

/** The round trip's record title, the same in both windows. */
export function roundTripTitle(): string {
  return `Release window ${testEnv('LIAISON_TEST_RUN_ID')}: schedule confirmed - Product`;
}

export async function liaison(): Promise<LiaisonApi> {
  const extension = vscode.extensions.getExtension<LiaisonApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  await api.services.ready();
  return api;
}

/** The one poll with a deadline (test/harness/waitFor.ts), 60 s by default. */
export { waitPatiently as waitFor } from '../harness/waitFor';

/** A row of a record or a receipt (a group's rows stand in its place). */
export type RowNode = Exclude<TreeNode, { kind: 'group' }>;

/** What a tree shows at its top level, a group's records in its place: label and description of each item. */
export function treeRows(provider: {
  getChildren(node?: TreeNode): TreeNode[];
  getTreeItem(node: TreeNode): vscode.TreeItem;
}): { label: string; description: string; node: RowNode }[] {
  const rows = provider
    .getChildren()
    .flatMap((node): RowNode[] =>
      node.kind === 'group' ? (provider.getChildren(node).filter((child) => child.kind !== 'group') as RowNode[]) : [node],
    );
  return rows.map((node) => {
    const item = provider.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    return { label, description: String(item.description ?? ''), node };
  });
}

/** Opens a New Record draft (through the command) and fills it in as a user would. */
export async function writeDraft(fill: { title: string; recipients: string[]; type?: string }): Promise<vscode.TextEditor> {
  const uri = await vscode.commands.executeCommand<string>('liaison.newRecord', { kind: 'internal-message' });
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === uri);
  if (!uri || !editor) throw new Error('New Record did not open its draft in an editor');
  const text = editor.document
    .getText()
    .replace(/^title: .*$/m, `title: "${fill.title}"`)
    .replace(/^recipients: .*$/m, `recipients: [${fill.recipients.join(', ')}]`)
    .replace(/^type: .*$/m, (line) => (fill.type ? `type: ${fill.type}` : line))
    .replace(/<!-- Why this message -->/, 'The release window moved to Thursday night.')
    .replace(/<!-- What outcome is needed -->/, 'Every team knows the new window.')
    .replace(/<!-- What the recipients must do, and by when -->/, 'Read this and plan your deploys by Wednesday 18:00.');
  const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
  await editor.edit((edit) => edit.replace(whole, text));
  return editor;
}

export function markDone(name: string): void {
  writeFileSync(join(testEnv('LIAISON_TEST_DIR'), `${name}-${testEnv('LIAISON_TEST_RUN_ID')}`), new Date().toISOString());
}

export function isDone(name: string): boolean {
  return existsSync(join(testEnv('LIAISON_TEST_DIR'), `${name}-${testEnv('LIAISON_TEST_RUN_ID')}`));
}

/** The closed-loop record's title, the same in both windows. */
export function loopTitle(): string {
  return `Invoice export ${testEnv('LIAISON_TEST_RUN_ID')}: integration requested - Finance`;
}

/** The title of the heads-in-copy test's request, the same in both windows. */
export function copiedTitle(): string {
  return `Load test plan ${testEnv('LIAISON_TEST_RUN_ID')}: help requested - Product`;
}

/** The result of an action command (src/vscode/features/actions.ts). */
export interface ActionOutcome {
  done: boolean;
  reason?: string;
}
