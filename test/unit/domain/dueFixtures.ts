// The calendar, policy and due helpers of the due-time tests (due.test.ts, dueTimes.test.ts).
import assert from 'node:assert/strict';
import { WorkCalendar } from '../../../src/domain/calendar';
import type { DueResult } from '../../../src/domain/due';
import { dueFor } from '../../../src/domain/due';
import type { ResponsePolicy, Stage } from '../../../src/domain/policy';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import { parsePolicy } from '../../../src/domain/policyFile';
import type { FieldValue } from '../../../src/domain/record';

export const shanghai = new WorkCalendar();
export const sh = (wall: string): Date => {
  const instant = shanghai.zone.parseWallTime(wall);
  assert.ok(instant, wall);
  return instant;
};

export function policyOf(text: string): ResponsePolicy {
  const result = parsePolicy(text);
  assert.deepEqual(result.problems, []);
  assert.ok(result.policy);
  return result.policy;
}

export function due(
  kind: string,
  fields: Record<string, FieldValue>,
  at: string,
  stage: Stage = 'respond',
  policy = DEFAULT_POLICY,
  calendar = shanghai,
): DueResult {
  const result = dueFor(policy, calendar, { kind, fields }, stage, calendar.zone.parseWallTime(at) ?? new Date(Number.NaN));
  assert.ok(result, `${kind} ${JSON.stringify(fields)} has a due`);
  return result;
}
