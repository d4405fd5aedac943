// The code cites the product's design notes as docs/design.md with a section name; the notes live
// in the repository and each cited section is there (a citation of a missing file, or of a section
// that was renamed, fails here).
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path));
    else if (/\.(ts|mjs)$/.test(name)) found.push(path);
  }
  return found;
}

describe('design notes cited by the code (docs/design.md)', () => {
  const design = readFileSync(join(ROOT, 'docs/design.md'), 'utf8');
  const files = ['src', 'server', 'test', 'scripts'].flatMap((dir) => sourceFiles(join(ROOT, dir)));

  it('every citation names docs/design.md, the file in this repository', () => {
    const bare = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${relative(ROOT, file)}:${index + 1}` }))
        .filter(({ line }) => /(^|[^/\w])design\.md/.test(line))
        .map(({ at }) => at),
    );
    assert.deepEqual(bare, [], 'cite docs/design.md');
  });

  it('every section a citation names is in docs/design.md', () => {
    const cited = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/docs\/design\.md(?:'s)?,?\s*(?:\(|\/\/|\*|\s)*"([^"]+)"/g)].map((match) => ({
        section: match[1],
        at: relative(ROOT, file),
      })),
    );
    assert.ok(cited.length >= 15, `citations found: ${cited.length}`);
    const text = design.toLowerCase();
    assert.deepEqual(
      cited.filter(({ section }) => !text.includes(section.toLowerCase())),
      [],
    );
  });
});
