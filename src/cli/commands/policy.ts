// `liaison policy show|set --store DIR [--space NAME]`: the team policy stored with a space
// (src/app/teamPolicy.ts), from a shell. `show` prints the version in force (the text of its
// policy.yaml and retention.yaml) or says the built-in rules apply; `--history` lists every version.
// `set [FILE] [--retention FILE]` checks the texts as the editor's Edit Team Policy does and appends
// them as a new version (a part not given keeps the text in force; the `.ics` files the policy's
// calendar.ics names are read next to FILE and stored with it). A file with a problem prints each
// one as FILE:LINE: field: fix, exits 1 and writes nothing. The version reaches the team the next
// time this store syncs; the server takes it from the space's admins only.
import { readPolicyTexts } from '../../app/policyFiles';
import { describeVersion } from '../../app/policyInForce';
import { storeSpaceNames } from '../../app/store';
import { appendTeamPolicyVersion, checkTeamPolicy, readTeamPolicy, teamPolicyVersions } from '../../app/teamPolicy';
import type { TeamPolicyVersion } from '../../app/teamPolicy';
import { LocalStore } from '../../store/localStore';
import type { Command, CommandIo, ParsedFlags } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, accountName, chooseSpaces, nodeFiles, openStore, storeRoot } from '../records';

const usage = `usage: liaison policy show --store DIR [--space NAME] [--history] [--json]
       liaison policy set --store DIR [--space NAME] [POLICY.yaml] [--retention RETENTION.yaml] [--by NAME]
The team policy stored with a space (response times, working calendar, retention), the same for
every member and the server's clock; a space without one runs the built-in rules.
${STORE_FLAGS_USAGE}
  show            print the version in force: its policy.yaml, then its retention.yaml
  --history       show: list every version, newest first (the one in force marked)
  --json          show: print the version in force (or the history) as JSON
  set FILE        check FILE (what .liaison/policy.yaml holds; the .ics files its calendar.ics names are
                  read next to it) and append it as the new version
  --retention F   set: also (or only) the retention policy, what .liaison/retention.yaml holds
  --by NAME       set: who sets it, kept in the history (default: this account's user name)
A part not given keeps the text in force. A file with a problem prints FILE:LINE: field: what to fix,
and nothing is written (exit 1). Close VS Code (or anything else using the store folder) first; the
new version syncs with the team the next time this store connects (only the space's admins may set it).`;

function versionJson(version: TeamPolicyVersion, inForce: boolean): object {
  return {
    id: version.id,
    at: version.at,
    by: version.by,
    inForce,
    policy: version.policy,
    retention: version.retention,
    ics: version.ics,
  };
}

async function show(root: string, space: string, flags: ParsedFlags, io: CommandIo): Promise<number> {
  const known = await storeSpaceNames(root);
  if (!known.includes(space)) {
    io.stderr.write(`liaison policy: no space ${space} in ${root}; it holds ${known.join(', ') || 'none'}\n`);
    return 1;
  }
  const store = await openStore('policy', root, [space], io);
  try {
    const doc = store.replica.doc(space);
    if (doc === undefined) throw new Error(`space ${space} did not open`);
    const team = readTeamPolicy(doc);
    for (const skipped of team.skipped)
      io.stderr.write(`liaison policy: version ${skipped.id} is skipped (it does not parse): ${skipped.errors.join('; ')}\n`);
    const json = flags.switches.has('json');
    if (flags.switches.has('history')) {
      const versions = teamPolicyVersions(doc).reverse();
      if (json)
        io.stdout.write(
          `${JSON.stringify(
            versions.map((v) => versionJson(v, v.id === team.version?.id)),
            null,
            2,
          )}\n`,
        );
      else if (versions.length === 0) io.stdout.write(`space ${space} has no team policy: the built-in rules are in force\n`);
      else
        for (const v of versions)
          io.stdout.write(
            `${v.id}  ${v.at}  ${v.by}${v.id === team.version?.id ? '  (in force)' : ''}${team.skipped.some((s) => s.id === v.id) ? '  (skipped: does not parse)' : ''}\n`,
          );
      return 0;
    }
    if (json) {
      io.stdout.write(`${JSON.stringify(team.version ? versionJson(team.version, true) : null, null, 2)}\n`);
      return 0;
    }
    if (!team.version) {
      io.stdout.write(`space ${space} has no team policy: the built-in rules are in force (set one with liaison policy set)\n`);
      return 0;
    }
    const v = team.version;
    io.stdout.write(`# in force: ${describeVersion(space, v)}\n`);
    io.stdout.write(`# policy.yaml\n${v.policy.trim() === '' ? '# (built-in response-time rules)\n' : v.policy.replace(/\n?$/, '\n')}`);
    io.stdout.write(
      `# retention.yaml\n${v.retention.trim() === '' ? '# (built-in retention rules)\n' : v.retention.replace(/\n?$/, '\n')}`,
    );
    for (const file of v.ics) io.stdout.write(`# ${file.path}: ${file.text.length} characters\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function set(root: string, space: string, flags: ParsedFlags, io: CommandIo): Promise<number> {
  const policyFile = flags.positionals[0];
  const retentionFile = flags.values.get('retention');
  if (policyFile === undefined && retentionFile === undefined)
    throw new UsageError('policy set: give the policy file (POLICY.yaml), --retention FILE, or both');
  const read = await readPolicyTexts(process.cwd(), nodeFiles, { file: policyFile, retentionFile, search: false });
  if (read.errors.length > 0) {
    for (const error of read.errors) io.stderr.write(`liaison policy: ${error}\n`);
    io.stderr.write(`liaison policy: nothing was written to space ${space}\n`);
    return 1;
  }
  const policyText = policyFile === undefined ? undefined : read.policy;
  const retentionText = retentionFile === undefined ? undefined : read.retention;
  const ics = read.ics;
  const store = await openStore('policy', root, [space], io);
  try {
    const doc = store.replica.doc(space);
    if (doc === undefined) throw new Error(`space ${space} did not open`);
    const current = readTeamPolicy(doc).version;
    const texts = {
      policy: policyText ?? current?.policy ?? '',
      retention: retentionText ?? current?.retention ?? '',
      ics: policyText === undefined ? (current?.ics ?? []) : ics,
    };
    const checked = checkTeamPolicy(texts, { policy: policyFile, retention: retentionFile });
    if (checked.errors.length > 0) {
      for (const error of checked.errors) io.stderr.write(`${error}\n`);
      io.stderr.write(`liaison policy: ${checked.errors.length} problem(s); nothing was written to space ${space}\n`);
      return 1;
    }
    for (const warning of checked.warnings) io.stderr.write(`liaison policy: ${warning}\n`);
    if (
      current &&
      current.policy === texts.policy &&
      current.retention === texts.retention &&
      JSON.stringify(current.ics) === JSON.stringify(texts.ics)
    ) {
      io.stdout.write(`space ${space}: the policy is already in force (version ${current.id}); nothing was written\n`);
      return 0;
    }
    const by = flags.values.get('by') ?? accountName();
    const version = await store.replica.change(space, (spaceDoc) => appendTeamPolicyVersion(spaceDoc, { ...texts, by, at: new Date() }));
    io.stdout.write(`space ${space}: version ${version.id} set by ${by}; it syncs the next time this store connects\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'show' && action !== 'set')
    throw new UsageError(`policy: ${action === undefined ? 'give' : `"${action}" is not an action; use`} show or set FILE`);
  const flags =
    action === 'show'
      ? parseFlags('policy show', rest, { values: ['store', 'space'], switches: ['history', 'json'] })
      : parseFlags('policy set', rest, {
          values: ['store', 'space', 'retention', 'by'],
          positionals: { min: 0, max: 1, name: 'the policy file (POLICY.yaml)' },
        });
  const root = storeRoot('policy', flags);
  const [space] = await chooseSpaces('policy', flags, new LocalStore(root), 'one');
  if (space === undefined) {
    io.stderr.write(`liaison policy: no spaces in ${root}; give --space NAME\n`);
    return 1;
  }
  return action === 'show' ? show(root, space, flags, io) : set(root, space, flags, io);
}

export const policyCommand: Command = {
  name: 'policy',
  summary: 'show the team policy stored with a space (--history), or set a new version from a file',
  usage,
  run,
};
