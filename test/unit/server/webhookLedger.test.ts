// Webhooks across restarts and reloads: the ledger posts each alert once, resumes pending
// deliveries, and a changed configuration posts only what it newly asks for.
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { appendEvent, putRecord } from '../../../src/store/recordsDoc';
import { parseWebhookConfig } from '../../../server/webhookConfig';
import { WebhookDispatcher } from '../../../server/webhooks';
import { memoryLogger, tempDir, useCleanup, waitFor } from './helpers';
import { emergencyRecord, escalatedEvent, startReceiver, webhook } from './webhookFixtures';

describe('webhooks: ledger (once per alert, across restarts)', () => {
  const cleanup = useCleanup();

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
    assert.equal(receiver.json(0).recordId, 'R-new');
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
    assert.equal(receiver.json(0).recordId, 'R-while-down');
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
    assert.equal(receiver.json(0).recordId, 'R-31');
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
      webhooks: [{ name: 'ops', format: 'generic', url: receiver.url, allowPrivate: true, spaces: ['ops'], events: ['emergency'] }],
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
    assert.deepEqual(receiver.requests.map((_request, index) => receiver.json(index).recordId).sort(), ['R-ops', 'R-ops-escalated']);
  });
});

describe('webhooks: reload (setWebhooks)', () => {
  const cleanup = useCleanup();

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
      receiver.requests.map((_request, index) => receiver.json(index).recordId),
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
      receiver.requests.map((_request, index) => receiver.json(index).recordId),
      ['R-10', 'R-11'],
    );
    assert.equal(dispatcher.pendingCount, 1);
  });
});
