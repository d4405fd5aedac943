// A reminder or escalation as the history reads it: "Reminded 李明 by e-mail at 14:20" /
// "14:20 通过邮件提醒了李明"; "Escalated to 张伟 by DingTalk at 09:05" / "09:05 通过钉钉升级给张伟";
// a notice's reach check says so. How each person was told is the event's `via` (written by the
// team's server, server/clock/); without it (an editor's reminder, or nobody reachable) the
// person was told in Liaison itself.
import { DEFAULT_CALENDAR } from '../domain/calendar';
import { SERVER_ACTOR, parseFollowUpId } from '../domain/followUp';
import type { ChannelKind } from '../domain/personChannels';
import { CHANNEL_LABELS } from '../domain/personChannels';
import type { RecordEvent } from '../domain/record';
import type { Language } from '../domain/templates/types';
import { displayTime } from '../domain/time';

function channelWords(channels: readonly string[], language: Language): string {
  const words = channels.map((channel) => CHANNEL_LABELS[channel as ChannelKind]?.[language] ?? channel);
  return words.join(language === 'zh' ? '和' : ' and ');
}

/** The people of the event, grouped by how they were told: [channels text, names]. */
function groups(event: RecordEvent, language: Language): { how: string; names: string[] }[] {
  const byHow = new Map<string, string[]>();
  for (const name of event.to ?? []) {
    const channels = event.via?.[name] ?? [];
    const how = channels.length > 0 ? channelWords(channels, language) : '';
    byHow.set(how, [...(byHow.get(how) ?? []), name]);
  }
  return [...byHow].map(([how, names]) => ({ how, names }));
}

/**
 * The history's sentence for a reminder or escalation the team's server made; undefined for any
 * other event (a person's own 催办 reads as their other actions do: "王芳 提醒 — 发给 研发部").
 */
export function followUpSentence(event: RecordEvent, language: Language, timeZone = DEFAULT_CALENDAR.timeZone): string | undefined {
  if ((event.type !== 'reminded' && event.type !== 'escalated') || event.actor !== SERVER_ACTOR) return undefined;
  const zh = language === 'zh';
  const time = displayTime(event.at, timeZone).slice(11);
  const reach = parseFollowUpId(event.id)?.kind === 'reach';
  const escalated = event.type === 'escalated';
  const parts = groups(event, language).map(({ how, names }) => {
    const who = names.join(zh ? '、' : ', ');
    if (zh) return `${how ? `通过${how}` : '在 Liaison 中'}${escalated ? '升级给' : '提醒了'}${who}`;
    return `${escalated ? `escalated to ${who}` : `reminded ${who}`} ${how ? `by ${how}` : 'in Liaison'}`;
  });
  if (parts.length === 0)
    return zh
      ? `${time} ${escalated ? '升级' : '提醒'}，无人可通知`
      : `${escalated ? 'Escalated' : 'Reminded'}, nobody to tell, at ${time}`;
  if (zh) return `${time} ${reach ? '触达检查：' : ''}${parts.join('；')}`;
  const text = parts.join('; ');
  return `${reach ? 'Reach check: ' : ''}${reach ? text : text.charAt(0).toUpperCase() + text.slice(1)} at ${time}`;
}
