import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { appendEvent, putRecord } from '../../../src/store/recordsDoc';
import type { WebhookConfig } from '../../../server/webhookConfig';
import { parseWebhookConfig } from '../../../server/webhookConfig';
import type { Timers } from '../../../server/webhookAttempt';
import type { WebhookDispatcherOptions } from '../../../server/webhooks';
import { retryDelayMs } from '../../../server/webhookAttempt';
import { WebhookDispatcher } from '../../../server/webhooks';
import { Cleanup, memoryLogger, tempDir, waitFor } from './helpers';
import type { ReceiverAnswer } from './webhookFixtures';
import { emergencyRecord, escalatedEvent, startReceiver } from './webhookFixtures';

const SECRET = 'SEC-测试-secret-0123456789';

function webhook(json: Record<string, unknown>): WebhookConfig {
  return parseWebhookConfig({ webhooks: [{ name: 'test', ...json }] })[0];
}

const ok: ReceiverAnswer = { status: 200, body: '{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}' };

describe('webhooks: channel formats and signatures (loopback receivers)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  async function dispatcherFor(
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

  it('posts a signed DingTalk markdown message; the signature checks out', async () => {
    const receiver = await startReceiver(cleanup, () => ok, '/robot/send?access_token=tok-123');
    const { doc } = await dispatcherFor(webhook({ format: 'dingtalk', url: receiver.url, secret: SECRET }));
    putRecord(doc, emergencyRecord('R-1'));
    await waitFor('one POST', () => receiver.requests.length === 1);

    const request = receiver.requests[0];
    assert.equal(request.method, 'POST');
    const query = new URL(request.url, 'http://x').searchParams;
    assert.equal(query.get('access_token'), 'tok-123');
    const timestamp = query.get('timestamp') ?? '';
    assert.match(timestamp, /^\d{13}$/, 'timestamp in milliseconds');
    assert.ok(Math.abs(Number(timestamp) - Date.now()) < 60_000);
    // DingTalk: base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), URL-encoded.
    const expected = createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64');
    assert.equal(query.get('sign'), expected);
    assert.ok(request.url.includes(`sign=${encodeURIComponent(expected)}`), request.url);
    const body = receiver.json(0) as { msgtype: string; markdown: { title: string; text: string } };
    assert.equal(body.msgtype, 'markdown');
    assert.match(body.markdown.title, /紧急.*关于支付网关故障的紧急处理-运维部/);
    assert.match(body.markdown.text, /影响范围 Impact\*\*: 全部线上支付/);
    assert.match(body.markdown.text, /负责人 Owner\*\*: 李明/);
    assert.match(body.markdown.text, /R-1/);
  });

  it('posts a signed Feishu card for an escalation; timestamp and sign are in the body', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200, body: '{"code":0,"msg":"success","data":{}}' }));
    const { doc, dispatcher } = await dispatcherFor(
      webhook({ format: 'feishu', url: receiver.url, secret: SECRET, events: ['escalation'] }),
    );
    const record = emergencyRecord('R-2');
    putRecord(doc, record);
    appendEvent(doc, 'R-2', escalatedEvent('E-esc-1'));
    await waitFor('one POST', () => receiver.requests.length === 1);
    await waitFor('delivered', () => dispatcher.stats().delivered === 1);

    const body = receiver.json(0) as {
      timestamp: string;
      sign: string;
      msg_type: string;
      card: { header: { title: { content: string } }; elements: { text: { content: string } }[] };
    };
    assert.match(body.timestamp, /^\d{10}$/, 'timestamp in seconds, as a string');
    assert.ok(Math.abs(Number(body.timestamp) - Date.now() / 1000) < 60);
    // Feishu: base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)).
    assert.equal(body.sign, createHmac('sha256', `${body.timestamp}\n${SECRET}`).update('').digest('base64'));
    assert.equal(body.msg_type, 'interactive');
    assert.match(body.card.header.title.content, /升级.*关于支付网关故障/);
    const text = body.card.elements[0].text.content;
    assert.match(text, /升级给 Escalated to\*\*: 张总/);
    assert.match(text, /超时 48 小时/);
    assert.match(text, /优先级 Priority\*\*: urgent/);
    assert.match(text, /空间 Space\*\*: internal/);
    // The emergency itself was not asked for (events: ["escalation"]).
    assert.equal(receiver.requests.length, 1);
  });

  it('posts generic JSON with X-Liaison-Signature (HMAC of the raw body), event and delivery id headers', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 204 }));
    const { doc, dispatcher } = await dispatcherFor(webhook({ format: 'generic', url: receiver.url, secret: SECRET }));
    putRecord(doc, emergencyRecord('R-3'));
    appendEvent(doc, 'R-3', escalatedEvent('E-esc-3'));
    await waitFor('two POSTs', () => receiver.requests.length === 2);
    await waitFor('both delivered', () => dispatcher.stats().delivered === 2);

    for (const request of receiver.requests) {
      const signature = `sha256=${createHmac('sha256', SECRET).update(request.body, 'utf8').digest('hex')}`;
      assert.equal(request.headers['x-liaison-signature'], signature);
      assert.match(String(request.headers['x-liaison-delivery']), /^[0-9a-f]{32}$/);
      assert.match(String(request.headers['content-type']), /^application\/json/);
    }
    const [first, second] = [receiver.json(0), receiver.json(1)];
    assert.equal(receiver.requests[0].headers['x-liaison-event'], 'emergency');
    assert.equal(first.event, 'emergency');
    assert.equal(first.space, 'internal');
    assert.equal(first.id, receiver.requests[0].headers['x-liaison-delivery']);
    assert.deepEqual(
      {
        id: (first.record as Record<string, unknown>).id,
        kind: (first.record as Record<string, unknown>).kind,
        priority: (first.record as Record<string, unknown>).priority,
        title: (first.record as Record<string, unknown>).title,
      },
      { id: 'R-3', kind: 'emergency', priority: 'urgent', title: '关于支付网关故障的紧急处理-运维部' },
    );
    assert.equal(first.escalation, undefined);
    assert.equal(receiver.requests[1].headers['x-liaison-event'], 'escalation');
    assert.equal(second.event, 'escalation');
    assert.deepEqual((second.escalation as Record<string, unknown>).to, ['张总']);
    assert.equal((second.escalation as Record<string, unknown>).eventId, 'E-esc-3');
    assert.notEqual(first.id, second.id);
  });

  it('sends no signature when no secret is set', async () => {
    const receiver = await startReceiver(cleanup, () => ok, '/robot/send?access_token=t');
    const { doc } = await dispatcherFor(webhook({ format: 'dingtalk', url: receiver.url }));
    putRecord(doc, emergencyRecord('R-4'));
    await waitFor('one POST', () => receiver.requests.length === 1);
    const query = new URL(receiver.requests[0].url, 'http://x').searchParams;
    assert.equal(query.get('sign'), null);
    assert.equal(query.get('timestamp'), null);
  });
});

describe('webhooks: retries', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  async function setUp(
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

  it('retries after a 500 and then delivers, with the same delivery id', async () => {
    const receiver = await startReceiver(cleanup, (_request, index) => (index === 0 ? { status: 500, body: 'boom' } : { status: 200 }));
    const { doc, dispatcher, logger, dataDir } = await setUp(webhook({ format: 'generic', url: receiver.url }));
    putRecord(doc, emergencyRecord('R-10'));
    await waitFor('delivered', () => dispatcher.stats().delivered === 1);
    assert.equal(receiver.requests.length, 2);
    assert.equal(receiver.requests[0].headers['x-liaison-delivery'], receiver.requests[1].headers['x-liaison-delivery']);
    assert.deepEqual([receiver.json(0).attempt, receiver.json(1).attempt], [1, 2]);
    assert.ok(
      logger.lines.some((line) => /attempt 1 of emergency of record R-10 .* failed: HTTP 500: boom; retrying/.test(line)),
      logger.lines.join('\n'),
    );
    assert.deepEqual(dispatcher.stats(), { delivered: 1, retried: 1, failed: 0, skippedOld: 0 });
    // The ledger: handled, nothing pending.
    await waitFor('ledger written', async () => {
      const ledger = JSON.parse(await readFile(join(dataDir, 'webhooks', 'internal.json'), 'utf8')) as {
        handled: string[];
        pending: unknown[];
      };
      return ledger.pending.length === 0 && ledger.handled.includes('emergency/R-10');
    });
  });

  it('retries a DingTalk answer of HTTP 200 with errcode 310000, then delivers', async () => {
    const receiver = await startReceiver(
      cleanup,
      (_request, index) => ({
        status: 200,
        body: index === 0 ? '{"errcode":310000,"errmsg":"sign not match"}' : '{"errcode":0,"errmsg":"ok"}',
      }),
      '/robot/send?access_token=t',
    );
    const { doc, dispatcher, logger } = await setUp(webhook({ format: 'dingtalk', url: receiver.url, secret: SECRET }));
    putRecord(doc, emergencyRecord('R-11'));
    await waitFor('delivered', () => dispatcher.stats().delivered === 1);
    assert.equal(receiver.requests.length, 2);
    assert.ok(
      logger.lines.some((line) => /errcode 310000: sign not match; retrying/.test(line)),
      logger.lines.join('\n'),
    );
  });

  it('does not retry a 400; logs the reason', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 400, body: '{"error":"bad payload"}' }));
    const { doc, dispatcher, logger } = await setUp(webhook({ format: 'generic', url: receiver.url }));
    putRecord(doc, emergencyRecord('R-12'));
    await waitFor('refused and dropped', () => dispatcher.stats().failed === 1 && dispatcher.pendingCount === 0);
    assert.equal(receiver.requests.length, 1);
    assert.equal(dispatcher.stats().retried, 0);
    assert.ok(
      logger.lines.some((line) => /^error .*R-12.* refused: HTTP 400: \{"error":"bad payload"\}; not retried/.test(line)),
      logger.lines.join('\n'),
    );
  });

  it('retries a network error (nothing listening) and a 429, and gives up after maxAttempts', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 429, body: 'slow down' }));
    const { doc, dispatcher, logger } = await setUp(webhook({ format: 'feishu', url: receiver.url, maxAttempts: 3 }));
    putRecord(doc, emergencyRecord('R-13'));
    await waitFor('given up', () => dispatcher.stats().failed === 1 && dispatcher.pendingCount === 0);
    assert.equal(receiver.requests.length, 3);
    assert.ok(
      logger.lines.some((line) => /gave up on emergency of record R-13 .* after 3 attempts; last: HTTP 429: slow down/.test(line)),
      logger.lines.join('\n'),
    );

    const refused = await setUp(webhook({ format: 'generic', url: 'http://127.0.0.1:1/nothing-here', maxAttempts: 2 }));
    putRecord(refused.doc, emergencyRecord('R-14'));
    await waitFor('given up', () => refused.dispatcher.stats().failed === 1);
    assert.equal(refused.dispatcher.stats().retried, 1);
    assert.ok(
      refused.logger.lines.some((line) => /network error/.test(line)),
      refused.logger.lines.join('\n'),
    );
  });

  it('backs off exponentially (1 s, 2 s, 4 s) on injected timers, without waiting for them', async () => {
    let clock = Date.now();
    const live = new Map<number, { callback: () => void; ms: number }>();
    const delays: number[] = [];
    let nextHandle = 1;
    const timers: Timers = {
      setTimeout: (callback, ms) => {
        const handle = nextHandle++;
        live.set(handle, { callback, ms });
        return handle;
      },
      clearTimeout: (handle) => {
        live.delete(handle as number);
      },
    };
    /** Fires the one live timer (the retry; a request's timeout is live only while it is in flight). */
    const fireRetry = (): void => {
      assert.equal(live.size, 1);
      const [[handle, timer]] = live;
      live.delete(handle);
      delays.push(timer.ms);
      clock += timer.ms;
      timer.callback();
    };
    const receiver = await startReceiver(cleanup, (_request, index) => (index < 3 ? { status: 503 } : { status: 200 }));
    const { doc, dispatcher } = await setUp(webhook({ format: 'generic', url: receiver.url }), {
      timers,
      now: () => clock,
      random: () => 0.5,
      retry: { baseDelayMs: 1000, maxDelayMs: 600_000 },
      timeoutMs: 60_000,
    });
    putRecord(doc, emergencyRecord('R-15'));
    for (let attempt = 1; attempt <= 4; attempt++) {
      await waitFor(`retry timer ${attempt} set`, () => live.size === 1 && receiver.requests.length === attempt - 1);
      fireRetry();
      await waitFor(
        `attempt ${attempt} answered`,
        () => receiver.requests.length === attempt && [...live.values()].every((timer) => timer.ms !== 60_000),
      );
    }
    await waitFor('delivered', () => dispatcher.stats().delivered === 1);
    assert.deepEqual(delays, [0, 1000, 2000, 4000]);
    assert.equal(live.size, 0, 'no timer left behind');
  });

  it('computes jittered, capped delays', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 10_000 };
    assert.equal(
      retryDelayMs(1, policy, () => 0),
      750,
    );
    assert.equal(
      retryDelayMs(1, policy, () => 0.999999),
      1250,
    );
    assert.equal(
      retryDelayMs(3, policy, () => 0.5),
      4000,
    );
    assert.equal(
      retryDelayMs(20, policy, () => 0.999999),
      10_000,
    );
  });
});

describe('webhooks: ledger (once per alert, across restarts)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('marks what a space already holds as posted the first time it is seen, posts only what comes after, never old alerts', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200 }));
    const dataDir = await tempDir(cleanup);
    const doc = new Y.Doc();
    cleanup.add(() => doc.destroy());
    putRecord(doc, emergencyRecord('R-old-1'));
    putRecord(doc, emergencyRecord('R-old-2'));
    appendEvent(doc, 'R-old-2', escalatedEvent('E-old'));
    const logger = memoryLogger();
    const dispatcher = new WebhookDispatcher({ webhooks: [webhook({ format: 'generic', url: receiver.url })], dataDir, logger });
    cleanup.add(() => dispatcher.close());
    await dispatcher.start();
    cleanup.add(dispatcher.attach('internal', doc));
    await waitFor('baseline logged', () =>
      logger.lines.some((line) => /first time for space "internal": 3 alerts already in it marked as posted/.test(line)),
    );
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000).toISOString();
    putRecord(doc, emergencyRecord('R-synced-late', twoDaysAgo));
    putRecord(doc, emergencyRecord('R-new'));
    await waitFor('the new one delivered', () => dispatcher.stats().delivered === 1);
    assert.equal(receiver.requests.length, 1);
    assert.equal((receiver.json(0).record as { id: string }).id, 'R-new');
    assert.equal(dispatcher.stats().skippedOld, 1);
  });

  it('posts an alert that reached the space while no dispatcher ran (a crash before the ledger was written)', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200 }));
    const dataDir = await tempDir(cleanup);
    const doc = new Y.Doc();
    cleanup.add(() => doc.destroy());
    const config = webhook({ format: 'generic', url: receiver.url });
    const first = new WebhookDispatcher({ webhooks: [config], dataDir });
    await first.start();
    const detach = first.attach('internal', doc);
    await waitFor('ledger created', async () =>
      readFile(join(dataDir, 'webhooks', 'internal.json'), 'utf8').then(
        () => true,
        () => false,
      ),
    );
    detach();
    await first.close();

    putRecord(doc, emergencyRecord('R-while-down'));
    const second = new WebhookDispatcher({ webhooks: [config], dataDir });
    cleanup.add(() => second.close());
    await second.start();
    cleanup.add(second.attach('internal', doc));
    await waitFor('posted', () => second.stats().delivered === 1);
    assert.equal((receiver.json(0).record as { id: string }).id, 'R-while-down');
  });

  it('keeps pending deliveries in the ledger across a restart and resumes them at start, space loaded or not', async () => {
    let up = false;
    const receiver = await startReceiver(cleanup, () => (up ? { status: 200 } : { status: 503 }));
    const dataDir = await tempDir(cleanup);
    const config = webhook({ format: 'generic', url: receiver.url });
    const doc = new Y.Doc();
    cleanup.add(() => doc.destroy());
    const first = new WebhookDispatcher({ webhooks: [config], dataDir, retry: { baseDelayMs: 3_600_000 } });
    await first.start();
    const detach = first.attach('internal', doc);
    putRecord(doc, emergencyRecord('R-20'));
    await waitFor('first attempt failed', () => first.stats().retried === 1);
    detach();
    await first.close();
    const ledger = JSON.parse(await readFile(join(dataDir, 'webhooks', 'internal.json'), 'utf8')) as {
      pending: { webhook: string; attempts: number; alert: { key: string } }[];
    };
    assert.deepEqual(
      ledger.pending.map((delivery) => [delivery.webhook, delivery.attempts, delivery.alert.key]),
      [['test', 1, 'emergency/R-20']],
    );

    up = true;
    // An hour later (the retry is due); the space is not loaded: start() alone resumes it.
    const second = new WebhookDispatcher({ webhooks: [config], dataDir, now: () => Date.now() + 3_600_000 * 1.5 });
    cleanup.add(() => second.close());
    await second.start();
    await waitFor('delivered after restart', () => second.stats().delivered === 1);
    assert.equal(receiver.requests.length, 2);
    assert.equal(receiver.json(1).attempt, 2);
    await second.close();
    const after = JSON.parse(await readFile(join(dataDir, 'webhooks', 'internal.json'), 'utf8')) as {
      pending: unknown[];
      handled: string[];
    };
    assert.deepEqual(after, { version: 1, space: 'internal', handled: ['emergency/R-20'], pending: [] });
  });

  it('moves an unreadable ledger aside and starts afresh without posting old alerts', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200 }));
    const dataDir = await tempDir(cleanup);
    await mkdir(join(dataDir, 'webhooks'));
    await writeFile(join(dataDir, 'webhooks', 'internal.json'), '{"version":1,"handled":[');
    const doc = new Y.Doc();
    cleanup.add(() => doc.destroy());
    putRecord(doc, emergencyRecord('R-30'));
    const logger = memoryLogger();
    const dispatcher = new WebhookDispatcher({ webhooks: [webhook({ format: 'generic', url: receiver.url })], dataDir, logger });
    cleanup.add(() => dispatcher.close());
    await dispatcher.start();
    cleanup.add(dispatcher.attach('internal', doc));
    putRecord(doc, emergencyRecord('R-31'));
    await waitFor('R-31 delivered', () => dispatcher.stats().delivered === 1);
    assert.equal((receiver.json(0).record as { id: string }).id, 'R-31');
    assert.ok(
      logger.lines.some((line) => /is unreadable .* moved to/.test(line)),
      logger.lines.join('\n'),
    );
    assert.ok((await readdir(join(dataDir, 'webhooks'))).some((name) => name.startsWith('internal.json.corrupt-')));
  });

  it('only posts for the spaces and events a webhook asks for', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200 }));
    const dataDir = await tempDir(cleanup);
    const [onlyOps] = parseWebhookConfig({
      webhooks: [{ name: 'ops', format: 'generic', url: receiver.url, spaces: ['ops'], events: ['emergency'] }],
    });
    const dispatcher = new WebhookDispatcher({ webhooks: [onlyOps], dataDir });
    cleanup.add(() => dispatcher.close());
    await dispatcher.start();
    const internal = new Y.Doc();
    const ops = new Y.Doc();
    cleanup.add(() => internal.destroy());
    cleanup.add(() => ops.destroy());
    cleanup.add(dispatcher.attach('internal', internal));
    cleanup.add(dispatcher.attach('ops', ops));
    putRecord(internal, emergencyRecord('R-internal'));
    putRecord(ops, emergencyRecord('R-ops-escalated'));
    appendEvent(ops, 'R-ops-escalated', escalatedEvent('E-ops'));
    putRecord(ops, emergencyRecord('R-ops'));
    await waitFor('two delivered', () => dispatcher.stats().delivered === 2);
    assert.deepEqual(
      receiver.requests.map((_request, index) => receiver.json(index).event),
      ['emergency', 'emergency'],
    );
    assert.deepEqual(receiver.requests.map((_request, index) => (receiver.json(index).record as { id: string }).id).sort(), [
      'R-ops',
      'R-ops-escalated',
    ]);
  });
});

describe('webhooks: reload (setWebhooks)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('a webhook newly covering a loaded space posts only what arrives afterwards, even where an older ledger exists', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200 }));
    const dataDir = await tempDir(cleanup);
    const config = webhook({ format: 'generic', url: receiver.url });
    const doc = new Y.Doc();
    cleanup.add(() => doc.destroy());
    const first = new WebhookDispatcher({ webhooks: [config], dataDir });
    await first.start();
    const detach = first.attach('internal', doc);
    putRecord(doc, emergencyRecord('R-1'));
    await waitFor('R-1 delivered', () => first.stats().delivered === 1);
    detach();
    await first.close();

    // Restarted without webhooks: the space loads unwatched, and an emergency arrives.
    const logger = memoryLogger();
    const second = new WebhookDispatcher({ webhooks: [], dataDir, logger });
    cleanup.add(() => second.close());
    await second.start();
    cleanup.add(second.attach('internal', doc));
    putRecord(doc, emergencyRecord('R-unwatched'));
    second.setWebhooks([config]);
    putRecord(doc, emergencyRecord('R-2'));
    await waitFor('R-2 delivered', () => second.stats().delivered === 1);
    assert.deepEqual(
      receiver.requests.map((_request, index) => (receiver.json(index).record as { id: string }).id),
      ['R-1', 'R-2'],
    );
    assert.ok(
      logger.lines.some((line) => /space "internal" newly covered by a reload/.test(line)),
      logger.lines.join('\n'),
    );
  });

  it('drops the pending deliveries a changed webhook no longer wants, and keeps the handled keys', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 503 }));
    const dataDir = await tempDir(cleanup);
    const logger = memoryLogger();
    const config = webhook({ format: 'generic', url: receiver.url });
    const dispatcher = new WebhookDispatcher({ webhooks: [config], dataDir, logger, retry: { baseDelayMs: 3_600_000 } });
    cleanup.add(() => dispatcher.close());
    await dispatcher.start();
    const doc = new Y.Doc();
    cleanup.add(() => doc.destroy());
    cleanup.add(dispatcher.attach('internal', doc));
    putRecord(doc, emergencyRecord('R-10'));
    await waitFor('first attempt failed', () => dispatcher.stats().retried === 1);
    assert.equal(dispatcher.pendingCount, 1);

    dispatcher.setWebhooks([webhook({ format: 'generic', url: receiver.url, spaces: ['ops'] })]);
    assert.equal(dispatcher.pendingCount, 0);
    assert.ok(
      logger.lines.some((line) => /"test" changed; its pending deliveries it no longer wants dropped: 1/.test(line)),
      logger.lines.join('\n'),
    );
    await waitFor('the ledger: R-10 handled, nothing pending', async () => {
      const ledger = JSON.parse(await readFile(join(dataDir, 'webhooks', 'internal.json'), 'utf8')) as {
        handled: string[];
        pending: unknown[];
      };
      return ledger.pending.length === 0 && ledger.handled.includes('emergency/R-10');
    });
    // Back to every space: the handled alert is not queued again.
    dispatcher.setWebhooks([config]);
    putRecord(doc, emergencyRecord('R-11'));
    await waitFor('R-11 tried', () => receiver.requests.length === 2);
    assert.deepEqual(
      receiver.requests.map((_request, index) => (receiver.json(index).record as { id: string }).id),
      ['R-10', 'R-11'],
    );
    assert.equal(dispatcher.pendingCount, 1);
  });
});
