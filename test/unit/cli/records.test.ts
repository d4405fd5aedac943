// `liaison import`, `export` and `search`: in process for the details, and one round trip through
// the bundled tool (dist/cli.js, built by `node esbuild.mjs`) as a child process.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportCommand } from '../../../src/cli/commands/export';
import { importCommand, readRows } from '../../../src/cli/commands/import';
import { searchCommand } from '../../../src/cli/commands/search';
import { tempDir, useCleanup } from '../search/helpers';
import { runBundled } from './bundled';
import { runInProcess } from './inProcess';
import type { Run } from './inProcess';

function liaison(...argv: string[]): Promise<Run> {
  return runInProcess([importCommand, exportCommand, searchCommand], argv);
}

const JSONL = [
  {
    id: 'R-1',
    kind: 'internal-message',
    title: '关于支付接口延迟问题的排查请求',
    body: '昨晚起支付回调平均延迟 8 秒。',
    status: 'in-progress',
    priority: 'urgent',
    from: '李明',
    to: ['王芳'],
    createdAt: '2024-05-20 09:30',
    due: '2024-05-20 18:00',
    tags: ['支付', '故障'],
  },
  {
    id: 'R-2',
    kind: 'external-request',
    title: 'ACME payment terms',
    body: 'The client asks for 45 days on all payments.',
    status: 'archived',
    from: '陈静',
    to: '王芳,张伟',
    createdAt: '2024-03-02T01:00:00Z',
    fields: { counterpart: 'ACME' },
  },
  { id: 'R-3', kind: 'no-such-kind', title: 'x', from: 'a', createdAt: '2024-01-01' },
  'not json at all',
  { id: 'R-4', kind: 'knowledge-entry', title: '复盘：回调超时', body: '根因是网关接口延迟。', from: '李明', createdAt: 'yesterday' },
  {
    id: 'R-5',
    kind: 'knowledge-entry',
    title: '付款条款模板',
    body: '标准付款条款：30 天。',
    status: 'archived',
    from: '陈静',
    createdAt: '2023-12-01',
  },
  { id: 'R-6', kind: 'knowledge-entry', title: '不可达', from: '陈静', to: ['王芳'], status: 'delivered', createdAt: '2023-12-01' },
]
  .map((row) => (typeof row === 'string' ? row : JSON.stringify(row)))
  .join('\n');

describe('liaison import / export / search', () => {
  const cleanup = useCleanup();

  it('imports the good rows of a JSONL file and reports each bad row with its line and reason', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'records.jsonl');
    await writeFile(file, JSONL);
    const store = join(dir, 'store');
    const result = await liaison('import', file, '--store', store);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /records\.jsonl:3: kind "no-such-kind" is not one of/);
    assert.match(result.stderr, /records\.jsonl:4: not valid JSON/);
    assert.match(result.stderr, /records\.jsonl:5: createdAt "yesterday" is not a date/);
    assert.match(result.stderr, /records\.jsonl:7: status "delivered" does not apply to a knowledge-entry/);
    assert.match(result.stdout, /import: 3 record\(s\) into space internal/);
    assert.deepEqual(await readdir(join(store, 'search')), ['internal']);

    const again = await liaison('import', file, '--store', store);
    assert.match(again.stdout, /0 record\(s\) into space internal, 3 already there \(skipped\)/);
  });

  it('imports CSV: quoted commas and line breaks, a row with missing columns reported', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'records.csv');
    await writeFile(
      file,
      [
        'id,kind,title,body,status,priority,from,to,createdAt,due,tags,space',
        'C-1,internal-notice,"周五发布窗口, 请确认","第一行',
        '第二行：接口延迟监控",sent,high,王芳,"研发部,运营部",2024-06-01 10:00,2024-06-02 12:00,"发布,通知",',
        'C-2,internal-message,too short',
        'C-3,meeting-minutes,需求评审会议纪要,决定本周交付,archived,,张伟,李明,2024-06-03,,,',
      ].join('\n'),
    );
    assert.deepEqual(readRows('a,b\n1,2\n', 'csv').rows[0], { line: 2, values: { a: '1', b: '2' } });
    const store = join(dir, 'store');
    const result = await liaison('import', file, '--store', store, '--space', 'ops');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /records\.csv:4: has 3 field\(s\), the header has 12/);
    assert.match(result.stdout, /import: 2 record\(s\) into space ops/);
    const found = await liaison('search', '接口延迟', '--store', store, '--json');
    const hits = JSON.parse(found.stdout) as { id: string; status: string; space: string }[];
    assert.deepEqual(
      hits.map((hit) => [hit.id, hit.status, hit.space]),
      [['C-1', 'sent', 'ops']],
    );
  });

  it('search: ranked JSON with id, title and score; filters; several spaces need --space for export', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'records.jsonl');
    await writeFile(file, JSONL);
    const store = join(dir, 'store');
    await liaison('import', file, '--store', store);

    const json = await liaison('search', '接口延迟', '--store', store, '--json');
    assert.equal(json.code, 0, json.stderr);
    const hits = JSON.parse(json.stdout) as { id: string; title: string; score: number; snippet: string; highlights: [number, number][] }[];
    assert.deepEqual(
      hits.map((hit) => hit.id),
      ['R-1'],
      'R-4 had a bad row and was not imported',
    );
    assert.equal(hits[0].title, '关于支付接口延迟问题的排查请求');
    assert.ok(hits[0].score > 0);

    const stems = JSON.parse((await liaison('search', 'payment', '--store', store, '--json')).stdout) as { id: string }[];
    assert.deepEqual(
      stems.map((hit) => hit.id),
      ['R-2'],
    );
    const filtered = JSON.parse((await liaison('search', '付款', '--store', store, '--json', '--status', 'archived')).stdout) as {
      id: string;
    }[];
    assert.deepEqual(
      filtered.map((hit) => hit.id),
      ['R-5'],
    );
    const text = await liaison('search', '付款条款', '--store', store, '--limit', '1');
    assert.match(text.stdout, /R-5 {2}\[付款条款\]模板/);

    const bad = await liaison('search', 'x', '--store', store, '--limit', 'lots');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--limit must be a number/);

    await writeFile(
      join(dir, 'other.jsonl'),
      JSON.stringify({ kind: 'internal-message', title: '另一空间', from: 'a', createdAt: '2024-01-01', space: 'client-acme' }),
    );
    await liaison('import', join(dir, 'other.jsonl'), '--store', store);
    const several = await liaison('export', '--store', store);
    assert.equal(several.code, 2);
    assert.match(several.stderr, /several spaces \(client-acme, internal\); give --space NAME/);
    const across = JSON.parse((await liaison('search', '另一空间', '--store', store, '--json')).stdout) as { space: string }[];
    assert.deepEqual(
      across.map((hit) => hit.space),
      ['client-acme'],
    );
  });

  it('export writes JSONL that import reads back to the same records, and markdown', async () => {
    const dir = await tempDir(cleanup);
    const file = join(dir, 'records.jsonl');
    await writeFile(file, JSONL);
    const first = join(dir, 'first');
    await liaison('import', file, '--store', first);
    const exported = await liaison('export', '--store', first);
    assert.equal(exported.code, 0, exported.stderr);
    const rows = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((row) => [row.id, row.status]),
      [
        ['R-5', 'archived'],
        ['R-2', 'archived'],
        ['R-1', 'in-progress'],
      ],
    );
    assert.equal(rows[2].due, '2024-05-20 18:00');
    assert.deepEqual(rows[2].tags, ['支付', '故障']);
    assert.deepEqual(rows[1].fields, { counterpart: 'ACME' });

    const second = join(dir, 'second');
    await writeFile(join(dir, 'exported.jsonl'), exported.stdout);
    const reimport = await liaison('import', join(dir, 'exported.jsonl'), '--store', second);
    assert.equal(reimport.code, 0, reimport.stderr);
    const again = await liaison('export', '--store', second);
    const strip = (text: string): unknown[] =>
      text
        .trim()
        .split('\n')
        .map((line) => ({ ...(JSON.parse(line) as object), events: undefined }));
    assert.deepEqual(strip(again.stdout), strip(exported.stdout));

    const markdown = await liaison('export', '--store', first, '--format', 'markdown', '--language', 'en');
    assert.match(markdown.stdout, /^# 付款条款模板/m);
    assert.match(markdown.stdout, /^# 关于支付接口延迟问题的排查请求/m);
  });

  it('the bundled tool: --help lists the commands; import -> search -> export as child processes', async () => {
    const help = await runBundled(['--help']);
    assert.equal(help.code, 0);
    for (const name of ['import', 'export', 'search']) assert.match(help.stdout, new RegExp(`^ {2}${name} `, 'm'));

    const dir = await tempDir(cleanup);
    const file = join(dir, 'records.jsonl');
    await writeFile(file, JSONL);
    const store = join(dir, 'store');
    const imported = await runBundled(['import', file, '--store', store]);
    assert.equal(imported.code, 1);
    assert.match(imported.stderr, /records\.jsonl:3: kind "no-such-kind"/);
    const found = await runBundled(['search', 'payments', '--store', store, '--json', '--limit', '5']);
    assert.equal(found.code, 0, found.stderr);
    const hits = JSON.parse(found.stdout) as { id: string; title: string; score: number }[];
    assert.deepEqual(
      hits.map((hit) => [hit.id, hit.title]),
      [['R-2', 'ACME payment terms']],
    );
    assert.equal(typeof hits[0].score, 'number');
    const exported = await runBundled(['export', '--store', store]);
    assert.equal(exported.code, 0);
    assert.equal(exported.stdout.trim().split('\n').length, 3);
  });
});
