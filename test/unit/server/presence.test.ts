import assert from 'node:assert/strict';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import WebSocket from 'ws';
import { freshAwarenessEntries } from '../../../server/presence';
import { Cleanup, startServer, stockClient, tempDir, waitFor } from './helpers';

interface AwarenessEntry {
  client: number;
  clock: number;
  state: unknown;
}

/** A bare connection without presence that records every awareness message it receives. */
function observer(cleanup: Cleanup, url: string): { messages: AwarenessEntry[][]; open: Promise<void> } {
  const ws = new WebSocket(url);
  const messages: AwarenessEntry[][] = [];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 1) return;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const entries: AwarenessEntry[] = [];
    const count = decoding.readVarUint(update);
    for (let i = 0; i < count; i++) {
      entries.push({
        client: decoding.readVarUint(update),
        clock: decoding.readVarUint(update),
        state: JSON.parse(decoding.readVarString(update)),
      });
    }
    messages.push(entries);
  });
  ws.on('error', () => undefined);
  cleanup.add(() => ws.terminate());
  return { messages, open: new Promise((resolve) => ws.once('open', () => resolve())) };
}

describe('SyncServer: presence', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  const presence = { batchMs: 30, renewMs: 300, keepAliveMs: 200 };

  it('merges renewals into one relay and changes into batches, and stock clients keep seeing everyone', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, presence });
    const clients = Array.from({ length: 8 }, (_, i) => {
      const client = stockClient(cleanup, url, 'internal');
      client.provider.awareness.setLocalState({ user: `成员${i}` });
      return client;
    });
    await waitFor('everyone sees everyone', () => clients.every((c) => c.provider.awareness.getStates().size === clients.length));
    const watch = observer(cleanup, `${url}/internal`);
    await watch.open;
    await waitFor("the observer got the room's presence", () => watch.messages.some((m) => m.length === clients.length));
    watch.messages.length = 0;

    // Each client renews its unchanged state, as stock clients do every 15 s.
    const renewed = new Map<number, number>();
    for (const client of clients) {
      const awareness = client.provider.awareness;
      awareness.setLocalState(awareness.getLocalState());
      renewed.set(awareness.clientID, awareness.meta.get(awareness.clientID)?.clock ?? -1);
    }
    const relayedClock = (client: number): number =>
      Math.max(
        -1,
        ...watch.messages
          .flat()
          .filter((e) => e.client === client)
          .map((e) => e.clock),
      );
    await waitFor('every renewal relayed', () => [...renewed].every(([client, clock]) => relayedClock(client) >= clock));
    const withEntries = watch.messages.filter((m) => m.length > 0);
    assert.ok(withEntries.length <= 2, `8 renewals arrived in ${withEntries.length} messages`);
    // The stock clients saw their peers' clocks advance, so none will time a peer out.
    const [first] = clients;
    for (const [client, clock] of renewed) {
      if (client !== first.doc.clientID)
        await waitFor('peer clock advanced', () => (first.provider.awareness.meta.get(client)?.clock ?? -1) >= clock);
    }

    // Changes are relayed without waiting for the renewal tick, merged per batch.
    watch.messages.length = 0;
    for (const client of clients.slice(0, 4)) client.provider.awareness.setLocalStateField('cursor', 42);
    await waitFor('changes seen by the others', () =>
      clients.every(
        (c) => [...c.provider.awareness.getStates().values()].filter((s) => (s as { cursor?: number }).cursor === 42).length === 4,
      ),
    );
    assert.ok(watch.messages.filter((m) => m.length > 0).length < 4, 'four changes were merged');

    // Someone leaves: the others drop their presence.
    const leaving = clients.pop();
    assert.ok(leaving);
    const id = leaving.doc.clientID;
    leaving.provider.destroy();
    await waitFor('the leaver is gone for everyone', () => clients.every((c) => !c.provider.awareness.getStates().has(id)));
  });

  it('sends an empty awareness message to a connection that would otherwise stay silent', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, presence });
    const watch = observer(cleanup, `${url}/quiet`);
    await watch.open;
    await waitFor('a keep-alive arrives', () => watch.messages.some((m) => m.length === 0), 3000);
  });
});

describe('freshAwarenessEntries', () => {
  it('keeps only entries y-protocols would apply, without parsing the others', () => {
    const server = new Awareness(new Y.Doc());
    server.setLocalState(null);
    const peer = new Awareness(new Y.Doc());
    peer.setLocalState({ user: 'a' }); // clock 1
    const first = encodeAwarenessUpdate(peer, [peer.clientID]);
    assert.equal(freshAwarenessEntries(server, first), first, 'all fresh: the update itself');
    applyAwarenessUpdate(server, first, null);
    assert.equal(freshAwarenessEntries(server, first), undefined, 'an echo is dropped');

    const other = new Awareness(new Y.Doc());
    other.setLocalState({ user: 'b' });
    other.setLocalState({ user: 'b', cursor: 1 }); // clock 2
    // One stale entry (peer, clock 1) and one fresh (other): a smaller update with the fresh one.
    const mixed = encodeAwarenessUpdate(peer, [peer.clientID]);
    const merged = new Uint8Array([2, ...mixed.subarray(1), ...encodeAwarenessUpdate(other, [other.clientID]).subarray(1)]);
    const fresh = freshAwarenessEntries(server, merged);
    assert.ok(fresh !== undefined && fresh.length < merged.length);
    applyAwarenessUpdate(server, fresh, null);
    assert.deepEqual(server.getStates().get(other.clientID), { user: 'b', cursor: 1 });

    // A removal at the same clock still counts (the client left).
    const removal = encodeAwarenessUpdate(peer, [peer.clientID], new Map());
    assert.notEqual(freshAwarenessEntries(server, removal), undefined);
    assert.throws(() => freshAwarenessEntries(server, new Uint8Array([3, 1])));
    for (const awareness of [server, peer, other]) awareness.destroy();
  });
});
