// The notifier sending e-mail to a real SMTP server on loopback (smtp-server, with a login), its
// outbox a real folder: one mail per person, nothing twice after a restart, a refused mailbox
// and a bad directory address recorded with their reasons, backoff on a port nobody listens on.
import assert from 'node:assert/strict';
import { FileOutbox } from '../../../server/notify/fileOutbox';
import type { Notice } from '../../../server/notify/notice';
import { deliveryIdOf, deliveryToken } from '../../../server/notify/notice';
import { Notifier } from '../../../server/notify/notifier';
import type { NotifierOptions } from '../../../server/notify/notifier';
import { parseNotifyConfig } from '../../../server/notify/notifyConfig';
import type { NotificationLedger } from '../../../server/notify/outboxLedger';
import { ServerMetrics } from '../../../server/metrics';
import { Cleanup, freePort, memoryLogger, tempDir, waitFor } from './helpers';
import { notice, startMailSink } from './notifyFixtures';

const FROM = 'Liaison <liaison@example.com>';

describe('notifier: e-mail over a real SMTP server', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  async function notifier(
    dataDir: string,
    smtp: string,
    extra: Partial<NotifierOptions> = {},
  ): Promise<{ notifier: Notifier; logger: ReturnType<typeof memoryLogger> }> {
    const logger = memoryLogger();
    // No quiet hours: these tests run at any hour.
    const made = new Notifier({
      config: parseNotifyConfig({ email: { smtp, from: FROM } }),
      dataDir,
      logger,
      settings: { timeZone: 'Asia/Shanghai' },
      ...extra,
    });
    cleanup.add(() => made.close());
    await made.start();
    return { notifier: made, logger };
  }

  const people = {
    li: { name: '李明', email: 'li.ming@example.com' },
    zhao: { name: '赵磊', email: 'zhao.lei@example.com' },
    bad: { name: '钱多', email: 'qian.duo@example' },
    none: { name: '孙七' },
  };

  it('sends one mail per person, records a bad directory address with its reason, and sends nothing again after a restart', async () => {
    const sink = await startMailSink(cleanup);
    const dataDir = await tempDir(cleanup);
    const first = await notifier(dataDir, sink.url);
    const notices: Notice[] = [notice(people.li, 'R-1'), notice(people.zhao, 'R-1'), notice(people.bad, 'R-1'), notice(people.none, 'R-1')];
    const result = await first.notifier.notify(notices);
    assert.deepEqual(result, { queued: 2, refused: 1, old: 0, unreachable: 2 });
    await waitFor('two mails', () => sink.mails.length === 2);
    await waitFor('both recorded', () => first.notifier.metrics.sent.get('email') === 2);
    const li = sink.mails.find((mail) => mail.to[0] === 'li.ming@example.com');
    assert.ok(li, JSON.stringify(sink.mails.map((mail) => mail.to)));
    assert.equal(li.subject, '【提醒】关于Q3产品迭代需求评审会的安排-产品部 R-1');
    assert.match(
      li.text,
      /待办：答复\n截止：\d{4}-\d\d-\d\d \d\d:\d\d（[^）]+后）\n发起人：王芳\n如何处理：在 VS Code 的 Liaison 中打开空间「internal」的记录 R-1/,
    );
    const id = deliveryIdOf(notices[0], '李明', 'email');
    assert.equal(li.messageId, `<${deliveryToken(id)}@example.com>`);
    const bad = await first.notifier.entry(deliveryIdOf(notices[2], '钱多', 'email'));
    assert.equal(bad?.state, 'failed');
    assert.match(bad?.lastError ?? '', /the directory's email of 钱多, "qian\.duo@example", is not an e-mail address/);
    assert.match(first.logger.lines.join('\n'), /孙七 has no channel this server can send on \(none in the directory\)/);
    assert.ok(!first.logger.lines.join('\n').includes(sink.password), 'the SMTP password is never logged');
    const metrics = new ServerMetrics({ connections: () => 0, spacesLoaded: () => 0, spacesLoading: () => 0, cachedStateBytes: () => 0 });
    metrics.addSource((family) => first.notifier.renderMetrics(family));
    await waitFor('the gauge read', () => metrics.render().includes('liaison_notifications_outbox{state="sent"} 2'));
    const text = metrics.render();
    assert.match(text, /liaison_notifications_sent_total\{channel="email"\} 2/);
    assert.match(text, /liaison_notifications_refused_total\{channel="email"\} 1/);
    assert.match(text, /liaison_notifications_unreachable_total 2/);
    await first.notifier.close();

    // Restarted on the same folder, asked again for the same notices (the next sweep): nothing new.
    const second = await notifier(dataDir, sink.url);
    assert.deepEqual(await second.notifier.notify(notices), { queued: 0, refused: 0, old: 0, unreachable: 2 });
    await second.notifier.notify([notice(people.li, 'R-2')]);
    await waitFor('the new mail', () => sink.mails.length === 3);
    await waitFor('recorded', () => second.notifier.metrics.sent.get('email') === 1);
    assert.equal(sink.mails.filter((mail) => mail.to[0] === 'li.ming@example.com').length, 2);
  });

  it('sends a mail whose outcome a crash left unknown once more, with the same Message-ID', async () => {
    const sink = await startMailSink(cleanup);
    const dataDir = await tempDir(cleanup);
    const crashed = await notifier(dataDir, `smtp://127.0.0.1:${await freePort()}`);
    await crashed.notifier.notify([notice(people.li, 'R-9', { urgent: true })]);
    await waitFor('the first attempt failed', () => crashed.notifier.metrics.retried.get('email') === 1);
    await crashed.notifier.close();
    // A process claims the retry and dies between the SMTP server's answer and the ledger's record
    // of it: its journal says "sending".
    const ledger = new FileOutbox({ dataDir, logger: memoryLogger(), now: Date.now });
    await ledger.open();
    cleanup.add(() => ledger.close());
    const [claimed] = await ledger.claim('the crashed process', Date.now() + 60 * 60_000, 1, 60_000);
    assert.ok(claimed, 'the retry is claimable');
    // No close: left as a crash leaves it. A new server starts on the folder.
    const restarted = await notifier(dataDir, sink.url);
    await waitFor('sent after the restart', () => sink.mails.length === 1);
    await waitFor('recorded', () => restarted.notifier.metrics.sent.get('email') === 1);
    assert.equal(sink.mails[0].messageId, `<${deliveryToken(claimed.delivery.id)}@example.com>`);
    assert.match(restarted.logger.lines.join('\n'), /1 sends were under way when the server stopped/);
    assert.equal(sink.mails[0].subject, '【紧急提醒】关于Q3产品迭代需求评审会的安排-产品部 R-9');
  });

  it('stops at a refused mailbox (550) after one attempt and records why', async () => {
    const sink = await startMailSink(cleanup);
    const { notifier: made, logger } = await notifier(await tempDir(cleanup), sink.url);
    const refused = notice({ name: '周八', email: 'nobody@example.com' }, 'R-3');
    await made.notify([refused]);
    await waitFor('given up', () => made.metrics.failed.get('email') === 1);
    const entry = await made.entry(deliveryIdOf(refused, '周八', 'email'));
    assert.equal(entry?.attempts, 1);
    assert.match(entry?.lastError ?? '', /^SMTP smtp:\/\/liaison@127\.0\.0\.1:\d+: .*550 5\.1\.1 no such mailbox/);
    assert.match(logger.lines.join('\n'), /refused: .*550.*; not tried again/);
    assert.equal(made.metrics.retried.get('email'), 0);
  });

  it('backs off on an SMTP port nobody listens on (doubling, jittered), naming the server, then gives up', async () => {
    const port = await freePort();
    const dataDir = await tempDir(cleanup);
    const delays: number[] = [];
    const file = new FileOutbox({ dataDir, logger: memoryLogger(), now: Date.now });
    // The real ledger, with each retry's delay noted on its way in.
    const ledger: NotificationLedger = {
      open: () => file.open(),
      add: (entries, now) => file.add(entries, now),
      claim: (owner, now, limit, leaseMs) => file.claim(owner, now, limit, leaseMs),
      bundle: (owner, digest, ids, now, leaseMs) => file.bundle(owner, digest, ids, now, leaseMs),
      complete: (owner, id, attempts, now) => file.complete(owner, id, attempts, now),
      fail: (owner, id, attempts, reason, retryAt, now) => {
        delays.push(retryAt === undefined ? -1 : retryAt - now);
        return file.fail(owner, id, attempts, reason, retryAt, now);
      },
      nextDue: () => file.nextDue(),
      get: (id) => file.get(id),
      counts: () => file.counts(),
      close: () => file.close(),
    };
    const { notifier: made, logger } = await notifier(dataDir, `smtp://liaison:secret-pw@127.0.0.1:${port}`, {
      ledger,
      random: () => 0.5,
      retry: { baseDelayMs: 20, maxDelayMs: 10_000, maxAttempts: 4 },
    });
    const unreachable = notice(people.li, 'R-4', { urgent: true });
    await made.notify([unreachable]);
    await waitFor('given up', () => made.metrics.failed.get('email') === 1, 15_000);
    assert.deepEqual(delays, [20, 40, 80, -1]);
    assert.equal(made.metrics.retried.get('email'), 3);
    const entry = await made.entry(deliveryIdOf(unreachable, '李明', 'email'));
    assert.equal(entry?.state, 'failed');
    assert.equal(entry?.attempts, 4);
    const log = logger.lines.join('\n');
    assert.match(
      log,
      new RegExp(
        `attempt 1 of reminder of record R-4 in space "internal" to 李明 by email failed: cannot reach SMTP server smtp://liaison@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`,
      ),
    );
    assert.match(log, /gave up on reminder of record R-4 .* after 4 attempts/);
    assert.ok(!log.includes('secret-pw'));
  });

  it('takes e-mail added by a config reload from then on; a person reachable by nothing else was not before', async () => {
    const sink = await startMailSink(cleanup);
    const logger = memoryLogger();
    const made = new Notifier({ config: {}, dataDir: await tempDir(cleanup), logger, settings: { timeZone: 'Asia/Shanghai' } });
    cleanup.add(() => made.close());
    await made.start();
    assert.equal((await made.notify([notice(people.li, 'R-1')])).unreachable, 1);
    assert.match(logger.lines.join('\n'), /李明 has no channel this server can send on \(the directory gives email; not configured here\)/);
    made.setConfig(parseNotifyConfig({ email: { smtp: sink.url, from: FROM } }));
    assert.match(logger.lines.join('\n'), /notify: config reloaded: email via smtp:\/\/liaison@127\.0\.0\.1:\d+ from liaison@example\.com/);
    assert.equal((await made.notify([notice(people.li, 'R-2')])).queued, 1);
    await waitFor('sent', () => sink.mails.length === 1);
    assert.match(sink.mails[0].subject, /R-2$/);
  });
});
