// `liaison import` reads the statuses other tools export, lists them in its help, and still
// refuses an unknown status with its line.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportCommand } from '../../../src/cli/commands/export';
import { importCommand } from '../../../src/cli/commands/import';
import { tempDir, useCleanup } from '../search/helpers';
import { runInProcess } from './inProcess';

const COMMANDS = [importCommand, exportCommand];

describe('liaison import: statuses from other tools', () => {
  const cleanup = useCleanup();

  it('maps closed, done, 已完成, 已解決, open, In Progress, 處理中… and refuses "cancelled" on its line', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'jira.csv');
    const rows: [string, string, string][] = [
      ['J-1', 'internal-message', 'closed'],
      ['J-2', 'internal-message', 'Done'],
      ['J-3', 'internal-message', '已完成'],
      ['J-4', 'internal-message', '已解決'],
      ['J-5', 'internal-message', 'open'],
      ['J-6', 'internal-message', 'In Progress'],
      ['J-7', 'internal-message', '處理中'],
      ['J-8', 'internal-message', 'cancelled'],
      ['J-9', 'internal-notice', '已关闭'],
      ['J-10', 'internal-message', 'pending'],
    ];
    await writeFile(
      file,
      [
        'id,kind,title,status,from,to,createdAt,type',
        ...rows.map(([id, kind, status]) => `${id},${kind},工单 ${id},${status},陈静,王芳,2024-05-20 09:30,collaboration-request`),
      ].join('\n'),
    );
    const store = join(dir, 'store');
    const result = await runInProcess(COMMANDS, ['import', file, '--store', store]);
    assert.equal(result.code, 1, 'one bad row');
    assert.match(result.stderr, /jira\.csv:9: status "cancelled" is not one of draft, sent, .*archived, nor another tool's word/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stdout, /import: 9 record\(s\) into space internal/);

    const exported = await runInProcess(COMMANDS, ['export', '--store', store]);
    const statuses = Object.fromEntries(
      exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; status: string })
        .map((row) => [row.id, row.status]),
    );
    assert.deepEqual(statuses, {
      'J-1': 'archived',
      'J-2': 'archived',
      'J-3': 'archived',
      'J-4': 'archived',
      'J-5': 'sent',
      'J-6': 'in-progress',
      'J-7': 'in-progress',
      'J-9': 'archived',
      'J-10': 'sent',
    });
  });

  it('lists the accepted words in its help', async () => {
    const help = await runInProcess(COMMANDS, ['import', '--help']);
    const text = help.stdout + help.stderr;
    assert.match(text, /archived\s+closed, done, resolved, completed/);
    assert.match(text, /in-progress\s+in progress, doing/);
    assert.match(text, /已完成/);
    assert.match(text, /已解決/);
    assert.match(text, /處理中/);
  });

  it('a sender who is also a recipient is not the one who accepts: the next recipient does', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'self.jsonl');
    await writeFile(
      file,
      JSON.stringify({
        id: 'S-1',
        kind: 'internal-message',
        title: '发布窗口确认',
        status: 'in progress',
        from: '王芳',
        to: ['王芳', '李明'],
        type: 'collaboration-request',
        createdAt: '2024-05-20 09:30',
      }),
    );
    const store = join(dir, 'store');
    assert.equal((await runInProcess(COMMANDS, ['import', file, '--store', store])).code, 0);
    const [row] = (await runInProcess(COMMANDS, ['export', '--store', store])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; events: { type: string; actor: string }[] });
    assert.equal(row.status, 'in-progress');
    assert.deepEqual(
      row.events.filter((event) => event.type === 'accepted').map((event) => event.actor),
      ['李明'],
    );
  });
});
