// Status bar: my pending count (click: the Pending tree) and the sync state (click: details).
import * as vscode from 'vscode';
import { isPendingFor } from '../../domain/status';
import { COMMANDS, VIEWS } from '../commands';
import type { Services } from '../services';
import { dueLabel } from './trees';

function syncText(services: Services): { text: string; tooltip: string } {
  const states = services.replica?.syncStatus() ?? [];
  if (states.length === 0) return { text: '$(loading~spin)', tooltip: vscode.l10n.t('Liaison is opening its store') };
  const lines = states.map((s) => `${s.space}: ${s.state}${s.error ? ` (${s.error})` : ''}`);
  if (states.every((s) => s.state === 'local'))
    return { text: '$(circle-slash)', tooltip: vscode.l10n.t('Offline only: no liaison.server.url set') };
  if (states.every((s) => s.state === 'connected')) return { text: '$(cloud)', tooltip: lines.join('\n') };
  return {
    text: '$(cloud-offline)',
    tooltip: `${vscode.l10n.t('Working offline; changes sync when the server is back')}\n${lines.join('\n')}`,
  };
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const item = vscode.window.createStatusBarItem('liaison.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Liaison';
  item.command = `workbench.view.extension.${VIEWS.container}`;
  const sync = vscode.window.createStatusBarItem('liaison.sync', vscode.StatusBarAlignment.Left, 49);
  sync.name = vscode.l10n.t('Liaison sync');
  sync.command = COMMANDS.showSyncStatus;
  const overdue = vscode.window.createStatusBarItem('liaison.overdue', vscode.StatusBarAlignment.Left, 48);
  overdue.name = vscode.l10n.t('Liaison overdue');
  overdue.command = { command: COMMANDS.showOverdue, title: vscode.l10n.t('Show overdue items'), arguments: [true] };
  overdue.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  const update = (): void => {
    const identity = services.identity;
    const mine = identity ? (services.replica?.records() ?? []).filter((record) => isPendingFor(record, identity)) : [];
    const pending = mine.length;
    item.text = `$(inbox) ${pending}`;
    item.tooltip = vscode.l10n.t('Liaison: {0} pending for you', pending);
    const late = mine.filter((record) => dueLabel(services, record)?.overdue === true).length;
    overdue.text = `$(warning) ${late}`;
    overdue.tooltip = vscode.l10n.t('Liaison: {0} overdue — click to show only those in Pending', late);
    if (late > 0) overdue.show();
    else overdue.hide();
    const state = syncText(services);
    sync.text = state.text;
    sync.tooltip = state.tooltip;
  };
  update();
  // Due states move with the clock, not only with records.
  const timer = setInterval(update, 60_000);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
  item.show();
  sync.show();
  context.subscriptions.push(
    item,
    sync,
    overdue,
    services.onDidChangePolicy(update),
    services.onDidChangeRecords(update),
    services.onDidChangeSync(update),
    services.onDidChangeIdentity(update),
    vscode.commands.registerCommand(COMMANDS.showSyncStatus, async () => {
      const replica = await services.ready();
      const states = replica.syncStatus();
      const detail = states.map((s) => `${s.space}: ${s.state}${s.error ? ` (${s.error})` : ''}`).join('; ');
      const choice = await vscode.window.showInformationMessage(
        replica.server
          ? vscode.l10n.t('Liaison sync with {0}: {1}', replica.server.url, detail)
          : vscode.l10n.t('Liaison works offline: set liaison.server.url to sync.'),
        vscode.l10n.t('Set Server Token'),
        vscode.l10n.t('Open Settings'),
      );
      if (choice === vscode.l10n.t('Set Server Token')) await vscode.commands.executeCommand(COMMANDS.setServerToken);
      else if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'liaison.server');
      return states;
    }),
  );
}
