// The server token is a secret: it lives in VS Code's SecretStorage, not in settings files.
// (The setting liaison.server.token remains for scripted set-ups and tests.)
import * as vscode from 'vscode';
import { COMMANDS, SECRET_TOKEN_KEY } from '../commands';
import { l10n } from '../shared/l10n';

export function register(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.setServerToken, async () => {
      const token = await vscode.window.showInputBox({
        title: l10n.t('Liaison: Set Server Token'),
        prompt: l10n.t('The token your Liaison server administrator gave you. Leave empty to remove it.'),
        password: true,
        ignoreFocusOut: true,
      });
      if (token === undefined) return;
      if (token.trim() === '') await context.secrets.delete(SECRET_TOKEN_KEY);
      else await context.secrets.store(SECRET_TOKEN_KEY, token.trim());
    }),
  );
}
