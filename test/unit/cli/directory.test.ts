// `liaison directory import|export` on a real store folder: the CSV of Edit Directory with the
// channel columns round-trips through the space's document; a bad row prints its line, column and
// fix, exits 1 and writes nothing; --replace makes the directory exactly the file.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { directoryCommand } from '../../../src/cli/commands/directory';
import { readDirectory } from '../../../src/store/directoryDoc';
import { LocalStore } from '../../../src/store/localStore';
import { Cleanup, tempDir } from '../search/helpers';
import { runInProcess } from './inProcess';
import type { Run } from './inProcess';

function liaison(...argv: string[]): Promise<Run> {
  return runInProcess([directoryCommand], argv);
}

async function stored(root: string): Promise<ReturnType<typeof readDirectory>> {
  const store = new LocalStore(root);
  try {
    return readDirectory((await store.openSpace('team')).doc);
  } finally {
    await store.close();
  }
}

const CSV = [
  'name,department,title,email,head,aliases,dingtalk,feishu,webhook',
  '王芳,产品部,产品总监,wangfang@example.com,yes,Wang Fang,manager4521,,',
  '李明,研发部,工程师,liming@example.com,,,,ou_7d8a6e6df7621556ce0d21922b676706,https://hooks.example.com/p/liming?token=s3cret',
  '',
].join('\n');

describe('liaison directory', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  let root: string;

  beforeEach(async () => {
    root = await tempDir(cleanup, 'liaison-directory-');
    const store = new LocalStore(root);
    await store.openSpace('team');
    await store.close();
  });

  it('imports the channel columns into the space and exports the same CSV', async () => {
    const file = join(root, 'people.csv');
    await writeFile(file, CSV);
    const run = await liaison('directory', 'import', file, '--store', root, '--space', 'team');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /imported 2 people and 2 departments into the directory of team/);
    const data = await stored(root);
    const li = data.people.find((person) => person.name === '李明');
    assert.equal(li?.feishu, 'ou_7d8a6e6df7621556ce0d21922b676706');
    assert.equal(li?.webhook, 'https://hooks.example.com/p/liming?token=s3cret');
    assert.equal(data.people.find((person) => person.name === '王芳')?.dingtalk, 'manager4521');

    const exported = await liaison('directory', 'export', '--store', root, '--space', 'team');
    assert.equal(exported.code, 0, exported.stderr);
    const lines = exported.stdout.trimEnd().split('\n');
    assert.equal(lines[0], CSV.split('\n')[0]);
    assert.deepEqual(lines.slice(1).sort(), CSV.split('\n').slice(1, 3).sort());
    const out = join(root, 'out.csv');
    await liaison('directory', 'export', '--store', root, '--space', 'team', '--out', out);
    assert.equal(await readFile(out, 'utf8'), exported.stdout);
  });

  it('a bad row prints its line, column and fix, exits 1 and writes nothing', async () => {
    const file = join(root, 'bad.csv');
    await writeFile(
      file,
      [
        'name,department,email,dingtalk,webhook',
        '王芳,产品部,wangfang@example.com,,',
        '赵强,测试部,zhaoqiang-at-example,,',
        '孙丽,测试部,,钉钉 号,',
        '周杰,测试部,,,ftp://hooks.example.com/x?token=s3cret',
      ].join('\n'),
    );
    const run = await liaison('directory', 'import', file, '--store', root, '--space', 'team');
    assert.equal(run.code, 1);
    assert.ok(
      run.stderr.includes(`${file}:3: email: the email "zhaoqiang-at-example" of 赵强 is not an address like name@example.com`),
      run.stderr,
    );
    assert.ok(run.stderr.includes(`${file}:4: dingtalk: the dingtalk column of 孙丽 is "钉钉 号": not a DingTalk user id`), run.stderr);
    assert.ok(
      run.stderr.includes(
        `${file}:5: webhook: the webhook column of 周杰 is "ftp://hooks.example.com/x": ftp: is not supported; use https://`,
      ),
      run.stderr,
    );
    assert.ok(!run.stderr.includes('s3cret'), 'a webhook token is never printed');
    assert.match(run.stderr, /3 problem\(s\) in .*bad\.csv; nothing was imported into team/);
    assert.deepEqual((await stored(root)).people, []);
  });

  it('--replace makes the directory exactly the file; without it people are added and updated', async () => {
    const file = join(root, 'people.csv');
    await writeFile(file, CSV);
    await liaison('directory', 'import', file, '--store', root, '--space', 'team');
    const one = join(root, 'one.csv');
    await writeFile(one, 'name,department\n陈静,市场部\n');
    await liaison('directory', 'import', one, '--store', root, '--space', 'team');
    assert.equal((await stored(root)).people.length, 3);
    const replaced = await liaison('directory', 'import', one, '--store', root, '--space', 'team', '--replace');
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.deepEqual(
      (await stored(root)).people.map((person) => person.name),
      ['陈静'],
    );
  });

  it('a wrong command line is a usage error naming the fix', async () => {
    const run = await liaison('directory', 'load', '--store', root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"load" is not an action; use import FILE.csv or export/);
    const noFile = await liaison('directory', 'import', '--store', root);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /give the CSV file to import/);
    const unknown = await liaison('directory', 'export', '--store', root, '--space', 'other');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no space other in/);
  });
});
