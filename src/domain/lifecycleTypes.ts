// The types of the closed loop (lifecycle.ts): statuses, actions and their inputs, the folded state.
import type { Flow } from './parties';
import type { RecordEvent } from './record';

export type LifecycleStatus =
  'sent' | 'read' | 'accepted' | 'declined' | 'in-progress' | 'delivered' | 'disputed' | 'confirmed' | 'archived' | 'recalled';

export type ActionType =
  | 'read'
  | 'accept'
  | 'decline'
  | 'status'
  | 'feedback'
  | 'delay'
  | 'deliver'
  | 'confirm'
  | 'archive'
  | 'reopen'
  | 'dispute'
  | 'arbitrate'
  | 'remind'
  | 'recall';

export interface ActionInput {
  type: ActionType;
  note?: string;
  reason?: string;
  alternative?: string;
  /** New plan (`YYYY-MM-DD HH:mm`) of a delay. */
  due?: string;
  /** Action item (1-based row) a delivery or status is about. */
  item?: number;
  decision?: 'accept' | 'rework';
  /** Closing an external request: the client's satisfaction, a whole number 1..5 (see satisfactionProblem). */
  satisfaction?: number;
  /** Closing an external request: the client's comment (optional). */
  satisfactionComment?: string;
}

export interface Answer {
  recipient: string;
  answer: 'accepted' | 'declined';
  by: string;
  at: string;
  reason?: string;
  alternative?: string;
}

export interface LifecycleState {
  flow: Flow;
  status: LifecycleStatus;
  /** Recipients who must answer / read, each once; never the author (see answeringRecipients). */
  recipients: string[];
  /** The author named herself in the audience (owner of her own request): she does the work, unasked. */
  selfAssigned: boolean;
  answers: Answer[];
  /** Who must confirm before the record may be archived (see keyConfirmers). */
  confirmers: string[];
  /** Confirmations that count (since the latest delivery / reopen), by confirmer. */
  confirmations: { confirmer: string; by: string; at: string }[];
  deliveredAt?: string;
  archivedAt?: string;
  dispute?: { by: string; reason: string; at: string };
  /** Withdrawn by the author (撤回): by whom, why, when. */
  recall?: { by: string; reason: string; at: string };
  /** The latest delay notice's new plan. */
  plan?: { due: string; reason: string; by: string; at: string };
  /** Events the fold ignored (illegal where they landed after a merge), with why. */
  ignored: { event: RecordEvent; why: string }[];
  /** Done action items (1-based rows). */
  itemsDone: number[];
}

export interface ActionContext {
  /** The project lead who arbitrates disputes: the record's `lead`, else the author's department head. */
  arbiter?: string;
  /** For Remind now: the time and the policy's remindEvery in minutes (no limit when absent). */
  now?: Date;
  remindEveryMinutes?: number;
}
