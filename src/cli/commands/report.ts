// `liaison report --month YYYY-MM [--format md|csv|html|json]`: the monthly communication
// report (沟通效率月度报告) of a store's spaces (every one, or --space), as markdown, CSV, JSON
// or one self-contained HTML page with the charts. The figures are src/domain/report.ts's; the
// response policy is `.liaison/policy.yaml` (or .yml / .json) of the current folder if there is
// one, else --policy FILE, else the built-in rules.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkCalendar } from '../../domain/calendar';
import { Directory } from '../../domain/directory';
import type { DirectoryData } from '../../domain/directory';
import type { LiaisonRecord } from '../../domain/record';
import { computeMonthlyReport, monthOf, parseMonth, shiftMonth } from '../../domain/report';
import { reportToCsv, reportToJson, reportToMarkdown } from '../../domain/reportFormat';
import type { MonthlyReport } from '../../domain/reportModel';
import { policyCalendar } from '../../domain/policyCalendar';
import { standaloneReportHtml } from '../../render/reportPage';
import { readDirectory } from '../../store/directoryDoc';
import { LocalStore } from '../../store/localStore';
import { listRecords } from '../../store/recordsDoc';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, chooseSpaces, spaceDocuments, storeRoot, storeSpaces } from '../records';
import { languageFlag } from './new';
import { loadPolicy } from './due';

const FORMATS = ['md', 'csv', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Where `policy` is looked for when --policy is not given, in this order. */
const POLICY_FILES = ['.liaison/policy.yaml', '.liaison/policy.yml', '.liaison/policy.json'];

const usage = `usage: liaison report --store DIR [--space NAME] [--month YYYY-MM] [--format md|csv|html|json] [--lang zh|en] [--out FILE]
  the monthly communication report (沟通效率月度报告): on-time response rate by department, kind and
  priority, median and p90 response times, overdue and never-read items, client satisfaction, trend
${STORE_FLAGS_USAGE} (default: every space in the store)
  --month YYYY-MM  the month (default: the previous month); months start at midnight in the calendar's time zone
  --format F       md (default), csv (one table with a section column), html (one page with charts), json
  --lang zh|en     language of headings and labels (default: from LANG)
  --out FILE       write there instead of stdout
  --policy FILE    the response policy (default: .liaison/policy.yaml of the current folder, else the built-in rules)
  --trend N        months in the trend, this one included (default 6)`;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function findPolicy(): Promise<string | undefined> {
  for (const candidate of POLICY_FILES) if (await exists(candidate)) return candidate;
  return undefined;
}

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
  const flags = parseFlags('report', args, { values: ['store', 'space', 'month', 'format', 'lang', 'out', 'policy', 'trend'] });
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

  const policyFile = flags.values.get('policy') ?? (await findPolicy());
  const loaded = await loadPolicy(policyFile, io, 'report');
  if (!loaded) return 1;
  let calendar: WorkCalendar;
  try {
    const built = policyCalendar(loaded.policy, loaded.icsFiles);
    for (const warning of built.warnings) io.stderr.write(`liaison report: ${warning}\n`);
    calendar = built.calendar;
  } catch (error) {
    io.stderr.write(`liaison report: ${(error as Error).message}\n`);
    return 1;
  }
  const now = new Date();
  month ??= shiftMonth(monthOf(now, calendar), -1);

  const store = new LocalStore(root);
  const records: LiaisonRecord[] = [];
  const directory: DirectoryData = { people: [], departments: [] };
  let spaces: string[];
  try {
    spaces = await chooseSpaces('report', flags, store, 'all');
    const known = await storeSpaces(store);
    if (spaces.length === 0) {
      io.stderr.write(`liaison report: no spaces in ${root}\n`);
      return 1;
    }
    const unknown = spaces.find((name) => !known.includes(name));
    if (unknown !== undefined) {
      io.stderr.write(`liaison report: no space ${unknown} in ${root}; it holds ${known.join(', ') || 'none'}\n`);
      return 1;
    }
    for (const name of spaces) {
      const space = await store.openSpace(name);
      // The space's archive shelves in this store count with it; a record in two documents once.
      const seen = new Set<string>();
      for (const document of await spaceDocuments(store, name)) {
        const listed = listRecords((await store.openSpace(document)).doc);
        for (const entry of listed.malformed)
          io.stderr.write(
            `liaison report: record ${entry.id} of space ${name}${document === name ? '' : ` (shelf ${document})`} skipped: ${entry.reason}\n`,
          );
        for (const record of listed.records) {
          if (seen.has(record.id)) continue;
          seen.add(record.id);
          records.push(record);
        }
      }
      // A person or department known in several spaces: the first space's entry wins.
      const data = readDirectory(space.doc);
      for (const person of data.people) if (!directory.people.some((known) => known.name === person.name)) directory.people.push(person);
      for (const department of data.departments)
        if (!directory.departments.some((known) => known.name === department.name)) directory.departments.push(department);
    }
  } finally {
    await store.close();
  }

  const report = computeMonthlyReport(records, {
    month,
    language,
    policy: loaded.policy,
    calendar,
    now,
    directory: new Directory(directory),
    trendMonths,
    spaces,
  });
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

export const reportCommand: Command = {
  name: 'report',
  summary: 'the monthly communication report of a store: md, csv, html (charts) or json',
  usage,
  run,
};
