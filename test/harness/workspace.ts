// Writes a workspace folder whose settings give one identity, its server and its own store.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface IdentitySettings {
  name: string;
  department: string;
  serverUrl: string;
  token: string;
  storePath: string;
  language: 'zh' | 'en';
  spaces?: string[];
}

export function writeWorkspace(folder: string, identity: IdentitySettings): string {
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'liaison.user.name': identity.name,
        'liaison.user.department': identity.department,
        'liaison.server.url': identity.serverUrl,
        'liaison.server.token': identity.token,
        'liaison.store.path': identity.storePath,
        'liaison.language': identity.language,
        'liaison.spaces': identity.spaces ?? ['internal'],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(folder, 'README.md'), `# ${identity.name}'s workspace\n`);
  return folder;
}
