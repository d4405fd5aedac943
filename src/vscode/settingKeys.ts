// Every setting key in one place (style.md, habit 5). No `vscode` import: a unit test checks these
// against package.json `contributes.configuration`.
export const SETTINGS = {
  userName: 'liaison.user.name',
  userDepartment: 'liaison.user.department',
  serverUrl: 'liaison.server.url',
  serverToken: 'liaison.server.token',
  spaces: 'liaison.spaces',
  defaultSpace: 'liaison.defaultSpace',
  storePath: 'liaison.store.path',
  language: 'liaison.language',
  directorySpace: 'liaison.directory.space',
  searchEngine: 'liaison.search.engine',
  shelveAfterDays: 'liaison.archive.shelveAfterDays',
} as const;

export type SettingKey = (typeof SETTINGS)[keyof typeof SETTINGS];

/** Settings that, when changed, need the replica reopened (other spaces, another server, another store). */
export const REPLICA_SETTINGS: readonly SettingKey[] = [SETTINGS.serverUrl, SETTINGS.serverToken, SETTINGS.spaces, SETTINGS.storePath];
