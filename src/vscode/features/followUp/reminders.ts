// The follow-ups my Liaison owes for the records I sent: the reminders and escalations the policy
// asks for now (src/domain/followUp.ts planFollowUp), appended to each record as events, so they are
// in its history and reach the recipients through sync (and the server posts escalations to webhooks).
import { planFollowUp } from '../../../domain/followUp';
import type { Services } from '../../services';

/** Appends what is owed now for every record I sent; resolves once each event is on disk. */
export async function appendFollowUps(services: Services): Promise<void> {
  const identity = services.identity;
  const replica = services.replica;
  if (!identity || !replica) return;
  const { policy, calendar } = services.policy.current;
  for (const record of replica.records()) {
    if (record.createdBy !== identity.name) continue;
    const plan = planFollowUp(record, policy, calendar, services.clock, identity, (name) => services.directory.headOf(name));
    for (const event of [plan.remind, plan.escalate]) {
      if (!event) continue;
      await replica.appendEvent(record.space, record.id, event);
      services.logger.info(`${event.type} ${record.id} → ${(event.to ?? []).join(', ')}`);
    }
  }
}
