// Where a person can be reached besides Liaison itself: the channel fields of a directory entry
// (`email`, and optionally `dingtalk` (DingTalk userid), `feishu` (Feishu user_id or open_id) and
// `webhook` (a personal webhook URL)), each checked. The directory's reader fills these fields;
// the team's server sends reminders, escalations and emergencies over them (server/notify/).
// Pure: nothing here sends.
import type { Localized } from './templates/types';

export type ChannelKind = 'email' | 'dingtalk' | 'feishu' | 'webhook';

/** In the order a non-urgent notice tries them: the first one the person has and the server can send on. */
export const CHANNEL_KINDS: readonly ChannelKind[] = ['dingtalk', 'feishu', 'webhook', 'email'];

/** The channel fields of a directory person (`Person` has them, or will). */
export interface PersonContact {
  readonly name: string;
  readonly email?: string;
  readonly dingtalk?: string;
  readonly feishu?: string;
  readonly webhook?: string;
}

export interface ChannelAddress {
  readonly channel: ChannelKind;
  readonly address: string;
}

export interface ChannelProblem {
  readonly channel: ChannelKind;
  /** What the directory holds (shown to whoever fixes it; a webhook URL is cut at its path, as it may carry a token). */
  readonly value: string;
  readonly reason: Localized;
}

export const CHANNEL_LABELS: Readonly<Record<ChannelKind, Localized>> = {
  email: { zh: '邮件', en: 'e-mail' },
  dingtalk: { zh: '钉钉', en: 'DingTalk' },
  feishu: { zh: '飞书', en: 'Feishu' },
  webhook: { zh: '个人 Webhook', en: 'personal webhook' },
};

// One address, no display name, no spaces; a dotted domain (a TLD of letters or an IDN).
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/u;
// DingTalk userids and Feishu user_id / open_id: letters, digits and a few marks.
const IM_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

/** Why `text` is not an e-mail address one can send to, or undefined when it is one. */
export function emailProblem(text: string): Localized | undefined {
  const value = text.trim();
  if (value.length > 254) return { zh: '地址超过 254 个字符', en: 'longer than 254 characters' };
  if (!EMAIL.test(value))
    return { zh: '不是邮件地址（应形如 li.ming@example.com）', en: 'not an e-mail address (write it as li.ming@example.com)' };
  if (value.split('@')[0].length > 64) return { zh: '@ 之前超过 64 个字符', en: 'more than 64 characters before the @' };
  return undefined;
}

function imProblem(text: string, what: Localized): Localized | undefined {
  if (IM_ID.test(text.trim())) return undefined;
  return {
    zh: `不是${what.zh}用户 ID（字母、数字、_ . @ -，最多 64 个）`,
    en: `not a ${what.en} user id (letters, digits, _ . @ -, at most 64)`,
  };
}

function webhookProblem(text: string): Localized | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { zh: '不是网址（应以 https:// 开头）', en: 'not a URL (start it with https://)' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { zh: `不支持 ${url.protocol}，请用 https://`, en: `${url.protocol} is not supported; use https://` };
  if (url.username !== '' || url.password !== '') return { zh: '网址不能带用户名或密码', en: 'must not carry a user name or password' };
  return undefined;
}

/** The part of a webhook URL that may be shown: scheme, host and path, never the query (tokens live there). */
export function webhookShown(text: string): string {
  try {
    const url = new URL(text.trim());
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** Every channel `person` gives, checked: the usable ones (in CHANNEL_KINDS order) and the refused ones with their reason. */
export function personChannels(person: PersonContact): { channels: ChannelAddress[]; problems: ChannelProblem[] } {
  const channels: ChannelAddress[] = [];
  const problems: ChannelProblem[] = [];
  for (const channel of CHANNEL_KINDS) {
    const raw = person[channel];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const address = raw.trim();
    const reason =
      channel === 'email'
        ? emailProblem(address)
        : channel === 'webhook'
          ? webhookProblem(address)
          : imProblem(address, CHANNEL_LABELS[channel]);
    if (reason === undefined) channels.push({ channel, address });
    else problems.push({ channel, value: channel === 'webhook' ? webhookShown(address) : address, reason });
  }
  return { channels, problems };
}
