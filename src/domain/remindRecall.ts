// 催办 and 撤回, what a DingTalk user reaches for once a message is out:
// - Remind now: the author (or sender) reminds those who have not read or answered; recorded as
//   a `reminded` event (the same event the clock's reminders append), never more often than the
//   policy's remindEvery since the last reminder of any kind.
// - Recall: the author withdraws what she sent, with a reason, while nobody has acted on it
//   (reading is not acting); the record becomes `recalled` and asks nothing of anyone any more.
// Pure; lifecycle.ts calls these from checkAction and the fold.
import type { LifecycleState } from './lifecycleTypes';
import type { LiaisonRecord, RecordEvent } from './record';
import type { Localized } from './templates/types';
import { formatSpan } from './dueText';

const t = (zh: string, en: string): Localized => ({ zh, en });

/** Events that are someone acting on the record (not reading it, not a reminder). */
const ACTING: ReadonlySet<RecordEvent['type']> = new Set([
  'accepted',
  'declined',
  'status',
  'feedback',
  'delay',
  'delivered',
  'confirmed',
  'archived',
  'reopened',
  'disputed',
  'arbitrated',
]);

/** Those a reminder goes to now: recipients who have not answered a request, else confirmers who have not confirmed. */
export function remindTargets(record: LiaisonRecord, state: LifecycleState): string[] {
  const unconfirmed = (): string[] =>
    state.confirmers.filter((name) => name !== record.createdBy && !state.confirmations.some((c) => c.confirmer === name));
  if (state.flow !== 'request') return ['archived', 'recalled', 'confirmed', 'disputed'].includes(state.status) ? [] : unconfirmed();
  if (state.status === 'delivered') return unconfirmed();
  if (!['sent', 'read', 'accepted', 'in-progress'].includes(state.status)) return [];
  return state.recipients.filter((name) => !state.answers.some((answer) => answer.recipient === name));
}

/** Why `actor` may not remind now, or undefined. `remindEveryMinutes`/`now` come from the policy and the clock. */
export function remindProblem(
  record: LiaisonRecord,
  state: LifecycleState,
  actor: string,
  now: Date | undefined,
  remindEveryMinutes: number | undefined,
): Localized | undefined {
  if (actor !== record.createdBy) return t('只有发起人可以催办。', 'Only the author can send a reminder.');
  if (state.status === 'recalled') return t('记录已撤回。', 'The record was recalled.');
  if (remindTargets(record, state).length === 0)
    return t('没有需要催办的人：大家都已答复或确认。', 'Nobody to remind: everyone has answered or confirmed.');
  if (now && remindEveryMinutes !== undefined) {
    const last = [...record.events].filter((event) => event.type === 'reminded').sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    const wait = last ? remindEveryMinutes - (now.getTime() - new Date(last.at).getTime()) / 60_000 : 0;
    if (last && wait > 0)
      return t(
        `刚催办过：团队规则每 ${formatSpan(remindEveryMinutes, 'zh')}最多催办一次，${formatSpan(Math.ceil(wait), 'zh')}后可再催办。`,
        `Reminded recently: the team's policy allows one reminder every ${formatSpan(remindEveryMinutes, 'en')}; try again in ${formatSpan(Math.ceil(wait), 'en')}.`,
      );
  }
  return undefined;
}

/** Why the recall `event` is not legal in `state` (the fold and checkAction), or undefined. */
export function recallProblem(record: LiaisonRecord, state: LifecycleState, event: RecordEvent): Localized | undefined {
  if (event.actor !== record.createdBy) return t('只有发起人可以撤回。', 'Only the author can recall what she sent.');
  if (state.status === 'recalled') return t('已经撤回了。', 'It was recalled already.');
  const acted = record.events.some((other) => other.at <= event.at && other.id !== event.id && ACTING.has(other.type));
  if (acted || !['sent', 'read'].includes(state.status) || state.confirmations.length > 0)
    return t(
      '已经有人处理，不能撤回；可以发一条更新说明，或关闭记录。',
      'Someone has acted on it already: it cannot be recalled; post an update instead, or close it.',
    );
  if (!event.reason?.trim()) return t('撤回需要写明原因。', 'A recall needs a reason.');
  return undefined;
}
