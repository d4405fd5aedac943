// The response-time policy the editor works with: the workspace's `.liaison/policy.yaml` once the
// policy feature has loaded it (features/policy.ts), else the defaults. Held in a Store on Services.
import { WorkCalendar } from '../../domain/calendar';
import type { ResponsePolicy } from '../../domain/policy';
import { DEFAULT_POLICY } from '../../domain/policyDefaults';

export interface PolicyInForce {
  readonly policy: ResponsePolicy;
  /** Its working calendar, holidays of its `.ics` files included. */
  readonly calendar: WorkCalendar;
}

export function defaultPolicyInForce(): PolicyInForce {
  return { policy: DEFAULT_POLICY, calendar: new WorkCalendar(DEFAULT_POLICY.calendar) };
}
