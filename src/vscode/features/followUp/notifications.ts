// What Liaison tells me with a notification: a new urgent record addressed to me, a reminder or an
// escalation addressed to me, an item pending for me that just passed its due, and a dispute that
// waits for my arbitration (I am the project lead). What was there when Liaison started is not news:
// the first check only notes what it sees, later ones notify what is new. Pending, due and arbiter
// come from the inbox (services.inbox), as in the Pending tree and the status bar.
import * as vscode from 'vscode';
import { dueLong, isOverdue } from '../../../domain/dueLabel';
import { followUpsFor } from '../../../domain/followUp';
import { actsFor } from '../../../domain/lifecycle';
import type { LiaisonRecord } from '../../../domain/record';
import { isAddressedTo } from '../../../domain/status';
import { COMMANDS } from '../../commands';
import type { Services } from '../../services';
import { l10n } from '../../shared/l10n';

/** A notification shown: for extension-host tests (a notification cannot be read back from VS Code). */
export interface Notice {
  readonly message: string;
  readonly space: string;
  readonly id: string;
}

export class Notifications {
  private readonly seen = new Set<string>();
  private readonly breached = new Set<string>();
  private primed = false;
  private readonly notices: Notice[] = [];

  constructor(private readonly services: Services) {}

  /** Every notification shown since start, oldest first. */
  shown(): readonly Notice[] {
    return this.notices;
  }

  /** Notifies what is new since the last check. */
  check(): void {
    const identity = this.services.identity;
    const replica = this.services.replica;
    if (!identity || !replica) return;
    for (const record of replica.records()) {
      const key = `${record.space}/${record.id}`;
      const urgent = record.fields.priority === 'urgent' || record.kind === 'emergency';
      if (!this.seen.has(key)) {
        this.seen.add(key);
        if (this.primed && urgent && record.createdBy !== identity.name && isAddressedTo(record, identity)) {
          this.notify(l10n.t('Urgent: {0} (from {1})', record.title, record.createdBy), record);
        }
      }
      const recall = record.createdBy !== identity.name && record.events.find((event) => event.type === 'recalled');
      if (recall && !this.seen.has(recall.id)) {
        this.seen.add(recall.id);
        if (this.primed && isAddressedTo(record, identity))
          this.notify(l10n.t('Recalled by {0}: {1} — {2}', recall.actor, record.title, recall.reason ?? ''), record);
      }
      for (const event of followUpsFor(record, identity)) {
        if (this.seen.has(event.id)) continue;
        this.seen.add(event.id);
        if (!this.primed) continue;
        this.notify(
          event.type === 'escalated'
            ? l10n.t('Escalated to you: {0} — {1}', record.title, event.note ?? '')
            : l10n.t('Reminder: {0} is waiting for your answer', record.title),
          record,
        );
      }
    }
    for (const { record, reason, due, overdue } of this.services.inbox.pending()) {
      const key = `${record.space}/${record.id}`;
      if (overdue && due && due.owedBy.some((name) => actsFor(identity, name)) && !this.breached.has(key)) {
        this.breached.add(key);
        const fact = this.services.inbox.dues(record).find(isOverdue);
        const text = fact ? dueLong(fact, this.services.language, this.services.policy.current.calendar.zone) : '';
        if (this.primed) this.notify(l10n.t('Overdue: {0} — {1}', record.title, text), record);
      }
      const dispute = reason === 'arbitrate' ? this.services.inbox.facts(record).state.lifecycle.dispute : undefined;
      // Each dispute once: a record disputed again after an arbitration notifies again.
      const disputeKey = dispute && `dispute:${key}:${dispute.at}`;
      if (dispute && disputeKey && !this.seen.has(disputeKey)) {
        this.seen.add(disputeKey);
        if (this.primed)
          this.notify(l10n.t('Dispute for you to arbitrate: {0} ({1}: {2})', record.title, dispute.by, dispute.reason), record);
      }
    }
    this.primed = true;
  }

  private notify(message: string, record: LiaisonRecord): void {
    this.notices.push({ message, space: record.space, id: record.id });
    const openLabel = l10n.t('Open');
    void vscode.window
      .showWarningMessage(message, openLabel)
      .then((choice) => choice && vscode.commands.executeCommand(COMMANDS.openRecord, { space: record.space, id: record.id }));
  }
}
