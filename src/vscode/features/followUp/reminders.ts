// The follow-ups my Liaison owes for the records I sent, when no server keeps the clock (offline-only
// use; with a server configured, the server appends them for everyone: server/clock/): the
// reminders and escalations the policy asks for now (src/domain/followUp.ts planFollowUp), appended
// to each record as events with the derived `fu:` ids the server uses too, so an evaluation repeated
// here or elsewhere is one event.
import { planEvents, planFollowUp } from '../../../domain/followUp';
import type { Services } from '../../services';
import { clockKeeper } from '../../shared/clockKeeper';

/** What a pass did: reminders and escalations appended, or nothing because the server keeps the clock. */
export interface FollowUpPass {
  reminded: number;
  escalated: number;
  byServer: boolean;
}

/** Appends what is owed now for every record I sent; resolves once each event is on disk. */
export async function appendFollowUps(services: Services): Promise<FollowUpPass> {
  const pass: FollowUpPass = { reminded: 0, escalated: 0, byServer: false };
  const identity = services.identity;
  const replica = services.replica;
  if (!identity || !replica) return pass;
  if (clockKeeper(replica) === 'server') return { ...pass, byServer: true };
  const { policy, calendar } = services.policy.current;
  for (const record of replica.records()) {
    if (record.createdBy !== identity.name) continue;
    const plan = planFollowUp(record, policy, calendar, services.clock, identity, (name) => services.directory.headOf(name));
    for (const event of planEvents(plan)) {
      if (record.events.some((existing) => existing.id === event.id)) continue;
      await replica.appendEvent(record.space, record.id, event);
      services.logger.info(`${event.type} ${record.id} → ${(event.to ?? []).join(', ')}`);
      if (event.type === 'escalated') pass.escalated++;
      else pass.reminded++;
    }
  }
  return pass;
}
