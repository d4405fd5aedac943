// How an alert is posted to each kind of channel, and how each channel says "failed".
//  - dingtalk: robot webhook, `{"msgtype":"markdown","markdown":{"title","text"}}`. With a secret,
//    `timestamp` (ms) and `sign` = base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`)) are
//    added to the URL's query (URL-encoded). It answers 200 with `{"errcode":0}`; any other errcode
//    is a failure (310000: signature or keyword check failed, 410100: sending too fast, …).
//  - feishu: custom bot webhook, `{"msg_type":"interactive","card":{…}}`. With a secret,
//    `timestamp` (s, a string) and `sign` = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`,
//    message = '')) go in the body. It answers `{"code":0}` (older bots `{"StatusCode":0}`).
//  - generic: `{id, event, space, at, sentAt, attempt, recordId, record?, escalation?, title, text}`
//    (`record`, the whole record, only with `"includeRecord": true`) with
//    headers `X-Liaison-Event` (emergency | escalation), `X-Liaison-Delivery` (the same id on every
//    attempt and across restarts: deduplicate on it) and, with a secret,
//    `X-Liaison-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`; any 2xx is success.
// Texts are Chinese first, then English. Nothing here does I/O.
import { createHash, createHmac } from 'node:crypto';
import type { Alert } from './alerts';
import type { WebhookConfig, WebhookFormat } from './webhookConfig';

export interface PreparedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface AttemptInfo {
  /** Same for every attempt of one alert (see `deliveryId`). */
  readonly deliveryId: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** Epoch milliseconds of this attempt (signing timestamps). */
  readonly nowMs: number;
}

/** The idempotency id of an alert: stable across attempts, restarts and webhooks; ASCII (a header value). */
export function deliveryId(alert: Pick<Alert, 'space' | 'key'>): string {
  return createHash('sha256').update(`${alert.space}\n${alert.key}`, 'utf8').digest('hex').slice(0, 32);
}

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export function genericSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** One line of a message: Chinese label, English label, value. */
type Line = readonly [string, string, string];

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The title and the labelled lines of an alert, shared by every format. */
export function alertMessage(alert: Alert): { title: string; lines: Line[] } {
  const { record } = alert;
  const kind = record.kindLabel === undefined ? record.kind : `${record.kindLabel.zh} ${record.kindLabel.en}`;
  const lines: Line[] = [];
  const add = (zh: string, en: string, value: string | undefined): void => {
    if (value !== undefined && oneLine(value) !== '') lines.push([zh, en, oneLine(value)]);
  };
  if (alert.kind === 'emergency') {
    add('影响范围', 'Impact', record.impact);
    add('负责人', 'Owner', record.owner);
    add('预计恢复', 'Expected recovery', record.recovery);
    add('发起人', 'Raised by', `${record.createdBy} · ${record.createdAt}`);
    add('接收人', 'Recipients', record.recipients?.join('、'));
  } else {
    const escalation = alert.escalation;
    add('升级给', 'Escalated to', escalation && escalation.to.length > 0 ? escalation.to.join('、') : (escalation?.note ?? '—'));
    if (escalation && escalation.to.length > 0) add('说明', 'Note', escalation.note);
    add('原因', 'Reason', escalation?.reason);
    add('升级人', 'By', escalation === undefined ? undefined : `${escalation.actor} · ${escalation.at}`);
    add('类型', 'Kind', kind);
    add('负责人', 'Owner', record.owner);
  }
  add('优先级', 'Priority', record.priority);
  add('空间', 'Space', alert.space);
  add('编号', 'Record', record.id);
  const tag = alert.kind === 'emergency' ? '【紧急 Emergency】' : '【升级 Escalation】';
  return { title: `${tag}${oneLine(record.title) || record.id}`, lines };
}

/**
 * `text` with every character DingTalk's markdown or Feishu's lark_md would act on replaced by
 * its full-width twin, so a title or value a member wrote shows as written and cannot plant a
 * link, an image, a heading or an @mention in the ops channel. (Neither channel documents a
 * backslash escape that works throughout; full-width forms render alike in every client.)
 */
export function neutralizeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]#<>~|&]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

function markdownLines(lines: readonly Line[]): string {
  return lines.map(([zh, en, value]) => `- **${zh} ${en}**: ${neutralizeMarkdown(value)}`).join('\n');
}

function withQuery(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

const jsonHeaders = { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'liaison-server' };

function dingtalkRequest(webhook: WebhookConfig, alert: Alert, info: AttemptInfo): PreparedRequest {
  const { title, lines } = alertMessage(alert);
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: { title, text: `#### ${neutralizeMarkdown(title)}\n\n${markdownLines(lines)}\n` },
  });
  const url =
    webhook.secret === undefined
      ? webhook.url
      : withQuery(webhook.url, { timestamp: String(info.nowMs), sign: dingtalkSign(webhook.secret, info.nowMs) });
  return { url, headers: { ...jsonHeaders }, body };
}

function feishuRequest(webhook: WebhookConfig, alert: Alert, info: AttemptInfo): PreparedRequest {
  const { title, lines } = alertMessage(alert);
  const card = {
    config: { wide_screen_mode: true },
    header: { template: alert.kind === 'emergency' ? 'red' : 'orange', title: { tag: 'plain_text', content: title } },
    elements: [
      {
        tag: 'div',
        text: { tag: 'lark_md', content: lines.map(([zh, en, value]) => `**${zh} ${en}**: ${neutralizeMarkdown(value)}`).join('\n') },
      },
    ],
  };
  const signed: Record<string, string> = {};
  if (webhook.secret !== undefined) {
    const seconds = Math.floor(info.nowMs / 1000);
    signed.timestamp = String(seconds);
    signed.sign = feishuSign(webhook.secret, seconds);
  }
  return { url: webhook.url, headers: { ...jsonHeaders }, body: JSON.stringify({ ...signed, msg_type: 'interactive', card }) };
}

function genericRequest(webhook: WebhookConfig, alert: Alert, info: AttemptInfo): PreparedRequest {
  const { title, lines } = alertMessage(alert);
  const body = JSON.stringify({
    id: info.deliveryId,
    event: alert.kind,
    space: alert.space,
    at: alert.at,
    sentAt: new Date(info.nowMs).toISOString(),
    attempt: info.attempt,
    recordId: alert.record.id,
    // The whole record only when asked for: by default what the channels are told, no more.
    ...(webhook.includeRecord ? { record: alert.record } : {}),
    ...(alert.escalation === undefined ? {} : { escalation: alert.escalation }),
    title,
    text: lines.map(([zh, en, value]) => `${zh} ${en}: ${value}`).join('\n'),
  });
  const headers: Record<string, string> = { ...jsonHeaders, 'X-Liaison-Event': alert.kind, 'X-Liaison-Delivery': info.deliveryId };
  if (webhook.secret !== undefined) headers['X-Liaison-Signature'] = genericSignature(webhook.secret, body);
  return { url: webhook.url, headers, body };
}

/** The HTTP POST for one attempt of one alert to one webhook. */
export function prepareRequest(webhook: WebhookConfig, alert: Alert, info: AttemptInfo): PreparedRequest {
  switch (webhook.format) {
    case 'dingtalk':
      return dingtalkRequest(webhook, alert, info);
    case 'feishu':
      return feishuRequest(webhook, alert, info);
    case 'generic':
      return genericRequest(webhook, alert, info);
  }
}

/**
 * The error a channel reports inside a 2xx answer (DingTalk `errcode`, Feishu `code` or
 * `StatusCode`), or undefined when it reports none. A body that is not JSON reports none.
 */
export function channelError(format: WebhookFormat, body: string): string | undefined {
  if (format === 'generic') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const answer = json as Record<string, unknown>;
  const [code, message] =
    format === 'dingtalk'
      ? [answer.errcode, answer.errmsg]
      : answer.code !== undefined
        ? [answer.code, answer.msg]
        : [answer.StatusCode, answer.StatusMessage];
  if (code === undefined || code === 0 || code === '0') return undefined;
  return `${format === 'dingtalk' ? 'errcode' : 'code'} ${String(code)}${typeof message === 'string' ? `: ${message}` : ''}`;
}
