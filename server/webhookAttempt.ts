// One attempt to deliver an alert to a webhook, and what its answer means (webhooks.ts decides
// what follows). 2xx without a channel error code = delivered. Network errors, timeouts, 408, 429,
// 5xx and channel error codes (DingTalk errcode, Feishu code) are retried with exponential backoff
// and jitter (`retryDelayMs`; a longer Retry-After is honoured). Any other status (4xx, 3xx) is
// not retried: the answer's first bytes say why. Redirects are not followed.
import { errorText } from '../src/util/errors';
import type { Alert } from './alerts';
import type { WebhookConfig } from './webhookConfig';
import { channelError, deliveryId, prepareRequest } from './webhookFormats';

/** What the dispatcher needs of an HTTP response; `fetch`'s Response satisfies it. */
export interface HttpResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpPostInit {
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal: AbortSignal;
  readonly redirect: 'manual';
}

/** Sends one request; `fetch` satisfies it. Rejects on network errors and on abort. */
export type HttpPost = (url: string, init: HttpPostInit) => Promise<HttpResponseLike>;

/** Timers for retry scheduling and request timeouts, injected so tests need not wait. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface RetryPolicy {
  /** Delay after the first failure; doubled after each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts (the first included) before a delivery is given up; a webhook's `maxAttempts` wins. */
  readonly maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 10 * 60_000, maxAttempts: 12 };

export type Outcome = { ok: true } | { ok: false; retry: boolean; reason: string; retryAfterMs?: number };

/** Delay before attempt `failures + 1`: base·2^(failures−1), capped, times 0.75–1.25. */
export function retryDelayMs(failures: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(Math.min(policy.maxDelayMs, exponential * (0.75 + 0.5 * random())));
}

export interface AttemptContext {
  readonly post: HttpPost;
  readonly timers: Timers;
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly timeoutMs: number;
  /** Aborts the request (close, or a reload that removed the webhook). */
  readonly controller: AbortController;
}

/**
 * Posts `alert` to `webhook` (attempt number `attempt`); resolves with the outcome, or 'aborted'
 * when `controller` was aborted from outside (not by the timeout).
 */
export async function attemptDelivery(
  webhook: WebhookConfig,
  alert: Alert,
  attempt: number,
  context: AttemptContext,
): Promise<Outcome | 'aborted'> {
  const { controller, timers, timeoutMs } = context;
  let timedOut = false;
  const timeout = timers.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const request = prepareRequest(webhook, alert, { deliveryId: deliveryId(alert), attempt, nowMs: context.now() });
    const response = await context.post(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      redirect: 'manual',
    });
    const body = await response.text();
    return classify(webhook, response.status, body, retryAfterMs(response.headers.get('retry-after'), context.now()));
  } catch (error) {
    if (controller.signal.aborted && !timedOut) return 'aborted';
    return { ok: false, retry: true, reason: timedOut ? `no answer within ${timeoutMs} ms` : `network error: ${errorText(error)}` };
  } finally {
    timers.clearTimeout(timeout);
  }
}

/** Retry-After as milliseconds (seconds or an HTTP date), or undefined. */
function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** What a 2xx/3xx/4xx/5xx answer means for the delivery. */
function classify(webhook: WebhookConfig, status: number, body: string, retryAfter: number | undefined): Outcome {
  if (status >= 200 && status < 300) {
    const error = channelError(webhook.format, body);
    return error === undefined ? { ok: true } : { ok: false, retry: true, reason: `HTTP ${status} with ${error}` };
  }
  const reason = `HTTP ${status}${body.trim() === '' ? '' : `: ${excerpt(body)}`}`;
  if (status === 408 || status === 429 || status >= 500) return { ok: false, retry: true, reason, retryAfterMs: retryAfter };
  if (status >= 300 && status < 400)
    return { ok: false, retry: false, reason: `${reason} (a redirect: put the final address in the config)` };
  return { ok: false, retry: false, reason };
}
