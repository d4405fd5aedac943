// For the webhook tests: a receiver (a real HTTP server on 127.0.0.1, port 0, recording every
// request and answering what the test says, by request number, so "fail once, then succeed" is a
// one-liner; closed by the Cleanup), and the records that give alerts.
import * as http from 'node:http';
import * as Y from 'yjs';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import type { WebhookConfig } from '../../../server/webhookConfig';
import { parseWebhookConfig } from '../../../server/webhookConfig';
import type { WebhookDispatcherOptions } from '../../../server/webhooks';
import { WebhookDispatcher } from '../../../server/webhooks';
import type { Cleanup } from './helpers';
import { memoryLogger, tempDir } from './helpers';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The raw body (signatures are computed over it). */
  readonly body: string;
}

export interface ReceiverAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` + the path given to `startReceiver`. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Parsed JSON body of request `index`. */
  json(index: number): Record<string, unknown>;
}

/** `answer(request, index)` decides each answer; index counts from 0. */
export async function startReceiver(
  cleanup: Cleanup,
  answer: (request: ReceivedRequest, index: number) => ReceiverAnswer,
  pathAndQuery = '/hook',
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.length;
      requests.push(request);
      const reply = answer(request, index);
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers }).end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.add(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('receiver has no port');
  return {
    url: `http://127.0.0.1:${address.port}${pathAndQuery}`,
    requests,
    json: (index) => JSON.parse(requests[index].body) as Record<string, unknown>,
  };
}

/** A sent emergency record, created `createdAt` (default now). */
export function emergencyRecord(id: string, createdAt = new Date().toISOString()): LiaisonRecord {
  return {
    id,
    kind: 'emergency',
    space: 'internal',
    title: '关于支付网关故障的紧急处理-运维部',
    fields: {
      sender: '王芳',
      recipients: ['运维部'],
      impact: '全部线上支付 all online payments',
      owner: '李明',
      recovery: '2030-06-01 18:00',
      priority: 'urgent',
      audience: ['运维部', '李明'],
    },
    body: '## 事件描述\n支付网关 502\n',
    createdBy: '王芳',
    createdAt,
    events: [{ id: `E-sent-${id}`, type: 'sent', actor: '王芳', at: createdAt }],
  };
}

/** An `escalated` event: to 张总, with a note saying why. */
export function escalatedEvent(id: string, at = new Date().toISOString()): RecordEvent {
  return {
    id,
    type: 'escalated',
    actor: 'liaison-bot',
    at,
    note: '超时 48 小时未处理，升级至部门负责人 overdue 48 h',
    to: ['张总'],
  } as RecordEvent;
}

/** One webhook of a config file's `webhooks` list, parsed. */
export function webhook(json: Record<string, unknown>): WebhookConfig {
  // The receivers are on loopback: allowed only when the config says so.
  return parseWebhookConfig({ webhooks: [{ name: 'test', allowPrivate: true, ...json }] })[0];
}

/** What DingTalk and Feishu answer for a message accepted. */
export const ok: ReceiverAnswer = { status: 200, body: '{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}' };

/** A started dispatcher of `config` (fast retries) in a temp data folder, attached to a new doc of space `internal`. */
export async function dispatcherFor(
  cleanup: Cleanup,
  config: WebhookConfig,
  extra: Partial<WebhookDispatcherOptions> = {},
): Promise<{ dispatcher: WebhookDispatcher; doc: Y.Doc; logger: ReturnType<typeof memoryLogger>; dataDir: string }> {
  const dataDir = await tempDir(cleanup);
  const logger = memoryLogger();
  const dispatcher = new WebhookDispatcher({ webhooks: [config], dataDir, logger, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...extra });
  cleanup.add(() => dispatcher.close());
  await dispatcher.start();
  const doc = new Y.Doc();
  cleanup.add(() => doc.destroy());
  cleanup.add(dispatcher.attach('internal', doc));
  return { dispatcher, doc, logger, dataDir };
}
