// The policy the editor works with (response times, calendar, retention), held in a Store on
// Services and set by features/policy.ts: the team policy stored with the space, else the
// workspace's `.liaison/policy.yaml` / `retention.yaml` until they are imported, else the built-in
// rules; one rule with the command line (src/app/policyInForce.ts).
import { builtInPolicyInForce } from '../../app/policyInForce';
import type { PolicyInForce } from '../../app/policyInForce';

export type { PolicyInForce };

export function defaultPolicyInForce(): PolicyInForce {
  return builtInPolicyInForce();
}
