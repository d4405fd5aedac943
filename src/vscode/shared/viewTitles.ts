// The sidebar's view titles follow liaison.language: package.json's names (package.nls*.json)
// can only follow VS Code's display language, so each view's title is set again here.
import type * as vscode from 'vscode';
import { VIEWS } from '../commands';
import type { Services } from '../services';
import { l10n } from './l10n';

function title(id: string): string | undefined {
  switch (id) {
    case VIEWS.pending:
      return l10n.t('Pending');
    case VIEWS.sent:
      return l10n.t('Sent');
    case VIEWS.copied:
      return l10n.t('Copied to Me');
    case VIEWS.knowledge:
      return l10n.t('Knowledge');
    case VIEWS.archive:
      return l10n.t('Archive');
    default:
      return undefined;
  }
}

/** Titles `view` (created for `id`) in the language of the moment, and again when it changes. */
export function followLanguage(services: Services, id: string, view: vscode.TreeView<unknown>): vscode.Disposable {
  const apply = (): void => {
    view.title = title(id) ?? view.title;
  };
  apply();
  return services.onDidChangeLanguage(apply);
}
