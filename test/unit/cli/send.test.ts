// `liaison send` as a script runs it: the bundled tool as a child process, a real `liaison serve`
// on a free port, real store folders. A clean draft is sent and reaches a second store through the
// server; a draft with a vague deadline is refused with the finding, exit 1, and nothing written.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDirectory } from '../../../src/store/directoryDoc';
import { PersistedSpace } from '../../../src/store/persistedSpace';
import { findRecordMap, isMalformed, readRecord } from '../../../src/store/recordsDoc';
import { DIRECTORY, NOW, internalMessage } from '../domain/lintFixtures';
import { Cleanup, tempDir } from '../server/helpers';
import { runCli, startCliServer } from '../server/processes';
import { recordIds } from '../store/helpers';

const WANG = 'wang-fang-token-0123456789';
const LI = 'li-ming-token-0123456789ab';
const ACCESS = {
  users: [
    { name: '王芳', token: WANG },
    { name: '李明', token: LI },
  ],
  spaces: [{ name: 'internal', members: ['王芳', '李明'], admins: ['王芳'] }],
};

async function idsIn(store: string, space: string): Promise<string[]> {
  const opened = await PersistedSpace.open(join(store, 'spaces', space), space);
  await opened.close();
  return recordIds(opened.doc);
}

describe('liaison send', function () {
  // Each case runs the bundled tool several times (and a server): on a loaded 2-core machine that
  // outlasts mocha's default 20 s, which is a limit, not an expectation.
  this.timeout(90_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  const now = ['--now', NOW.toISOString()];

  it('sends a clean draft as the editor does, and a second store gets it through the server', async () => {
    const serverDir = await tempDir(cleanup);
    const config = join(serverDir, 'access.json');
    await writeFile(config, JSON.stringify(ACCESS));
    const { url } = await startCliServer(cleanup, ['--data', serverDir, '--config', config]);

    // The team's directory is on the server: send fetches it before linting (李明 and 研发部 resolve).
    const seed = await tempDir(cleanup);
    const seeded = await PersistedSpace.open(join(seed, 'spaces', 'internal'), 'internal');
    writeDirectory(seeded.doc, DIRECTORY.toData(), { replace: true });
    await seeded.close();
    const push = runCli(cleanup, ['sync', '--store', seed, '--server', url, '--space', 'internal', '--token', WANG]);
    assert.equal(await push.exit, 0, push.stderr());
    // 李明 is no admin: the server refuses his change to the directory, and sync says so.
    const otherSeed = await tempDir(cleanup);
    const changed = await PersistedSpace.open(join(otherSeed, 'spaces', 'internal'), 'internal');
    writeDirectory(changed.doc, { people: [{ name: '假冒', department: '研发部' }], departments: [] }, { replace: false });
    await changed.close();
    const refused = runCli(cleanup, ['sync', '--store', otherSeed, '--server', url, '--space', 'internal', '--token', LI]);
    assert.equal(await refused.exit, 1, refused.stderr());
    assert.match(
      refused.stderr(),
      /the server refused a change: .*\n.*change\(s\) refused stay in this store only; ask an admin of the space/,
    );

    const dir = await tempDir(cleanup);
    const draft = join(dir, 'notice.md');
    await writeFile(draft, internalMessage('zh'));
    const store = join(dir, 'store');
    const send = runCli(cleanup, ['send', draft, '--store', store, '--as', '王芳', '--server', url, '--token', WANG, ...now]);
    assert.equal(await send.exit, 0, send.stderr());
    const id = send.stdout().trim();
    assert.match(id, /^R-/);
    assert.match(send.stderr(), /sent "关于Q3产品迭代需求评审会的安排-产品部" to 李明, 研发部 in internal, held by ws:/);

    const other = join(dir, 'other');
    const pull = runCli(cleanup, ['sync', '--store', other, '--server', url, '--space', 'internal', '--token', LI]);
    assert.equal(await pull.exit, 0, pull.stderr());
    const opened = await PersistedSpace.open(join(other, 'spaces', 'internal'), 'internal');
    await opened.close();
    const map = findRecordMap(opened.doc, id);
    assert.ok(map, 'the second store holds the record');
    const record = readRecord(id, map);
    if (isMalformed(record)) return assert.fail(`a malformed record: ${record.reason}`);
    assert.equal(record.createdBy, '王芳');
    assert.equal(record.createdAt, NOW.toISOString());
    assert.deepEqual(
      record.events.map((event) => [event.type, event.actor, event.actorDepartment]),
      [['sent', '王芳', '产品部']],
    );
    assert.deepEqual(record.fields.recipients, ['李明', '研发部']);
  });

  it('refuses a draft with a vague deadline: the finding on stderr, exit 1, nothing written', async () => {
    const dir = await tempDir(cleanup);
    const draft = join(dir, 'vague.md');
    await writeFile(draft, internalMessage('en', { deadline: 'ASAP' }));
    const store = join(dir, 'store');

    const send = runCli(cleanup, ['send', draft, '--store', store, '--as', 'Wang Fang', '--lang', 'en', ...now]);
    assert.equal(await send.exit, 1, send.stderr());
    assert.match(send.stderr(), /vague\.md:9:\d+ error vague-deadline /);
    assert.match(send.stderr(), /not sent: 1 error\(s\) in .*vague\.md; nothing was written/);
    assert.equal(send.stdout(), '');
    assert.ok(!existsSync(join(store, 'spaces', 'internal')), 'no space was made for a refused draft');

    // The same store, once it holds the space: still nothing added by a refused send.
    await writeFile(join(dir, 'good.md'), internalMessage('en'));
    const good = runCli(cleanup, ['send', join(dir, 'good.md'), '--store', store, '--as', 'Wang Fang', ...now]);
    assert.equal(await good.exit, 0, good.stderr());
    const again = runCli(cleanup, ['send', draft, '--store', store, '--as', 'Wang Fang', ...now]);
    assert.equal(await again.exit, 1);
    assert.deepEqual(await idsIn(store, 'internal'), [good.stdout().trim()]);
  });

  it('names what is missing on a wrong command line (exit 2)', async () => {
    const dir = await tempDir(cleanup);
    const draft = join(dir, 'draft.md');
    await writeFile(draft, internalMessage('en'));
    const noName = runCli(cleanup, ['send', draft, '--store', join(dir, 'store')], { LIAISON_USER: '' });
    assert.equal(await noName.exit, 2);
    assert.match(noName.stderr(), /give --as NAME \(or set LIAISON_USER\)/);
    const noStore = runCli(cleanup, ['send', draft, '--as', 'Wang Fang']);
    assert.equal(await noStore.exit, 2);
    assert.match(noStore.stderr(), /--store DIR is required/);
  });
});
