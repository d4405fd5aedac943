// `liaison serve` keeps the clock with no client connected: a request sent six days ago, written
// into the server's data folder with `liaison import`, is reminded and escalated at start; a real
// SMTP server on loopback gets one mail per person concerned (the reminder to 李明, the escalation
// to his head 张伟), the webhook receiver the escalation once; a restart sends nothing again. A
// second server on the same data folder refuses to start, saying why.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendTeamPolicyVersion } from '../../../src/app/teamPolicy';
import { LocalStore } from '../../../src/store/localStore';
import { getRecord } from '../../../src/store/recordsDoc';
import { Cleanup, readSpaceFromDisk, tempDir, waitFor } from './helpers';
import { writeClockDirectory } from './clockFixtures';
import { startMailSink } from './notifyFixtures';
import { runCli, startCliServer } from './processes';
import { startReceiver } from './webhookFixtures';

async function metric(url: string, line: RegExp): Promise<number> {
  const text = await (await fetch(`${url.replace('ws:', 'http:')}/metrics`)).text();
  const match = text.split('\n').find((entry) => line.test(entry));
  return match === undefined ? 0 : Number(match.split(' ').at(-1));
}

const SWEEPS = /^liaison_clock_sweeps_total /;

describe('the server clock in `liaison serve` (child process, real SMTP and webhook, nobody connected)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('reminds and escalates a request sent days ago at start, mails each person once, and sends nothing again after a restart', async function () {
    this.timeout(90_000);
    const sink = await startMailSink(cleanup);
    const hook = await startReceiver(cleanup, () => ({ status: 200, body: '{}' }));
    const dir = await tempDir(cleanup);
    const dataDir = join(dir, 'data');
    // The directory and the team policy (no quiet hours, so the test does not depend on the hour) are in the space.
    const store = new LocalStore(dataDir);
    const space = await store.openSpace('internal');
    writeClockDirectory(space.doc);
    appendTeamPolicyVersion(space.doc, { by: '王芳', at: new Date(), policy: 'notifications:\n  quietHours: off\n', retention: '' });
    await store.close();
    const sentAt = new Date(Date.now() - 6 * 24 * 3_600_000).toISOString();
    const jsonl = join(dir, 'old.jsonl');
    await writeFile(
      jsonl,
      `${JSON.stringify({ id: 'R-old-7', kind: 'collaboration-request', title: '接口联调排期', from: '王芳', to: ['李明'], priority: 'high', createdAt: sentAt, status: 'sent' })}\n`,
    );
    const imported = runCli(cleanup, ['import', jsonl, '--store', dataDir, '--space', 'internal']);
    assert.equal(await imported.exit, 0, imported.stderr());
    const config = join(dir, 'access.json');
    await writeFile(
      config,
      JSON.stringify({
        users: [{ name: '王芳', token: 'tok-wang-0123456789' }],
        spaces: [{ name: 'internal', members: ['王芳'], admins: ['王芳'] }],
        email: { smtp: sink.url, from: 'Liaison <liaison@example.com>' },
        webhooks: [{ name: 'ops', format: 'generic', url: hook.url, allowPrivate: true, events: ['escalation'] }],
      }),
    );

    const first = await startCliServer(cleanup, ['--data', dataDir, '--config', config, '--clock-interval', '1']);
    await waitFor('a mail to 李明 and one to 张伟', () => sink.mails.length >= 2, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${first.child.stderr()}`);
    });
    await waitFor('the webhook got the escalation', () => hook.requests.length >= 1, 30_000);
    const second = runCli(cleanup, ['serve', '--port', '0', '--data', dataDir]);
    assert.equal(await second.exit, 1, 'a second server on the same data folder refuses');
    assert.match(second.stderr(), /another liaison server \(pid \d+\) is already using the data folder .*run one server per data folder/);
    const before = await metric(first.url, SWEEPS);
    await waitFor('two more sweeps', async () => (await metric(first.url, SWEEPS)) >= before + 2, 30_000);
    assert.deepEqual(sink.mails.map((mail) => mail.to[0]).sort(), ['li.ming@example.com', 'zhang.wei@example.com']);
    assert.equal(hook.requests.length, 1, 'the escalation once');
    const body = hook.json(0) as { event?: string; recordId?: string };
    assert.equal(body.recordId, 'R-old-7');
    first.child.kill('SIGTERM');
    assert.equal(await first.child.exit, 0);

    const doc = await readSpaceFromDisk(dataDir, 'internal');
    const events = getRecord(doc, 'R-old-7')?.events ?? [];
    const followUps = events.filter((event) => event.type === 'reminded' || event.type === 'escalated');
    assert.deepEqual(
      followUps.map((event) => [event.id, event.actor, event.to, event.via]),
      [
        ['fu:R-old-7:respond:remind:1', 'Liaison', ['李明'], { 李明: ['email'] }],
        ['fu:R-old-7:respond:escalate:1', 'Liaison', ['张伟'], { 张伟: ['email'] }],
      ],
    );

    const third = await startCliServer(cleanup, ['--data', dataDir, '--config', config, '--clock-interval', '1']);
    await waitFor('three sweeps after the restart', async () => (await metric(third.url, SWEEPS)) >= 3, 30_000);
    assert.equal(sink.mails.length, 2, 'no mail again after the restart');
    assert.equal(hook.requests.length, 1, 'no webhook again after the restart');
    assert.equal(await metric(third.url, /^liaison_clock_followups_total/), 0, 'nothing appended again');
  });
});
