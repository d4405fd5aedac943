import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, liaison } from '../helpers';

describe('registered commands', () => {
  it('the running extension registers exactly the commands package.json contributes', async () => {
    await liaison();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes as {
      commands: { command: string }[];
      views: Record<string, { id: string }[]>;
    };
    const views = Object.values(manifest.views)
      .flat()
      .map((view) => view.id);
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('liaison.'))
      // VS Code itself adds <view id>.focus, .resetViewLocation, … for every contributed view.
      .filter((id) => !views.some((view) => id.startsWith(`${view}.`)))
      .sort();
    const contributed = manifest.commands.map((c) => c.command).sort();
    assert.deepEqual(registered, contributed);
  });
});
