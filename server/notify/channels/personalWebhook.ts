// A person's own webhook (the directory's `webhook` field). Its format follows its address:
//  - https://oapi.dingtalk.com/robot/send?access_token=… : a DingTalk robot, markdown (errcode in a 200);
//  - https://open.feishu.cn/open-apis/bot/v2/hook/… (or larksuite.com): a Feishu bot, a card (code in a 200);
//  - anything else: JSON {id, person, subject, text, markdown, link?, notices} with the header
//    X-Liaison-Delivery (the same on every attempt: deduplicate on it); any 2xx is success.
// A robot with a signing secret cannot be used (the directory holds no secret): use its keyword
// or IP check instead. The URL is never logged (it carries the robot's token): only its host.
import type { Outcome } from '../../webhookAttempt';
import type { WebhookFormat } from '../../webhookConfig';
import { channelError } from '../../webhookFormats';
import type { Delivery } from '../notice';
import { deliveryToken } from '../notice';
import type { RenderedMessage } from '../notifyText';
import type { ChannelSender, JsonAnswer } from './channel';
import { noAnswerOutcome, requestJson, statusOutcome } from './channel';
import { feishuCard } from './feishu';

/** The format a personal webhook address speaks. */
export function webhookFormatOf(address: string): WebhookFormat {
  const url = new URL(address);
  if (url.hostname === 'oapi.dingtalk.com' && url.pathname.startsWith('/robot/send')) return 'dingtalk';
  if (/(^|\.)(feishu\.cn|larksuite\.com)$/.test(url.hostname) && url.pathname.includes('/bot/v2/hook/')) return 'feishu';
  return 'generic';
}

function bodyOf(format: WebhookFormat, delivery: Delivery, message: RenderedMessage): unknown {
  if (format === 'dingtalk') return { msgtype: 'markdown', markdown: { title: message.subject, text: message.markdown } };
  if (format === 'feishu') return { msg_type: 'interactive', card: feishuCard(delivery, message) };
  return {
    id: deliveryToken(delivery.id),
    person: delivery.person,
    subject: message.subject,
    text: message.text,
    markdown: message.markdown,
    ...(message.link === undefined ? {} : { link: message.link }),
    notices: delivery.notices,
  };
}

export class PersonalWebhookChannel implements ChannelSender {
  readonly describe = 'personal webhooks';

  constructor(private readonly timeoutMs: number) {}

  async send(delivery: Delivery, message: RenderedMessage, signal: AbortSignal): Promise<Outcome> {
    const format = webhookFormatOf(delivery.address);
    const what = `${delivery.person}'s webhook at ${new URL(delivery.address).host}`;
    let answer: JsonAnswer;
    try {
      answer = await requestJson(
        delivery.address,
        { method: 'POST', headers: { 'X-Liaison-Delivery': deliveryToken(delivery.id) }, body: bodyOf(format, delivery, message) },
        signal,
        this.timeoutMs,
      );
    } catch (error) {
      return noAnswerOutcome(error, what);
    }
    if (answer.status < 200 || answer.status >= 300) return statusOutcome(answer, what);
    const error = answer.json === undefined ? undefined : channelError(format, JSON.stringify(answer.json));
    return error === undefined ? { ok: true } : { ok: false, retry: true, reason: `${what}: HTTP ${answer.status} with ${error}` };
  }

  async close(): Promise<void> {
    // Nothing is held open.
  }
}
