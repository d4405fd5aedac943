// Issue 13, finding 6, against `liaison serve` as a child process: guessing tokens went through at
// 228 guesses a second, one log line each. Now failures per address are slowed down, logged once
// per burst and counted in /metrics.
import assert from 'node:assert/strict';
import { Cleanup, rawConnect, tempDir } from './helpers';
import { metric, writeAccess } from './hostileClients';
import { startCliServer } from './processes';

const zhang = { name: 'zhang', token: 'zhang-token-0123456789' };

describe('liaison serve: failed sign-ins slowed down (issue 13)', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('answers most of 100 guesses at once with 429 unchecked, logs the burst once, counts it, and still lets a valid token in', async () => {
    const dir = await tempDir(cleanup);
    const config = await writeAccess(dir, 'internal', [zhang]);
    const { child, url } = await startCliServer(cleanup, ['--data', dir, '--config', config]);
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => rawConnect(`${url}/internal?token=guess-${String(i).padStart(16, '0')}`)),
    );
    const statuses = guesses.map((outcome) => outcome.status);
    assert.equal(
      statuses.every((status) => status === 401 || status === 429),
      true,
      statuses.join(),
    );
    const checked = statuses.filter((status) => status === 401).length;
    assert.ok(checked <= 20, `${checked} guesses were checked (3 free + 8 waiting at most, plus those after a wait)`);
    assert.equal(await metric(url, 'liaison_sign_ins_failed_total'), checked);
    assert.equal(await metric(url, 'liaison_sign_ins_throttled_total'), 100 - checked);
    assert.equal(await metric(url, 'liaison_sign_in_addresses_slowed'), 1);
    const lines = child.stderr().split('\n');
    assert.equal(lines.filter((line) => line.includes('sign-in failed from')).length, 1, child.stderr());
    assert.equal(lines.filter((line) => line.includes('refused 401')).length, 0);
    assert.equal(child.stderr().includes('guess-'), false, 'no guessed token in the log');
    assert.equal((await rawConnect(`${url}/internal?token=${zhang.token}`)).opened, true);
  });
});
