// The closed loop's actions as commands and buttons: which command runs each action, and its
// label. The actions feature registers the commands; the record view and the trees' menus name them.
import type { ActionType } from '../../domain/lifecycle';
import { COMMANDS } from '../commands';
import { l10n } from './l10n';

export const ACTION_COMMANDS: Record<ActionType, string> = {
  read: COMMANDS.openRecord,
  accept: COMMANDS.accept,
  decline: COMMANDS.decline,
  status: COMMANDS.postUpdate,
  feedback: COMMANDS.addFeedback,
  delay: COMMANDS.delay,
  deliver: COMMANDS.deliver,
  confirm: COMMANDS.confirm,
  archive: COMMANDS.close,
  reopen: COMMANDS.reopen,
  dispute: COMMANDS.dispute,
  arbitrate: COMMANDS.arbitrate,
  remind: COMMANDS.remindNow,
  recall: COMMANDS.recall,
};

export function actionLabel(action: ActionType): string {
  switch (action) {
    case 'read':
      return l10n.t('Open');
    case 'accept':
      return l10n.t('Accept');
    case 'decline':
      return l10n.t('Decline');
    case 'status':
      return l10n.t('Post Update');
    case 'feedback':
      return l10n.t('Add Feedback');
    case 'delay':
      return l10n.t('Delay');
    case 'deliver':
      return l10n.t('Deliver');
    case 'confirm':
      return l10n.t('Confirm');
    case 'archive':
      return l10n.t('Close');
    case 'reopen':
      return l10n.t('Reopen');
    case 'dispute':
      return l10n.t('Dispute');
    case 'arbitrate':
      return l10n.t('Arbitrate');
    case 'remind':
      return l10n.t('Remind Now');
    case 'recall':
      return l10n.t('Recall');
  }
}
