// Liaison: Send — check the draft in the active editor; if it is complete, commit it as a record.
// A draft with problems writes nothing: the problems are listed and shown as diagnostics.
import * as vscode from 'vscode';
import { composeRecord } from '../../domain/compose';
import { reachOf } from '../../domain/parties';
import type { LiaisonRecord } from '../../domain/record';
import { recipientsOf } from '../../domain/status';
import { COMMANDS } from '../commands';
import type { Services } from '../services';
import type { DraftLint } from '../shared/draftLint';
import { readDefaultSpace } from '../settings';
import { SETTINGS } from '../settingKeys';
import { l10n } from '../shared/l10n';

export interface SendResult {
  sent: boolean;
  recordId?: string;
  space?: string;
  /** Why it was not sent: each problem, one sentence each. */
  problems: string[];
}

/** "Sent … to 研发部.", and when it reaches people through a department or 全员, who they are. */
function sentMessage(record: LiaisonRecord): string {
  const to = recipientsOf(record).join(', ');
  const reach = reachOf(record);
  if (reach === undefined) return l10n.t('Sent "{0}" to {1}.', record.title, to);
  const shown = reach.slice(0, 20).join(', ') + (reach.length > 20 ? ', …' : '');
  return l10n.t('Sent "{0}" to {1}: it reaches {2} people, each tracked on their own ({3}).', record.title, to, reach.length, shown);
}

export function register(context: vscode.ExtensionContext, services: Services, lint: DraftLint): void {
  const refuse = (problems: string[]): SendResult => {
    const shown = problems.slice(0, 5).join(' ');
    const more = problems.length > 5 ? ` (+${problems.length - 5})` : '';
    void vscode.window.showErrorMessage(l10n.t('Not sent: {0}{1}', shown, more));
    return { sent: false, problems };
  };

  // Drafts being sent right now: a second Send of the same draft (a double key press while the
  // first waits for the disk) must not make a second record.
  const sending = new Set<string>();

  // The draft is the document named by `uri` (the editor title button passes it), else the
  // active editor's.
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.send, async (uri?: vscode.Uri): Promise<SendResult> => {
      const document =
        uri instanceof vscode.Uri
          ? vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString())
          : vscode.window.activeTextEditor?.document;
      if (!document) return refuse([l10n.t('open a draft first (Liaison: New Record).')]);
      const key = document.uri.toString();
      if (sending.has(key)) return { sent: false, problems: [l10n.t('this draft is being sent already.')] };
      sending.add(key);
      try {
        return await send(document);
      } finally {
        sending.delete(key);
      }
    }),
  );

  async function send(document: vscode.TextDocument): Promise<SendResult> {
    const identity = services.identity;
    if (!identity) return refuse([l10n.t('set your name in the setting {0}.', SETTINGS.userName)]);
    // The same check as the diagnostics (and shown as them): an error anywhere refuses the send.
    const check = lint.check(document);
    const errors = check.findings.filter((finding) => finding.severity === 'error');
    if (errors.length > 0 || !check.template) return refuse(errors.map((finding) => `${finding.line + 1}: ${finding.message}`));

    const replica = await services.ready();
    const spaceValue = check.parsed.values.space;
    const space = (typeof spaceValue === 'string' && spaceValue) || readDefaultSpace(replica.spaceNames);
    if (!replica.spaceNames.includes(space)) {
      return refuse([
        l10n.t(
          'space "{0}" is not one of your spaces ({1}): change the field space, or add it to the setting {2}.',
          space,
          replica.spaceNames.join(', '),
          SETTINGS.spaces,
        ),
      ]);
    }
    const record = composeRecord(
      check.parsed,
      check.template,
      identity,
      space,
      services.clock,
      { rules: services.policy.current.policy.copy, directory: services.directory },
      (names) => services.directory.reach(names).map((person) => person.name),
    );
    await replica.add(record);
    services.logger.info(`sent ${record.id} "${record.title}" to ${recipientsOf(record).join(', ')} in ${space}`);

    if (document.isUntitled) {
      // The draft has become the record: close it without a "save changes?" prompt.
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    void vscode.window
      .showInformationMessage(sentMessage(record), l10n.t('Open'))
      .then((choice) => choice && vscode.commands.executeCommand(COMMANDS.openRecord, { space, id: record.id }));
    return { sent: true, recordId: record.id, space, problems: [] };
  }
}
