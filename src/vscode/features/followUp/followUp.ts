// Follow-ups in the editor: on every change of the records or the policy, and once a minute (dues
// move with the clock), append the reminders and escalations owed for the records I sent
// (./reminders.ts), then notify me of what is new for me (./notifications.ts). One pass at a time.
import * as vscode from 'vscode';
import { COMMANDS } from '../../commands';
import type { Services } from '../../services';
import { Notifications } from './notifications';
import { l10n } from '../../shared/l10n';
import { appendFollowUps } from './reminders';

const TICK_MS = 60_000;

export function register(context: vscode.ExtensionContext, services: Services): Notifications {
  const notifications = new Notifications(services);
  let last: Awaited<ReturnType<typeof appendFollowUps>> | undefined;
  const tick = async (): Promise<void> => {
    last = await appendFollowUps(services);
    notifications.check();
  };
  let running: Promise<void> | undefined;
  const schedule = (): void => {
    running ??= tick()
      .catch((error: unknown) => services.logger.error(`follow-up failed: ${String(error)}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(schedule, TICK_MS);
  context.subscriptions.push(
    { dispose: () => clearInterval(timer) },
    services.onDidChangeRecords(schedule),
    services.policy.onDidChange(schedule),
    vscode.commands.registerCommand(COMMANDS.runFollowUps, async () => {
      await running;
      schedule();
      await running;
      // Says what it did: a command that answers nothing looks broken.
      const overdue = services.inbox.pending().filter((entry) => entry.overdue).length;
      void vscode.window.showInformationMessage(
        last?.byServer
          ? l10n.t('Response times checked: the server sends the reminders and escalations; {0} overdue in your Pending.', overdue)
          : l10n.t(
              'Response times checked: {0} reminder(s) and {1} escalation(s) sent now; {2} overdue in your Pending.',
              last?.reminded ?? 0,
              last?.escalated ?? 0,
              overdue,
            ),
      );
    }),
  );
  schedule();
  return notifications;
}
