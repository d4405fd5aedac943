// Issue 13, finding 8, against `liaison serve` as a child process: a record's title went
// unescaped into DingTalk/Feishu markdown, the generic format sent the whole record, and
// http://169.254.169.254/… was accepted as a webhook address.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { putRecord } from '../../../src/store/recordsDoc';
import { Cleanup, stockClient, tempDir, waitFor } from './helpers';
import { runCli, startCliServer } from './processes';
import { emergencyRecord, ok, startReceiver } from './webhookFixtures';

const wang = { name: 'wang', token: 'wang-token-0123456789' };
const PLANTED = '![x](http://evil.example/p.png) [点我 click](http://evil.example/phish) <b>**粗**</b>';

describe('liaison serve: webhooks hardened (issue 13)', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  async function configFile(dir: string, webhooks: unknown[]): Promise<string> {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ users: [wang], spaces: [{ name: 'internal', members: ['wang'] }], webhooks }));
    return file;
  }

  it('refuses link-local, loopback and private webhook addresses unless "allowPrivate": true', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:9/hook',
      'http://10.1.2.3/hook',
      'http://[::1]/hook',
      'http://localhost/x',
    ]) {
      const dir = await tempDir(cleanup);
      const file = await configFile(dir, [{ name: 'ops', format: 'generic', url }]);
      const child = runCli(cleanup, ['serve', '--port', '0', '--data', join(dir, 'data'), '--config', file]);
      assert.equal(await child.exit, 2, url);
      assert.match(child.stderr(), /webhooks\[0\]\.url: points at .*add "allowPrivate": true if that is meant/, url);
    }
  });

  it('escapes a planted title for DingTalk and Feishu markdown, and sends the generic format no record unless asked', async () => {
    const dingtalk = await startReceiver(cleanup, () => ok, '/robot/send?access_token=abc');
    const feishu = await startReceiver(cleanup, () => ok, '/open-apis/bot/v2/hook/xyz');
    const generic = await startReceiver(cleanup, () => ok, '/hook');
    const full = await startReceiver(cleanup, () => ok, '/full');
    const dir = await tempDir(cleanup);
    const file = await configFile(dir, [
      { name: 'ding', format: 'dingtalk', url: dingtalk.url, allowPrivate: true },
      { name: 'lark', format: 'feishu', url: feishu.url, allowPrivate: true },
      { name: 'plain', format: 'generic', url: generic.url, allowPrivate: true },
      { name: 'whole', format: 'generic', url: full.url, allowPrivate: true, includeRecord: true },
    ]);
    const { url } = await startCliServer(cleanup, ['--data', join(dir, 'data'), '--config', file]);
    const client = stockClient(cleanup, url, 'internal', wang.token);
    await waitFor('synced', () => client.provider.synced);
    const record = emergencyRecord('R-planted');
    putRecord(client.doc, { ...record, title: PLANTED, fields: { ...record.fields, owner: '[李明](http://evil.example)' } });
    await waitFor('every receiver got its post', () => [dingtalk, feishu, generic, full].every((r) => r.requests.length === 1), 20_000);

    const dingText = (dingtalk.json(0).markdown as { text: string }).text;
    const card = feishu.json(0).card as { header: { title: { tag: string; content: string } }; elements: { text: { content: string } }[] };
    const larkText = card.elements.map((element) => element.text.content).join('\n');
    for (const text of [dingText, larkText]) {
      assert.equal(/\]\(|!\[|<b>|\*\*粗/.test(text), false, `no link, image or markup survives: ${text}`);
      assert.match(text, /李明/, 'the words are still there');
    }
    assert.match(dingText, /点我 click/);
    // Feishu's card title is plain text (never rendered as markdown): shown exactly as written.
    assert.deepEqual(card.header.title, { tag: 'plain_text', content: `【紧急 Emergency】${PLANTED}` });
    const plain = generic.json(0);
    assert.equal(plain.record, undefined, 'no whole record by default');
    assert.equal(plain.recordId, 'R-planted');
    assert.equal(typeof plain.text, 'string');
    assert.equal((full.json(0).record as { id: string; title: string }).title, PLANTED, 'the whole record with "includeRecord": true');
  });
});
