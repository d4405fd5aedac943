import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, liaison } from '../helpers';

describe('registered commands', () => {
  it('the running extension registers exactly the commands package.json contributes', async () => {
    await liaison();
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('liaison.'))
      // VS Code itself adds <view id>.focus, .resetViewLocation, … for every contributed view.
      .filter((id) => !/^liaison\.(pending|sent)\./.test(id))
      .sort();
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(registered, contributed);
  });
});
