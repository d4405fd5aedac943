import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadServerConfigFile } from '../../../server/configWatcher';
import { describeNotifyConfig, describeSmtp, parseNotifyConfig } from '../../../server/notify/notifyConfig';
import { Cleanup, tempDir } from './helpers';

const PASSWORD = 'hunter2-密码';
const SECRET = 'app-secret-Ax9';

function problem(json: unknown): string {
  try {
    parseNotifyConfig(json);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected the config to be refused');
}

describe('notify config: the email, dingtalk and feishu keys of the access file', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('reads every channel, with the API addresses defaulting to the real ones', () => {
    const config = parseNotifyConfig({
      email: { smtp: `smtp://liaison:${encodeURIComponent(PASSWORD)}@smtp.example.com:587`, from: 'Liaison <liaison@example.com>' },
      dingtalk: { appKey: 'dingabc', appSecret: SECRET, agentId: '123456789' },
      feishu: { appId: 'cli_a1b2', appSecret: SECRET, baseUrl: 'http://127.0.0.1:9/' },
    });
    assert.equal(config.email?.fromAddress, 'liaison@example.com');
    assert.equal(config.dingtalk?.agentId, 123456789);
    assert.equal(config.dingtalk?.baseUrl, 'https://oapi.dingtalk.com');
    assert.equal(config.feishu?.baseUrl, 'http://127.0.0.1:9');
    const shown = describeNotifyConfig(config);
    assert.equal(
      shown,
      'email via smtp://liaison@smtp.example.com:587 from liaison@example.com, dingtalk agent 123456789, feishu app cli_a1b2',
    );
    assert.ok(!shown.includes('hunter2') && !shown.includes(SECRET));
    assert.equal(describeNotifyConfig({}), 'no e-mail, DingTalk or Feishu configured');
    assert.equal(describeSmtp('smtps://mail.example.com'), 'smtps://mail.example.com:465');
  });

  it('names the field and the fix for every mistake, and never repeats a password or secret', () => {
    const cases: [unknown, RegExp][] = [
      [{ email: 'smtp://x' }, /^email: expected an object/],
      [
        { email: { smtp: `smtp://liaison:${PASSWORD}@`, from: 'a@example.com' } },
        /^email\.smtp: is not a URL \(not shown, as it may hold a password\)/,
      ],
      [{ email: { smtp: `http://liaison:${PASSWORD}@h.example.com`, from: 'a@example.com' } }, /^email\.smtp: "http:" is not supported/],
      [
        { email: { smtp: `smtp://liaison@h.example.com`, from: 'a@example.com' } },
        /^email\.smtp: smtp:\/\/liaison@h\.example\.com:587 has a user without a password/,
      ],
      [{ email: { smtp: 'smtp://h.example.com', from: 'Liaison' } }, /^email\.from: "Liaison": not an e-mail address/],
      [
        { email: { smtp: 'smtp://h.example.com', from: 'a@example.com', form: 1 } },
        /^email\.form: unknown key; the keys are "smtp", "from"/,
      ],
      [{ dingtalk: { appKey: 'k', appSecret: '', agentId: 1 } }, /^dingtalk\.appSecret: expected a non-empty string \(not shown here\)/],
      [{ dingtalk: { appKey: 'k', appSecret: SECRET, agentId: 'twelve' } }, /^dingtalk\.agentId: expected the AgentId/],
      [
        { dingtalk: { appKey: 'k', appSecret: SECRET, agentId: 1, baseUrl: 'https://x.example.com/?token=1' } },
        /^dingtalk\.baseUrl: give the address alone/,
      ],
      [{ feishu: { appId: 'cli', appSecret: SECRET, appsecret: SECRET } }, /^feishu\.appsecret: unknown key/],
    ];
    for (const [json, expected] of cases) {
      const message = problem(json);
      assert.match(message, expected);
      assert.ok(!message.includes(PASSWORD) && !message.includes(SECRET), message);
    }
  });

  it('is part of the one config file: a mistake in it refuses the whole file, naming the file and the field', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'access.json');
    const access = { users: [{ name: 'wang', token: 'tok-wang-01234567' }], spaces: [{ name: 'internal', members: ['wang'] }] };
    await writeFile(file, JSON.stringify({ ...access, email: { smtp: 'smtp://h.example.com:25', from: 'Liaison <l@example.com>' } }));
    assert.equal((await loadServerConfigFile(file)).notify.email?.smtp, 'smtp://h.example.com:25');
    await writeFile(file, JSON.stringify({ ...access, feishu: { appId: 'cli' } }));
    await assert.rejects(
      loadServerConfigFile(file),
      (error: Error) =>
        error.message === `${file}: feishu.appSecret: expected a non-empty string (not shown here); the App Secret shown beside the App ID`,
    );
  });
});
