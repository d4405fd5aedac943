// The editor's door to src/domain/inbox.ts: what is pending for me (the identity in the settings)
// in the open spaces, now, under the policy in force and with the project leads of the directory.
// The Pending tree and its badge, the status bar, the notifications and the actions all ask here,
// and the facts behind it are derived once per change of a record (InboxCache), not per asker.
import * as vscode from 'vscode';
import type { Clock } from '../../domain/clock';
import type { Directory } from '../../domain/directory';
import { dueFacts } from '../../domain/dueLabel';
import type { DueFact } from '../../domain/dueLabel';
import type { RecordDue } from '../../domain/followUp';
import { InboxCache } from '../../domain/inbox';
import type { InboxEntry, InboxRules, RecordFacts } from '../../domain/inbox';
import type { Identity, LiaisonRecord } from '../../domain/record';
import { Disposable } from '../disposable';
import type { PolicyInForce } from './policyInForce';
import type { Store } from './store';

/** Where the inbox reads from (Services provides them). */
export interface InboxSources {
  identity(): Identity | undefined;
  /** The open replica's active records; none while no replica is open. */
  records(): readonly LiaisonRecord[];
  directory(): Directory;
  readonly policy: Store<PolicyInForce>;
  readonly clock: Clock;
  /** Events after which what is pending may differ (records, directory, identity); the policy's is added here. */
  readonly changes: readonly vscode.Event<unknown>[];
}

export class Inbox extends Disposable {
  private readonly cache = new InboxCache(() => this.rules());
  private ruled: { policy: PolicyInForce; directory: Directory; rules: InboxRules } | undefined;
  private readonly emitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when what is pending may have changed: a record, the policy, the directory or my identity. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly sources: InboxSources) {
    super();
    for (const event of [...sources.changes, sources.policy.onDidChange]) this.register(event(() => this.emitter.fire()));
  }

  /** What is pending for me in the open spaces, now, in the replica's order. */
  pending(): InboxEntry[] {
    const identity = this.sources.identity();
    if (!identity) return [];
    return this.cache.pending(this.sources.records(), identity, this.sources.clock.now());
  }

  /** Why `record` waits for me, what is due and who arbitrates; undefined when it does not wait for me. */
  entry(record: LiaisonRecord): InboxEntry | undefined {
    const identity = this.sources.identity();
    return identity ? this.cache.entry(record, identity, this.sources.clock.now()) : undefined;
  }

  /** The record's state, due and arbiter, derived once per version of it. */
  facts(record: LiaisonRecord): RecordFacts {
    return this.cache.facts(record);
  }

  /** The project lead who arbitrates a dispute of `record`. */
  arbiterOf(record: LiaisonRecord): string | undefined {
    return this.cache.facts(record).arbiter;
  }

  /** The current due of a record (respond / accept the delivery) with its state now, if something is owed. */
  dueOf(record: LiaisonRecord): RecordDue | undefined {
    return this.cache.due(record, this.sources.clock.now());
  }

  /** Every due of `record` now (respond / confirm by the policy, deliver by its deadline), each labelled by src/domain/dueLabel.ts. */
  dues(record: LiaisonRecord): DueFact[] {
    const now = this.sources.clock.now();
    return dueFacts(record, this.cache.facts(record).state, this.cache.due(record, now), now, this.sources.policy.current.calendar.zone);
  }

  /** The rules the facts are derived with: the same object until the policy or the directory changes. */
  private rules(): InboxRules {
    const policy = this.sources.policy.current;
    const directory = this.sources.directory();
    if (this.ruled?.policy !== policy || this.ruled.directory !== directory) {
      const rules: InboxRules = { policy: policy.policy, calendar: policy.calendar, headOf: (name) => directory.headOf(name) };
      this.ruled = { policy, directory, rules };
    }
    return this.ruled.rules;
  }
}
