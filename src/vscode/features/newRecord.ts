// Liaison: New Record — pick a kind, get a markdown draft from its template.
import * as vscode from 'vscode';
import { renderDraft } from '../../domain/draft';
import type { DraftPrefill } from '../../domain/draft';
import { suggestedDeadline } from '../../domain/lint/dates';
import { knowledgePrefill } from '../../domain/knowledge';
import type { TemplateSpec } from '../../domain/templates/types';
import { COMMANDS } from '../commands';
import type { RecordRef } from '../commands';
import type { Services } from '../services';
import { readDefaultSpace, readSpaces } from '../settings';
import { SETTINGS } from '../settingKeys';
import { l10n } from '../shared/l10n';

/**
 * A fresh untitled URI per draft (`<kind>-draft-<time>-<random>.md`). VS Code reuses
 * `Untitled-1` once a draft is closed, while the closed document may linger in the extension
 * host; a unique name keeps a new draft from ever being confused with one already sent. The
 * `.md` ending makes it markdown, and Save offers the workspace folder.
 */
function draftUri(kind: string, now: Date): vscode.Uri {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const name = `${kind}-draft-${stamp}-${Math.random().toString(36).slice(2, 6)}.md`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: name });
}

async function pickTemplate(services: Services): Promise<TemplateSpec | undefined> {
  const language = services.language;
  const picked = await vscode.window.showQuickPick(
    services.templates.current.templates.map((template) => ({
      label: template.label[language],
      description: template.source?.type === 'team' ? `${template.kind} · ${l10n.t('team template')}` : template.kind,
      detail: template.description[language],
      template,
    })),
    {
      title: l10n.t('Liaison: New Record'),
      placeHolder: l10n.t('What kind of record?'),
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  return picked?.template;
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.toKnowledge, async (ref?: RecordRef) => {
      const replica = await services.ready();
      const record = ref && typeof ref.id === 'string' ? replica.record(ref.space, ref.id) : undefined;
      if (!record) {
        void vscode.window.showErrorMessage(l10n.t('Open a closed record first, then turn it into a knowledge entry.'));
        return undefined;
      }
      return vscode.commands.executeCommand<string>(COMMANDS.newRecord, {
        kind: 'knowledge-entry',
        prefill: knowledgePrefill(record, services.language),
        space: record.space,
      });
    }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.newRecord, async (args?: { kind?: string; prefill?: DraftPrefill; space?: string }) => {
      const template = args?.kind ? services.templates.current.find(args.kind) : await pickTemplate(services);
      if (!template) {
        if (args?.kind)
          void vscode.window.showErrorMessage(
            l10n.t('Unknown record kind "{0}". Known kinds: {1}', args.kind, services.templates.current.kinds.join(', ')),
          );
        return undefined;
      }
      const identity = services.identity;
      if (!identity) {
        void vscode.window
          .showWarningMessage(
            l10n.t('Set your name in the setting {0} so records show who sent them.', SETTINGS.userName),
            l10n.t('Open Settings'),
          )
          .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'liaison.user'));
      }
      const content = renderDraft(
        template,
        services.language,
        {
          identity: identity ?? { name: '' },
          space: args?.space ?? readDefaultSpace(readSpaces()),
          deadline: suggestedDeadline(services.clock.now()),
        },
        args?.prefill,
      );
      const document = await vscode.workspace.openTextDocument(draftUri(template.kind, services.clock.now()));
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content));
      // Put the cursor on the title, the first thing to write.
      const titleLine = content.split('\n').findIndex((line) => line.startsWith('title:'));
      if (titleLine >= 0) {
        const position = new vscode.Position(titleLine, 'title: '.length);
        editor.selection = new vscode.Selection(position, position.translate(0, 2));
      }
      return document.uri.toString();
    }),
  );
}
