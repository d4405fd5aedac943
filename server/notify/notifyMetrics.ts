// What the notifier counts, for /metrics (ServerMetrics.addSource): sends, failures and retries by
// channel, refused directory fields, notices too old or unreachable, and the outbox by state.
import type { MetricFamily } from '../metrics';
import { Counter } from '../metrics';
import type { EntryState } from './outboxLedger';

export class NotifyMetrics {
  readonly sent = new Counter('channel');
  readonly failed = new Counter('channel');
  readonly retried = new Counter('channel');
  readonly refused = new Counter('channel');
  readonly old = new Counter();
  readonly unreachable = new Counter();
  /** The outbox by state, as last read from the ledger. */
  outbox: Record<EntryState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, bundled: 0 };

  render(family: MetricFamily): void {
    const counter = (name: string, help: string, counter: Counter): void => family(name, 'counter', help, counter.render(name));
    counter('liaison_notifications_sent_total', 'Notifications sent to a person, by channel.', this.sent);
    counter('liaison_notifications_failed_total', 'Notifications refused by the channel or given up, by channel.', this.failed);
    counter('liaison_notifications_retried_total', 'Failed attempts that will be tried again, by channel.', this.retried);
    counter('liaison_notifications_refused_total', 'Channel fields of the directory that are not addresses, by channel.', this.refused);
    counter('liaison_notifications_too_old_total', 'Notices not sent because their event was too old.', this.old);
    counter('liaison_notifications_unreachable_total', 'Notices for people with no channel the server can send on.', this.unreachable);
    family(
      'liaison_notifications_outbox',
      'gauge',
      'Entries of the notification outbox, by state.',
      Object.entries(this.outbox).map(([state, count]) => `liaison_notifications_outbox{state="${state}"} ${count}`),
    );
  }
}
