// `liaison demo` seeds a space a newcomer can explore: today's inbox and the team's history
// (closed cases across months, a client's score, knowledge entries, a dispute for the lead).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pastCases } from '../../../src/demo/pastCases';
import { deriveState } from '../../../src/domain/status';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { Cleanup, tempDir } from '../server/helpers';
import { runCli } from '../server/processes';
import { recordIds } from '../store/helpers';

describe('liaison demo', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('holds closed cases in three months, a scored client request, knowledge entries and an open dispute', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    const cases = pastCases(now);
    const closedMonths = new Set(
      cases.filter((record) => deriveState(record).status === 'archived').map((record) => record.createdAt.slice(0, 7)),
    );
    assert.deepEqual([...closedMonths].sort(), ['2026-09', '2026-10', '2026-11']);
    assert.equal(cases.filter((record) => record.kind === 'knowledge-entry').length, 2);
    const scored = cases.find((record) => record.kind === 'external-request');
    assert.equal(scored?.events.at(-1)?.satisfaction, 5);
    const dispute = cases.filter((record) => deriveState(record).status === 'disputed');
    assert.deepEqual(
      dispute.map((record) => record.fields.lead),
      ['王芳'],
    );
  });

  it('adds its records once, however often it runs', async () => {
    const data = await tempDir(cleanup);
    const first = runCli(cleanup, ['demo', '--data', data]);
    assert.equal(await first.exit, 0, first.stderr());
    const again = runCli(cleanup, ['demo', '--data', data]);
    assert.equal(await again.exit, 0, again.stderr());
    assert.match(again.stdout(), /demo: 0 sample record\(s\) added/);
    const space = await PersistedSpace.open(join(data, 'spaces', 'internal'), 'internal');
    await space.close();
    const ids = recordIds(space.doc);
    assert.ok(ids.includes('R-demo-0001') && ids.includes('R-demo-0107'), ids.join(', '));
  });
});
