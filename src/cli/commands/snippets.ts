// `liaison snippets [--write FILE]`: the VS Code snippets derived from the templates.
import { writeFile } from 'node:fs/promises';
import { allSnippets } from '../../domain/snippets';
import type { Command, CommandIo } from '../command';
import { parseFlags } from '../command';

export const snippetsCommand: Command = {
  name: 'snippets',
  summary: 'print (or --write) the VS Code snippets derived from the templates',
  usage: 'usage: liaison snippets [--write FILE]\n  --write FILE  write the snippets to FILE instead of printing them',
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const flags = parseFlags('snippets', args, { values: ['write'] });
    const text = `${JSON.stringify(allSnippets(), null, 2)}\n`;
    const file = flags.values.get('write');
    if (file) await writeFile(file, text);
    else io.stdout.write(text);
    return 0;
  },
};
