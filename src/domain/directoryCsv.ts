// The directory as CSV, for import and for editing as a text file: one row per person,
// `name,department,title,email,head,aliases,dingtalk,feishu,webhook` (only `name` is required;
// `head` is yes/是/true for the head of the person's department; `aliases` separated by `;`; the
// channels as ./personChannels.ts checks them: a DingTalk userid, a Feishu user_id or open_id, a
// personal webhook URL). A row with a bad value is reported with its line, the column and the fix,
// and the good rows are kept (the editor and `liaison directory import` store nothing while any
// row is bad).
import { parse } from 'csv-parse/sync';
import type { Department, DirectoryData, Person } from './directory';
import { emailProblem, personChannels } from './personChannels';

export const DIRECTORY_CSV_COLUMNS = ['name', 'department', 'title', 'email', 'head', 'aliases', 'dingtalk', 'feishu', 'webhook'] as const;
type Column = (typeof DIRECTORY_CSV_COLUMNS)[number];

export interface CsvProblem {
  /** 1-based line in the file. */
  line: number;
  /** The column at fault, when one is (a header or CSV syntax problem names none). */
  field?: Column;
  message: string;
}

export interface DirectoryCsvResult {
  data: DirectoryData;
  problems: CsvProblem[];
}

const YES = new Set(['yes', 'y', 'true', '1', '是', '√', 'x']);
const NO = new Set(['', 'no', 'n', 'false', '0', '否']);
/** Header names accepted for each column, so a Chinese spreadsheet imports as it is. */
const HEADER_ALIASES: Record<string, Column> = {
  name: 'name',
  姓名: 'name',
  名字: 'name',
  department: 'department',
  dept: 'department',
  部门: 'department',
  title: 'title',
  职位: 'title',
  岗位: 'title',
  email: 'email',
  邮箱: 'email',
  head: 'head',
  负责人: 'head',
  部门负责人: 'head',
  aliases: 'aliases',
  alias: 'aliases',
  别名: 'aliases',
  dingtalk: 'dingtalk',
  钉钉: 'dingtalk',
  feishu: 'feishu',
  lark: 'feishu',
  飞书: 'feishu',
  webhook: 'webhook',
};

export function parseDirectoryCsv(text: string): DirectoryCsvResult {
  const problems: CsvProblem[] = [];
  let rows: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      data: { people: [], departments: [] },
      problems: [{ line, message: `not valid CSV: ${(error as Error).message.split('\n')[0]}. Check the quotes on this line.` }],
    };
  }
  if (rows.length === 0)
    return {
      data: { people: [], departments: [] },
      problems: [{ line: 1, message: `the file is empty: the first line must be a header, e.g. ${DIRECTORY_CSV_COLUMNS.join(',')}` }],
    };
  const header = rows[0].record.map((cell) => HEADER_ALIASES[cell.trim().toLowerCase()]);
  const unknown = rows[0].record.filter((_, index) => header[index] === undefined);
  if (!header.includes('name')) {
    return {
      data: { people: [], departments: [] },
      problems: [
        {
          line: rows[0].info.lines,
          message: `the header has no "name" column: the first line must name the columns, e.g. ${DIRECTORY_CSV_COLUMNS.join(',')}`,
        },
      ],
    };
  }
  if (unknown.length > 0)
    problems.push({
      line: rows[0].info.lines,
      message: `unknown column(s) ${unknown.join(', ')} ignored; columns are ${DIRECTORY_CSV_COLUMNS.join(', ')}`,
    });
  const people = new Map<string, Person>();
  const heads = new Map<string, string>();
  for (const { record, info, raw } of rows.slice(1)) {
    // info.lines is where the record ends; a quoted value may span lines, so count back to its start.
    const line =
      info.lines -
      (raw
        .replace(/^(\s*\r?\n)+/, '')
        .replace(/\r?\n$/, '')
        .match(/\n/g)?.length ?? 0);
    const cell = (column: Column): string => {
      const index = header.indexOf(column);
      return index < 0 ? '' : (record[index] ?? '').trim();
    };
    const name = cell('name');
    if (name === '') {
      problems.push({ line, field: 'name', message: "the name is empty: every row needs a person's name" });
      continue;
    }
    if (/[,，;；[\]]/.test(name)) {
      problems.push({ line, field: 'name', message: `the name "${name}" contains a separator (, ; [ ]): write one person per row` });
      continue;
    }
    if (people.has(name)) {
      problems.push({ line, field: 'name', message: `"${name}" is listed twice: keep one row per person (this row was skipped)` });
      continue;
    }
    const email = cell('email');
    if (email !== '' && emailProblem(email) !== undefined) {
      problems.push({ line, field: 'email', message: `the email "${email}" of ${name} is not an address like name@example.com` });
      continue;
    }
    const channels = { name, dingtalk: cell('dingtalk'), feishu: cell('feishu'), webhook: cell('webhook') };
    const channelProblem = personChannels(channels).problems[0];
    if (channelProblem !== undefined) {
      const field = channelProblem.channel as Column;
      problems.push({ line, field, message: `the ${field} column of ${name} is "${channelProblem.value}": ${channelProblem.reason.en}` });
      continue;
    }
    const head = cell('head').toLowerCase();
    if (!YES.has(head) && !NO.has(head)) {
      problems.push({
        line,
        field: 'head',
        message: `the head column of ${name} is "${cell('head')}": write yes/是 for a department head, or leave it empty`,
      });
      continue;
    }
    const department = cell('department');
    if (YES.has(head)) {
      if (department === '') {
        problems.push({ line, field: 'department', message: `${name} is marked head but has no department: fill in the department` });
        continue;
      }
      const already = heads.get(department);
      if (already !== undefined) {
        problems.push({
          line,
          field: 'head',
          message: `${department} already has ${already} as head: a department has one head (this row was skipped)`,
        });
        continue;
      }
      heads.set(department, name);
    }
    const person: Person = { name };
    if (department) person.department = department;
    if (cell('title')) person.title = cell('title');
    if (email) person.email = email;
    for (const channel of ['dingtalk', 'feishu', 'webhook'] as const) if (channels[channel]) person[channel] = channels[channel];
    const aliases = cell('aliases')
      .split(/[;；]/)
      .map((alias) => alias.trim())
      .filter(Boolean);
    if (aliases.length > 0) person.aliases = aliases;
    people.set(name, person);
  }
  const departments = new Map<string, Department>();
  for (const person of people.values()) {
    if (person.department && !departments.has(person.department)) departments.set(person.department, { name: person.department });
  }
  for (const [department, head] of heads) departments.set(department, { name: department, head });
  return { data: { people: [...people.values()], departments: [...departments.values()] }, problems };
}

function csvCell(text: string | undefined): string {
  const value = text ?? '';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes the directory as CSV; `parseDirectoryCsv` reads it back to the same data. */
export function directoryToCsv(data: DirectoryData): string {
  const heads = new Map(
    data.departments.filter((department) => department.head).map((department) => [department.head as string, department.name]),
  );
  const lines = [DIRECTORY_CSV_COLUMNS.join(',')];
  for (const person of data.people) {
    const isHead = person.department !== undefined && heads.get(person.name) === person.department;
    lines.push(
      [
        person.name,
        person.department,
        person.title,
        person.email,
        isHead ? 'yes' : '',
        (person.aliases ?? []).join(';'),
        person.dingtalk,
        person.feishu,
        person.webhook,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
