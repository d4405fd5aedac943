// `liaison snippets [--write FILE] [--docs FILE]`: the VS Code snippets (and the templates'
// docs) derived from the template definitions.
import { writeFile } from 'node:fs/promises';
import { allSnippets } from '../../domain/snippets';
import { templatesMarkdown } from '../../domain/templateDocs';
import type { Command, CommandIo } from '../command';
import { parseFlags } from '../command';

export const snippetsCommand: Command = {
  name: 'snippets',
  summary: 'print (or --write) the VS Code snippets derived from the templates; --docs writes their docs',
  usage:
    'usage: liaison snippets [--write FILE] [--docs FILE]\n  --write FILE  write the snippets to FILE instead of printing them\n  --docs FILE   also write the templates and lint rules as markdown to FILE',
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const flags = parseFlags('snippets', args, { values: ['write', 'docs'] });
    const text = `${JSON.stringify(allSnippets(), null, 2)}\n`;
    const file = flags.values.get('write');
    if (file) await writeFile(file, text);
    else io.stdout.write(text);
    const docs = flags.values.get('docs');
    if (docs) await writeFile(docs, templatesMarkdown());
    return 0;
  },
};
