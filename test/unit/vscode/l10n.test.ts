// Every string a person sees exists in English and Chinese:
// - package.json shows `%key%` placeholders only, each defined in package.nls.json (English) and
//   package.nls.zh-cn.json (Chinese), and neither file holds a key nobody uses;
// - every `l10n.t('…')` in src/vscode/** (src/vscode/shared/l10n.ts, following liaison.language) has a translation in l10n/bundle.l10n.zh-cn.json
//   with the same {0} placeholders, and the bundle holds no stale key;
// - l10n.t is only ever given a string literal (a string built at run time cannot be looked up).
// Strings are extracted with @vscode/l10n-dev, the tool that writes bundle.l10n.json.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const root = join(__dirname, '..', '..', '..', '..');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
const PLACEHOLDER = /^%([^%\s]+)%$/;

/** Every string value anywhere in `value`, with the path that leads to it. */
function strings(value: unknown, path: string[] = []): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path: path.join('.'), text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, [...path, String(index)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, [...path, key]));
  return [];
}

/** The `{0}`-style placeholders of a message, sorted (a translation may reorder them). */
function placeholders(message: string): string[] {
  return (message.match(/\{\d+\}/g) ?? []).sort();
}

/** `](command:…)` links and `#setting.id#` references: a translation must keep them working. */
function links(message: string): string[] {
  return [...message.matchAll(/\]\((command:[^)\s]+)\)|(#liaison\.[\w.]+#)|(`[^`]*`)/g)]
    .map((match) => match[1] ?? match[2] ?? match[3])
    .sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const manifest = readJson('package.json');
const english = readJson('package.nls.json') as Record<string, string>;
const chinese = readJson('package.nls.zh-cn.json') as Record<string, string>;

describe('localization: package.json and package.nls*.json', () => {
  const used = new Set(strings(manifest).flatMap(({ text }) => PLACEHOLDER.exec(text)?.[1] ?? []));

  it('shows only %key% placeholders where a person reads text', () => {
    // The fields VS Code shows: titles, names, descriptions, welcome contents, walkthroughs.
    const shown =
      /^(displayName|description)$|\.(title|category|name|contextualTitle|label|contents|description|markdownDescription|enumDescriptions\.\d+|markdownEnumDescriptions\.\d+|deprecationMessage|markdownDeprecationMessage|altText)$/;
    const plain = strings({ displayName: manifest.displayName, description: manifest.description, contributes: manifest.contributes })
      .filter(({ path }) => shown.test(path) && !/\.(properties\.[^.]+)\.items\./.test(path))
      .filter(({ text }) => !PLACEHOLDER.test(text));
    assert.deepEqual(
      plain.map(({ path, text }) => `${path}: ${text}`),
      [],
      'write these as "%key%" with the English in package.nls.json and the Chinese in package.nls.zh-cn.json',
    );
  });

  it('defines every %key% in English and in Chinese', () => {
    const missing = [...used].flatMap((key) => [
      ...(typeof english[key] === 'string' && english[key].trim() ? [] : [`package.nls.json: ${key}`]),
      ...(typeof chinese[key] === 'string' && chinese[key].trim() ? [] : [`package.nls.zh-cn.json: ${key}`]),
    ]);
    assert.deepEqual(missing, [], 'add these keys');
    assert.ok(used.size >= 40, `only ${used.size} keys found: is package.json still localized?`);
  });

  it('holds no key that package.json does not use', () => {
    const unused = [
      ...Object.keys(english).map((key) => `package.nls.json: ${key}`),
      ...Object.keys(chinese).map((key) => `package.nls.zh-cn.json: ${key}`),
    ].filter((entry) => !used.has(entry.slice(entry.indexOf(': ') + 2)));
    assert.deepEqual(unused, [], 'remove these keys, or use them in package.json');
  });

  it('keeps command links, setting references and code spans in the Chinese text', () => {
    const broken = Object.keys(english)
      .filter((key) => typeof chinese[key] === 'string' && JSON.stringify(links(english[key])) !== JSON.stringify(links(chinese[key])))
      .map((key) => `${key}: ${links(english[key]).join(' ')} ≠ ${links(chinese[key]).join(' ')}`);
    assert.deepEqual(broken, []);
  });

  it('points every localized file path (walkthrough media) at a file that exists in both languages', () => {
    const paths = strings(manifest)
      .filter(({ path, text }) => /\.media\.(markdown|image|svg)$/.test(path) && PLACEHOLDER.test(text))
      .flatMap(({ text }) => {
        const key = PLACEHOLDER.exec(text)?.[1] ?? '';
        return [english[key], chinese[key]];
      });
    const missing = paths.filter((path) => !path || !existsSync(join(root, path)));
    assert.deepEqual(missing, []);
  });
});

describe('localization: l10n.t and l10n/bundle.l10n.zh-cn.json', () => {
  const files = sourceFiles(join(root, 'src', 'vscode'));
  const bundle = readJson(join('l10n', 'bundle.l10n.zh-cn.json')) as Record<string, string>;
  let extracted: Record<string, string> = {};

  before(async function () {
    this.timeout(120_000); // the TypeScript parse of every file is slow on a busy machine
    // The extractor knows `l10n` imported from 'vscode'; ours (src/vscode/shared/l10n.ts) has the same shape.
    const contents = (file: string): string => readFileSync(file, 'utf8').replace(/from '(\.\.?\/)+(shared\/)?l10n'/g, "from 'vscode'");
    const json = await getL10nJson(files.map((file) => ({ contents: contents(file), extension: '.ts' })));
    extracted = Object.fromEntries(Object.entries(json).map(([key, value]) => [key, typeof value === 'string' ? value : value.message]));
  });

  it('is given a string literal every time, never a string built at run time', () => {
    // Whole files, not lines: Prettier puts a long call's first argument on the next line.
    const dynamic = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/\bl10n\.t\(\s*(.?)/g)]
        .filter((match) => {
          const rest = text.slice(match.index + match[0].length - 1);
          return !(match[1] === "'" || match[1] === '"' || (match[1] === '`' && !rest.split('`')[1]?.includes('${')));
        })
        .map((match) => {
          const line = text.slice(0, match.index).split('\n').length;
          return `${relative(root, file)}:${line}: ${text.split('\n')[line - 1]?.trim()}`;
        });
    });
    assert.deepEqual(dynamic, [], "pass a literal with {0} placeholders: l10n.t('Sent {0}', title)");
  });

  it('finds the strings of the VS Code layer', () => {
    assert.ok(Object.keys(extracted).length >= 50, `only ${Object.keys(extracted).length} strings extracted`);
    assert.ok('Open Settings' in extracted);
  });

  it('translates every string into Chinese with the same placeholders', () => {
    const missing = Object.keys(extracted).filter((key) => typeof bundle[key] !== 'string' || bundle[key].trim() === '');
    assert.deepEqual(missing, [], 'add these keys (the exact English) to l10n/bundle.l10n.zh-cn.json');
    const mismatched = Object.keys(extracted)
      .filter((key) => JSON.stringify(placeholders(key)) !== JSON.stringify(placeholders(bundle[key])))
      .map((key) => `${key} → ${bundle[key]}`);
    assert.deepEqual(mismatched, [], 'keep {0}, {1}… in the translation');
  });

  it('holds no translation of a string the code no longer uses', () => {
    assert.deepEqual(
      Object.keys(bundle).filter((key) => !(key in extracted)),
      [],
      'remove these keys from l10n/bundle.l10n.zh-cn.json',
    );
  });

  it('is named in package.json, so VS Code loads it', () => {
    assert.equal(manifest.l10n, './l10n');
  });
});
