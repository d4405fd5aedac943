import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { parseAccessConfig } from '../../../server/access';
import { ConnectionCounter, TokenBucket } from '../../../server/limits';
import { Cleanup, memoryLogger, rawConnect, startServer, stockClient, tempDir, waitFor } from './helpers';

const access = parseAccessConfig({
  users: [
    { name: 'zhang', token: 'zhang-token-0123456' },
    { name: 'li', token: 'li-token-0123456789' },
  ],
  spaces: [{ name: 'internal', members: ['zhang', 'li'] }],
});

describe('TokenBucket and ConnectionCounter', () => {
  it('allows a burst, then the sustained rate, as the clock advances', () => {
    let now = 1000;
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, () => now);
    const takes = (n: number): boolean[] => Array.from({ length: n }, () => bucket.take());
    assert.deepEqual(takes(6), [true, true, true, true, true, false]);
    now += 100; // one token back
    assert.deepEqual(takes(2), [true, false]);
    now += 10_000; // refills to the burst, not beyond
    assert.equal(takes(7).filter(Boolean).length, 5);
  });

  it('counts connections per user and releases them', () => {
    const counter = new ConnectionCounter(2);
    assert.equal(counter.acquire('a'), true);
    assert.equal(counter.acquire('a'), true);
    assert.equal(counter.acquire('a'), false);
    assert.equal(counter.acquire('b'), true);
    counter.release('a');
    assert.equal(counter.acquire('a'), true);
    assert.equal(counter.count('a'), 2);
  });
});

describe('SyncServer: limits', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it("refuses a user's connection over the limit with HTTP 429, before the upgrade, and frees the slot on close", async () => {
    const dataDir = await tempDir(cleanup);
    const { server, url } = await startServer(cleanup, { dataDir, access, maxConnectionsPerUser: 2 });
    const a = stockClient(cleanup, url, 'internal', 'zhang-token-0123456');
    const b = stockClient(cleanup, url, 'internal', 'zhang-token-0123456');
    await waitFor('two connections', () => a.provider.synced && b.provider.synced);
    assert.deepEqual(await rawConnect(`${url}/internal?token=zhang-token-0123456`), { status: 429, opened: false, messages: 0 });
    // Another user is not affected.
    assert.equal((await rawConnect(`${url}/internal?token=li-token-0123456789`)).opened, true);
    a.provider.destroy();
    await waitFor('a slot is free again', async () => (await rawConnect(`${url}/internal?token=zhang-token-0123456`)).opened);
    assert.ok(server.metrics.upgradesRefused.get('429') >= 1);
  });

  it('closes a connection that sends faster than the rate limit, and only that one', async () => {
    const dataDir = await tempDir(cleanup);
    const logger = memoryLogger();
    const { server, url } = await startServer(cleanup, { dataDir, logger, messageRate: { perSecond: 10, burst: 20 } });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);

    const flood = new WebSocket(`${url}/internal`);
    cleanup.add(() => flood.terminate());
    flood.on('error', () => undefined);
    let closed: { code: number; reason: string } | undefined;
    flood.on('close', (code, reason) => {
      closed = { code, reason: reason.toString() };
    });
    await new Promise((resolve) => flood.once('open', resolve));
    for (let i = 0; i < 100; i++) flood.send(new Uint8Array([3])); // query awareness, 100 times at once
    await waitFor('the flooder is closed', () => closed !== undefined);
    assert.deepEqual(closed, { code: 1008, reason: 'message rate limit exceeded' });
    assert.equal(server.metrics.connectionsClosed.get('rate_limited'), 1);
    assert.ok(logger.lines.some((line) => line.includes('message rate limit exceeded')));

    a.records.set('after', 'fine');
    await waitFor('the others still sync', () => b.records.get('after') === 'fine');
  });
});
