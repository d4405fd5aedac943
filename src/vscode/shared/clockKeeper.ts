// Who keeps the clock (appends reminders and escalations): the team's server while one is
// configured (it runs the rules for every space, every minute, with every editor closed), else
// this editor, for the records I sent (offline-only use, as before). Follow-ups and the status bar
// both ask here, so they agree.
import type { Replica } from '../../sync/replica';

export type ClockKeeper = 'server' | 'editor';

export function clockKeeper(replica: Pick<Replica, 'server'> | undefined): ClockKeeper {
  return replica?.server !== undefined ? 'server' : 'editor';
}
