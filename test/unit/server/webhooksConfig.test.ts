import assert from 'node:assert/strict';
import { describeWebhookChanges, diffWebhooks, parseWebhookConfig } from '../../../server/webhookConfig';

function parse(entry: unknown): unknown {
  return parseWebhookConfig({ users: [], spaces: [], webhooks: [entry] });
}

const valid = { name: 'ops-dingtalk', format: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' };

describe('webhooks: config', () => {
  it('reads a full entry, and defaults spaces to all and events to both', () => {
    const [full, plain] = parseWebhookConfig({
      webhooks: [
        { ...valid, secret: 'SEC1', spaces: ['internal', '客户-acme'], events: ['escalation'], maxAttempts: 5 },
        { name: '归档', format: 'generic', url: 'http://127.0.0.1:9000/hook', allowPrivate: true },
      ],
    });
    assert.equal(full.name, 'ops-dingtalk');
    assert.equal(full.format, 'dingtalk');
    assert.equal(full.secret, 'SEC1');
    assert.deepEqual([...(full.spaces ?? [])], ['internal', '客户-acme']);
    assert.deepEqual([...full.events], ['escalation']);
    assert.equal(full.maxAttempts, 5);
    assert.equal(plain.name, '归档');
    assert.equal(plain.spaces, undefined);
    assert.deepEqual([...plain.events], ['emergency', 'escalation']);
    assert.equal(plain.secret, undefined);
  });

  it('gives no webhooks without the key', () => {
    assert.deepEqual(parseWebhookConfig({ users: [], spaces: [] }), []);
    assert.deepEqual(parseWebhookConfig({ webhooks: [] }), []);
  });

  const cases: [string, unknown, RegExp][] = [
    ['not an array', 'x', /^webhooks: expected an array/],
    ['an entry not an object', 'x', /^webhooks\[0\]: expected an object/],
    ['no name', { ...valid, name: undefined }, /^webhooks\[0\]\.name: expected a name of 1–64 letters/],
    ['a name with a space', { ...valid, name: 'ops bot' }, /^webhooks\[0\]\.name:/],
    [
      'an unknown format',
      { ...valid, format: 'slack' },
      /^webhooks\[0\]\.format: expected one of "dingtalk", "feishu", "generic", got "slack"/,
    ],
    ['no url', { ...valid, url: undefined }, /^webhooks\[0\]\.url: expected the webhook address/],
    [
      'a url that is not one',
      { ...valid, url: 'oapi.dingtalk.com/robot' },
      /^webhooks\[0\]\.url: is not a URL \(not shown: it may hold a token\); give the full address starting with https:\/\//,
    ],
    ['a ftp url', { ...valid, url: 'ftp://example.com/' }, /^webhooks\[0\]\.url: "ftp:" is not supported/],
    ['an empty secret', { ...valid, secret: '' }, /^webhooks\[0\]\.secret: expected a non-empty string/],
    ['a misspelt key', { ...valid, secert: 'SEC' }, /^webhooks\[0\]\.secert: unknown key; the keys are "name", "format", "url", "secret"/],
    ['spaces not a list', { ...valid, spaces: 'internal' }, /^webhooks\[0\]\.spaces: expected a non-empty array of space names/],
    ['a bad space name', { ...valid, spaces: ['ok', '../etc'] }, /^webhooks\[0\]\.spaces\[1\]: "\.\.\/etc" is not a space name/],
    [
      'an unknown event',
      { ...valid, events: ['emergency', 'reminder'] },
      /^webhooks\[0\]\.events\[1\]: "reminder" is not an event; use "emergency" or "escalation"/,
    ],
    ['no events', { ...valid, events: [] }, /^webhooks\[0\]\.events: expected a non-empty array/],
    ['maxAttempts 0', { ...valid, maxAttempts: 0 }, /^webhooks\[0\]\.maxAttempts: expected a whole number from 1 to 100/],
  ];
  for (const [what, entry, message] of cases) {
    it(`refuses ${what}, naming the field and the fix`, () => {
      if (what === 'not an array') assert.throws(() => parseWebhookConfig({ webhooks: entry }), { message });
      else assert.throws(() => parse(entry), { message });
    });
  }

  it('refuses two webhooks of the same name', () => {
    assert.throws(() => parseWebhookConfig({ webhooks: [valid, { ...valid, format: 'feishu' }] }), {
      message: /^webhooks\[1\]\.name: "ops-dingtalk" appears twice; give every webhook its own name/,
    });
  });
  it('tells a reload which webhooks were added, removed and changed, by name, any key counting as a change', () => {
    const base = { ...valid, secret: 'SEC1', spaces: ['internal'], events: ['emergency'], maxAttempts: 5 };
    const edits: Record<string, unknown>[] = [
      { format: 'feishu' },
      { url: `${valid.url}x` },
      { secret: 'SEC2' },
      { secret: undefined },
      { spaces: ['internal', 'ops'] },
      { spaces: undefined },
      { events: ['emergency', 'escalation'] },
      { maxAttempts: 6 },
      { maxAttempts: undefined },
    ];
    const [before] = parseWebhookConfig({ webhooks: [base] });
    for (const edit of edits) {
      const [after] = parseWebhookConfig({ webhooks: [{ ...base, ...edit }] });
      assert.deepEqual(diffWebhooks([before], [after]), { added: [], removed: [], changed: ['ops-dingtalk'] }, JSON.stringify(edit));
    }
    // The same entry, keys and list entries in another order: unchanged.
    const [same] = parseWebhookConfig({
      webhooks: [
        {
          maxAttempts: 5,
          events: ['emergency'],
          spaces: ['internal'],
          secret: 'SEC1',
          url: valid.url,
          format: 'dingtalk',
          name: 'ops-dingtalk',
        },
      ],
    });
    const unchanged = diffWebhooks([before], [same]);
    assert.equal(describeWebhookChanges(unchanged, 1), 'webhooks unchanged (1)');
    const next = parseWebhookConfig({
      webhooks: [
        { ...base, url: `${valid.url}x` },
        { name: 'ops-feishu', format: 'feishu', url: 'https://open.feishu.cn/x' },
      ],
    });
    const old = parseWebhookConfig({ webhooks: [base, { name: 'old-hook', format: 'generic', url: 'https://x.example/h' }] });
    assert.equal(describeWebhookChanges(diffWebhooks(old, next), next.length), 'webhooks +ops-feishu -old-hook ~ops-dingtalk');
  });
});
