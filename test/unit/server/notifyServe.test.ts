// `liaison serve` as a child process with e-mail configured, a real SMTP server on loopback, a
// stock y-websocket client writing the directory and an emergency: one mail per person concerned;
// kill -9 and a restart on the same data folder send nothing again; an escalation after the
// restart reaches the person it names, once.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordEvent } from '../../../src/domain/record';
import { writeDirectory } from '../../../src/store/directoryDoc';
import { appendEvent, hasRecord, putRecord } from '../../../src/store/recordsDoc';
import { Cleanup, stockClient, tempDir, waitFor } from './helpers';
import { startMailSink } from './notifyFixtures';
import { startCliServer } from './processes';
import { emergencyRecord } from './webhookFixtures';

const TOKEN = 'tok-wang-通知-0123456789';

async function metric(url: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${url.replace('ws:', 'http:')}/metrics`)).text();
  const match = text.split('\n').find((entry) => line.test(entry));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
}

describe('notices in `liaison serve` (child process, real SMTP)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('mails each person an emergency reaches once, nothing again after kill -9 and a restart, then the escalation once', async function () {
    this.timeout(60_000);
    const sink = await startMailSink(cleanup);
    const dir = await tempDir(cleanup);
    const dataDir = join(dir, 'data');
    const config = join(dir, 'access.json');
    await writeFile(
      config,
      JSON.stringify({
        users: [{ name: '王芳', token: TOKEN }],
        spaces: [{ name: 'internal', members: ['王芳'], admins: ['王芳'] }],
        email: { smtp: sink.url, from: 'Liaison <liaison@example.com>' },
      }),
    );
    const sent = /^liaison_notifications_sent_total\{channel="email"\}/;

    const first = await startCliServer(cleanup, ['--data', dataDir, '--config', config]);
    const a = stockClient(cleanup, first.url, 'internal', TOKEN);
    await waitFor('a synced', () => a.provider.synced);
    writeDirectory(
      a.doc,
      {
        people: [
          { name: '王芳', department: '运维部', email: 'wang.fang@example.com' },
          { name: '李明', department: '运维部', email: 'li.ming@example.com' },
          { name: '赵磊', department: '运维部', email: 'zhao.lei@example.com' },
          { name: '钱多', department: '财务部', email: 'qian.duo@example.com' },
        ],
        departments: [{ name: '运维部', head: '张总' }],
      },
      { replace: false },
    );
    putRecord(a.doc, emergencyRecord('R-srv-1'));
    await waitFor('a mail to each member of 运维部 but its author', () => sink.mails.length === 2, 15_000);
    await waitFor('both recorded', async () => (await metric(first.url, sent)) === 2, 15_000);
    assert.deepEqual(sink.mails.map((mail) => mail.to[0]).sort(), ['li.ming@example.com', 'zhao.lei@example.com']);
    assert.equal(sink.mails[0].subject, '【紧急事务】关于支付网关故障的紧急处理-运维部');
    assert.match(sink.mails[0].text, /说明：全部线上支付 all online payments/);
    a.provider.destroy();
    first.child.kill('SIGKILL');
    await first.child.exit;

    const second = await startCliServer(cleanup, ['--data', dataDir, '--config', config]);
    assert.ok(!second.child.stderr().includes(sink.password), 'the SMTP password is never logged');
    const b = stockClient(cleanup, second.url, 'internal', TOKEN);
    await waitFor('b synced with the record', () => b.provider.synced && hasRecord(b.doc, 'R-srv-1'));
    const escalated = {
      id: 'E-srv-esc',
      type: 'escalated',
      actor: 'Liaison',
      at: new Date().toISOString(),
      to: ['赵磊'],
      note: '超时 48 小时',
    } as RecordEvent;
    appendEvent(b.doc, 'R-srv-1', escalated);
    await waitFor('the escalation mail', () => sink.mails.length === 3, 15_000);
    await waitFor('recorded', async () => (await metric(second.url, sent)) === 1, 15_000);
    assert.equal(sink.mails[2].to[0], 'zhao.lei@example.com');
    assert.equal(sink.mails[2].subject, '【紧急升级】关于支付网关故障的紧急处理-运维部');
    assert.equal(await metric(second.url, /^liaison_notifications_outbox\{state="sent"\}/), 3);
    assert.equal(sink.mails.length, 3, 'nothing was sent twice');
  });
});
