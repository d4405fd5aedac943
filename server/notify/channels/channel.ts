// What every channel of the notifier does (email.ts, dingtalk.ts, feishu.ts, personalWebhook.ts),
// and the one way they call a JSON API over HTTP: with a timeout, no redirects, and errors that
// never carry the URL (DingTalk's token request has the app secret in its query, every message
// request the access token).
import { errorText } from '../../../src/util/errors';
import type { Outcome } from '../../webhookAttempt';
import type { Delivery } from '../notice';
import type { RenderedMessage } from '../notifyText';

export interface ChannelSender {
  /** Where it sends, for logs (never a secret). */
  readonly describe: string;
  /** One attempt. `signal` aborts it (close). Never rejects: every failure is an Outcome. */
  send(delivery: Delivery, message: RenderedMessage, signal: AbortSignal): Promise<Outcome>;
  close(): Promise<void>;
}

export interface JsonAnswer {
  readonly status: number;
  /** The body parsed, when it is a JSON object. */
  readonly json: Record<string, unknown> | undefined;
  /** The body's first 200 characters, flattened. */
  readonly excerpt: string;
  readonly retryAfterMs?: number;
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** Thrown for a request that got no answer; its message names no URL. */
export class NoAnswer extends Error {}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'liaison-server' };

/** One request; resolves with any answer, rejects with NoAnswer (network, timeout, abort). */
export async function requestJson(url: string, request: JsonRequest, signal: AbortSignal, timeoutMs: number): Promise<JsonAnswer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: request.method,
      headers:
        request.body === undefined
          ? { 'User-Agent': JSON_HEADERS['User-Agent'], ...request.headers }
          : { ...JSON_HEADERS, ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
    });
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) throw new NoAnswer(`no answer within ${timeoutMs} ms`);
    if (signal.aborted) throw new NoAnswer('aborted');
    throw new NoAnswer(`network error: ${errorText(error)}`);
  }
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  const retryAfter = response.headers.get('retry-after');
  return {
    status: response.status,
    json,
    excerpt: flat.length > 200 ? `${flat.slice(0, 200)}…` : flat,
    retryAfterMs: retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) * 1000 : undefined,
  };
}

/** What a failed HTTP status means: 408, 429 and 5xx are tried again; anything else is not. */
export function statusOutcome(answer: JsonAnswer, what: string): Outcome {
  const reason = `${what}: HTTP ${answer.status}${answer.excerpt === '' ? '' : `: ${answer.excerpt}`}`;
  if (answer.status === 408 || answer.status === 429 || answer.status >= 500)
    return { ok: false, retry: true, reason, retryAfterMs: answer.retryAfterMs };
  return { ok: false, retry: false, reason };
}

/** An attempt that got no answer: tried again. */
export function noAnswerOutcome(error: unknown, what: string): Outcome {
  return { ok: false, retry: true, reason: `${what}: ${errorText(error)}` };
}

/**
 * An access token (DingTalk's, Feishu's tenant token) kept until shortly before it expires, one
 * request at a time; `invalidate` when the API says it is no longer valid.
 */
export class TokenCache {
  private token: { value: string; until: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: (signal: AbortSignal) => Promise<{ value: string; expiresInSeconds: number }>,
    private readonly now: () => number,
  ) {}

  get(signal: AbortSignal): Promise<string> {
    const now = this.now();
    if (this.token !== undefined && this.token.until > now) return Promise.resolve(this.token.value);
    this.pending ??= this.fetchToken(signal)
      .then(({ value, expiresInSeconds }) => {
        // Renewed five minutes early (or at half its life when shorter).
        const life = Math.max(0, expiresInSeconds) * 1000;
        this.token = { value, until: this.now() + Math.max(life / 2, life - 5 * 60_000) };
        return value;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  invalidate(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }
}

/**
 * Calls an API with a token from `tokens`: when `rejected(answer)` says the token is no longer
 * valid, it is dropped, renewed and the call made once more. Resolves with the last answer, or
 * with the failure Outcome when no token or no answer was had (`what` names the API, `fix` the
 * config keys of the credentials).
 */
export async function callWithToken(
  tokens: TokenCache,
  signal: AbortSignal,
  labels: { readonly what: string; readonly fix: string },
  call: (token: string) => Promise<JsonAnswer>,
  rejected: (answer: JsonAnswer) => boolean,
): Promise<JsonAnswer | Outcome> {
  for (let round = 0; ; round++) {
    let token: string;
    try {
      token = await tokens.get(signal);
    } catch (error) {
      return { ok: false, retry: true, reason: `${labels.what} access token: ${(error as Error).message}; check ${labels.fix}` };
    }
    let answer: JsonAnswer;
    try {
      answer = await call(token);
    } catch (error) {
      return noAnswerOutcome(error, labels.what);
    }
    if (!rejected(answer)) return answer;
    tokens.invalidate(token);
    if (round > 0) return answer;
  }
}

/** Is `value` an Outcome (rather than an answer)? */
export function isOutcome(value: JsonAnswer | Outcome): value is Outcome {
  return 'ok' in value;
}
