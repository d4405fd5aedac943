// The keys of the server's config file (the access file, access.ts) for the notices it sends to
// each person (notifier.ts):
//
//   "email":    { "smtp": "smtp://user:pass@smtp.example.com:587",   smtps:// for TLS from the start;
//                 "from": "Liaison <liaison@example.com>" },           the sender of every mail
//   "dingtalk": { "appKey": "ding…", "appSecret": "…", "agentId": 123456789,
//                 "baseUrl": "https://oapi.dingtalk.com" },             optional (tests: a loopback endpoint)
//   "feishu":   { "appId": "cli_…", "appSecret": "…", "baseUrl": "https://open.feishu.cn" }
//
// Each key is optional: without it that channel is not used. Every problem reads
// `field: what is wrong; how to fix it`, and no message ever repeats a password or a secret (an
// SMTP URL that does not parse is not echoed at all). The file is reloaded as a whole
// (configWatcher.ts): a reload with a problem in these keys is refused, and the channels in force
// stay. `describeNotifyConfig` is what the logs show: user and host, never the password.
import { emailProblem } from '../../src/domain/personChannels';

export interface EmailConfig {
  /** The SMTP URL as written (it holds the password: never log it; use `describeSmtp`). */
  readonly smtp: string;
  /** `Liaison <liaison@example.com>` or a bare address. */
  readonly from: string;
  /** The address of `from` (its domain names every Message-ID). */
  readonly fromAddress: string;
}

export interface DingTalkConfig {
  readonly appKey: string;
  readonly appSecret: string;
  readonly agentId: number;
  /** Without a trailing slash. Default https://oapi.dingtalk.com. */
  readonly baseUrl: string;
}

export interface FeishuConfig {
  readonly appId: string;
  readonly appSecret: string;
  /** Without a trailing slash. Default https://open.feishu.cn. */
  readonly baseUrl: string;
}

export interface NotifyConfig {
  readonly email?: EmailConfig;
  readonly dingtalk?: DingTalkConfig;
  readonly feishu?: FeishuConfig;
}

export const DINGTALK_BASE_URL = 'https://oapi.dingtalk.com';
export const FEISHU_BASE_URL = 'https://open.feishu.cn';

function fail(field: string, problem: string): never {
  throw new Error(`${field}: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(raw: Record<string, unknown>, field: string, keys: readonly string[]): void {
  for (const key of Object.keys(raw))
    if (!keys.includes(key)) fail(`${field}.${key}`, `unknown key; the keys are ${keys.map((known) => `"${known}"`).join(', ')}`);
}

function text(raw: unknown, field: string, fix: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') fail(field, `expected a non-empty string; ${fix}`);
  return raw.trim();
}

/** A secret: checked for presence only; its value never appears in a message. */
function secret(raw: unknown, field: string, fix: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') fail(field, `expected a non-empty string (not shown here); ${fix}`);
  return raw.trim();
}

function baseUrl(raw: unknown, field: string, fallback: string): string {
  if (raw === undefined) return fallback;
  const value = text(raw, field, `the API address, e.g. "${fallback}"; leave it out for that one`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(field, `is not a URL (not shown: it may hold a token); write e.g. "${fallback}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(field, `"${url.protocol}" is not supported; use https://`);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    fail(field, 'give the address alone, without user, password, query or #');
  return value.replace(/\/+$/, '');
}

/** `smtp://user@host:port` (never the password). */
export function describeSmtp(smtp: string): string {
  try {
    const url = new URL(smtp);
    const port = url.port === '' ? (url.protocol === 'smtps:' ? '465' : '587') : url.port;
    return `${url.protocol}//${url.username === '' ? '' : `${decodeURIComponent(url.username)}@`}${url.hostname}:${port}`;
  } catch {
    return '(unparsable SMTP URL)';
  }
}

/** The address inside `Name <address>`, or the whole text. */
function addressOf(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match ? match[1] : from).trim();
}

function parseEmail(raw: unknown): EmailConfig {
  if (!isObject(raw))
    fail('email', 'expected an object like { "smtp": "smtp://user:pass@smtp.example.com:587", "from": "Liaison <liaison@example.com>" }');
  checkKeys(raw, 'email', ['smtp', 'from']);
  if (typeof raw.smtp !== 'string' || raw.smtp.trim() === '')
    fail('email.smtp', 'expected the SMTP server as a URL, e.g. "smtp://user:pass@smtp.example.com:587" (smtps:// for TLS from the start)');
  const smtp = raw.smtp.trim();
  let url: URL;
  try {
    url = new URL(smtp);
  } catch {
    // Not echoed: it may hold the password.
    fail(
      'email.smtp',
      'is not a URL (not shown, as it may hold a password); write "smtp://user:pass@host:port", with a % code for any @ : / in the password',
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    fail('email.smtp', `"${url.protocol}" is not supported; write smtp:// (STARTTLS when offered) or smtps:// (TLS from the start)`);
  if (url.hostname === '') fail('email.smtp', `${describeSmtp(smtp)} names no host; write "smtp://user:pass@host:port"`);
  if ((url.username === '') !== (url.password === ''))
    fail('email.smtp', `${describeSmtp(smtp)} has a user without a password or a password without a user; give both or neither`);
  if (url.pathname.replace(/\//g, '') !== '' || url.hash !== '')
    fail('email.smtp', `${describeSmtp(smtp)} has a path or #; give only user, password, host and port`);
  const from = text(raw.from, 'email.from', 'the sender of every mail, e.g. "Liaison <liaison@example.com>"');
  const fromAddress = addressOf(from);
  const problem = emailProblem(fromAddress);
  if (problem !== undefined) fail('email.from', `"${from}": ${problem.en}; write e.g. "Liaison <liaison@example.com>"`);
  return { smtp, from, fromAddress };
}

function parseDingTalk(raw: unknown): DingTalkConfig {
  if (!isObject(raw)) fail('dingtalk', 'expected an object like { "appKey": "…", "appSecret": "…", "agentId": 123456789 }');
  checkKeys(raw, 'dingtalk', ['appKey', 'appSecret', 'agentId', 'baseUrl']);
  const appKey = text(raw.appKey, 'dingtalk.appKey', 'the AppKey of your DingTalk app (开发者后台 → 应用 → 凭证与基础信息)');
  const appSecret = secret(raw.appSecret, 'dingtalk.appSecret', 'the AppSecret shown beside the AppKey');
  const agent = typeof raw.agentId === 'string' && /^\d+$/.test(raw.agentId.trim()) ? Number(raw.agentId) : raw.agentId;
  if (typeof agent !== 'number' || !Number.isSafeInteger(agent) || agent <= 0)
    fail('dingtalk.agentId', 'expected the AgentId of the app, a whole number such as 123456789');
  return { appKey, appSecret, agentId: agent, baseUrl: baseUrl(raw.baseUrl, 'dingtalk.baseUrl', DINGTALK_BASE_URL) };
}

function parseFeishu(raw: unknown): FeishuConfig {
  if (!isObject(raw)) fail('feishu', 'expected an object like { "appId": "cli_…", "appSecret": "…" }');
  checkKeys(raw, 'feishu', ['appId', 'appSecret', 'baseUrl']);
  const appId = text(raw.appId, 'feishu.appId', 'the App ID of your Feishu app (开发者后台 → 凭证与基础信息), e.g. "cli_a1b2c3"');
  const appSecret = secret(raw.appSecret, 'feishu.appSecret', 'the App Secret shown beside the App ID');
  return { appId, appSecret, baseUrl: baseUrl(raw.baseUrl, 'feishu.baseUrl', FEISHU_BASE_URL) };
}

/** Reads the `email`, `dingtalk` and `feishu` keys of a parsed config file. Throws naming the field and the fix. */
export function parseNotifyConfig(json: unknown): NotifyConfig {
  if (!isObject(json)) return {};
  return {
    email: json.email === undefined ? undefined : parseEmail(json.email),
    dingtalk: json.dingtalk === undefined ? undefined : parseDingTalk(json.dingtalk),
    feishu: json.feishu === undefined ? undefined : parseFeishu(json.feishu),
  };
}

/** For logs: `email via smtp://liaison@smtp.example.com:587, dingtalk agent 123, feishu app cli_x`, or `no person channels`. */
export function describeNotifyConfig(config: NotifyConfig): string {
  const parts: string[] = [];
  if (config.email) parts.push(`email via ${describeSmtp(config.email.smtp)} from ${config.email.fromAddress}`);
  if (config.dingtalk) parts.push(`dingtalk agent ${config.dingtalk.agentId}`);
  if (config.feishu) parts.push(`feishu app ${config.feishu.appId}`);
  return parts.length === 0 ? 'no e-mail, DingTalk or Feishu configured' : parts.join(', ');
}

/** True when two configs send the same way (secrets included in the comparison, never in any output). */
export function sameNotifyConfig(a: NotifyConfig, b: NotifyConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
