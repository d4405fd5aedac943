// The closed loop's actions, wherever a user looks for them: the command palette, the trees'
// context menus and the record view's buttons all run these commands. Each command takes a
// record (a RecordRef, a tree node, or nothing: then a quick pick of the records where the
// action is possible), asks for what the action needs (reason, alternative, new plan…), checks
// it with the domain (src/domain/lifecycle.ts) and appends the event. Arguments may carry the
// inputs, so tests and other extensions can act without prompts.
import * as vscode from 'vscode';
import { SATISFACTION_KIND, availableActions, checkAction, performAction } from '../../domain/lifecycle';
import type { ActionContext, ActionInput, ActionType } from '../../domain/lifecycle';
import { openItemsFor } from '../../domain/actionItems';
import { isDateTime } from '../../domain/lint/dates';
import type { LiaisonRecord } from '../../domain/record';
import { parseShelfName } from '../../store/shelves';
import { COMMANDS } from '../commands';
import type { RecordRef } from '../commands';
import type { Services } from '../services';
import { ACTION_COMMANDS, actionLabel } from '../shared/actionCommands';
import { l10n } from '../shared/l10n';

/**
 * What a caller may pass: a record and, optionally, the inputs (no prompts then). Closing an
 * external request: `satisfaction` 1..5 (with `satisfactionComment`, else none) or null to skip
 * the question.
 */
export type ActionArgs = Partial<RecordRef> &
  Omit<Partial<ActionInput>, 'type' | 'satisfaction'> & { record?: LiaisonRecord; satisfaction?: number | null };

export interface ActionResult {
  done: boolean;
  /** Why not, when not done (refused, or cancelled). */
  reason?: string;
  eventId?: string;
}

function refOf(args: unknown): RecordRef | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const value = args as { space?: unknown; id?: unknown; record?: { space?: unknown; id?: unknown } };
  const source = value.record && typeof value.record === 'object' ? value.record : value;
  if (typeof source.space !== 'string' || typeof source.id !== 'string') return undefined;
  // A shelf's name (`S.archive.YYYY-MM`) stands for its space S.
  return { space: parseShelfName(source.space)?.space ?? source.space, id: source.id };
}

async function ask(prompt: string, validate?: (value: string) => string | undefined, value?: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? l10n.t('This cannot be empty.') : validate?.(text.trim())),
  });
}

/** An optional answer: Enter on an empty box is none, Escape cancels (undefined). */
async function askOptional(prompt: string, validate?: (value: string) => string | undefined): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({
    prompt,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? undefined : validate?.(text.trim())),
  });
  return answer === undefined ? undefined : answer.trim();
}

/**
 * Closing an external request asks how satisfied the client was (1–5, or Skip), then for an
 * optional comment. Escape cancels the close; an empty comment is no comment. Undefined = cancelled.
 */
async function askSatisfaction(input: ActionInput): Promise<ActionInput | undefined> {
  const skip = {
    label: l10n.t('Skip'),
    description: l10n.t('Close without a score'),
    score: undefined as number | undefined,
  };
  const scores = [
    { label: '5', description: l10n.t('Very satisfied'), score: 5 },
    { label: '4', description: l10n.t('Satisfied'), score: 4 },
    { label: '3', description: l10n.t('Neutral'), score: 3 },
    { label: '2', description: l10n.t('Dissatisfied'), score: 2 },
    { label: '1', description: l10n.t('Very dissatisfied'), score: 1 },
  ];
  const picked = await vscode.window.showQuickPick([...scores, skip], {
    title: l10n.t('How satisfied was the client? (1–5)'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.score === undefined) return input;
  const comment = await vscode.window.showInputBox({
    prompt: l10n.t("The client's comment (optional; Enter to leave it empty)"),
    ignoreFocusOut: true,
  });
  if (comment === undefined) return undefined;
  return { ...input, satisfaction: picked.score, satisfactionComment: comment.trim() || undefined };
}

async function inputsFor(action: ActionType, args: ActionArgs, record: LiaisonRecord): Promise<ActionInput | undefined> {
  const input: ActionInput = {
    type: action,
    note: args.note,
    reason: args.reason,
    alternative: args.alternative,
    due: args.due,
    item: args.item,
    decision: args.decision,
  };
  if (args.satisfaction !== undefined && args.satisfaction !== null) input.satisfaction = args.satisfaction;
  if (args.satisfactionComment !== undefined) input.satisfactionComment = args.satisfactionComment;
  const need = async (
    key: 'note' | 'reason' | 'alternative' | 'due',
    prompt: string,
    validate?: (value: string) => string | undefined,
  ): Promise<boolean> => {
    if (input[key]?.trim()) return true;
    const answer = await ask(prompt, validate);
    if (answer === undefined) return false;
    input[key] = answer.trim();
    return true;
  };
  const dateTime = (text: string): string | undefined =>
    isDateTime(text) ? undefined : l10n.t('Write a time as YYYY-MM-DD HH:mm, e.g. 2026-05-20 18:00.');
  /** Asks for an optional input unless the caller passed it (`''` = none, no prompt). */
  const optional = async (key: 'note' | 'due', prompt: string, validate?: (value: string) => string | undefined): Promise<boolean> => {
    if (input[key] !== undefined) return true;
    const answer = await askOptional(prompt, validate);
    if (answer === undefined) return false;
    input[key] = answer || undefined;
    return true;
  };
  switch (action) {
    case 'accept':
      // Like a DingTalk/Jira assignee: a word to the requester and when to expect the result.
      if (!(await optional('due', l10n.t('When do you expect to deliver? YYYY-MM-DD HH:mm (optional; Enter to skip)'), dateTime)))
        return undefined;
      return (await optional('note', l10n.t('A note for the requester (optional; Enter to skip)'))) ? input : undefined;
    case 'deliver':
      if (input.item !== undefined) return input;
      return (await optional('note', l10n.t('What do you deliver? Where is it, what should the requester check? (optional)')))
        ? input
        : undefined;
    case 'decline':
      if (!(await need('reason', l10n.t('Why do you decline? (required)')))) return undefined;
      if (!(await need('alternative', l10n.t('What do you offer instead? (required: another time, another team, another way)'))))
        return undefined;
      return input;
    case 'status':
      return (await need('note', l10n.t('Status update: where things stand'))) ? input : undefined;
    case 'feedback':
      return (await need('note', l10n.t('Feedback entry'))) ? input : undefined;
    case 'delay':
      if (!(await need('reason', l10n.t('Why is it late? (required)')))) return undefined;
      if (!(await need('due', l10n.t('New plan: when will it be done? YYYY-MM-DD HH:mm'), dateTime))) return undefined;
      return input;
    case 'reopen':
      return (await need('reason', l10n.t('Why reopen it? (required)'))) ? input : undefined;
    case 'recall':
      return (await need('reason', l10n.t('Why do you recall it? (required; the recipients see it)'))) ? input : undefined;
    case 'dispute':
      return (await need('reason', l10n.t('What is disputed? (required; the project lead will arbitrate)'))) ? input : undefined;
    case 'arbitrate': {
      if (input.decision) return input;
      const accept = l10n.t('The result stands');
      const rework = l10n.t('Back to work');
      const picked = await vscode.window.showQuickPick([accept, rework], { title: l10n.t('Arbitrate the dispute') });
      if (!picked) return undefined;
      input.decision = picked === accept ? 'accept' : 'rework';
      return input;
    }
    case 'archive':
      return record.kind === SATISFACTION_KIND && args.satisfaction === undefined ? askSatisfaction(input) : input;
    default:
      return input;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const run = async (action: ActionType, args?: ActionArgs): Promise<ActionResult> => {
    const identity = services.identity;
    const language = services.language;
    if (!identity) {
      void vscode.window.showWarningMessage(l10n.t('Set your name in the setting {0} first.', 'liaison.user.name'));
      return { done: false, reason: 'no identity' };
    }
    const replica = await services.ready();
    let ref = refOf(args);
    if (!ref) {
      const candidates = replica
        .records()
        .filter((record) => availableActions(record, identity, { arbiter: services.inbox.arbiterOf(record) }).includes(action));
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage(l10n.t('No record can take "{0}" from you right now.', actionLabel(action)));
        return { done: false, reason: 'nothing to act on' };
      }
      const picked = await vscode.window.showQuickPick(
        candidates.map((record) => ({ label: record.title, description: record.kind, record })),
        { title: actionLabel(action) },
      );
      if (!picked) return { done: false, reason: 'cancelled' };
      ref = { space: picked.record.space, id: picked.record.id };
    }
    // A record moved to an archive shelf is acted on there (Replica.appendEvent finds it).
    const record = replica.record(ref.space, ref.id) ?? (await replica.findRecord(ref.space, ref.id));
    if (!record) {
      void vscode.window.showErrorMessage(l10n.t('Record {0} is not in your local store.', ref.id));
      return { done: false, reason: 'not found' };
    }
    const ctx: ActionContext = {
      arbiter: services.inbox.arbiterOf(record),
      now: services.clock.now(),
      remindEveryMinutes: services.policy.current.policy.remindEvery.minutes,
    };
    // Refuse before asking for a reason the user would type in vain.
    const early = checkAction(
      record,
      { type: action, reason: 'x', alternative: 'x', note: 'x', due: '2099-01-01 00:00', decision: 'accept', item: args?.item },
      identity,
      ctx,
    );
    if (early) {
      void vscode.window.showErrorMessage(early[language]);
      return { done: false, reason: early[language] };
    }
    const input = await inputsFor(action, args ?? {}, record);
    if (!input) return { done: false, reason: 'cancelled' };
    try {
      const event = performAction(record, input, identity, services.clock, ctx);
      await replica.appendEvent(ref.space, ref.id, event);
      services.logger.info(`${identity.name}: ${action} on ${ref.id}`);
      // Every action says what it did.
      if (action === 'remind')
        void vscode.window.showInformationMessage(l10n.t('Reminded {0}: {1}', (event.to ?? []).join(', '), record.title));
      else if (action === 'recall')
        void vscode.window.showInformationMessage(l10n.t('Recalled: {0}. The recipients see it withdrawn.', record.title));
      else vscode.window.setStatusBarMessage(l10n.t('{0}: {1}', actionLabel(action), record.title), 5000);
      return { done: true, eventId: event.id };
    } catch (error) {
      const reason =
        error instanceof Error
          ? 'reason' in error
            ? (error as { reason: { zh: string; en: string } }).reason[language]
            : error.message
          : String(error);
      void vscode.window.showErrorMessage(reason);
      return { done: false, reason };
    }
  };
  // An action item of minutes, done by its owner: a `delivered` event naming the item.
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.completeItem, async (args?: ActionArgs): Promise<ActionResult> => {
      const identity = services.identity;
      const ref = refOf(args);
      const replica = await services.ready();
      const record = ref ? (replica.record(ref.space, ref.id) ?? (await replica.findRecord(ref.space, ref.id))) : undefined;
      if (!identity || !record) return { done: false, reason: 'no record' };
      const open = openItemsFor(record, identity);
      let index = args?.item;
      if (index === undefined) {
        if (open.length === 0) {
          void vscode.window.showInformationMessage(l10n.t('You have no open action item in "{0}".', record.title));
          return { done: false, reason: 'no open item' };
        }
        const picked =
          open.length === 1
            ? { entry: open[0] }
            : await vscode.window.showQuickPick(
                open.map((entry) => ({ label: entry.item, description: entry.due, entry })),
                { title: l10n.t('Mark an action item done') },
              );
        if (!picked) return { done: false, reason: 'cancelled' };
        index = picked.entry.index;
      }
      if (!open.some((entry) => entry.index === index)) {
        const reason = l10n.t('Action item {0} is not an open item of yours.', index);
        void vscode.window.showErrorMessage(reason);
        return { done: false, reason };
      }
      return run('deliver', { ...args, space: record.space, id: record.id, item: index });
    }),
  );
  for (const action of Object.keys(ACTION_COMMANDS) as ActionType[]) {
    if (action === 'read') continue;
    context.subscriptions.push(vscode.commands.registerCommand(ACTION_COMMANDS[action], (args?: ActionArgs) => run(action, args)));
  }
}
