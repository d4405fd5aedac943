// The setup both extension-host runners share: one real sync server whose space `internal` has
// two members, and a workspace folder for each (王芳 in English, 李明 in Chinese), each with its
// own token and store under `scratch`.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSyncServer } from './syncServerProcess';
import type { RunningServer } from './syncServerProcess';
import { writeWorkspace } from './workspace';

export interface TwoPeople {
  server: RunningServer;
  /** 王芳's workspace folder. */
  wang: string;
  /** 李明's workspace folder. */
  li: string;
}

export async function startTwoPeople(scratch: string, log?: (line: string) => void): Promise<TwoPeople> {
  const tokens = { wang: randomBytes(16).toString('hex'), li: randomBytes(16).toString('hex') };
  const server = await startSyncServer({
    dataDir: join(scratch, 'server'),
    access: {
      users: [
        { name: '王芳', token: tokens.wang },
        { name: '李明', token: tokens.li },
      ],
      // 王芳 leads the team: she may change the directory and the team policy (protected parts).
      spaces: [{ name: 'internal', members: ['王芳', '李明'], admins: ['王芳'] }],
    },
    log,
  });
  const person = (folder: string, name: string, department: string, token: string, language: 'zh' | 'en'): string =>
    writeWorkspace(join(scratch, `ws-${folder}`), {
      name,
      department,
      serverUrl: server.url,
      token,
      storePath: join(scratch, `store-${folder}`),
      language,
    });
  return {
    server,
    wang: person('wang', '王芳', '产品部', tokens.wang, 'en'),
    li: person('li', '李明', '研发部', tokens.li, 'zh'),
  };
}
