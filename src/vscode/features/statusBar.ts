// Status bar: my pending count (click: the Pending tree), the sync state (click: details) and who
// keeps the clock (reminders and escalations: the team's server, or this editor).
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../commands';
import type { Services } from '../services';
import type { ClockKeeper } from '../shared/clockKeeper';
import { clockKeeper } from '../shared/clockKeeper';
import { l10n } from '../shared/l10n';

function clockText(keeper: ClockKeeper): { text: string; tooltip: string } {
  return keeper === 'server'
    ? {
        text: l10n.t('$(watch) Server'),
        tooltip: l10n.t("Reminders and escalations are kept by the team's server, for everyone, even with every editor closed"),
      }
    : {
        text: l10n.t('$(watch) This editor'),
        tooltip: l10n.t(
          'Reminders and escalations are kept by this editor, for the records you sent, while it is open (no liaison.server.url set)',
        ),
      };
}

function syncText(services: Services): { text: string; tooltip: string } {
  const states = services.replica?.syncStatus() ?? [];
  if (states.length === 0) return { text: '$(loading~spin)', tooltip: l10n.t('Liaison is opening its store') };
  const lines = states.map((s) => `${s.space}: ${s.state}${s.error ? ` (${s.error})` : ''}`);
  if (states.every((s) => s.state === 'local'))
    return { text: '$(circle-slash)', tooltip: l10n.t('Offline only: no liaison.server.url set') };
  if (states.every((s) => s.state === 'connected')) return { text: '$(cloud)', tooltip: lines.join('\n') };
  return {
    text: '$(cloud-offline)',
    tooltip: `${l10n.t('Working offline; changes sync when the server is back')}\n${lines.join('\n')}`,
  };
}

/** What the status bar shows now: for extension-host tests. */
export interface StatusBarView {
  readonly pending: { readonly text: string; readonly tooltip: string };
  readonly overdue: { readonly text: string; readonly tooltip: string; readonly visible: boolean };
  readonly clock: { readonly text: string; readonly tooltip: string; readonly keeper: ClockKeeper };
}

export function register(context: vscode.ExtensionContext, services: Services): () => StatusBarView {
  const item = vscode.window.createStatusBarItem('liaison.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Liaison';
  item.command = `workbench.view.extension.${VIEWS.container}`;
  const sync = vscode.window.createStatusBarItem('liaison.sync', vscode.StatusBarAlignment.Left, 49);
  sync.name = l10n.t('Liaison sync');
  sync.command = COMMANDS.showSyncStatus;
  const overdue = vscode.window.createStatusBarItem('liaison.overdue', vscode.StatusBarAlignment.Left, 48);
  overdue.name = l10n.t('Liaison overdue');
  overdue.command = { command: COMMANDS.showOverdue, title: l10n.t('Show overdue items'), arguments: [true] };
  overdue.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  const clock = vscode.window.createStatusBarItem('liaison.clock', vscode.StatusBarAlignment.Left, 47);
  clock.name = l10n.t('Liaison clock');
  clock.command = COMMANDS.showSyncStatus;
  let keeper: ClockKeeper = clockKeeper(services.replica);
  let overdueVisible = false;
  const update = (): void => {
    const mine = services.inbox.pending();
    const pending = mine.length;
    item.text = `$(inbox) ${pending}`;
    item.tooltip = l10n.t('Liaison: {0} pending for you', pending);
    const late = mine.filter((entry) => entry.overdue).length;
    overdue.text = `$(warning) ${late}`;
    overdue.tooltip = l10n.t('Liaison: {0} overdue — click to show only those in Pending', late);
    overdueVisible = late > 0;
    if (overdueVisible) overdue.show();
    else overdue.hide();
    const state = syncText(services);
    sync.text = state.text;
    sync.tooltip = state.tooltip;
    keeper = clockKeeper(services.replica);
    const kept = clockText(keeper);
    clock.text = kept.text;
    clock.tooltip = kept.tooltip;
  };
  update();
  // Due states move with the clock, not only with records.
  const timer = setInterval(update, 60_000);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
  item.show();
  sync.show();
  clock.show();
  context.subscriptions.push(
    item,
    sync,
    clock,
    overdue,
    services.inbox.onDidChange(update),
    services.onDidChangeSync(update),
    vscode.commands.registerCommand(COMMANDS.showSyncStatus, async () => {
      const replica = await services.ready();
      const states = replica.syncStatus();
      const detail = states.map((s) => `${s.space}: ${s.state}${s.error ? ` (${s.error})` : ''}`).join('; ');
      const choice = await vscode.window.showInformationMessage(
        replica.server
          ? l10n.t('Liaison sync with {0}: {1}', replica.server.url, detail)
          : l10n.t('Liaison works offline: set liaison.server.url to sync.'),
        l10n.t('Set Server Token'),
        l10n.t('Open Settings'),
      );
      if (choice === l10n.t('Set Server Token')) await vscode.commands.executeCommand(COMMANDS.setServerToken);
      else if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'liaison.server');
      return states;
    }),
  );
  return () => ({
    pending: { text: item.text, tooltip: String(item.tooltip ?? '') },
    overdue: { text: overdue.text, tooltip: String(overdue.tooltip ?? ''), visible: overdueVisible },
    clock: { text: clock.text, tooltip: String(clock.tooltip ?? ''), keeper },
  });
}
