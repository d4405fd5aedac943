// Command ids, one union (style.md, habit 5). package.json `contributes.commands` must list
// exactly these; test/unit/vscode/manifest.test.ts checks it.
export const COMMANDS = {
  newRecord: 'liaison.newRecord',
  send: 'liaison.send',
  openRecord: 'liaison.openRecord',
  setServerToken: 'liaison.setServerToken',
  showSyncStatus: 'liaison.showSyncStatus',
  refresh: 'liaison.refresh',
  pickRecipient: 'liaison.pickRecipient',
  editDirectory: 'liaison.editDirectory',
  importDirectory: 'liaison.importDirectory',
  editTeamPolicy: 'liaison.editTeamPolicy',
  teamPolicyHistory: 'liaison.teamPolicyHistory',
  accept: 'liaison.accept',
  remindNow: 'liaison.remindNow',
  recall: 'liaison.recall',
  decline: 'liaison.decline',
  postUpdate: 'liaison.postUpdate',
  addFeedback: 'liaison.addFeedback',
  delay: 'liaison.delay',
  deliver: 'liaison.deliver',
  confirm: 'liaison.confirm',
  close: 'liaison.close',
  reopen: 'liaison.reopen',
  dispute: 'liaison.dispute',
  arbitrate: 'liaison.arbitrate',
  toKnowledge: 'liaison.toKnowledge',
  runFollowUps: 'liaison.runFollowUps',
  completeItem: 'liaison.completeItem',
  showOverdue: 'liaison.showOverdue',
  previewPurge: 'liaison.previewPurge',
  purge: 'liaison.purge',
  showReport: 'liaison.showReport',
  exportReport: 'liaison.exportReport',
  search: 'liaison.search',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Arguments of `liaison.openRecord`, as tree items and links pass them. */
export interface RecordRef {
  space: string;
  id: string;
}

export const VIEWS = {
  container: 'liaison',
  pending: 'liaison.pending',
  sent: 'liaison.sent',
  copied: 'liaison.copied',
  knowledge: 'liaison.knowledge',
  archive: 'liaison.archive',
} as const;

export const SECRET_TOKEN_KEY = 'liaison.server.token';
