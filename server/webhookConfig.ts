// The `webhooks` key of the server's config file (the same JSON as the access config, see
// access.ts): where the server posts emergencies and escalations.
//
//   "webhooks": [
//     { "name": "ops-dingtalk",            unique; names the channel in logs and in the ledger
//       "format": "dingtalk",              "dingtalk" (robot), "feishu" (custom bot) or "generic" (JSON)
//       "url": "https://oapi.dingtalk.com/robot/send?access_token=…",
//       "secret": "SEC…",                  optional: DingTalk/Feishu signing secret, or the HMAC key
//                                          of the generic format's X-Liaison-Signature header
//       "spaces": ["internal"],            optional: only these spaces (default: every space)
//       "events": ["emergency", "escalation"],  optional: default both
//       "maxAttempts": 12,                 optional: tries before a delivery is given up (1–100)
//       "includeRecord": false,            optional: the generic format sends the whole record (default: what the channels get)
//       "allowPrivate": false }            optional: allow a loopback, link-local or private address (privateAddress.ts)
//   ]
// A missing or empty `webhooks` key means no webhooks. Every problem is reported as
// `webhooks[i].field: what is wrong; how to fix it`; the server refuses to start on it, and a
// reload of the file with it is refused as a whole (configWatcher.ts). Unknown keys are errors
// too, so a typo ("secert") does not silently drop the signature. A webhook is known by its
// name: a reload that renames one removes the old webhook and adds a new one.
import { validateSpaceName } from '../src/store/localStore';
import { privateHostKind } from './privateAddress';

export type WebhookFormat = 'dingtalk' | 'feishu' | 'generic';
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['dingtalk', 'feishu', 'generic'];

/** What a webhook is told about: a new emergency record, or a new `escalated` event on any record. */
export type AlertKind = 'emergency' | 'escalation';
export const ALERT_KINDS: readonly AlertKind[] = ['emergency', 'escalation'];

export interface WebhookConfig {
  readonly name: string;
  readonly format: WebhookFormat;
  readonly url: string;
  readonly secret?: string;
  /** Undefined = every space. */
  readonly spaces?: ReadonlySet<string>;
  readonly events: ReadonlySet<AlertKind>;
  /** Undefined = the dispatcher's default. */
  readonly maxAttempts?: number;
  /** The generic format sends the whole record too. */
  readonly includeRecord: boolean;
  /** The URL may point at a loopback, link-local or private address. */
  readonly allowPrivate: boolean;
}

const KEYS = ['name', 'format', 'url', 'secret', 'spaces', 'events', 'maxAttempts', 'includeRecord', 'allowPrivate'];
const NAME_PATTERN = /^[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}._-]{0,63}$/u;

function fail(field: string, problem: string): never {
  throw new Error(`${field}: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Does `webhook` want alerts of `kind` from `space`? */
export function webhookWants(webhook: WebhookConfig, space: string, kind: AlertKind): boolean {
  return webhook.events.has(kind) && (webhook.spaces === undefined || webhook.spaces.has(space));
}

function parseUrl(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || raw.trim() === '')
    fail(field, 'expected the webhook address, e.g. "https://oapi.dingtalk.com/robot/send?access_token=…"');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(field, 'is not a URL (not shown: it may hold a token); give the full address starting with https://');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    fail(field, `"${url.protocol}" is not supported; use an https:// (or http://) address`);
  if (url.username !== '' || url.password !== '')
    fail(field, 'must not carry a user name or password; use "secret" to sign deliveries instead');
  return raw;
}

function parseSpaces(raw: unknown, field: string): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0)
    fail(field, 'expected a non-empty array of space names, e.g. ["internal"]; leave it out for every space');
  const spaces = new Set<string>();
  raw.forEach((entry, index) => {
    const problem = typeof entry === 'string' ? validateSpaceName(entry) : 'expected a string';
    if (problem !== undefined) fail(`${field}[${index}]`, `${JSON.stringify(entry)} is not a space name: ${problem}`);
    spaces.add(entry);
  });
  return spaces;
}

function parseEvents(raw: unknown, field: string): ReadonlySet<AlertKind> {
  if (raw === undefined) return new Set(ALERT_KINDS);
  if (!Array.isArray(raw) || raw.length === 0)
    fail(field, 'expected a non-empty array: ["emergency"], ["escalation"] or both; leave it out for both');
  const events = new Set<AlertKind>();
  raw.forEach((entry, index) => {
    if (!ALERT_KINDS.includes(entry as AlertKind))
      fail(`${field}[${index}]`, `${JSON.stringify(entry)} is not an event; use "emergency" or "escalation"`);
    events.add(entry as AlertKind);
  });
  return events;
}

function parseWebhook(raw: unknown, field: string): WebhookConfig {
  if (!isObject(raw)) fail(field, 'expected an object like { "name": "ops", "format": "dingtalk", "url": "https://…" }');
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) fail(`${field}.${key}`, `unknown key; the keys are ${KEYS.map((known) => `"${known}"`).join(', ')}`);
  }
  if (typeof raw.name !== 'string' || !NAME_PATTERN.test(raw.name)) {
    fail(
      `${field}.name`,
      'expected a name of 1–64 letters, digits, ".", "_" or "-" (starting with a letter or digit), e.g. "ops-dingtalk" or "运维群"',
    );
  }
  if (!WEBHOOK_FORMATS.includes(raw.format as WebhookFormat)) {
    fail(
      `${field}.format`,
      `expected one of ${WEBHOOK_FORMATS.map((format) => `"${format}"`).join(', ')}, got ${JSON.stringify(raw.format)}`,
    );
  }
  const url = parseUrl(raw.url, `${field}.url`);
  for (const key of ['includeRecord', 'allowPrivate'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean') fail(`${field}.${key}`, 'expected true or false; leave it out for false');
  }
  const allowPrivate = raw.allowPrivate === true;
  const hostKind = privateHostKind(new URL(url).hostname);
  if (!allowPrivate && hostKind !== undefined) {
    fail(`${field}.url`, `points at ${hostKind}; use the channel's public address, or add "allowPrivate": true if that is meant`);
  }
  if (raw.secret !== undefined && (typeof raw.secret !== 'string' || raw.secret === '')) {
    fail(`${field}.secret`, 'expected a non-empty string (the signing secret the channel shows you); leave it out to send unsigned');
  }
  if (
    raw.maxAttempts !== undefined &&
    (typeof raw.maxAttempts !== 'number' || !Number.isInteger(raw.maxAttempts) || raw.maxAttempts < 1 || raw.maxAttempts > 100)
  ) {
    fail(`${field}.maxAttempts`, 'expected a whole number from 1 to 100; leave it out for the default');
  }
  return {
    name: raw.name,
    format: raw.format as WebhookFormat,
    url,
    secret: raw.secret as string | undefined,
    spaces: parseSpaces(raw.spaces, `${field}.spaces`),
    events: parseEvents(raw.events, `${field}.events`),
    maxAttempts: raw.maxAttempts as number | undefined,
    includeRecord: raw.includeRecord === true,
    allowPrivate,
  };
}

/**
 * Reads the `webhooks` key of a parsed config file (the whole JSON object). Throws an Error
 * naming the offending field and the fix; no key (or an empty array) gives no webhooks.
 */
export function parseWebhookConfig(json: unknown): WebhookConfig[] {
  if (!isObject(json) || json.webhooks === undefined) return [];
  const raw = json.webhooks;
  if (!Array.isArray(raw)) fail('webhooks', 'expected an array of { "name", "format", "url" } objects');
  const webhooks = raw.map((entry, index) => parseWebhook(entry, `webhooks[${index}]`));
  const names = new Set<string>();
  webhooks.forEach((webhook, index) => {
    if (names.has(webhook.name)) fail(`webhooks[${index}].name`, `"${webhook.name}" appears twice; give every webhook its own name`);
    names.add(webhook.name);
  });
  return webhooks;
}

function sameSet<T>(a: ReadonlySet<T> | undefined, b: ReadonlySet<T> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && Array.from(a).every((entry) => b.has(entry));
}

/** True when two webhook entries say the same thing (every key compared). */
export function sameWebhook(a: WebhookConfig, b: WebhookConfig): boolean {
  return (
    a.name === b.name &&
    a.format === b.format &&
    a.url === b.url &&
    a.secret === b.secret &&
    a.maxAttempts === b.maxAttempts &&
    a.includeRecord === b.includeRecord &&
    a.allowPrivate === b.allowPrivate &&
    sameSet(a.spaces, b.spaces) &&
    sameSet(a.events, b.events)
  );
}

/** Names of the webhooks a config change adds, removes and changes, in config order. */
export interface WebhookChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

export function diffWebhooks(before: readonly WebhookConfig[], after: readonly WebhookConfig[]): WebhookChanges {
  const old = new Map(before.map((webhook) => [webhook.name, webhook]));
  const next = new Set(after.map((webhook) => webhook.name));
  return {
    added: after.filter((webhook) => !old.has(webhook.name)).map((webhook) => webhook.name),
    removed: before.filter((webhook) => !next.has(webhook.name)).map((webhook) => webhook.name),
    changed: after
      .filter((webhook) => {
        const previous = old.get(webhook.name);
        return previous !== undefined && !sameWebhook(previous, webhook);
      })
      .map((webhook) => webhook.name),
  };
}

/** For the reload log line: `webhooks +ops-feishu -old-hook ~dingtalk-main`, or `webhooks unchanged (2)`. */
export function describeWebhookChanges(changes: WebhookChanges, count: number): string {
  const parts = [
    ...changes.added.map((name) => `+${name}`),
    ...changes.removed.map((name) => `-${name}`),
    ...changes.changed.map((name) => `~${name}`),
  ];
  return parts.length === 0 ? `webhooks unchanged (${count})` : `webhooks ${parts.join(' ')}`;
}
