// Quiet hours and the daily digest, end to end: the notifier on a clock and timers the test
// moves (no waiting for the morning), its outbox a real folder, mail to a real SMTP server.
import assert from 'node:assert/strict';
import { deliveryIdOf } from '../../../server/notify/notice';
import { Notifier } from '../../../server/notify/notifier';
import { parseNotifyConfig } from '../../../server/notify/notifyConfig';
import { Cleanup, memoryLogger, tempDir, waitFor } from './helpers';
import { ManualTime, notice, startMailSink } from './notifyFixtures';

describe('notifier: quiet hours and the daily digest (clock passed in)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('sends urgent at once, holds the rest through quiet hours, and bundles the reminders into one digest at 09:00', async () => {
    const sink = await startMailSink(cleanup);
    const time = new ManualTime('2026-06-01T22:00:00+08:00');
    const notifier = new Notifier({
      config: parseNotifyConfig({ email: { smtp: sink.url, from: 'Liaison <liaison@example.com>' } }),
      dataDir: await tempDir(cleanup),
      logger: memoryLogger(),
      now: time.clock,
      timers: time.timers,
    });
    cleanup.add(() => notifier.close());
    await notifier.start();
    const settings = { timeZone: 'Asia/Shanghai', quietHours: { start: 21 * 60, end: 8 * 60 }, digest: 9 * 60 };
    const li = { name: '李明', email: 'li.ming@example.com' };
    const at = new Date(time.now).toISOString();
    const due = '2026-06-02T02:00:00.000Z';
    const urgent = notice(li, 'R-0', { at, due, kind: 'new-urgent', urgent: true });
    const reminders = [notice(li, 'R-1', { at, due }), notice(li, 'R-2', { at, due, language: 'en' })];
    const escalation = notice(li, 'R-3', { at, due, kind: 'escalation' });
    await notifier.notify([urgent, ...reminders, escalation], settings);

    await waitFor('the urgent mail at 22:00', () => sink.mails.length === 1);
    await waitFor('recorded as sent', () => notifier.metrics.sent.get('email') === 1);
    assert.equal(sink.mails[0].subject, '【紧急】关于Q3产品迭代需求评审会的安排-产品部 R-0');
    const entry = (n: typeof urgent) => notifier.entry(deliveryIdOf(n, '李明', 'email'));
    assert.equal((await entry(escalation))?.nextAt, Date.parse('2026-06-02T08:00:00+08:00'));
    assert.equal((await entry(reminders[0]))?.nextAt, Date.parse('2026-06-02T09:00:00+08:00'));

    time.advanceTo('2026-06-02T08:00:00+08:00');
    await waitFor('the escalation when quiet hours end', () => sink.mails.length === 2);
    await waitFor('recorded as sent', () => notifier.metrics.sent.get('email') === 2);
    assert.equal(sink.mails[1].subject, '【升级】关于Q3产品迭代需求评审会的安排-产品部 R-3');
    assert.match(sink.mails[1].text, /截止：2026-06-02 10:00（2 小时后）/);

    time.advanceTo('2026-06-02T09:00:00+08:00');
    await waitFor('one digest for both reminders', () => sink.mails.length === 3);
    await waitFor('recorded', async () => (await entry(reminders[0]))?.state === 'bundled');
    const digest = sink.mails[2];
    assert.equal(digest.subject, '【汇总】2 项待处理');
    assert.match(
      digest.text,
      /1\. 【提醒】关于Q3产品迭代需求评审会的安排-产品部 R-1\n {3}待办：答复\n {3}截止：2026-06-02 10:00（1 小时后）/,
    );
    assert.match(digest.text, /2\. 【提醒】关于Q3产品迭代需求评审会的安排-产品部 R-2/);
    const bundled = await entry(reminders[1]);
    assert.equal(bundled?.state, 'bundled');
    // The mail arrives before the ledger records its answer: wait for the record.
    await waitFor('the digest recorded as sent', async () => (await notifier.entry(bundled?.into ?? ''))?.state === 'sent');
    assert.equal(sink.mails.length, 3);
  });

  it('does not send a notice whose event is older than maxAge (a space first seen long after)', async () => {
    const sink = await startMailSink(cleanup);
    const notifier = new Notifier({
      config: parseNotifyConfig({ email: { smtp: sink.url, from: 'liaison@example.com' } }),
      dataDir: await tempDir(cleanup),
      settings: { timeZone: 'Asia/Shanghai' },
    });
    cleanup.add(() => notifier.close());
    await notifier.start();
    const old = notice({ name: '李明', email: 'li.ming@example.com' }, 'R-1', {
      at: new Date(Date.now() - 3 * 24 * 60 * 60_000).toISOString(),
    });
    assert.deepEqual(await notifier.notify([old]), { queued: 0, refused: 0, old: 1, unreachable: 0 });
    assert.equal(notifier.metrics.old.get(), 1);
  });
});
