// Follow-ups in the editor: on every change of the records or the policy, and once a minute (dues
// move with the clock), append the reminders and escalations owed for the records I sent
// (./reminders.ts), then notify me of what is new for me (./notifications.ts). One pass at a time.
import * as vscode from 'vscode';
import { COMMANDS } from '../../commands';
import type { Services } from '../../services';
import { Notifications } from './notifications';
import { appendFollowUps } from './reminders';

const TICK_MS = 60_000;

export function register(context: vscode.ExtensionContext, services: Services): Notifications {
  const notifications = new Notifications(services);
  const tick = async (): Promise<void> => {
    await appendFollowUps(services);
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
      schedule();
      await running;
    }),
  );
  schedule();
  return notifications;
}
