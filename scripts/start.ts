// `npm start`: the whole product on this machine, for a first look.
//   1. a sync server (embedded store in .demo/server) with a demo space of sample records,
//   2. a real VS Code (code-server) with the extension installed, on a demo workspace whose
//      settings make you 王芳 (产品部) syncing with that server,
//   3. prints the address to open in a browser. Ctrl-C stops everything it started.
// State lives in .demo/ (ignored by git) and survives restarts: what you send stays.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { linkExtension, startCodeServer } from '../test/harness/codeServer';
import { startSyncServer } from '../test/harness/syncServerProcess';
import { ensureTools, projectRoot } from '../test/harness/tools';
import { writeWorkspace } from '../test/harness/workspace';

interface DemoSecrets {
  tokens: Record<string, string>;
}

function secrets(file: string): DemoSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoSecrets;
  const created = { tokens: { 王芳: randomBytes(16).toString('hex'), 李明: randomBytes(16).toString('hex') } };
  writeFileSync(file, JSON.stringify(created, null, 2));
  return created;
}

async function main(): Promise<void> {
  const demo = join(projectRoot, '.demo');
  mkdirSync(demo, { recursive: true });
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say('Liaison: setting up the tools (first run: a few minutes) ...');
  const tools = ensureTools();
  const { tokens } = secrets(join(demo, 'secrets.json'));
  const dataDir = join(demo, 'server');
  execFileSync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'demo', '--data', dataDir], { stdio: 'inherit' });
  const server = await startSyncServer({
    dataDir,
    access: {
      users: Object.entries(tokens).map(([name, token]) => ({ name, token })),
      spaces: [{ name: 'internal', members: Object.keys(tokens) }],
    },
    log: (line) => process.env.LIAISON_VERBOSE && say(`[server] ${line}`),
  });
  const workspace = writeWorkspace(join(demo, 'workspace'), {
    name: '王芳',
    department: '产品部',
    serverUrl: server.url,
    token: tokens['王芳'],
    storePath: join(demo, 'store-wang'),
    language: 'zh',
  });
  const extensionsDir = join(demo, 'code-server', 'extensions');
  linkExtension(extensionsDir);
  const codeServer = await startCodeServer({
    tools,
    dir: join(demo, 'code-server'),
    folder: workspace,
    extensionsDir,
    userSettings: { 'workbench.colorTheme': 'Default Light Modern' },
  });
  say('');
  say(`  Liaison sync server: ${server.url}  (data: ${dataDir})`);
  say(`  VS Code with Liaison:  ${codeServer.url}/?folder=${encodeURI(workspace)}`);
  say('');
  say('  Open the VS Code address in a browser: you are 王芳 (产品部). The Liaison icon in the');
  say('  activity bar shows Pending and Sent. Ctrl-C stops everything.');
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('\nLiaison: stopping ...');
    await Promise.all([codeServer.stop(), server.stop()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  codeServer.process.once('exit', (code) => {
    if (!stopping) say(`code-server exited (${code}); stopping.`);
    void stop();
  });
  server.process.once('exit', (code) => {
    if (!stopping) say(`the sync server exited (${code}); stopping.`);
    void stop();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
