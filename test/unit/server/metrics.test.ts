import assert from 'node:assert/strict';
import { parseAccessConfig } from '../../../server/access';
import { Cleanup, rawConnect, startServer, stockClient, tempDir, waitFor } from './helpers';

/** `name{labels}` → value, from a Prometheus text body. */
function samples(body: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-z_]+(?:\{[a-z_]+="[^"]*"\})?) (\S+)$/.exec(line);
    assert.ok(match, `not a sample line: ${line}`);
    values.set(match[1], Number(match[2]));
  }
  return values;
}

describe('SyncServer: /metrics', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('reports connections, spaces, updates, bytes and persistence latency in Prometheus text format', async () => {
    const dataDir = await tempDir(cleanup);
    const access = parseAccessConfig({
      users: [{ name: 'zhang', token: 'zhang-token-0123456' }],
      spaces: [{ name: 'internal', members: ['zhang'] }],
    });
    const { url } = await startServer(cleanup, { dataDir, access });
    const http = url.replace('ws:', 'http:');
    const scrape = async (): Promise<{ body: string; values: Map<string, number> }> => {
      const response = await fetch(`${http}/metrics`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const body = await response.text();
      return { body, values: samples(body) };
    };

    const before = await scrape();
    assert.equal(before.values.get('liaison_connections'), 0);
    assert.equal(before.values.get('liaison_spaces_loaded'), 0);
    for (const family of ['liaison_connections', 'liaison_persist_seconds', 'liaison_updates_relayed_total', 'liaison_sent_bytes_total']) {
      assert.match(before.body, new RegExp(`# HELP ${family} .+\\n# TYPE ${family} (gauge|counter|histogram)\\n`));
    }

    const a = stockClient(cleanup, url, 'internal', 'zhang-token-0123456');
    const b = stockClient(cleanup, url, 'internal', 'zhang-token-0123456');
    await waitFor('clients synced', () => a.provider.synced && b.provider.synced);
    a.records.set('r1', '测试');
    await waitFor('relayed', () => b.records.get('r1') === '测试');
    assert.equal((await rawConnect(`${url}/internal?token=wrong`)).status, 401);

    const after = (await scrape()).values;
    assert.equal(after.get('liaison_connections'), 2);
    assert.equal(after.get('liaison_spaces_loaded'), 1);
    assert.equal(after.get('liaison_connections_opened_total'), 2);
    assert.equal(after.get('liaison_upgrades_refused_total{status="401"}'), 1);
    assert.ok((after.get('liaison_updates_applied_total') ?? 0) >= 1);
    assert.ok((after.get('liaison_updates_relayed_total') ?? 0) >= 1);
    assert.ok((after.get('liaison_messages_received_total{type="sync"}') ?? 0) >= 3);
    assert.ok((after.get('liaison_received_bytes_total') ?? 0) > 0);
    assert.ok((after.get('liaison_sent_bytes_total') ?? 0) > 0);
    const count = after.get('liaison_persist_seconds_count') ?? 0;
    assert.ok(count >= 1);
    assert.equal(after.get('liaison_persist_seconds_bucket{le="+Inf"}'), count);
    const buckets = [...after].filter(([key]) => key.startsWith('liaison_persist_seconds_bucket')).map(([, value]) => value);
    assert.deepEqual(
      buckets,
      [...buckets].sort((x, y) => x - y),
      'buckets are cumulative',
    );
    assert.equal(after.get('liaison_space_load_seconds_count'), 1);
  });
});
