// Response-time rules at work in the editor: the workspace's policy (`.liaison/policy.yaml` or
// `.json`, else the defaults of design.md), reminders and escalations appended by the author's
// Liaison (so they are recorded in the history and reach the recipients through sync, and the
// server posts escalations to webhooks), and notifications: new urgent items, reminders and
// escalations addressed to me, and my items that just breached their due.
import * as vscode from 'vscode';
import { planFollowUp, followUpsFor } from '../../domain/followUp';
import { actsFor } from '../../domain/lifecycle';
import { formatPolicyProblem, parsePolicy } from '../../domain/policyFile';
import { policyCalendar } from '../../domain/policyCalendar';
import type { LiaisonRecord } from '../../domain/record';
import { isAddressedTo, isPendingFor } from '../../domain/status';
import { COMMANDS } from '../commands';
import type { Services } from '../services';

const POLICY_GLOB = '.liaison/policy.{yaml,yml,json}';
const TICK_MS = 60_000;

async function loadPolicy(services: Services): Promise<void> {
  const [file] = await vscode.workspace.findFiles(POLICY_GLOB, undefined, 1);
  if (!file) return;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const result = parsePolicy(text);
  if (!result.policy) {
    const problems = result.problems.map((problem) => formatPolicyProblem(problem, vscode.workspace.asRelativePath(file)));
    problems.forEach((problem) => services.logger.error(problem));
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The response-time policy was not loaded (the defaults apply): {0}', problems[0] ?? ''),
    );
    return;
  }
  const icsFiles = [];
  for (const path of result.policy.calendarIcs) {
    const uri = vscode.Uri.joinPath(file, '..', path);
    try {
      icsFiles.push({ path, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
    } catch {
      services.logger.warn(`policy calendar ${path} could not be read`);
    }
  }
  try {
    const { calendar, warnings } = policyCalendar(result.policy, icsFiles);
    warnings.forEach((warning) => services.logger.warn(warning));
    services.setResponsePolicy(result.policy, calendar);
    services.logger.info(`response-time policy loaded from ${vscode.workspace.asRelativePath(file)}`);
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'The response-time policy was not loaded (the defaults apply): {0}',
        error instanceof Error ? error.message : String(error),
      ),
    );
  }
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const seen = new Set<string>();
  let primed = false;
  const breached = new Set<string>();

  const open = (record: LiaisonRecord): Thenable<unknown> =>
    vscode.commands.executeCommand(COMMANDS.openRecord, { space: record.space, id: record.id });
  const notify = (message: string, record: LiaisonRecord): void => {
    const openLabel = vscode.l10n.t('Open');
    void vscode.window.showWarningMessage(message, openLabel).then((choice) => choice && open(record));
  };

  /** Appends what the policy says is owed for records I sent, then tells me what is addressed to me. */
  const tick = async (): Promise<void> => {
    const identity = services.identity;
    const replica = services.replica;
    if (!identity || !replica) return;
    const { policy, calendar } = services.responsePolicy;
    for (const record of replica.records()) {
      if (record.createdBy !== identity.name) continue;
      const plan = planFollowUp(record, policy, calendar, services.clock, identity, (name) => services.directory.headOf(name));
      for (const event of [plan.remind, plan.escalate]) {
        if (!event) continue;
        await replica.appendEvent(record.space, record.id, event);
        services.logger.info(`${event.type} ${record.id} → ${(event.to ?? []).join(', ')}`);
      }
    }
    for (const record of replica.records()) {
      const key = `${record.space}/${record.id}`;
      const urgent = record.fields.priority === 'urgent' || record.kind === 'emergency';
      if (!seen.has(key)) {
        seen.add(key);
        if (primed && urgent && record.createdBy !== identity.name && isAddressedTo(record, identity)) {
          notify(vscode.l10n.t('Urgent: {0} (from {1})', record.title, record.createdBy), record);
        }
      }
      for (const event of followUpsFor(record, identity)) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        if (!primed) continue;
        notify(
          event.type === 'escalated'
            ? vscode.l10n.t('Escalated to you: {0} — {1}', record.title, event.note ?? '')
            : vscode.l10n.t('Reminder: {0} is waiting for your answer', record.title),
          record,
        );
      }
      const due = isPendingFor(record, identity) ? services.dueOf(record) : undefined;
      const late =
        due !== undefined &&
        (due.status.state === 'breached' || due.status.state === 'escalated') &&
        due.owedBy.some((name) => actsFor(identity, name));
      if (late && !breached.has(key)) {
        breached.add(key);
        if (primed) notify(vscode.l10n.t('Overdue: {0} was due {1}', record.title, calendar.format(due.due.due)), record);
      }
    }
    // What was there when Liaison started is not news: only later arrivals notify.
    primed = true;
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
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${POLICY_GLOB}`);
  const reload = (): void => {
    loadPolicy(services).catch((error: unknown) => services.logger.error(`loading the policy failed: ${String(error)}`));
  };
  context.subscriptions.push(
    { dispose: () => clearInterval(timer) },
    watcher,
    watcher.onDidChange(reload),
    watcher.onDidCreate(reload),
    services.onDidChangeRecords(schedule),
    services.onDidChangePolicy(schedule),
    vscode.commands.registerCommand(COMMANDS.runFollowUps, async () => {
      schedule();
      await running;
    }),
  );
  reload();
  schedule();
}
