// `liaison report --month YYYY-MM [--format md|csv|html|json]`: the monthly communication
// report (沟通效率月度报告) of a store's spaces (every one, or --space), as markdown, CSV, JSON
// or one self-contained HTML page with the charts. Computed as the editor's report panel computes it
// (src/app/report.ts: the same records, directory and figures); the response policy is --policy
// FILE, else the team policy stored with the spaces, else `.liaison/policy.yaml` (or .yml / .json)
// of the current folder, else the built-in rules (src/app/policyInForce.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { directoryOf } from '../../app/directory';
import { storeReport } from '../../app/report';
import { ReportRecords } from '../../app/reportRecords';
import { storeSpaceNames } from '../../app/store';
import { monthOf } from '../../domain/report';
import { reportToCsv, reportToJson, reportToMarkdown } from '../../domain/reportFormat';
import type { MonthlyReport } from '../../domain/reportModel';
import { parseMonth } from '../../domain/time';
import { standaloneReportHtml } from '../../render/reportPage';
import { LocalStore } from '../../store/localStore';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, chooseSpaces, cliLogger, openStore, storePolicyInForce, storeRoot, unreadableLine } from '../records';
import { TEAM_TEMPLATES_DIR, loadTeamTemplates } from '../teamFiles';
import { languageFlag } from './new';

const FORMATS = ['md', 'csv', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];

const summary = 'the monthly communication report of a store: md, csv, html (charts) or json';

const usage = `usage: liaison report --store DIR [--space NAME] [--month YYYY-MM] [--format md|csv|html|json] [--lang zh|en] [--out FILE]
  the monthly communication report (沟通效率月度报告): on-time response rate by department, kind and
  priority, median and p90 response times, overdue and never-read items, client satisfaction, trend
${STORE_FLAGS_USAGE} (default: every space in the store)
  --month YYYY-MM  the month (default: this month so far); months start at midnight in the calendar's time zone
  --format F       md (default), csv (one table with a section column), html (one page with charts), json
  --lang zh|en     language of headings and labels (default: from LANG)
  --out FILE       write there instead of stdout
  --policy FILE    the response policy (default: the team policy stored with the spaces (liaison policy show), else
                   .liaison/policy.yaml of the current folder, else the built-in rules)
  --directory-space NAME  the space whose directory places people in departments (default: the first
                   space holding a directory; the editor's liaison.directorySpace)
  --templates DIR  team templates, for the kinds' names (default: .liaison/templates of the current folder)
  --trend N        months in the trend, this one included (default 6)`;

function formatFlag(value: string | undefined): Format {
  if (value === undefined) return 'md';
  const format = FORMATS.find((candidate) => candidate === value);
  if (!format) throw new UsageError(`report: --format is "${value}": use ${FORMATS.join(', ')}`);
  return format;
}

function trendFlag(value: string | undefined): number {
  if (value === undefined) return 6;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 36)
    throw new UsageError(`report: --trend is "${value}": give a number of months from 1 to 36`);
  return Number(value);
}

/** The chart script the HTML page inlines: media/dist/reportView.js next to the bundle's folder. */
async function chartScript(io: CommandIo): Promise<string | undefined> {
  const path = join(__dirname, '..', 'media', 'dist', 'reportView.js');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    io.stderr.write(
      `liaison report: cannot read the chart script ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); build it with node esbuild.mjs, or use --format md, csv or json\n`,
    );
    return undefined;
  }
}

async function render(report: MonthlyReport, format: Format, io: CommandIo): Promise<string | undefined> {
  switch (format) {
    case 'md':
      return reportToMarkdown(report);
    case 'csv':
      return reportToCsv(report);
    case 'json':
      return reportToJson(report);
    case 'html': {
      const script = await chartScript(io);
      return script === undefined ? undefined : standaloneReportHtml(report, script);
    }
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('report', args, {
    values: ['store', 'space', 'month', 'format', 'lang', 'out', 'policy', 'trend', 'directory-space', 'templates'],
  });
  const root = storeRoot('report', flags);
  const language = languageFlag(flags.values.get('lang'));
  const format = formatFlag(flags.values.get('format'));
  const trendMonths = trendFlag(flags.values.get('trend'));
  const monthText = flags.values.get('month');
  let month: string | undefined;
  if (monthText !== undefined) {
    const parsed = parseMonth(monthText);
    if ('error' in parsed) throw new UsageError(`report: --month ${parsed.error}`);
    month = parsed.month;
  }

  const templates = await loadTeamTemplates(flags.values.get('templates') ?? TEAM_TEMPLATES_DIR);
  for (const { file, problem } of templates.problems)
    io.stderr.write(`liaison report: team template ${file}:${problem.line + 1}: ${problem.message} (its kind is shown by its id)\n`);
  const now = new Date();

  const spaces = await chooseSpaces('report', flags, new LocalStore(root), 'all');
  const known = await storeSpaceNames(root);
  if (spaces.length === 0) {
    io.stderr.write(`liaison report: no spaces in ${root}\n`);
    return 1;
  }
  const directorySpace = flags.values.get('directory-space');
  const unknown = [...spaces, ...(directorySpace === undefined ? [] : [directorySpace])].find((name) => !known.includes(name));
  if (unknown !== undefined) {
    io.stderr.write(`liaison report: no space ${unknown} in ${root}; it holds ${known.join(', ') || 'none'}\n`);
    return 1;
  }
  const opened = [...new Set([...spaces, ...(directorySpace === undefined ? [] : [directorySpace])])];
  const store = await openStore('report', root, opened, io);
  const loaded = await storePolicyInForce('report', store, opened, { policy: flags.values.get('policy'), policySpace: directorySpace }, io);
  if (loaded.errors.length > 0) {
    for (const error of loaded.errors) io.stderr.write(`liaison report: ${error}\n`);
    await store.close();
    return 1;
  }
  const { policy, calendar } = loaded;
  month ??= monthOf(now, calendar);
  const records = new ReportRecords(() => undefined, cliLogger('report', io));
  let report: MonthlyReport;
  try {
    const { directory } = directoryOf(store.replica, { directorySpace }, opened);
    report = await storeReport(store, records, {
      month,
      trendMonths,
      language,
      policy,
      calendar,
      now,
      directory,
      spaces,
      templates: templates.set,
      onUnreadable: (record) => io.stderr.write(unreadableLine('report', record)),
    });
  } finally {
    await records.close();
    await store.close();
  }
  for (const skipped of report.skipped ?? [])
    io.stderr.write(`liaison report: record ${skipped.id} of space ${skipped.space} left out: ${skipped.reason}\n`);
  const output = await render(report, format, io);
  if (output === undefined) return 1;
  const out = flags.values.get('out');
  if (out === undefined) io.stdout.write(output);
  else {
    // A CSV file starts with a byte-order mark: without it Excel reads UTF-8 Chinese as mojibake.
    await writeFile(out, format === 'csv' ? `\ufeff${output}` : output, 'utf8');
    io.stderr.write(`report: ${month} of ${spaces.join(', ')} (${report.total.due} response(s) due) written to ${out}\n`);
  }
  return 0;
}

export const reportCommand: Command = { name: 'report', summary, usage, run };
