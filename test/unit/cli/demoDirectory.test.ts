// `liaison demo` seeds the demo's directory (issue 15, point 2): "Pick a recipient" dead-ended on
// "The directory is empty" in `npm start`. The demo's people, departments and heads go into an
// empty directory, every sender and recipient of the sample records is in it, and a directory
// someone filled in is left alone.
import assert from 'node:assert/strict';
import { demoCommand } from '../../../src/cli/commands/demo';
import { pastCases } from '../../../src/demo/pastCases';
import { DEMO_DIRECTORY, demoRecords } from '../../../src/demo/sampleRecords';
import { fieldList, fieldText } from '../../../src/domain/record';
import { readDirectory, writeDirectory } from '../../../src/store/directoryDoc';
import { LocalStore } from '../../../src/store/localStore';
import { Cleanup, tempDir } from '../search/helpers';
import { runInProcess } from './inProcess';

async function directoryOf(root: string): Promise<ReturnType<typeof readDirectory>> {
  const store = new LocalStore(root);
  try {
    return readDirectory((await store.openSpace('internal')).doc);
  } finally {
    await store.close();
  }
}

describe('liaison demo: the directory', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('seeds the people, departments and heads, naming everyone the sample records name', async () => {
    const root = await tempDir(cleanup, 'liaison-demo-');
    const run = await runInProcess([demoCommand], ['demo', '--data', root]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /directory of internal: 6 people, 4 departments/);
    const directory = await directoryOf(root);
    assert.deepEqual(
      directory.departments.map((department) => `${department.name}:${department.head}`),
      ['产品部:刘洋', '客服部:陈静', '研发部:李明', '运营部:张伟'],
    );
    const names = new Set(directory.people.map((person) => person.name));
    for (const record of [...demoRecords(new Date(), 'internal'), ...pastCases(new Date(), 'internal')]) {
      for (const name of [fieldText(record, 'sender'), ...fieldList(record, 'recipients')].filter(Boolean))
        assert.ok(names.has(name) || directory.departments.some((d) => d.name === name), `${name} of ${record.id} is in the directory`);
    }
    // Twice adds nothing.
    const again = await runInProcess([demoCommand], ['demo', '--data', root]);
    assert.doesNotMatch(again.stdout, /directory of/);
    assert.equal((await directoryOf(root)).people.length, DEMO_DIRECTORY.people.length);
  });

  it('leaves a directory someone filled in alone', async () => {
    const root = await tempDir(cleanup, 'liaison-demo-');
    const store = new LocalStore(root);
    const space = await store.openSpace('internal');
    writeDirectory(space.doc, { people: [{ name: '孙丽', department: '财务部' }], departments: [{ name: '财务部' }] }, { replace: true });
    await space.flush();
    await store.close();
    assert.equal((await runInProcess([demoCommand], ['demo', '--data', root])).code, 0);
    assert.deepEqual(
      (await directoryOf(root)).people.map((person) => person.name),
      ['孙丽'],
    );
  });
});
