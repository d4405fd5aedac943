// A due time relative to now, in the two languages: "in 1 h 20 min", "overdue 3 h", "in 2 d" /
// "1 小时 20 分钟后", "已超时 3 小时", "2 天后". Precision shrinks with distance: minutes are shown
// under a day, hours from a day on.
import type { Language } from './templates/types';

const UNITS: Readonly<Record<Language, { day: string; hour: string; minute: string }>> = {
  en: { day: 'd', hour: 'h', minute: 'min' },
  zh: { day: '天', hour: '小时', minute: '分钟' },
};

/** `1 h 20 min`, `3 h`, `2 d 4 h`, `45 min` (or in Chinese) for a non-negative whole number of minutes. */
export function formatSpan(minutes: number, language: Language): string {
  const total = Math.round(Math.abs(minutes));
  const unit = UNITS[language];
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  const parts: string[] = [];
  if (days > 0) {
    parts.push(`${days} ${unit.day}`);
    if (hours > 0) parts.push(`${hours} ${unit.hour}`);
  } else if (hours > 0) {
    parts.push(`${hours} ${unit.hour}`);
    if (mins > 0) parts.push(`${mins} ${unit.minute}`);
  } else parts.push(`${mins} ${unit.minute}`);
  return parts.join(' ');
}

/**
 * `minutesLeft` (DueStatus.minutesLeft: positive ahead, negative late, 0 now) as a phrase:
 * "in 1 h 20 min" / "1 小时 20 分钟后", "overdue 3 h" / "已超时 3 小时", "due now" / "现在到期".
 */
export function formatDueRelative(minutesLeft: number, language: Language): string {
  const rounded = Math.round(minutesLeft);
  if (rounded === 0) return language === 'zh' ? '现在到期' : 'due now';
  const span = formatSpan(rounded, language);
  if (rounded > 0) return language === 'zh' ? `${span}后` : `in ${span}`;
  return language === 'zh' ? `已超时 ${span}` : `overdue ${span}`;
}
