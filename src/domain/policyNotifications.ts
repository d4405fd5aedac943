// The `notifications` key of a policy file (./policyFile.ts): quiet hours and the daily digest
// of the notices the team's server sends each person (./notifySchedule.ts), in calendar.timeZone.
//
//   notifications:
//     quietHours: 21:00-08:30   # non-urgent notices wait until it ends; off: none (default 21:00-08:00)
//     digest: "09:00"           # reminders wait for one message a day at this time; off (default): none
import { isMap, isScalar } from 'yaml';
import { parseClockTime } from './calendar';
import type { DailyWindow, NotificationPolicy } from './notifySchedule';
import { DEFAULT_NOTIFICATION_POLICY, notificationPolicyProblems, parseDailyWindow } from './notifySchedule';
import type { Reader } from './policyReader';

const KEYS = ['quietHours', 'digest'];

function isOff(node: unknown): boolean {
  return isScalar(node) && (node.value === false || (typeof node.value === 'string' && ['off', 'none', '关'].includes(node.value.trim())));
}

/** Reads the `notifications` map; problems go to `reader`, and what they concern keeps its default. */
export function readNotifications(reader: Reader, node: unknown): NotificationPolicy {
  const policy: { quietHours?: DailyWindow; digest?: number } = { ...DEFAULT_NOTIFICATION_POLICY };
  if (!isMap(node)) {
    reader.problem(node, 'notifications', 'notifications is a map: { quietHours: 21:00-08:30, digest: "09:00" }');
    return policy;
  }
  const entries = reader.entries(node, 'notifications', KEYS);
  const value = (key: string): unknown => entries.get(key)?.value;
  if (entries.has('quietHours')) {
    const raw = value('quietHours');
    if (isOff(raw)) policy.quietHours = undefined;
    else {
      const text = reader.text(raw, 'notifications.quietHours', 'a span of the day such as 21:00-08:30, or off');
      const window = text === undefined ? undefined : parseDailyWindow(text);
      if (typeof window === 'string') reader.problem(raw, 'notifications.quietHours', window);
      else if (window !== undefined) policy.quietHours = window;
    }
  }
  if (entries.has('digest')) {
    const raw = value('digest');
    if (isOff(raw)) policy.digest = undefined;
    else {
      const text = reader.text(raw, 'notifications.digest', 'a time of day such as "09:00", or off');
      const minute = text === undefined ? undefined : parseClockTime(text);
      if (text !== undefined && (minute === undefined || minute >= 1440))
        reader.problem(raw, 'notifications.digest', `"${text}" is not a time of day; write HH:mm, e.g. 09:00, or off`);
      else if (minute !== undefined) policy.digest = minute;
    }
  }
  for (const problem of notificationPolicyProblems(policy))
    reader.problem(value(problem.key) ?? node, `notifications.${problem.key}`, problem.message);
  return policy;
}
