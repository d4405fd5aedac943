// Notices → the outbox entries they become (notifier.ts records them): which channels each notice
// goes on, when, and which directory fields are refused. Pure: the instant and what the server
// can send on come in.
//  - Channels: an urgent notice on every channel the person has and the server can send on; any
//    other on the first of them in CHANNEL_KINDS order (DingTalk, Feishu, webhook, e-mail).
//  - A channel field that is not an address (a bad e-mail) becomes a failed entry with its reason.
//  - When: planSend (src/domain/notifySchedule.ts); what waited (quiet hours, the digest) may be
//    bundled with what else waited for the same address.
//  - A notice whose event is older than `maxAgeMs` becomes nothing.
import type { NotificationSettings } from '../../src/domain/notifySchedule';
import { planSend } from '../../src/domain/notifySchedule';
import type { ChannelAddress, ChannelKind } from '../../src/domain/personChannels';
import { personChannels } from '../../src/domain/personChannels';
import type { Delivery, Notice } from './notice';
import { contentOf, deliveryIdOf } from './notice';
import type { NewEntry } from './outboxLedger';

export interface EntryPlan {
  readonly entries: NewEntry[];
  /** Notices older than maxAge. */
  readonly old: number;
  /** Notices for people with no channel the server can send on, with what the directory gives them. */
  readonly unreachable: { readonly notice: Notice; readonly channels: readonly ChannelAddress[] }[];
}

/** The channels a notice goes on: urgent, every one the server can send on; else the first of them. */
export function chosenChannels(
  channels: readonly ChannelAddress[],
  urgent: boolean,
  canSend: (channel: ChannelKind) => boolean,
): ChannelAddress[] {
  const usable = channels.filter((channel) => canSend(channel.channel));
  return urgent ? usable : usable.slice(0, 1);
}

export function entriesOfNotices(
  notices: readonly Notice[],
  context: {
    readonly now: number;
    readonly maxAgeMs: number;
    readonly settings: NotificationSettings;
    canSend(channel: ChannelKind): boolean;
  },
): EntryPlan {
  const { now, settings } = context;
  const entries: NewEntry[] = [];
  const unreachable: EntryPlan['unreachable'] = [];
  let old = 0;
  for (const notice of notices) {
    const eventAt = Date.parse(notice.at);
    if (!Number.isFinite(eventAt) || now - eventAt > context.maxAgeMs) {
      old++;
      continue;
    }
    const { channels, problems } = personChannels(notice.person);
    const delivery = (channel: ChannelKind, address: string): Delivery => ({
      id: deliveryIdOf(notice, notice.person.name, channel),
      channel,
      address,
      person: notice.person.name,
      language: notice.language,
      timeZone: settings.timeZone,
      notices: [contentOf(notice)],
    });
    for (const problem of problems)
      entries.push({
        delivery: delivery(problem.channel, problem.value),
        nextAt: now,
        bundle: false,
        eventAt,
        refused: `the directory's ${problem.channel} of ${notice.person.name}, "${problem.value}", is ${problem.reason.en}; fix it in the directory`,
      });
    const chosen = chosenChannels(channels, notice.urgent, context.canSend);
    if (chosen.length === 0) {
      unreachable.push({ notice, channels });
      continue;
    }
    const plan = planSend(settings, { urgent: notice.urgent, digestable: notice.kind === 'reminder' }, new Date(now));
    for (const channel of chosen)
      entries.push({
        delivery: delivery(channel.channel, channel.address),
        nextAt: plan.at.getTime(),
        bundle: plan.reason !== 'now',
        eventAt,
      });
  }
  return { entries, old, unreachable };
}
