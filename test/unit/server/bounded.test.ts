// Issue 13, findings 1 and 7, against `liaison serve` as a child process: what one connection can
// make the server hold is bounded (unsent output, presence, state streams, pending updates), and
// presence is tied to the connection that announced it.
import assert from 'node:assert/strict';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Cleanup, stockClient, tempDir, waitFor } from './helpers';
import {
  awarenessFrame,
  bareClient,
  metric,
  pauseReading,
  queryAwarenessFrame,
  residentBytes,
  sendNow,
  syncFrame,
  waitForMetric,
  writeAccess,
} from './hostileClients';
import { startCliServer } from './processes';

const zhang = { name: 'zhang', token: 'zhang-token-0123456789' };
const li = { name: 'li', token: 'li-token-0123456789abc' };

/** Writes about `megabytes` MB into space `space` through a stock client and waits until it is on the server. */
async function fillSpace(cleanup: Cleanup, url: string, space: string, megabytes: number, token?: string): Promise<void> {
  const writer = stockClient(cleanup, url, space, token);
  await waitFor('writer synced', () => writer.provider.synced);
  const chunk = 'x'.repeat(100 * 1024);
  // One update per 100 KB record: under --max-update-bytes.
  for (let i = 0; i < megabytes * 10; i++) writer.records.set(`big${i}`, `${i}${chunk}`);
  const reader = stockClient(cleanup, url, space, token);
  await waitFor('the space reached the server', () => reader.records.size === megabytes * 10, 20_000);
}

/** An update of about `bytes` whose first struct depends on one the server never got. */
function updateWithMissingDependency(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, 'a');
  const before = Y.encodeStateVector(doc);
  text.insert(1, 'b'.repeat(bytes));
  return Y.encodeStateAsUpdate(doc, before);
}

describe('liaison serve: bounded memory per connection (issue 13)', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('closes a reader that stopped reading at its buffer limit; repeated sync step 1 and presence queries cost it, not the server', async () => {
    const dataDir = await tempDir(cleanup);
    const { child, url } = await startCliServer(cleanup, [
      '--data',
      dataDir,
      '--max-buffered-bytes',
      String(8 * 1024 * 1024),
      '--max-presence-bytes',
      String(3 * 1024 * 1024),
    ]);
    await fillSpace(cleanup, url, 'big', 2);
    const before = residentBytes(child.pid);

    const hostile = await bareClient(cleanup, `${url}/big`);
    await sendNow(hostile, awarenessFrame([{ client: 4242, clock: 1, state: { pad: 'p'.repeat(2 * 1024 * 1024) } }]));
    pauseReading(hostile);
    // A non-empty state vector (a client the space never saw): every such step 1 would be a new
    // stream of the whole 2 MB space, none of it from the cache.
    const vector = encodeVector(12345, 1);
    for (let i = 0; i < 250; i++) hostile.ws.send(syncFrame(0, vector));
    for (let i = 0; i < 250; i++) hostile.ws.send(queryAwarenessFrame);

    await waitForMetric(url, 'liaison_connections_closed_total{reason="output_overflow"}', (n) => n === 1);
    assert.ok((await metric(url, 'liaison_sync_steps_ignored_total')) >= 1, 'a second sync step 1 starts no second stream');
    const grown = residentBytes(child.pid) - before;
    assert.ok(grown < 200 * 1024 * 1024, `the server grew by ${Math.round(grown / 1048576)} MB (bound 200 MB)`);

    // The room is unharmed.
    const a = stockClient(cleanup, url, 'big');
    const b = stockClient(cleanup, url, 'big');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced, 20_000);
    a.records.set('after', 'ok');
    await waitFor('still relaying', () => b.records.get('after') === 'ok');
  });

  it('does not take a presence state over --max-presence-bytes, nor more client ids than a connection may announce', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startCliServer(cleanup, ['--data', dataDir, '--max-presence-clients', '2']);
    const observer = stockClient(cleanup, url, 'room');
    await waitFor('observer synced', () => observer.provider.synced);
    const hostile = await bareClient(cleanup, `${url}/room`);
    await sendNow(hostile, awarenessFrame([{ client: 901, clock: 1, state: { pad: 'p'.repeat(2 * 1024 * 1024) } }]));
    await waitForMetric(url, 'liaison_presence_refused_total{reason="too_large"}', (n) => n === 1);
    await sendNow(
      hostile,
      awarenessFrame([
        { client: 902, clock: 1, state: { user: 'a' } },
        { client: 903, clock: 1, state: { user: 'b' } },
        { client: 904, clock: 1, state: { user: 'c' } },
      ]),
    );
    await waitFor('the first two ids are seen', () => observer.provider.awareness.getStates().has(903));
    await waitForMetric(url, 'liaison_presence_refused_total{reason="too_many_clients"}', (n) => n === 1);
    const states = observer.provider.awareness.getStates();
    assert.equal(states.has(901), false, 'the 2 MiB state never reached anyone');
    assert.equal(states.has(904), false, 'a third client id is refused');
    assert.deepEqual(states.get(902), { user: 'a' });
  });

  it('closes a sender whose updates pile up pending past --max-pending-bytes, and drops them with the connection', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startCliServer(cleanup, ['--data', dataDir]);
    const a = stockClient(cleanup, url, 'room');
    const b = stockClient(cleanup, url, 'room');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);

    // One pending update, then the sender leaves: a fresh client gets none of it.
    const once = await bareClient(cleanup, `${url}/room`);
    await sendNow(once, syncFrame(2, updateWithMissingDependency(400 * 1024)));
    once.ws.close();
    await waitFor('the sender left', () => once.closed() !== undefined);
    const fresh = stockClient(cleanup, url, 'room');
    await waitFor('fresh client synced', () => fresh.provider.synced);
    assert.equal(fresh.doc.store.pendingStructs, null, 'nothing pending was handed on');

    // Forty of 400 KB: closed at the limit (4 MiB by default).
    const hostile = await bareClient(cleanup, `${url}/room`);
    for (let i = 0; i < 40 && hostile.closed() === undefined; i++) {
      await sendNow(hostile, syncFrame(2, updateWithMissingDependency(400 * 1024))).catch(() => undefined);
    }
    await waitFor('the hostile sender is closed', () => hostile.closed() !== undefined);
    assert.equal(hostile.closed(), 1008);
    assert.equal(await metric(url, 'liaison_connections_closed_total{reason="pending_limit"}'), 1);
    a.records.set('after', 'ok');
    await waitFor('the room still relays', () => b.records.get('after') === 'ok');
    const late = stockClient(cleanup, url, 'room');
    await waitFor('late client synced', () => late.provider.synced);
    assert.equal(late.doc.store.pendingStructs, null);
  });

  it("refuses presence announced for another connection's client id, and a read-only session's second id (finding 7)", async () => {
    const dir = await tempDir(cleanup);
    const config = await writeAccess(dir, 'room', [zhang], [li]);
    const { url } = await startCliServer(cleanup, ['--data', dir, '--config', config]);
    const writer = stockClient(cleanup, url, 'room', zhang.token);
    writer.provider.awareness.setLocalState({ user: 'zhang' });
    const observer = stockClient(cleanup, url, 'room', zhang.token);
    const victim = writer.doc.clientID;
    await waitFor(
      'the observer sees zhang',
      () => (observer.provider.awareness.getStates().get(victim) as { user?: string })?.user === 'zhang',
    );

    const reader = await bareClient(cleanup, `${url}/room?token=${li.token}`);
    const clock = (writer.provider.awareness.meta.get(victim)?.clock ?? 0) + 10;
    await sendNow(reader, awarenessFrame([{ client: victim, clock, state: { user: 'forged' } }]));
    await waitForMetric(url, 'liaison_presence_refused_total{reason="foreign_client"}', (n) => n === 1);
    await sendNow(
      reader,
      awarenessFrame([
        { client: 777, clock: 1, state: { user: 'li' } },
        { client: 778, clock: 1, state: { user: 'li again' } },
      ]),
    );
    await waitFor('the reader’s own presence is seen', () => observer.provider.awareness.getStates().has(777));
    await waitForMetric(url, 'liaison_presence_refused_total{reason="too_many_clients"}', (n) => n === 1);
    assert.deepEqual(observer.provider.awareness.getStates().get(victim), { user: 'zhang' });
    assert.equal(observer.provider.awareness.getStates().has(778), false);
  });
});

/** A state vector claiming `clock` of `client`. */
function encodeVector(client: number, clock: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
  return encoding.toUint8Array(encoder);
}
