import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { serveCommand } from '../../../src/cli/commands/serve';
import { appendEvent, hasRecord, putRecord, recordCount } from '../../../src/store/recordsDoc';
import { parseWebhookConfig } from '../../../server/webhookConfig';
import { WebhookDispatcher } from '../../../server/webhooks';
import { memoryLogger, rawConnect, startServer, stockClient, tempDir, useCleanup, waitFor } from './helpers';
import type { Receiver } from './webhookFixtures';
import { emergencyRecord, escalatedEvent, startReceiver } from './webhookFixtures';

const SECRET = 'whsec-端到端';

function signatureOf(body: string): string {
  return `sha256=${createHmac('sha256', SECRET).update(body, 'utf8').digest('hex')}`;
}

describe('webhooks end to end: real SyncServer, stock y-websocket clients, loopback receiver', () => {
  const cleanup = useCleanup();

  it('posts an emergency a client writes once, not again after a restart, then an escalation once', async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200 }));
    const dataDir = await tempDir(cleanup);
    const webhooks = parseWebhookConfig({
      webhooks: [{ name: 'ops', format: 'generic', url: receiver.url, allowPrivate: true, includeRecord: true, secret: SECRET }],
    });
    const serve = async (): Promise<{ dispatcher: WebhookDispatcher; close: () => Promise<void>; url: string }> => {
      const dispatcher = new WebhookDispatcher({ webhooks, dataDir, logger: memoryLogger() });
      cleanup.add(() => dispatcher.close());
      await dispatcher.start();
      const { server, url } = await startServer(cleanup, { dataDir, onSpaceLoaded: (name, doc) => dispatcher.attach(name, doc) });
      return {
        dispatcher,
        url,
        close: async () => {
          await server.close();
          await dispatcher.close();
        },
      };
    };

    const first = await serve();
    const a = stockClient(cleanup, first.url, 'internal');
    await waitFor('a synced', () => a.provider.synced);
    putRecord(a.doc, emergencyRecord('R-e2e-1'));
    await waitFor('the receiver got a POST', () => receiver.requests.length === 1);
    await waitFor('delivered', () => first.dispatcher.stats().delivered === 1);
    const post = receiver.requests[0];
    assert.equal(post.headers['x-liaison-signature'], signatureOf(post.body));
    assert.equal(post.headers['x-liaison-event'], 'emergency');
    assert.deepEqual([receiver.json(0).space, receiver.json(0).recordId], ['internal', 'R-e2e-1']);

    // Restart on the same data folder: the space loads with the emergency in it; nothing is re-posted.
    a.provider.destroy();
    await first.close();
    const second = await serve();
    const b = stockClient(cleanup, second.url, 'internal');
    await waitFor('b synced with the record', () => b.provider.synced && hasRecord(b.doc, 'R-e2e-1'));
    appendEvent(b.doc, 'R-e2e-1', escalatedEvent('E-e2e-esc'));
    // One queue per webhook, in order: a duplicate of the emergency (queued at load) would have
    // been delivered before the escalation.
    await waitFor('the escalation delivered', () => second.dispatcher.stats().delivered === 1);
    assert.equal(receiver.requests.length, 2);
    const escalation = receiver.json(1);
    assert.equal(escalation.event, 'escalation');
    assert.equal(receiver.requests[1].headers['x-liaison-signature'], signatureOf(receiver.requests[1].body));
    assert.deepEqual(escalation.escalation, {
      eventId: 'E-e2e-esc',
      actor: 'liaison-bot',
      at: (escalation.escalation as { at: string }).at,
      to: ['张总'],
      note: '超时 48 小时未处理，升级至部门负责人 overdue 48 h',
    });
    assert.equal((escalation.record as { title: string }).title, '关于支付网关故障的紧急处理-运维部');
    assert.deepEqual(second.dispatcher.stats(), { delivered: 1, retried: 0, failed: 0, skippedOld: 0 });
  });

  it('calls onSpaceLoaded once per load and its release once per unload (idle and close)', async () => {
    const dataDir = await tempDir(cleanup);
    const calls: string[] = [];
    const { server, url } = await startServer(cleanup, {
      dataDir,
      idleUnloadMs: 30,
      onSpaceLoaded: (name, doc) => {
        calls.push(`load ${name} ${recordCount(doc)}`);
        return () => calls.push(`unload ${name}`);
      },
    });
    const a = stockClient(cleanup, url, 'internal');
    await waitFor('a synced', () => a.provider.synced);
    putRecord(a.doc, emergencyRecord('R-1'));
    a.provider.disconnect();
    await waitFor('unloaded when idle', () => calls.length === 2);
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('b synced', () => b.provider.synced && hasRecord(b.doc, 'R-1'));
    await server.close();
    assert.deepEqual(calls, ['load internal 0', 'unload internal', 'load internal 1', 'unload internal']);
  });

  it('keeps serving a space whose onSpaceLoaded throws (logged)', async () => {
    const dataDir = await tempDir(cleanup);
    const logger = memoryLogger();
    const { url } = await startServer(cleanup, {
      dataDir,
      logger,
      onSpaceLoaded: () => {
        throw new Error('hook broke');
      },
    });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('synced', () => a.provider.synced && b.provider.synced);
    a.records.set('x', 1);
    await waitFor('relayed', () => b.records.get('x') === 1);
    assert.ok(
      logger.lines.some((line) => /onSpaceLoaded for space "internal" failed: hook broke/.test(line)),
      logger.lines.join('\n'),
    );
  });
});

describe('webhooks in `liaison serve` (in process)', () => {
  const cleanup = useCleanup();

  function io(stop: Promise<string>): { io: Parameters<typeof serveCommand.run>[1]; stdout: () => string } {
    let stdout = '';
    const sink = (append: (text: string) => void): Writable =>
      new Writable({
        write(chunk: Buffer, _encoding, done): void {
          append(chunk.toString());
          done();
        },
      });
    return {
      io: { stdout: sink((text) => (stdout += text)), stderr: sink(() => undefined), waitForStop: () => stop },
      stdout: () => stdout,
    };
  }

  /** Runs `liaison serve` on `config` until the test ends; its log (this process's stderr) is captured, not printed. */
  async function serveInProcess(dataDir: string, config: string): Promise<{ url: string; log: () => string; stop: () => Promise<number> }> {
    let stop = (_signal: string): void => undefined;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const { io: commandIo, stdout } = io(stopped);
    let log = '';
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array): boolean => {
      log += chunk.toString();
      return true;
    }) as typeof process.stderr.write;
    cleanup.add(() => {
      process.stderr.write = write;
    });
    const exit = serveCommand.run(['--port', '0', '--data', dataDir, '--config', config], commandIo);
    cleanup.add(async () => {
      stop('SIGTERM');
      await exit;
    });
    await waitFor('listening', () => stdout().includes('\n'));
    return {
      url: stdout().trim().split(' ').at(-1) ?? '',
      log: () => log,
      stop: () => {
        stop('SIGTERM');
        return exit;
      },
    };
  }

  /** The record ids a receiver was posted, in order. */
  function postedIds(receiver: Receiver): string[] {
    return receiver.requests.map((_request, index) => receiver.json(index).recordId as string);
  }

  const access = { users: [{ name: 'wang', token: 'wang-token-0123456' }], spaces: [{ name: 'internal', members: ['wang'] }] };

  it('refuses to start on a bad webhooks entry, naming the file, the field and the fix', async () => {
    const dir = await tempDir(cleanup);
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ ...access, webhooks: [{ name: 'ops', format: 'dingtalk', url: 'not a url' }] }));
    const { io: commandIo } = io(new Promise(() => undefined));
    await assert.rejects(serveCommand.run(['--port', '0', '--data', join(dir, 'data'), '--config', config], commandIo), {
      message: new RegExp(
        `^serve: --config ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: webhooks\\[0\\]\\.url: is not a URL \\(not shown: it may hold a token\\); give the full address starting with https://`,
      ),
    });
  });

  it("posts an emergency from the config file's webhooks, and stops cleanly", async () => {
    const receiver = await startReceiver(cleanup, () => ({ status: 200, body: '{"code":0}' }));
    const dir = await tempDir(cleanup);
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        ...access,
        webhooks: [{ name: 'ops-feishu', format: 'feishu', url: receiver.url, allowPrivate: true, secret: SECRET, spaces: ['internal'] }],
      }),
    );
    const server = await serveInProcess(join(dir, 'data'), config);
    const client = stockClient(cleanup, server.url, 'internal', 'wang-token-0123456');
    await waitFor('synced', () => client.provider.synced);
    putRecord(client.doc, emergencyRecord('R-serve'));
    await waitFor('posted', () => receiver.requests.length === 1);
    const body = receiver.json(0) as { timestamp: string; sign: string; msg_type: string };
    assert.equal(body.msg_type, 'interactive');
    assert.equal(body.sign, createHmac('sha256', `${body.timestamp}\n${SECRET}`).update('').digest('base64'));
    client.provider.destroy();
    assert.equal(await server.stop(), 0);
  });

  it('follows the config file: adds, changes and removes webhooks on reload; a bad webhooks section refuses the whole file', async () => {
    const first = await startReceiver(cleanup, () => ({ status: 200 }));
    // ops's second address takes one POST, then answers 503 for good (a delivery left retrying).
    const second = await startReceiver(cleanup, (_request, index) => (index === 0 ? { status: 200 } : { status: 503 }));
    const audit = await startReceiver(cleanup, () => ({ status: 200 }));
    const dir = await tempDir(cleanup);
    const dataDir = join(dir, 'data');
    const config = join(dir, 'config.json');
    const users = [
      { name: 'wang', token: 'wang-token-0123456' },
      { name: 'li', token: 'li-token-01234567' },
    ];
    const both = { users, spaces: [{ name: 'internal', members: ['wang', 'li'] }] };
    const rewrite = (webhooks: unknown[], accessPart: object = both): Promise<void> =>
      writeFile(config, JSON.stringify({ ...accessPart, webhooks }));
    await rewrite([]);
    const server = await serveInProcess(dataDir, config);
    const wang = stockClient(cleanup, server.url, 'internal', 'wang-token-0123456');
    const li = stockClient(cleanup, server.url, 'internal', 'li-token-01234567');
    await waitFor('synced', () => wang.provider.synced && li.provider.synced);
    // Before any webhook: never posted, not even once one is added.
    putRecord(wang.doc, emergencyRecord('R-before'));
    await waitFor('R-before reached the server', () => hasRecord(li.doc, 'R-before'));

    // Added: the space, loaded while no webhook existed, is watched from now on.
    await rewrite([{ name: 'ops', format: 'generic', url: first.url, allowPrivate: true }]);
    await waitFor('reload logged', () => server.log().includes('config reloaded (file changed): 2 users, 1 spaces; webhooks +ops\n'));
    putRecord(wang.doc, emergencyRecord('R-1'));
    await waitFor('ops got R-1', () => first.requests.length === 1, 10000);

    // Changed url, and a new webhook: the next alert goes to the new address only; the new
    // webhook gets what arrives from now on, nothing delivered before.
    await rewrite([
      { name: 'ops', format: 'generic', url: second.url, allowPrivate: true },
      { name: 'audit', format: 'generic', url: audit.url, allowPrivate: true },
    ]);
    await waitFor('reload logged', () => server.log().includes('; webhooks +audit ~ops\n'));
    putRecord(wang.doc, emergencyRecord('R-2'));
    await waitFor("R-2 at ops's new address and at audit", () => second.requests.length === 1 && audit.requests.length === 1, 10000);
    assert.deepEqual([postedIds(first), postedIds(second), postedIds(audit)], [['R-1'], ['R-2'], ['R-2']]);

    // Removed while a delivery to it is being retried: the delivery is dropped (logged, gone
    // from the ledger) and a later alert reaches audit, not ops.
    putRecord(wang.doc, emergencyRecord('R-3'));
    await waitFor('R-3 refused by ops, delivered to audit', () => second.requests.length >= 2 && audit.requests.length === 2, 10000);
    await rewrite([{ name: 'audit', format: 'generic', url: audit.url, allowPrivate: true }]);
    await waitFor('reload logged', () => server.log().includes('; webhooks -ops\n'));
    assert.match(server.log(), /webhooks: "ops" left the config; its pending deliveries dropped: 1\n/);
    putRecord(wang.doc, emergencyRecord('R-4'));
    await waitFor('audit got R-4', () => audit.requests.length === 3, 10000);
    await waitFor('the ledger: R-4 handled, nothing pending', async () => {
      const ledger = JSON.parse(await readFile(join(dataDir, 'webhooks', 'internal.json'), 'utf8')) as {
        handled: string[];
        pending: unknown[];
      };
      return ledger.handled.includes('emergency/R-4') && ledger.pending.length === 0;
    });
    assert.deepEqual(new Set(postedIds(second)), new Set(['R-2', 'R-3']));

    // A bad webhooks section: the whole file is refused, so its (valid) access section, which
    // drops li, is not applied either; audit keeps getting alerts.
    await rewrite([{ name: 'audit', format: 'generic', url: 'not a url' }], { users, spaces: [{ name: 'internal', members: ['wang'] }] });
    await waitFor('refusal logged', () =>
      /config NOT reloaded \(file changed\); keeping the access and webhooks in force: .*webhooks\[0\]\.url: is not a URL \(not shown/.test(
        server.log(),
      ),
    );
    putRecord(wang.doc, emergencyRecord('R-5'));
    await waitFor('audit got R-5', () => audit.requests.length === 4, 10000);
    assert.equal((await rawConnect(`${server.url}/internal?token=li-token-01234567`)).opened, true);
    assert.equal(li.provider.wsconnected, true);

    // Nothing was posted twice, nor anything from before its webhook existed.
    assert.deepEqual([postedIds(first), postedIds(audit)], [['R-1'], ['R-2', 'R-3', 'R-4', 'R-5']]);
    assert.equal(server.log().match(/config reloaded/g)?.length, 3);
    wang.provider.destroy();
    li.provider.destroy();
    assert.equal(await server.stop(), 0);
  });
});
