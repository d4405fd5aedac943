// DingTalk work notifications and Feishu messages, against loopback HTTP endpoints that stand
// in for the cloud APIs (oapi.dingtalk.com, open.feishu.cn), which cannot be reached from here.
// Each endpoint checks the documented request (method, path, query, headers, JSON shape) and
// answers as the real API does: tokens with their expiry, errors as a code inside an HTTP 200
// (DingTalk `errcode`) or a 4xx (Feishu `code`), and Feishu dropping a repeated `uuid`.
import assert from 'node:assert/strict';
import type { Notice } from '../../../server/notify/notice';
import { deliveryIdOf } from '../../../server/notify/notice';
import { Notifier } from '../../../server/notify/notifier';
import { parseNotifyConfig } from '../../../server/notify/notifyConfig';
import { Cleanup, memoryLogger, tempDir, waitFor } from './helpers';
import { notice } from './notifyFixtures';
import type { ReceivedRequest, ReceiverAnswer } from './webhookFixtures';
import { startReceiver } from './webhookFixtures';

const APP_SECRET = 'dt-secret-9x';
const FEISHU_SECRET = 'fs-secret-7y';

/** The DingTalk API as documented: gettoken, then asyncsend_v2 with the token in the query. */
class FakeDingTalk {
  token = 'tok-1';
  tokenRequests = 0;
  readonly sent: { userid: string; msg: Record<string, unknown> }[] = [];
  readonly problems: string[] = [];
  private busyOnce = new Set(['busy']);

  answer(request: ReceivedRequest): ReceiverAnswer {
    const url = new URL(request.url, 'http://x');
    const json = (body: unknown): ReceiverAnswer => ({ status: 200, body: JSON.stringify(body) });
    if (url.pathname === '/gettoken') {
      this.tokenRequests++;
      if (request.method !== 'GET') this.problems.push(`gettoken by ${request.method}`);
      if (url.searchParams.get('appkey') !== 'dingkey' || url.searchParams.get('appsecret') !== APP_SECRET)
        return json({ errcode: 40089, errmsg: '不合法的corpid或corpsecret' });
      return json({ errcode: 0, errmsg: 'ok', access_token: this.token, expires_in: 7200 });
    }
    if (url.pathname !== '/topapi/message/corpconversation/asyncsend_v2') return { status: 404, body: '{"errcode":404}' };
    const token = url.searchParams.get('access_token');
    if (token !== this.token) return json({ errcode: token?.startsWith('tok-') ? 42001 : 40014, errmsg: 'access_token超时' });
    if (request.method !== 'POST' || !/^application\/json/.test(String(request.headers['content-type'])))
      this.problems.push(`message by ${request.method} ${String(request.headers['content-type'])}`);
    const body = JSON.parse(request.body) as { agent_id?: unknown; userid_list?: unknown; msg?: Record<string, unknown> };
    const msg = body.msg ?? {};
    const markdown = msg.markdown as { title?: unknown; text?: unknown } | undefined;
    const card = msg.action_card as { title?: unknown; markdown?: unknown; single_title?: unknown; single_url?: unknown } | undefined;
    const wellFormed =
      body.agent_id === 4242 &&
      typeof body.userid_list === 'string' &&
      ((msg.msgtype === 'markdown' && typeof markdown?.title === 'string' && typeof markdown.text === 'string') ||
        (msg.msgtype === 'action_card' &&
          typeof card?.title === 'string' &&
          typeof card.markdown === 'string' &&
          typeof card.single_title === 'string' &&
          typeof card.single_url === 'string'));
    if (!wellFormed) {
      this.problems.push(`malformed: ${request.body}`);
      return json({ errcode: 40035, errmsg: '缺少参数' });
    }
    const userid = body.userid_list as string;
    if (userid === 'ghost') return json({ errcode: 33012, errmsg: '无效的USERID' });
    if (this.busyOnce.delete(userid)) return json({ errcode: -1, errmsg: '系统繁忙' });
    this.sent.push({ userid, msg });
    return json({ errcode: 0, errmsg: 'ok', task_id: 256271667526 + this.sent.length, request_id: `req-${this.sent.length}` });
  }
}

/** The Feishu API as documented: tenant_access_token/internal, then im/v1/messages with a Bearer token. */
class FakeFeishu {
  token = 't-1';
  tokenRequests = 0;
  readonly delivered: { receiveId: string; idType: string; card: Record<string, unknown>; uuid: string }[] = [];
  readonly problems: string[] = [];
  private readonly uuids = new Set<string>();

  answer(request: ReceivedRequest): ReceiverAnswer {
    const url = new URL(request.url, 'http://x');
    const json = (status: number, body: unknown): ReceiverAnswer => ({ status, body: JSON.stringify(body) });
    if (!/^application\/json; charset=utf-8$/.test(String(request.headers['content-type'])))
      this.problems.push(`content-type ${String(request.headers['content-type'])}`);
    if (url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.tokenRequests++;
      const body = JSON.parse(request.body) as { app_id?: string; app_secret?: string };
      if (body.app_id !== 'cli_a1' || body.app_secret !== FEISHU_SECRET) return json(200, { code: 10014, msg: 'app secret invalid' });
      return json(200, { code: 0, msg: 'ok', tenant_access_token: this.token, expire: 7200 });
    }
    if (url.pathname !== '/open-apis/im/v1/messages' || request.method !== 'POST') return json(404, { code: 404, msg: 'not found' });
    if (request.headers.authorization !== `Bearer ${this.token}`)
      return json(400, { code: 99991663, msg: 'Invalid access token for authorization.' });
    const idType = url.searchParams.get('receive_id_type') ?? '';
    const body = JSON.parse(request.body) as { receive_id?: unknown; msg_type?: unknown; content?: unknown; uuid?: unknown };
    let card: Record<string, unknown> = {};
    try {
      card = JSON.parse(String(body.content)) as Record<string, unknown>;
    } catch {
      this.problems.push('content is not a JSON string');
    }
    const header = card.header as { title?: { tag?: string; content?: string } } | undefined;
    if (
      !['user_id', 'open_id'].includes(idType) ||
      typeof body.receive_id !== 'string' ||
      body.msg_type !== 'interactive' ||
      typeof body.content !== 'string' ||
      header?.title?.tag !== 'plain_text' ||
      typeof body.uuid !== 'string' ||
      !/^[0-9a-f]{32}$/.test(body.uuid)
    ) {
      this.problems.push(`malformed: ${request.body}`);
      return json(400, { code: 230001, msg: 'Your request contains an invalid request parameter.' });
    }
    if (body.receive_id === 'ghost')
      return json(400, { code: 230001, msg: 'Your request contains an invalid request parameter, ext=invalid receive_id.' });
    // One message per uuid within an hour, as Feishu does.
    if (!this.uuids.has(body.uuid)) {
      this.uuids.add(body.uuid);
      this.delivered.push({ receiveId: body.receive_id, idType, card, uuid: body.uuid });
    }
    return json(200, { code: 0, msg: 'success', data: { message_id: `om_${this.delivered.length}` } });
  }
}

describe('notifier: DingTalk work notifications and Feishu messages (loopback stand-ins for the cloud APIs)', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  async function setUp(): Promise<{
    dingtalk: FakeDingTalk;
    feishu: FakeFeishu;
    notifier: Notifier;
    logger: ReturnType<typeof memoryLogger>;
  }> {
    const dingtalk = new FakeDingTalk();
    const feishu = new FakeFeishu();
    const dingtalkUrl = (await startReceiver(cleanup, (request) => dingtalk.answer(request), '')).url;
    const feishuUrl = (await startReceiver(cleanup, (request) => feishu.answer(request), '')).url;
    const logger = memoryLogger();
    const notifier = new Notifier({
      config: parseNotifyConfig({
        dingtalk: { appKey: 'dingkey', appSecret: APP_SECRET, agentId: 4242, baseUrl: dingtalkUrl },
        feishu: { appId: 'cli_a1', appSecret: FEISHU_SECRET, baseUrl: feishuUrl },
      }),
      dataDir: await tempDir(cleanup),
      logger,
      retry: { baseDelayMs: 10, maxAttempts: 5 },
      // No quiet hours: these tests run at any hour.
      settings: { timeZone: 'Asia/Shanghai' },
      links: {
        recordUrl: (space, recordId, person) =>
          person === '李明' ? `https://liaison.example.com/r/${space}/${recordId}?sig=LINKSIG` : undefined,
      },
    });
    cleanup.add(() => notifier.close());
    await notifier.start();
    return { dingtalk, feishu, notifier, logger };
  }

  it('gets one token, sends a well-formed work notification per person, retries errcode -1 and stops at 33012 (invalid userid)', async () => {
    const { dingtalk, notifier, logger } = await setUp();
    const notices: Notice[] = [
      notice({ name: '李明', dingtalk: 'liming01', email: 'li.ming@example.com' }, 'R-1'),
      notice({ name: '赵磊', dingtalk: 'busy' }, 'R-1'),
      notice({ name: '幽灵', dingtalk: 'ghost' }, 'R-1'),
    ];
    await notifier.notify(notices);
    await waitFor(
      'two sent, one failed',
      () => notifier.metrics.sent.get('dingtalk') === 2 && notifier.metrics.failed.get('dingtalk') === 1,
    );
    assert.deepEqual(dingtalk.problems, []);
    assert.equal(dingtalk.tokenRequests, 1, 'the token is kept until it expires');
    assert.equal(notifier.metrics.retried.get('dingtalk'), 1);
    const li = dingtalk.sent.find((sent) => sent.userid === 'liming01');
    assert.equal(li?.msg.msgtype, 'action_card', 'a notice with a link is a card with a button');
    const card = li?.msg.action_card as Record<string, string>;
    assert.equal(card.single_url, 'https://liaison.example.com/r/internal/R-1?sig=LINKSIG');
    assert.equal(card.single_title, '打开并处理');
    assert.match(card.markdown, /^#### 【提醒】关于Q3产品迭代需求评审会的安排-产品部 R-1\n\n- \*\*待办\*\*：答复\n/);
    assert.equal(dingtalk.sent.find((sent) => sent.userid === 'busy')?.msg.msgtype, 'markdown');
    const ghost = await notifier.entry(deliveryIdOf(notices[2], '幽灵', 'dingtalk'));
    assert.equal(ghost?.attempts, 1);
    assert.match(ghost?.lastError ?? '', /^DingTalk errcode 33012: 无效的USERID \(userid "ghost" of 幽灵, agent 4242\)$/);
    const log = logger.lines.join('\n');
    for (const secret of [APP_SECRET, 'tok-1', 'LINKSIG']) assert.ok(!log.includes(secret), `${secret} in the log:\n${log}`);
  });

  it('fetches a new token when DingTalk says the old one expired (42001) and sends in the same attempt', async () => {
    const { dingtalk, notifier } = await setUp();
    await notifier.notify([notice({ name: '赵磊', dingtalk: 'zhaolei' }, 'R-1')]);
    await waitFor('sent', () => notifier.metrics.sent.get('dingtalk') === 1);
    dingtalk.token = 'tok-2';
    const second = notice({ name: '赵磊', dingtalk: 'zhaolei' }, 'R-2');
    await notifier.notify([second]);
    await waitFor('sent again', () => notifier.metrics.sent.get('dingtalk') === 2);
    assert.equal(dingtalk.tokenRequests, 2);
    assert.equal((await notifier.entry(deliveryIdOf(second, '赵磊', 'dingtalk')))?.attempts, 1);
    assert.equal(notifier.metrics.retried.get('dingtalk'), 0);
  });

  it('sends Feishu cards by user_id or open_id with a stable uuid, renews an invalid token, and stops at 230001', async () => {
    const { feishu, notifier, logger } = await setUp();
    const notices: Notice[] = [
      notice({ name: '李明', feishu: 'ou_7d8a6e6df7621556ce0d21922b676706' }, 'R-1', {
        kind: 'escalation',
        urgent: true,
        note: '超时 48 小时 [点我](http://evil)',
      }),
      notice({ name: '赵磊', feishu: '4d7a3c6g' }, 'R-1'),
      notice({ name: '幽灵', feishu: 'ghost' }, 'R-1'),
    ];
    feishu.token = 't-0';
    await notifier.notify(notices.slice(0, 1));
    await waitFor('first sent', () => notifier.metrics.sent.get('feishu') === 1);
    feishu.token = 't-2';
    await notifier.notify(notices);
    await waitFor('sent and failed', () => notifier.metrics.sent.get('feishu') === 2 && notifier.metrics.failed.get('feishu') === 1);
    assert.deepEqual(feishu.problems, []);
    assert.equal(feishu.tokenRequests, 2);
    assert.deepEqual(
      feishu.delivered.map((sent) => [sent.receiveId, sent.idType]),
      [
        ['ou_7d8a6e6df7621556ce0d21922b676706', 'open_id'],
        ['4d7a3c6g', 'user_id'],
      ],
    );
    const card = feishu.delivered[0].card as {
      header: { template: string; title: { content: string } };
      elements: { text?: { content: string } }[];
    };
    assert.equal(card.header.template, 'red');
    assert.equal(card.header.title.content, '【紧急升级】关于Q3产品迭代需求评审会的安排-产品部 R-1');
    assert.match(
      card.elements[0].text?.content ?? '',
      /说明\*\*：超时 48 小时 \\\[点我\\\]\\\(http:\/\/evil\\\)/,
      'a note cannot make a link',
    );
    const ghost = await notifier.entry(deliveryIdOf(notices[2], '幽灵', 'feishu'));
    assert.match(ghost?.lastError ?? '', /^Feishu code 230001: .*invalid receive_id\. \(HTTP 400\) \(user_id "ghost" of 幽灵\)$/);
    assert.ok(!logger.lines.join('\n').includes(FEISHU_SECRET));
  });

  it('sends an urgent notice on every channel the person has, a non-urgent one on the first (DingTalk before Feishu)', async () => {
    const { dingtalk, feishu, notifier } = await setUp();
    const person = { name: '李明', dingtalk: 'liming01', feishu: 'ou_1', email: 'li.ming@example.com' };
    const result = await notifier.notify([notice(person, 'R-1', { urgent: true, kind: 'new-urgent' }), notice(person, 'R-2')]);
    // E-mail is not configured on this server: it is not one of the channels.
    assert.equal(result.queued, 3);
    await waitFor('three sent', () => (notifier.metrics.sent.get('dingtalk') ?? 0) + (notifier.metrics.sent.get('feishu') ?? 0) === 3);
    assert.deepEqual(dingtalk.sent.map((sent) => (sent.msg.action_card as { title: string }).title).sort(), [
      '【提醒】关于Q3产品迭代需求评审会的安排-产品部 R-2',
      '【紧急】关于Q3产品迭代需求评审会的安排-产品部 R-1',
    ]);
    assert.equal(feishu.delivered.length, 1);
  });

  it('posts to a person’s own webhook as JSON with a stable X-Liaison-Delivery, retrying a 503, never logging the URL', async () => {
    const receiver = await startReceiver(
      cleanup,
      (_request, index) => (index === 0 ? { status: 503 } : { status: 200, body: '{}' }),
      '/p/li?token=HOOKTOKEN',
    );
    const { notifier, logger } = await setUp();
    const own = notice({ name: '李明', webhook: receiver.url }, 'R-1');
    await notifier.notify([own]);
    await waitFor('delivered', () => notifier.metrics.sent.get('webhook') === 1);
    assert.equal(receiver.requests.length, 2);
    const [first, second] = receiver.requests;
    assert.equal(first.headers['x-liaison-delivery'], second.headers['x-liaison-delivery']);
    assert.match(String(first.headers['x-liaison-delivery']), /^[0-9a-f]{32}$/);
    const body = receiver.json(1) as { person: string; subject: string; link: string; notices: { recordId: string }[] };
    assert.equal(body.person, '李明');
    assert.equal(body.subject, '【提醒】关于Q3产品迭代需求评审会的安排-产品部 R-1');
    assert.equal(body.link, 'https://liaison.example.com/r/internal/R-1?sig=LINKSIG');
    assert.equal(body.notices[0].recordId, 'R-1');
    const log = logger.lines.join('\n');
    assert.match(log, /李明's webhook at 127\.0\.0\.1:\d+: HTTP 503/);
    assert.ok(!log.includes('HOOKTOKEN') && !log.includes('LINKSIG'), log);
  });
});
