// When a notification to a person goes out: the team's quiet hours and daily digest (the
// `notifications` key of its policy, read by ./policyNotifications.ts), in the policy's time zone.
//  - urgent: at once, whatever the hour (emergencies do not wait for the morning);
//  - a reminder, with a digest time set: at the next digest time, where the outbox bundles what
//    waits for one address into one message;
//  - anything else: at once, unless the instant is within quiet hours; then when they end (what
//    waits for one address until then is bundled too).
// Pure: the instant comes in, nothing is read from the system clock.
import { formatClockTime, parseClockTime } from './calendar';
import { Zone } from './zone';

/** A daily span of wall time in minutes after midnight; `start > end` runs over midnight (21:00–08:00). */
export interface DailyWindow {
  readonly start: number;
  readonly end: number;
}

/** The `notifications` key of a team policy. */
export interface NotificationPolicy {
  /** Undefined: no quiet hours (`quietHours: off`). */
  readonly quietHours?: DailyWindow;
  /** Minutes after midnight of the daily digest; undefined (the default): no digest. */
  readonly digest?: number;
}

/** What scheduling needs: the policy's notifications and its time zone. */
export interface NotificationSettings extends NotificationPolicy {
  readonly timeZone: string;
}

/** Quiet 21:00–08:00, no digest. */
export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = { quietHours: { start: 21 * 60, end: 8 * 60 } };

/** The default policy in `timeZone`. */
export function defaultNotificationSettings(timeZone: string): NotificationSettings {
  return { ...DEFAULT_NOTIFICATION_POLICY, timeZone };
}

/** `21:00-08:30` → { start: 1260, end: 510 }; a string saying what is wrong otherwise. */
export function parseDailyWindow(text: string): DailyWindow | string {
  const parts = text.split(/\s*[-–~]\s*/);
  const [start, end] = parts.map((part) => parseClockTime(part));
  if (parts.length !== 2 || start === undefined || end === undefined || start >= 1440 || end > 1440)
    return `"${text}" is not a span of the day; write HH:mm-HH:mm, e.g. 21:00-08:30 (over midnight) or 12:00-13:30`;
  if (start === end % 1440) return `"${text}" starts where it ends; give a span such as 21:00-08:30, or write off`;
  return { start, end: end % 1440 };
}

export function formatDailyWindow(window: DailyWindow): string {
  return `${formatClockTime(window.start)}-${formatClockTime(window.end)}`;
}

/** Is minute-of-day `minute` within `window`? */
export function inWindow(window: DailyWindow, minute: number): boolean {
  return window.start < window.end ? window.start <= minute && minute < window.end : minute >= window.start || minute < window.end;
}

/** Why a notification goes when it goes. */
export type SendReason = 'now' | 'quiet' | 'digest';

export interface SendPlan {
  readonly at: Date;
  readonly reason: SendReason;
}

export interface SendTraits {
  readonly urgent: boolean;
  /** May wait for the daily digest (reminders). */
  readonly digestable: boolean;
}

/** Zones by name: building one costs far more than using it. */
const zones = new Map<string, Zone>();

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = new Zone(timeZone);
    if (zones.size > 64) zones.clear();
    zones.set(timeZone, zone);
  }
  return zone;
}

function minuteOfDay(zone: Zone, instant: Date): number {
  const wall = zone.wallTime(instant);
  return wall.hour * 60 + wall.minute;
}

/** The end of the quiet hours `now` is in, or undefined when it is not in them. */
export function quietUntil(settings: NotificationSettings, now: Date): Date | undefined {
  const window = settings.quietHours;
  if (window === undefined) return undefined;
  const zone = zoneOf(settings.timeZone);
  const minute = minuteOfDay(zone, now);
  if (!inWindow(window, minute)) return undefined;
  const day = zone.dayNumber(now);
  // Over midnight and before it: the quiet hours end tomorrow.
  const endDay = window.start > window.end && minute >= window.start ? day + 1 : day;
  return zone.instantOf(endDay, window.end);
}

/** The first digest time after `now` (now itself when it is exactly one). */
export function nextDigest(settings: NotificationSettings, now: Date): Date | undefined {
  if (settings.digest === undefined) return undefined;
  const zone = zoneOf(settings.timeZone);
  const day = zone.dayNumber(now);
  const today = zone.instantOf(day, settings.digest);
  return today.getTime() >= now.getTime() ? today : zone.instantOf(day + 1, settings.digest);
}

/** When a notification with `traits`, made at `now`, goes out, and why then. */
export function planSend(settings: NotificationSettings, traits: SendTraits, now: Date): SendPlan {
  if (traits.urgent) return { at: now, reason: 'now' };
  if (traits.digestable) {
    const digest = nextDigest(settings, now);
    if (digest !== undefined) return { at: digest, reason: 'digest' };
  }
  const quiet = quietUntil(settings, now);
  return quiet === undefined ? { at: now, reason: 'now' } : { at: quiet, reason: 'quiet' };
}

/** Problems of a notification policy, each naming the key and the fix (a digest inside quiet hours never goes). */
export function notificationPolicyProblems(policy: NotificationPolicy): { key: 'quietHours' | 'digest'; message: string }[] {
  const { quietHours, digest } = policy;
  if (quietHours === undefined || digest === undefined || !inWindow(quietHours, digest)) return [];
  return [
    {
      key: 'digest',
      message: `${formatClockTime(digest)} is within quietHours ${formatDailyWindow(quietHours)}; pick a digest time outside them, e.g. ${formatClockTime(quietHours.end)}`,
    },
  ];
}
