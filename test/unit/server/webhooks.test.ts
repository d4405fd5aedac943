// Webhooks with loopback receivers: the channel formats and signatures, and retries (the ledger
// and reloads are webhookLedger.test.ts).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendEvent, putRecord } from '../../../src/store/recordsDoc';
import type { WebhookConfig } from '../../../server/webhookConfig';
import type { Timers } from '../../../server/webhookAttempt';
import type { WebhookDispatcherOptions } from '../../../server/webhooks';
import { retryDelayMs } from '../../../server/webhookAttempt';
import { useCleanup, waitFor } from './helpers';
import { dispatcherFor, emergencyRecord, escalatedEvent, ok, startReceiver, webhook } from './webhookFixtures';

const SECRET = 'SEC-测试-secret-0123456789';

describe('webhooks: channel formats and signatures (loopback receivers)', () => {
  const cleanup = useCleanup();

  const setUp = (config: WebhookConfig, extra?: Partial<WebhookDispatcherOptions>): ReturnType<typeof dispatcherFor> =>
    dispatcherFor(cleanup, config, extra);

  it('posts a signed DingTalk markdown message; the signature checks out', async () => {
    const receiver = await startReceiver(cleanup, () => ok, '/robot/send?access_token=tok-123');
    const { doc } = await setUp(webhook({ format: 'dingtalk', url: receiver.url, secret: SECRET }));
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
    const { doc, dispatcher } = await setUp(webhook({ format: 'feishu', url: receiver.url, secret: SECRET, events: ['escalation'] }));
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
    const { doc, dispatcher } = await setUp(webhook({ format: 'generic', url: receiver.url, secret: SECRET, includeRecord: true }));
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
    const { doc } = await setUp(webhook({ format: 'dingtalk', url: receiver.url }));
    putRecord(doc, emergencyRecord('R-4'));
    await waitFor('one POST', () => receiver.requests.length === 1);
    const query = new URL(receiver.requests[0].url, 'http://x').searchParams;
    assert.equal(query.get('sign'), null);
    assert.equal(query.get('timestamp'), null);
  });
});

describe('webhooks: retries', () => {
  const cleanup = useCleanup();

  const setUp = (config: WebhookConfig, extra?: Partial<WebhookDispatcherOptions>): ReturnType<typeof dispatcherFor> =>
    dispatcherFor(cleanup, config, extra);

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
