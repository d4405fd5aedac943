// What every `liaison <command>` provides, and the one flag parser they share, so that every
// command reports a bad flag the same way (message naming the flag, exit code 2).

/** Where a command writes: stdout for results scripts parse, stderr for logs and errors. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /**
   * Resolves with the signal name when the process is asked to stop (SIGINT/SIGTERM). Only a
   * long-running command calls it: until then the signals keep their default (kill) behaviour.
   */
  waitForStop(): Promise<string>;
}

export interface Command {
  readonly name: string;
  /** One line for `liaison --help`. */
  readonly summary: string;
  /** Full usage text for `liaison <name> --help`. */
  readonly usage: string;
  /** Returns the process exit code. Throws UsageError for bad flags (exit 2). */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** A mistake in how the command was called; main prints the message and exits 2. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value (`--port 4455` or `--port=4455`). */
  readonly values: readonly string[];
  /** Flags that take no value. */
  readonly switches?: readonly string[];
  /** How many positional arguments (files, a query) the command takes; default none. */
  readonly positionals?: { readonly min: number; readonly max: number; readonly name: string };
}

export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
  /** Arguments that are not flags, in order (a lone `--` makes every later argument positional). */
  readonly positionals: readonly string[];
}

/** Parses `--name value`, `--name=value` and `--switch`; positional arguments are refused. */
export function parseFlags(command: string, args: readonly string[], spec: FlagSpec): ParsedFlags {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  const known = [...spec.values, ...(spec.switches ?? [])].map((name) => `--${name}`).join(', ');
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--' && spec.positionals) {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (!spec.positionals) throw new UsageError(`${command}: unexpected argument "${arg}"; flags are ${known}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (spec.switches?.includes(name)) {
      if (eq !== -1) throw new UsageError(`${command}: --${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`${command}: unknown flag --${name}; flags are ${known}`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = args[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${command}: --${name} needs a value`);
      index++;
    }
    if (values.has(name)) throw new UsageError(`${command}: --${name} given twice`);
    values.set(name, value);
  }
  if (spec.positionals) {
    const { min, max, name } = spec.positionals;
    if (positionals.length < min) throw new UsageError(`${command}: give ${name}`);
    if (positionals.length > max) throw new UsageError(`${command}: too many arguments (${positionals.join(' ')}); give ${name}`);
  }
  return { values, switches, positionals };
}

function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'usage: liaison <command> [flags]',
    '',
    'commands:',
    ...lines,
    '',
    'liaison <command> --help shows the flags of one command.',
  ].join('\n');
}

/**
 * Runs one command line (without `node` and the script) against `commands` and returns the exit
 * code: 0 ok, 1 the command failed, 2 the command line was wrong (unknown command or flag).
 */
export async function runCli(commands: readonly Command[], argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${helpText(commands)}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr.write(`liaison: unknown command "${name}"\n\n${helpText(commands)}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`liaison ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`liaison ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
