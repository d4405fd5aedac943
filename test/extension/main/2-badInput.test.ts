import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { LiaisonApi } from '../../../src/vscode/extension';
import type { SendResult } from '../../../src/vscode/features/send';
import { liaison, writeDraft } from '../helpers';

/**
 * Records this window's user has written: what a refused Send must not add to. (All records would
 * not do: 李明's window sends its own round-trip record meanwhile, and it arrives through sync.)
 */
function mine(api: LiaisonApi): number | undefined {
  return api.services.replica?.records().filter((record) => record.createdBy === api.services.identity?.name).length;
}

describe('Send refuses an incomplete draft', () => {
  it('names each missing field, shows diagnostics, and writes nothing', async () => {
    const api = await liaison();
    const before = mine(api);
    const uri = await vscode.commands.executeCommand<string>('liaison.newRecord', { kind: 'internal-message' });
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === uri);
    if (!editor) throw new Error('New Record opened no editor');
    // Remove the deadline and the sender too; leave title, recipients and the body empty.
    await editor.edit((edit) => {
      for (const key of ['deadline', 'sender']) {
        const line = editor.document
          .getText()
          .split('\n')
          .findIndex((text) => text.startsWith(`${key}:`));
        edit.delete(editor.document.lineAt(line).rangeIncludingLineBreak);
      }
    });
    assert.match(editor.document.getText(), /^title: ''/m, 'a fresh draft, not an earlier one');
    assert.equal(editor.document.uri.scheme, 'untitled');
    const result = await vscode.commands.executeCommand<SendResult>('liaison.send', editor.document.uri);
    assert.equal(result.sent, false);
    const text = result.problems.join('\n');
    for (const field of ['title', 'sender', 'recipients', 'deadline'])
      assert.match(text, new RegExp(`Required field ${field} \\(`), `${field} in: ${text}`);
    for (const section of ['Background', 'Goal', 'Action']) assert.match(text, new RegExp(`Required section ## ${section}`), section);
    assert.equal(mine(api), before, 'nothing was written');
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri);
    assert.equal(diagnostics.length, result.problems.length);
    assert.ok(diagnostics.every((d) => d.source === 'liaison' && d.severity === vscode.DiagnosticSeverity.Error));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses a space the user does not belong to, naming the field', async () => {
    const api = await liaison();
    const before = mine(api);
    const editor = await writeDraft({ title: 'Budget review: moved to Friday - Finance', recipients: ['李明'] });
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((text) => text.startsWith('space:'));
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, 'space: client-secret'));
    const result = await vscode.commands.executeCommand<SendResult>('liaison.send', editor.document.uri);
    assert.equal(result.sent, false);
    assert.match(result.problems[0], /space "client-secret" is not one of your spaces \(internal\): change the field space/);
    assert.equal(mine(api), before);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
