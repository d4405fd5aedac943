// DingTalk work notifications (工作通知) through the documented server API of an internal app:
//  1. GET  {baseUrl}/gettoken?appkey=…&appsecret=…  →  {"errcode":0,"access_token":"…","expires_in":7200}
//     (kept until five minutes before it expires; never logged: the URL holds the secret);
//  2. POST {baseUrl}/topapi/message/corpconversation/asyncsend_v2?access_token=…  with
//     {"agent_id":123,"userid_list":"user1","msg":{"msgtype":"markdown","markdown":{"title","text"}}}
//     or, with a link, {"msgtype":"action_card","action_card":{"title","markdown","single_title","single_url"}}
//     → {"errcode":0,"errmsg":"ok","task_id":…,"request_id":"…"}.
// DingTalk reports errors as `errcode` ≠ 0 inside an HTTP 200. 40014 (invalid token) and 42001
// (expired) get a new token and one more try at once; -1 (busy) and the rate limits (90002,
// 90006, 90018) are tried again later; every other code (33012 invalid userid, 40035 invalid
// parameter, 60011 no permission, 88 with its sub_code, …) is not, and is recorded with its code
// and message. The API has no idempotency key (see outboxLedger.ts).
import type { Outcome } from '../../webhookAttempt';
import type { DingTalkConfig } from '../notifyConfig';
import type { Delivery } from '../notice';
import type { RenderedMessage } from '../notifyText';
import type { ChannelSender, JsonAnswer } from './channel';
import { TokenCache, callWithToken, isOutcome, requestJson, statusOutcome } from './channel';

const TOKEN_CODES = new Set([40014, 42001, 41001]);
const TRANSIENT_CODES = new Set([-1, 90002, 90006, 90018]);

function codeOf(answer: JsonAnswer): number | undefined {
  const code = answer.json?.errcode;
  const value = typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : code;
  return typeof value === 'number' ? value : undefined;
}

function errorOf(answer: JsonAnswer, code: number): string {
  const json = answer.json ?? {};
  const sub =
    json.sub_code !== undefined ? ` (sub_code ${String(json.sub_code)}${typeof json.sub_msg === 'string' ? `: ${json.sub_msg}` : ''})` : '';
  return `errcode ${code}${typeof json.errmsg === 'string' ? `: ${json.errmsg}` : ''}${sub}`;
}

export class DingTalkChannel implements ChannelSender {
  readonly describe: string;
  private readonly tokens: TokenCache;

  constructor(
    private readonly config: DingTalkConfig,
    now: () => number,
    private readonly timeoutMs: number,
  ) {
    this.describe = `DingTalk agent ${config.agentId} at ${config.baseUrl}`;
    this.tokens = new TokenCache((signal) => this.fetchToken(signal), now);
  }

  async send(delivery: Delivery, message: RenderedMessage, signal: AbortSignal): Promise<Outcome> {
    const msg =
      message.link === undefined
        ? { msgtype: 'markdown', markdown: { title: message.subject, text: message.markdown } }
        : {
            msgtype: 'action_card',
            action_card: { title: message.subject, markdown: message.markdown, single_title: message.linkLabel, single_url: message.link },
          };
    const body = { agent_id: this.config.agentId, userid_list: delivery.address, msg };
    const answer = await callWithToken(
      this.tokens,
      signal,
      { what: 'DingTalk', fix: 'dingtalk.appKey and dingtalk.appSecret' },
      (token) =>
        requestJson(
          `${this.config.baseUrl}/topapi/message/corpconversation/asyncsend_v2?access_token=${encodeURIComponent(token)}`,
          { method: 'POST', body },
          signal,
          this.timeoutMs,
        ),
      (reply) => TOKEN_CODES.has(codeOf(reply) ?? 0),
    );
    if (isOutcome(answer)) return answer;
    const code = codeOf(answer);
    if (answer.status < 200 || answer.status >= 300) return statusOutcome(answer, 'DingTalk');
    if (code === 0) return { ok: true };
    if (code === undefined) return { ok: false, retry: true, reason: `DingTalk answered without an errcode: ${answer.excerpt}` };
    const reason = `DingTalk ${errorOf(answer, code)}`;
    if (TOKEN_CODES.has(code) || TRANSIENT_CODES.has(code)) return { ok: false, retry: true, reason };
    return {
      ok: false,
      retry: false,
      reason: `${reason} (userid "${delivery.address}" of ${delivery.person}, agent ${this.config.agentId})`,
    };
  }

  async close(): Promise<void> {
    // Nothing is held open: each request is its own.
  }

  private async fetchToken(signal: AbortSignal): Promise<{ value: string; expiresInSeconds: number }> {
    const query = `appkey=${encodeURIComponent(this.config.appKey)}&appsecret=${encodeURIComponent(this.config.appSecret)}`;
    // requestJson's errors never carry the URL, which holds the secret.
    const answer = await requestJson(`${this.config.baseUrl}/gettoken?${query}`, { method: 'GET' }, signal, this.timeoutMs);
    const code = codeOf(answer);
    const token = answer.json?.access_token;
    if (answer.status !== 200 || code !== 0 || typeof token !== 'string' || token === '')
      throw new Error(`HTTP ${answer.status}, ${code === undefined ? 'no errcode' : errorOf(answer, code)}`);
    const expires = answer.json?.expires_in;
    return { value: token, expiresInSeconds: typeof expires === 'number' ? expires : 7200 };
  }
}
