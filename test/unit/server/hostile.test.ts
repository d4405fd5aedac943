import assert from 'node:assert/strict';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { Cleanup, memoryLogger, startServer, stockClient, tempDir, waitFor } from './helpers';

/** A bare connection that records how it was closed. */
function bareConnection(
  cleanup: Cleanup,
  url: string,
  options: WebSocket.ClientOptions = {},
): { ws: WebSocket; closed: () => number | undefined } {
  const ws = new WebSocket(url, options);
  let code: number | undefined;
  ws.on('close', (closeCode) => {
    code = closeCode;
  });
  ws.on('error', () => undefined);
  cleanup.add(() => ws.terminate());
  return { ws, closed: () => code };
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

describe('SyncServer: hostile and dead connections', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('closes only the connection that sent garbage, a truncated or a bogus sync message', async () => {
    const dataDir = await tempDir(cleanup);
    const logger = memoryLogger();
    const { url } = await startServer(cleanup, { dataDir, logger });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);

    const truncated = syncMessage(2, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])).slice(0, 6);
    const bogusUpdate = syncMessage(2, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    const frames: (Uint8Array | string)[] = [
      new Uint8Array([0xff, 0x13, 0x37, 0x00, 0xde, 0xad]),
      truncated,
      bogusUpdate,
      syncMessage(9, new Uint8Array([1])),
      new Uint8Array([]),
      'not binary',
    ];
    for (const frame of frames) {
      const bad = bareConnection(cleanup, `${url}/internal`);
      await new Promise((resolve) => bad.ws.once('open', resolve));
      bad.ws.send(frame);
      await waitFor(`server closes the connection that sent ${String(frame)}`, () => bad.closed() !== undefined);
      assert.equal(bad.closed(), 1007);
      a.records.set('after', String(frame));
      await waitFor('the other clients still sync', () => b.records.get('after') === String(frame));
    }
    assert.equal(a.provider.wsconnected && b.provider.wsconnected, true);
    assert.ok(logger.lines.filter((line) => line.includes('bad message')).length >= frames.length);
  });

  it('refuses a message larger than maxPayloadBytes without harming the room', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, maxPayloadBytes: 1024 });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);
    const big = bareConnection(cleanup, `${url}/internal`);
    await new Promise((resolve) => big.ws.once('open', resolve));
    big.ws.send(new Uint8Array(4096));
    await waitFor('oversized sender dropped', () => big.closed() !== undefined);
    assert.equal(big.closed(), 1009);
    a.records.set('still', 'ok');
    await waitFor('room unaffected', () => b.records.get('still') === 'ok');
  });

  it('drops a peer that stops answering pings', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, pingIntervalMs: 30 });
    const alive = stockClient(cleanup, url, 'internal');
    const dead = bareConnection(cleanup, `${url}/internal`, { autoPong: false });
    await waitFor('dead peer dropped', () => dead.closed() !== undefined);
    await waitFor('live client synced', () => alive.provider.synced);
    assert.equal(alive.provider.wsconnected, true);
  });
});
