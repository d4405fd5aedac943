// The message lint on a long draft: checkDraft on a realistic 5,000-line meeting record (front
// matter, Chinese and English paragraphs, an action table of hundreds of rows, some findings),
// side by side with what just reading the draft costs (parseDraft + draftSections), and a batch of
// 100 ordinary drafts (what a workspace-wide `liaison lint` or a folder of open drafts costs).
//   node esbuild.mjs --tests && node --expose-gc out/test/bench/lint.bench.js
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Directory } from '../../src/domain/directory';
import type { Person } from '../../src/domain/directory';
import { draftSections, parseDraft, renderDraft } from '../../src/domain/draft';
import { builtInTemplates } from '../../src/domain/templates/registry';
import { checkDraft } from '../../src/domain/validate';
import type { DraftCheck } from '../../src/domain/validate';
import { fmt, heapUsedMB, percentile, printTable, ratio, target, sized } from './report';
import { seededRandom } from './random';

const NOW = new Date('2026-05-18T02:00:00Z');
const WARM_UP = sized(10, 1);
const RUNS = sized(50, 2);
const BATCH_RUNS = sized(20, 2);

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉宇浩凯健俊帆帅旭宁婷雪琳晨阳';
const DEPARTMENTS = ['产品部', '研发部', '测试部', '运维部', '市场部', '销售部', '财务部', '行政部', '客服部', '法务部'];

/** A company of 300 people in 10 departments, each with an English alias. */
function company(random: () => number): Directory {
  const people: Person[] = [];
  const taken = new Set<string>();
  while (people.length < 300) {
    const name =
      SURNAMES[Math.floor(random() * SURNAMES.length)] +
      GIVEN[Math.floor(random() * GIVEN.length)] +
      (random() < 0.5 ? GIVEN[Math.floor(random() * GIVEN.length)] : '');
    if (taken.has(name)) continue;
    taken.add(name);
    people.push({ name, department: DEPARTMENTS[people.length % DEPARTMENTS.length], aliases: [`Person ${people.length}`] });
  }
  return new Directory({ people, departments: DEPARTMENTS.map((name, index) => ({ name, head: people[index].name })) });
}

const ZH_SENTENCES = [
  '客户反馈报表接口在高峰期响应超过 5 秒，影响月底对账。',
  '研发部确认根因是慢查询，已在预发环境验证索引方案。',
  '产品部要求本迭代优先完成导出功能，其余需求顺延到下个版本。',
  '测试部补充了 42 条回归用例，覆盖支付、退款和发票三个流程。',
  '运维部计划在周四 22:00 灰度发布，观察两小时后全量。',
  '财务部提醒合同约定的账期为 30 天，逾期需走审批流程。',
  '会上对是否引入新的消息队列有分歧，决定先做压测再评估。',
];
const EN_SENTENCES = [
  'The client says the report API takes over 5 s at peak, which breaks their month-end reconciliation.',
  'R&D traced it to a slow query and verified an index on staging.',
  'Product wants the export feature first; the rest moves to the next release.',
  'QA added 42 regression cases across payment, refund and invoicing.',
  'Ops plans a canary release on Thursday at 22:00 and a full rollout two hours later.',
  'We disagreed on a new message queue and will load-test before deciding.',
];

/**
 * A meeting record of about `lines` lines: 800 action items, long decisions and discussion in
 * both languages; about 2% of rows have a vague or malformed due time or an unknown owner, and a
 * few paragraphs say 尽快 — findings the lint must report.
 */
function longDraft(lines: number, directory: Directory, random: () => number): string {
  const names = directory.people.map((person) => person.name);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const out = [
    '---',
    'kind: meeting-minutes',
    'space: internal',
    'title: 关于Q3迭代范围评审会的会议纪要-产品部',
    `sender: ${names[0]}`,
    'meetingTime: 2026-05-18 09:00',
    `attendees: [${names.slice(1, 40).join(', ')}]`,
    `recipients: [${DEPARTMENTS.slice(0, 6).join(', ')}]`,
    'attachments: [产品需求V2.1-20240520-张.docx, 评审记录V1.0-20260518-王.xlsx]',
    '---',
    '',
    '## 会议决定',
    '',
  ];
  for (let index = 0; index < 600; index++) out.push(`${index + 1}. ${pick(ZH_SENTENCES)} ${pick(EN_SENTENCES)}`);
  out.push('', '## 行动项', '', '| 事项 * | 负责人 * | 截止时间 * |', '| --- | --- | --- |');
  for (let index = 0; index < 800; index++) {
    const roll = random();
    const owner = roll < 0.01 ? '相关人员' : roll < 0.02 ? `${pick(names)}x` : pick(names);
    const dueRoll = random();
    const day = 19 + Math.floor(random() * 10);
    const due = dueRoll < 0.01 ? '尽快' : dueRoll < 0.02 ? `2026/5/${day} 18:00` : `2026-05-${day} 18:00`;
    out.push(`| ${pick(ZH_SENTENCES).slice(0, 18)} ${index + 1} | ${owner} | ${due} |`);
  }
  out.push('', '## 讨论要点', '');
  let paragraph = 0;
  while (out.length < lines) {
    if (paragraph % 40 === 0) out.push(`### 议题 ${paragraph / 40 + 1} / Topic ${paragraph / 40 + 1}`, '');
    out.push(
      paragraph % 97 === 0
        ? `${pick(ZH_SENTENCES)}请各方尽快给出意见。`
        : paragraph % 2 === 0
          ? pick(ZH_SENTENCES) + pick(ZH_SENTENCES)
          : pick(EN_SENTENCES) + ' ' + pick(EN_SENTENCES),
    );
    if (paragraph % 5 === 4) out.push('');
    paragraph++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** Ordinary drafts: every kind in both languages, filled the way people do (some with findings). */
function ordinaryDrafts(count: number, directory: Directory, random: () => number): string[] {
  const names = directory.people.map((person) => person.name);
  const drafts: string[] = [];
  for (let index = 0; index < count; index++) {
    const template = builtInTemplates[index % builtInTemplates.length];
    const language = index % 2 === 0 ? 'zh' : 'en';
    let text = renderDraft(template, language, {
      identity: { name: names[index % names.length] },
      space: 'internal',
      deadline: '2026-05-22 18:00',
    })
      .replace(/^title: ''/m, `title: ${JSON.stringify(template.exampleTitle[language])}`)
      .replace(
        /^(recipients|attendees|confirmers): \[\]/gm,
        `$1: [${names[(index * 7) % names.length]}, ${DEPARTMENTS[index % DEPARTMENTS.length]}]`,
      )
      .replace(/^(owner|contact|department): ''/gm, `$1: ${names[(index * 3) % names.length]}`)
      .replace(/^(counterpart|project|stage|impact): ''/gm, '$1: 艾克美科技报表模块');
    text = text.replace(
      /<!-- ([^>]*) -->/g,
      (_, help: string) => `${help.replace(/（选填）| \(optional\)/, '')}：${ZH_SENTENCES[Math.floor(random() * ZH_SENTENCES.length)]}`,
    );
    text = text.replace(/^\|(\s+\|)+$/gm, (row) => row.replace(/\s+\|/g, () => ` ${names[Math.floor(random() * names.length)]} |`));
    if (index % 10 === 3) text = text.replace(/^deadline: .*$/m, 'deadline: 尽快');
    drafts.push(text);
  }
  return drafts;
}

interface Samples {
  /** Wall-clock milliseconds per run. */
  wall: number[];
  /** CPU milliseconds per run (this process, all threads): what the run costs when other processes compete for the cores. */
  cpu: number[];
}

function sample(runs: number, fn: () => unknown): Samples {
  const samples: Samples = { wall: [], cpu: [] };
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    samples.wall.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    samples.cpu.push((cpu.user + cpu.system) / 1000);
  }
  return samples;
}

function main(): void {
  const random = seededRandom(20260518);
  const directory = company(random);
  const draft = longDraft(sized(5000, 200), directory, random);
  const drafts = ordinaryDrafts(sized(100, 5), directory, random);
  const lineCount = draft.split('\n').length - 1;
  const check = (): DraftCheck => checkDraft(draft, 'zh', { now: NOW, directory });
  const first = check();
  const byRule = new Map<string, number>();
  for (const finding of first.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
  process.stdout.write(
    `draft: ${lineCount} lines, ${fmt(Buffer.byteLength(draft) / 1024)} KB; directory: ${directory.people.length} people\n`,
  );
  process.stdout.write(`findings: ${first.findings.length} (${[...byRule].map(([rule, count]) => `${rule} ${count}`).join(', ')})\n`);
  const batchFindings = drafts.reduce((sum, text) => sum + checkDraft(text, 'zh', { now: NOW, directory }).findings.length, 0);
  process.stdout.write(
    `batch: ${drafts.length} drafts, ${drafts.reduce((sum, text) => sum + text.split('\n').length, 0)} lines, ${batchFindings} findings\n\n`,
  );

  const parse = (): number => draftSections(parseDraft(draft)).length;
  const batch = (): number => drafts.reduce((sum, text) => sum + checkDraft(text, 'zh', { now: NOW, directory }).findings.length, 0);
  const heapBefore = heapUsedMB();
  sample(WARM_UP, check);
  sample(WARM_UP, parse);
  sample(2, batch);
  const lint = sample(RUNS, check);
  const parsing = sample(RUNS, parse);
  const batches = sample(BATCH_RUNS, batch);
  const heapAfter = heapUsedMB();

  const lintP50 = percentile(lint.wall, 50);
  const lintP95 = percentile(lint.wall, 95);
  const parseP50 = percentile(parsing.wall, 50);
  const row = (label: string, runs: number, samples: Samples): string[] => [
    label,
    String(runs),
    fmt(percentile(samples.wall, 50), 2),
    fmt(percentile(samples.wall, 95), 2),
    fmt(Math.max(...samples.wall), 2),
    fmt(percentile(samples.cpu, 50), 2),
    fmt(percentile(samples.cpu, 95), 2),
  ];
  printTable([
    ['case', 'runs', 'p50 ms', 'p95 ms', 'max ms', 'cpu p50 ms', 'cpu p95 ms'],
    row(`checkDraft, ${lineCount}-line draft`, RUNS, lint),
    row('parseDraft + draftSections (baseline)', RUNS, parsing),
    row(`checkDraft × ${drafts.length} ordinary drafts`, BATCH_RUNS, batches),
  ]);
  process.stdout.write(
    `\nlint / parse (p50): ${fmt(lintP50 / parseP50, 2)}× — the rules cost ${fmt(lintP50 - parseP50, 2)} ms over reading the draft (${ratio(lintP50, parseP50)} than parsing alone)\n`,
  );
  process.stdout.write(`per ordinary draft (p50): ${fmt(percentile(batches.wall, 50) / drafts.length, 3)} ms\n`);
  process.stdout.write(
    `heap after: ${fmt(heapAfter)} MB (before: ${fmt(heapBefore)} MB); load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${cpus().length} cores (wall times grow with it, cpu times do not)\n`,
  );
  process.stdout.write(`${target('5,000-line draft p95', lintP95, 50, 'ms')}\n`);
}

main();
