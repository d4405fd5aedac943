// The file-backed notification ledger on a real folder: what each step leaves on disk is what a
// reopened outbox (a restarted server) sees.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileOutbox } from '../../../server/notify/fileOutbox';
import type { Delivery } from '../../../server/notify/notice';
import { deliveryIdOf } from '../../../server/notify/notice';
import type { NewEntry } from '../../../server/notify/outboxLedger';
import { Cleanup, memoryLogger, tempDir, waitFor } from './helpers';

const DAY = 24 * 60 * 60_000;

function delivery(recordId: string, person = '李明'): Delivery {
  const content = { space: 'internal', recordId, eventId: 'e1', at: new Date(0).toISOString() };
  return {
    id: deliveryIdOf(content, person, 'email'),
    channel: 'email',
    address: 'li.ming@example.com',
    person,
    language: 'zh',
    timeZone: 'Asia/Shanghai',
    notices: [{ ...content, kind: 'reminder', urgent: false, record: { title: 't', kind: 'internal-message', createdBy: '王芳' } }],
  };
}

function entry(recordId: string, nextAt = 1000, eventAt = 1000): NewEntry {
  return { delivery: delivery(recordId), nextAt, bundle: false, eventAt };
}

describe('notification outbox: the file ledger', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  async function open(
    dataDir: string,
    now = 1000,
    keepMs?: number,
  ): Promise<{ outbox: FileOutbox; logger: ReturnType<typeof memoryLogger> }> {
    const logger = memoryLogger();
    const outbox = new FileOutbox({ dataDir, logger, now: () => now, keepMs });
    await outbox.open();
    cleanup.add(() => outbox.close());
    return { outbox, logger };
  }

  it('adds an id once, claims what is due, and keeps every outcome across a reopen', async () => {
    const dataDir = await tempDir(cleanup);
    const { outbox } = await open(dataDir);
    assert.equal((await outbox.add([entry('R-1'), entry('R-2', 5000), entry('R-1')], 1000)).length, 2);
    assert.equal((await outbox.add([entry('R-1')], 1000)).length, 0);
    const claimed = await outbox.claim('me', 1000, 10, 60_000);
    assert.deepEqual(
      claimed.map((e) => [e.delivery.notices[0].recordId, e.state, e.nextAt]),
      [['R-1', 'sending', 61_000]],
    );
    assert.equal(await outbox.complete('someone else', claimed[0].delivery.id, 1, 1100), false);
    assert.equal(await outbox.complete('me', claimed[0].delivery.id, 1, 1100), true);
    assert.equal(await outbox.nextDue(), 5000);
    const [second] = await outbox.claim('me', 5000, 10, 60_000);
    assert.equal(await outbox.fail('me', second.delivery.id, 1, 'SMTP 550 no such mailbox', undefined, 5100), true);
    await outbox.close();

    const reopened = (await open(dataDir, 6000)).outbox;
    assert.deepEqual(await reopened.counts(), { pending: 0, sending: 0, sent: 1, failed: 1, bundled: 0 });
    assert.equal((await reopened.get(second.delivery.id))?.lastError, 'SMTP 550 no such mailbox');
    assert.equal((await reopened.add([entry('R-1'), entry('R-2')], 6000)).length, 0, 'known ids are never added again');
    assert.equal(await reopened.nextDue(), undefined);
  });

  it('ends the previous process’s leases on open: a send whose outcome is unknown is claimed again, with the same id', async () => {
    const dataDir = await tempDir(cleanup);
    const first = new FileOutbox({ dataDir, logger: memoryLogger(), now: () => 1000 });
    await first.open();
    cleanup.add(() => first.close());
    await first.add([entry('R-1')], 1000);
    const [claimed] = await first.claim('crashed', 1000, 10, 600_000);
    // No close(): the process died with the send under way.
    const { outbox, logger } = await open(dataDir, 2000);
    assert.match(
      logger.lines.join('\n'),
      /1 sends were under way when the server stopped; their outcome is unknown, so they are sent again with the same id/,
    );
    const [again] = await outbox.claim('me', 2000, 10, 60_000);
    assert.equal(again.delivery.id, claimed.delivery.id);
    assert.equal(
      await first.complete('crashed', claimed.delivery.id, 1, 2100).catch(() => false),
      true,
      'the dead process’s memory still says so',
    );
  });

  it('bundles claimed entries into one digest in one step, and refuses when a member’s lease is gone', async () => {
    const dataDir = await tempDir(cleanup);
    const { outbox } = await open(dataDir);
    await outbox.add([entry('R-1'), entry('R-2'), entry('R-3')], 1000);
    const claimed = await outbox.claim('me', 1000, 10, 60_000);
    const digest: NewEntry = { delivery: { ...delivery('R-1'), id: 'digest/email/x' }, nextAt: 1000, bundle: false, eventAt: 1000 };
    assert.equal(await outbox.bundle('other', digest, [claimed[0].delivery.id], 1000, 60_000), undefined);
    const made = await outbox.bundle('me', digest, [claimed[0].delivery.id, claimed[1].delivery.id], 1000, 60_000);
    assert.equal(made?.state, 'sending');
    await outbox.close();
    const reopened = (await open(dataDir, 1500)).outbox;
    assert.equal((await reopened.get(claimed[0].delivery.id))?.into, 'digest/email/x');
    assert.deepEqual(await reopened.counts(), { pending: 2, sending: 0, sent: 0, failed: 0, bundled: 2 });
  });

  it('drops a last line cut short, copies a journal with a damaged line aside, and forgets finished entries after keepMs', async () => {
    const dataDir = await tempDir(cleanup);
    const { outbox } = await open(dataDir);
    await outbox.add([entry('R-1'), entry('R-2')], 1000);
    const [done] = await outbox.claim('me', 1000, 1, 60_000);
    await outbox.complete('me', done.delivery.id, 1, 1000);
    await outbox.close();
    const file = join(dataDir, 'notify', 'outbox.jsonl');
    await appendFile(file, '{"puts":[{"delivery":');
    const cut = await open(dataDir, 1000);
    assert.match(cut.logger.lines.join('\n'), /ended in a line cut short/);
    assert.deepEqual(await cut.outbox.counts(), { pending: 1, sending: 0, sent: 1, failed: 0, bundled: 0 });
    await cut.outbox.close();
    await writeFile(file, `not json\n${await readFile(file, 'utf8')}`);
    const damaged = await open(dataDir, 1000);
    assert.match(damaged.logger.lines.join('\n'), /1 damaged lines in .* skipped; the journal as it was is copied to .*damaged-/);
    assert.ok((await readdir(join(dataDir, 'notify'))).some((name) => name.startsWith('outbox.jsonl.damaged-')));
    await damaged.outbox.close();
    const later = (await open(dataDir, 1000 + 8 * DAY)).outbox;
    assert.deepEqual(
      await later.counts(),
      { pending: 1, sending: 0, sent: 0, failed: 0, bundled: 0 },
      'the sent entry is forgotten, the pending kept',
    );
  });

  it('refuses a data folder whose outbox another live process holds, naming it; takes over from a dead one', async () => {
    const dataDir = await tempDir(cleanup);
    const { outbox } = await open(dataDir);
    await outbox.close();
    const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    cleanup.add(() => sleeper.kill('SIGKILL'));
    await writeFile(join(dataDir, 'notify', 'outbox.lock'), String(sleeper.pid));
    const blocked = new FileOutbox({ dataDir, logger: memoryLogger(), now: () => 1000 });
    await assert.rejects(
      blocked.open(),
      new RegExp(`another process \\(pid ${sleeper.pid}\\) is sending this data folder's notifications`),
    );
    const exited = new Promise((resolve) => sleeper.once('exit', resolve));
    sleeper.kill('SIGKILL');
    await exited;
    await waitFor('a dead holder is taken over', async () => {
      const next = new FileOutbox({ dataDir, logger: memoryLogger(), now: () => 1000 });
      try {
        await next.open();
      } catch {
        return false;
      }
      await next.close();
      return true;
    });
  });

  it('rewrites a journal of mostly stale lines into one line per hundred entries', async () => {
    const dataDir = await tempDir(cleanup);
    const { outbox } = await open(dataDir);
    const lines = async (): Promise<number> => (await readFile(join(dataDir, 'notify', 'outbox.jsonl'), 'utf8')).split('\n').length - 1;
    for (let i = 0; i < 600; i++) await outbox.add([entry(`R-${i}`)], 1000);
    assert.equal(await lines(), 600);
    for (let i = 0; i < 600; i++) {
      const [claimed] = await outbox.claim('me', 1000, 1, 60_000);
      await outbox.complete('me', claimed.delivery.id, 1, 1000);
    }
    // 1,800 changes; without a rewrite the journal would hold as many lines.
    assert.ok((await lines()) < 1000, `${await lines()} lines`);
    await outbox.close();
    assert.equal((await (await open(dataDir)).outbox.counts()).sent, 600);
  });
});
