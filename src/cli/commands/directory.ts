// `liaison directory import FILE.csv | export --store DIR [--space NAME]`: the directory of a
// space from a shell, in the CSV of the editor's Edit Directory (src/domain/directoryCsv.ts:
// name, department, title, email, head, aliases and the channels dingtalk, feishu, webhook).
// Import checks every row first: one bad row prints its line, column and fix for each problem,
// exits 1 and writes nothing. Without --replace an import adds and updates people (as the
// editor's Import Directory from CSV); with it the directory becomes exactly the file (as saving
// Edit Directory). The change reaches the team the next time this store syncs (the server takes
// it from the space's admins only).
import { readFile, writeFile } from 'node:fs/promises';
import { storeSpaceNames } from '../../app/store';
import { directoryToCsv, parseDirectoryCsv } from '../../domain/directoryCsv';
import { LocalStore } from '../../store/localStore';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, chooseSpaces, openStore, storeRoot } from '../records';

const usage = `usage: liaison directory import FILE.csv --store DIR [--space NAME] [--replace]
       liaison directory export --store DIR [--space NAME] [--out FILE]
The directory (people, departments and their heads, each person's channels) kept in a space, as the
CSV of the editor's Edit Directory: name,department,title,email,head,aliases,dingtalk,feishu,webhook
(only name is required; head is yes/是 for the department's head; aliases separated by ;).
${STORE_FLAGS_USAGE}
  --replace      import: make the directory exactly the file (default: add and update, keep the others)
  --out FILE     export: write there instead of stdout
A row with a problem is printed as FILE:LINE: column: what to fix; then nothing is written (exit 1).
Close VS Code (or anything else using the store folder) first; the change syncs with the team the
next time this store connects to the server.`;

async function importCsv(file: string, root: string, space: string, replace: boolean, io: CommandIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`liaison directory: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 1;
  }
  const parsed = parseDirectoryCsv(text);
  if (parsed.problems.length > 0) {
    for (const problem of parsed.problems)
      io.stderr.write(`${file}:${problem.line}: ${problem.field === undefined ? '' : `${problem.field}: `}${problem.message}\n`);
    io.stderr.write(`liaison directory: ${parsed.problems.length} problem(s) in ${file}; nothing was imported into ${space}\n`);
    return 1;
  }
  const store = await openStore('directory', root, [space], io);
  try {
    await store.replica.setDirectory(space, parsed.data, { replace });
  } finally {
    await store.close();
  }
  io.stdout.write(
    `imported ${parsed.data.people.length} people and ${parsed.data.departments.length} departments into the directory of ${space}${replace ? ' (replaced)' : ''}\n`,
  );
  return 0;
}

async function exportCsv(root: string, space: string, out: string | undefined, io: CommandIo): Promise<number> {
  const known = await storeSpaceNames(root);
  if (!known.includes(space)) {
    io.stderr.write(`liaison directory: no space ${space} in ${root}; it holds ${known.join(', ') || 'none'}\n`);
    return 1;
  }
  const store = await openStore('directory', root, [space], io);
  let csv: string;
  try {
    csv = directoryToCsv(store.replica.directory(space));
  } finally {
    await store.close();
  }
  if (out === undefined) io.stdout.write(csv);
  else await writeFile(out, csv, 'utf8');
  return 0;
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'import' && action !== 'export')
    throw new UsageError(`directory: ${action === undefined ? 'give' : `"${action}" is not an action; use`} import FILE.csv or export`);
  const flags = parseFlags(`directory ${action}`, rest, {
    values: action === 'import' ? ['store', 'space'] : ['store', 'space', 'out'],
    switches: action === 'import' ? ['replace'] : [],
    positionals: action === 'import' ? { min: 1, max: 1, name: 'the CSV file to import' } : { min: 0, max: 0, name: 'no file' },
  });
  const root = storeRoot('directory', flags);
  const [space] = await chooseSpaces('directory', flags, new LocalStore(root), 'one');
  if (space === undefined) {
    io.stderr.write(`liaison directory: no spaces in ${root}; give --space NAME\n`);
    return 1;
  }
  if (action === 'import') return importCsv(flags.positionals[0], root, space, flags.switches.has('replace'), io);
  return exportCsv(root, space, flags.values.get('out'), io);
}

export const directoryCommand: Command = {
  name: 'directory',
  summary: "import a space's directory from CSV, or export it (the CSV of Edit Directory)",
  usage,
  run,
};
