// Feishu messages from an app's bot through the documented server API:
//  1. POST {baseUrl}/open-apis/auth/v3/tenant_access_token/internal  {"app_id","app_secret"}
//     → {"code":0,"tenant_access_token":"t-…","expire":7200}  (kept until five minutes before it expires);
//  2. POST {baseUrl}/open-apis/im/v1/messages?receive_id_type=user_id  (open_id for an id starting ou_)
//     headers Authorization: Bearer t-…, Content-Type: application/json; charset=utf-8,
//     body {"receive_id","msg_type":"interactive","content":"<the card as a JSON string>","uuid"}
//     → {"code":0,"msg":"success","data":{"message_id":"om_…"}}.
// `uuid` is the delivery's token: Feishu sends one message per uuid within an hour, so a repeat
// after a crash is dropped there. Feishu reports errors as `code` ≠ 0, in a 200 or in a 4xx.
// 99991661/99991663/99991668 (token missing, invalid, expired) get a new token and one more try
// at once; 99991400 and 230020 (rate limits) and 5xx are tried again later; any other code
// (230001 invalid receive_id, 230013 the user is outside the bot's availability, …) is not.
import type { Outcome } from '../../webhookAttempt';
import type { FeishuConfig } from '../notifyConfig';
import type { Delivery } from '../notice';
import { deliveryToken } from '../notice';
import type { RenderedMessage } from '../notifyText';
import type { ChannelSender, JsonAnswer } from './channel';
import { TokenCache, callWithToken, isOutcome, requestJson, statusOutcome } from './channel';

const TOKEN_CODES = new Set([99991661, 99991663, 99991668]);
const TRANSIENT_CODES = new Set([99991400, 230020]);

function codeOf(answer: JsonAnswer): number | undefined {
  const code = answer.json?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The interactive card: a header, the markdown, and a button for the link. */
export function feishuCard(delivery: Delivery, message: RenderedMessage): Record<string, unknown> {
  const urgent = delivery.notices.some((notice) => notice.urgent);
  const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content: message.markdown.replace(/^#### .*\n\n/, '') } }];
  if (message.link !== undefined)
    elements.push({
      tag: 'action',
      actions: [{ tag: 'button', text: { tag: 'plain_text', content: message.linkLabel }, type: 'primary', url: message.link }],
    });
  return {
    config: { wide_screen_mode: true },
    header: { template: urgent ? 'red' : 'blue', title: { tag: 'plain_text', content: message.subject } },
    elements,
  };
}

export class FeishuChannel implements ChannelSender {
  readonly describe: string;
  private readonly tokens: TokenCache;

  constructor(
    private readonly config: FeishuConfig,
    now: () => number,
    private readonly timeoutMs: number,
  ) {
    this.describe = `Feishu app ${config.appId} at ${config.baseUrl}`;
    this.tokens = new TokenCache((signal) => this.fetchToken(signal), now);
  }

  async send(delivery: Delivery, message: RenderedMessage, signal: AbortSignal): Promise<Outcome> {
    const idType = delivery.address.startsWith('ou_') ? 'open_id' : 'user_id';
    const body = {
      receive_id: delivery.address,
      msg_type: 'interactive',
      content: JSON.stringify(feishuCard(delivery, message)),
      uuid: deliveryToken(delivery.id),
    };
    const answer = await callWithToken(
      this.tokens,
      signal,
      { what: 'Feishu', fix: 'feishu.appId and feishu.appSecret' },
      (token) =>
        requestJson(
          `${this.config.baseUrl}/open-apis/im/v1/messages?receive_id_type=${idType}`,
          { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body },
          signal,
          this.timeoutMs,
        ),
      (reply) => TOKEN_CODES.has(codeOf(reply) ?? 0),
    );
    if (isOutcome(answer)) return answer;
    const code = codeOf(answer);
    if (answer.status >= 200 && answer.status < 300 && code === 0) return { ok: true };
    if (code === undefined)
      return answer.status >= 300
        ? statusOutcome(answer, 'Feishu')
        : { ok: false, retry: true, reason: `Feishu answered without a code: ${answer.excerpt}` };
    const reason = `Feishu code ${code}${typeof answer.json?.msg === 'string' ? `: ${answer.json.msg}` : ''} (HTTP ${answer.status})`;
    if (TOKEN_CODES.has(code) || TRANSIENT_CODES.has(code) || answer.status >= 500)
      return { ok: false, retry: true, reason, retryAfterMs: answer.retryAfterMs };
    return { ok: false, retry: false, reason: `${reason} (${idType} "${delivery.address}" of ${delivery.person})` };
  }

  async close(): Promise<void> {
    // Nothing is held open.
  }

  private async fetchToken(signal: AbortSignal): Promise<{ value: string; expiresInSeconds: number }> {
    const answer = await requestJson(
      `${this.config.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`,
      { method: 'POST', body: { app_id: this.config.appId, app_secret: this.config.appSecret } },
      signal,
      this.timeoutMs,
    );
    const token = answer.json?.tenant_access_token;
    if (codeOf(answer) !== 0 || typeof token !== 'string' || token === '')
      throw new Error(
        `HTTP ${answer.status}, code ${String(answer.json?.code)}${typeof answer.json?.msg === 'string' ? `: ${answer.json.msg}` : ''}`,
      );
    const expire = answer.json?.expire;
    return { value: token, expiresInSeconds: typeof expire === 'number' ? expire : 7200 };
  }
}
