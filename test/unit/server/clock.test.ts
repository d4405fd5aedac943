// The server keeps the clock (server/clock/): with nobody connected it appends the reminders and
// escalations the team policy asks for, as `Liaison`, with derived `fu:` ids, and never twice,
// however many times the rule runs, on the server and on two replicas at once.
import assert from 'node:assert/strict';
import type * as Y from 'yjs';
import { ServerClock } from '../../../server/clock/serverClock';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import { WorkCalendar } from '../../../src/domain/calendar';
import { Directory } from '../../../src/domain/directory';
import { SERVER_ACTOR, planEvents, planFollowUp } from '../../../src/domain/followUp';
import type { LiaisonRecord } from '../../../src/domain/record';
import { readDirectory } from '../../../src/store/directoryDoc';
import { appendEventOnce, findRecordMap, getRecord, putRecord } from '../../../src/store/recordsDoc';
import type * as YModule from 'yjs';
import { Cleanup, memoryLogger, readSpaceFromDisk, startServer, stockClient, tempDir, waitFor } from './helpers';
import { oldRequest, putClockRecords, writeClockDirectory } from './clockFixtures';

function followUps(record: LiaisonRecord | undefined): string[] {
  return (record?.events ?? []).filter((event) => event.type === 'reminded' || event.type === 'escalated').map((event) => event.id);
}

function rawIds(doc: Y.Doc, id: string): string[] {
  const events = (findRecordMap(doc, id) as YModule.Map<unknown>).get('events') as YModule.Array<{ id: string }>;
  return events.toArray().map((event) => event.id);
}

describe('the server clock (server/clock/)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('reminds and escalates records of a space nobody has open, as Liaison, once however many sweeps', async () => {
    const dataDir = await tempDir(cleanup);
    const now = new Date();
    const logger = memoryLogger();
    const { server } = await startServer(cleanup, { dataDir, idleUnloadMs: 20, logger });
    await server.change('internal', 'test', (doc) => putClockRecords(doc, now));
    const clock = new ServerClock({ server, logger, now: () => now });
    const first = await clock.sweep();
    assert.equal(first.spaces, 1);
    assert.equal(first.appended, 4, logger.lines.join('\n'));
    for (let i = 0; i < 20; i++) assert.equal((await clock.sweep()).appended, 0);
    await clock.close();
    await server.close();
    const doc = await readSpaceFromDisk(dataDir, 'internal');
    const request = getRecord(doc, 'R-old-1');
    assert.deepEqual(followUps(request), ['fu:R-old-1:respond:remind:1', 'fu:R-old-1:respond:escalate:1']);
    const [reminder, escalation] = request!.events.slice(1);
    assert.equal(reminder.actor, SERVER_ACTOR);
    assert.deepEqual(reminder.to, ['李明']);
    assert.deepEqual(escalation.to, ['张伟']);
    assert.equal(escalation.actor, SERVER_ACTOR);
    const notice = getRecord(doc, 'N-old-1');
    assert.deepEqual(followUps(notice), ['fu:N-old-1:respond:reach:1', 'fu:N-old-1:respond:escalate:1'], 'the reach check, then the head');
    assert.deepEqual(notice!.events[1].to, ['研发部'], 'everyone unread');
    assert.deepEqual(notice!.events[2].to, ['张伟']);
  });

  it('appends each follow-up exactly once when the server and two replicas evaluate the rule 1,000 times at once', async function () {
    this.timeout(60_000);
    const dataDir = await tempDir(cleanup);
    const now = new Date();
    const { server, url } = await startServer(cleanup, { dataDir });
    const a = stockClient(cleanup, url, 'internal');
    const b = stockClient(cleanup, url, 'internal');
    await waitFor('both synced', () => a.provider.synced && b.provider.synced);
    writeClockDirectory(a.doc);
    putRecord(a.doc, oldRequest('R-race', now));
    await waitFor('b has the record', () => getRecord(b.doc, 'R-race') !== undefined);
    const clock = new ServerClock({ server, logger: memoryLogger(), now: () => now });
    const calendar = new WorkCalendar(DEFAULT_POLICY.calendar);
    // An editor evaluating the rule as the author would offline: same rules, same derived ids.
    const evaluate = (doc: Y.Doc): void => {
      const record = getRecord(doc, 'R-race');
      if (!record) return;
      const directory = new Directory(readDirectory(doc));
      const plan = planFollowUp(record, DEFAULT_POLICY, calendar, { now: () => now }, { name: '王芳' }, (name) => directory.headOf(name));
      for (const event of planEvents(plan)) appendEventOnce(doc, 'R-race', event);
    };
    const rounds: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      rounds.push(clock.sweep());
      evaluate(a.doc);
      evaluate(b.doc);
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(rounds);
    // The server drops a copy two replicas appended at once (readers keep the first meanwhile).
    await clock.sweep();
    const expected = ['fu:R-race:respond:remind:1', 'fu:R-race:respond:escalate:1'];
    for (const doc of [a.doc, b.doc]) {
      await waitFor('the replica converged', () => rawIds(doc, 'R-race').filter((id) => id.startsWith('fu:')).length === 2, 10_000);
      assert.deepEqual(followUps(getRecord(doc, 'R-race')).sort(), [...expected].sort());
    }
    await server.useSpace('internal', async (doc) => {
      assert.deepEqual(
        rawIds(doc, 'R-race')
          .filter((id) => id.startsWith('fu:'))
          .sort(),
        [...expected].sort(),
        'stored once each',
      );
    });
    await clock.close();
  });
});
