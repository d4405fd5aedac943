// The senders of a config: one per channel the server can send on (a personal webhook needs no
// config, so it is always there).
import type { ChannelKind } from '../../../src/domain/personChannels';
import type { NotifyConfig } from '../notifyConfig';
import type { ChannelSender } from './channel';
import { DingTalkChannel } from './dingtalk';
import { EmailChannel } from './email';
import { FeishuChannel } from './feishu';
import { PersonalWebhookChannel } from './personalWebhook';

export function buildSenders(config: NotifyConfig, now: () => number, timeoutMs: number): Map<ChannelKind, ChannelSender> {
  const senders = new Map<ChannelKind, ChannelSender>();
  if (config.email) senders.set('email', new EmailChannel(config.email, timeoutMs));
  if (config.dingtalk) senders.set('dingtalk', new DingTalkChannel(config.dingtalk, now, timeoutMs));
  if (config.feishu) senders.set('feishu', new FeishuChannel(config.feishu, now, timeoutMs));
  senders.set('webhook', new PersonalWebhookChannel(timeoutMs));
  return senders;
}
