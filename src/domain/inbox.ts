// What is pending for a person: one query for every view that shows it (the Pending tree and its
// badge, the status bar, the notifications, the actions), so they cannot disagree. An entry says
// why the record waits for the person (answer, confirm, arbitrate, an action item), what is due
// and how it stands, and who arbitrates a dispute (the project lead).
//
// The facts behind an entry (the folded state, the due, the arbiter) are derived once per version
// of a record, not once per consumer: an InboxCache keeps them by record, checked first by the
// record object (the replica hands out the same objects until something changes) and then by the
// record's version (its fields and event ids), so a change to one record re-derives that record
// only. The due's state moves with the clock and is worked out at each query (it is cheap).
import type { WorkCalendar } from './calendar';
import { dueState } from './due';
import { owedDue } from './followUp';
import type { OwedDue, RecordDue } from './followUp';
import type { ResponsePolicy } from './policy';
import type { Identity, LiaisonRecord } from './record';
import { deriveState, pendingReason } from './status';
import type { PendingReason, RecordState } from './status';

/** Looks up a person's department head (the directory's `headOf`). */
export type HeadOf = (name: string) => string | undefined;

/** The project lead who arbitrates a dispute: the record's `lead` field, else the author's department head. */
export function arbiterOf(record: Pick<LiaisonRecord, 'fields' | 'createdBy'>, headOf: HeadOf): string | undefined {
  const lead = record.fields.lead;
  if (typeof lead === 'string' && lead.trim()) return lead.trim();
  return headOf(record.createdBy);
}

/** What an inbox is computed with besides the records: the team's rules and directory. */
export interface InboxRules {
  readonly policy: ResponsePolicy;
  readonly calendar: WorkCalendar;
  readonly headOf: HeadOf;
}

export interface InboxEntry {
  readonly record: LiaisonRecord;
  /** Why it waits for the person. */
  readonly reason: PendingReason;
  /** Who arbitrates a dispute of this record, if anyone does. */
  readonly arbiter: string | undefined;
  /** The record's current due (respond, or accept the delivery) with its state at the query's time; none when nothing is owed. */
  readonly due: RecordDue | undefined;
  /** The due has passed (state breached or escalated). */
  readonly overdue: boolean;
}

/** The facts of one version of a record under one set of rules. */
export interface RecordFacts {
  readonly state: RecordState;
  readonly arbiter: string | undefined;
  readonly owed: OwedDue | undefined;
}

interface Cached extends RecordFacts {
  readonly version: string;
  /** pendingReason by person (`name\0department`): persons change rarely, so a few are kept. */
  readonly reasons: Map<string, PendingReason | undefined>;
}

/** A short text that changes whenever anything the facts are derived from changes. */
export function recordVersion(record: LiaisonRecord): string {
  let hash = 0x811c9dc5;
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193);
  };
  feed(record.kind);
  feed(record.createdBy);
  feed(JSON.stringify(record.fields));
  for (const event of record.events) feed(event.id);
  return `${record.events.length}:${(hash >>> 0).toString(36)}`;
}

/**
 * 'escalated' when the record was escalated to `person` at the stage still owed (an escalation of
 * an earlier stage, since answered, no longer waits on her): a department head sees what her people
 * let pass, until they answer.
 */
export function escalatedTo(record: LiaisonRecord, person: Identity, owed: OwedDue | undefined): 'escalated' | undefined {
  if (owed === undefined) return undefined;
  const since = owed.due.start.toISOString();
  const mine = record.events.some(
    (event) => event.type === 'escalated' && event.at >= since && (event.to ?? []).some((name) => name === person.name),
  );
  return mine ? 'escalated' : undefined;
}

const keyOf = (record: Pick<LiaisonRecord, 'space' | 'id'>): string => `${record.space}\u0000${record.id}`;
const personKey = (person: Identity): string => `${person.name}\u0000${person.department ?? ''}`;

/**
 * The inbox of one set of records under one set of rules. `rules()` is asked at every query;
 * when it returns other rules (another policy, directory) than the facts were derived with,
 * every fact is derived again.
 */
export class InboxCache {
  private byObject = new WeakMap<LiaisonRecord, Cached>();
  private byKey = new Map<string, Cached>();
  private rulesUsed: InboxRules | undefined;
  /** The last list `pending` was given: when another comes, facts of records no longer in it are dropped. */
  private lastList: readonly LiaisonRecord[] | undefined;
  /** How many times a record's facts were derived (tests and benchmarks read it). */
  derivations = 0;

  constructor(private readonly rules: () => InboxRules) {}

  /** The record's state, due and arbiter, derived once for this version of it. */
  facts(record: LiaisonRecord): RecordFacts {
    return this.cached(record);
  }

  /** The record's current due with its state at `now`, if something is owed (whoever owes it). */
  due(record: LiaisonRecord, now: Date): RecordDue | undefined {
    const owed = this.cached(record).owed;
    return owed && { ...owed, status: dueState(owed.due, now) };
  }

  /** What waits for `person` in `record` at `now`, if anything does. */
  entry(record: LiaisonRecord, person: Identity, now: Date): InboxEntry | undefined {
    const facts = this.cached(record);
    const who = personKey(person);
    let reason = facts.reasons.get(who);
    if (!facts.reasons.has(who)) {
      if (facts.reasons.size >= 4) facts.reasons.clear();
      reason = pendingReason(record, person, facts.state, facts.arbiter) ?? escalatedTo(record, person, facts.owed);
      facts.reasons.set(who, reason);
    }
    if (reason === undefined) return undefined;
    const due = this.due(record, now);
    const overdue = due !== undefined && (due.status.state === 'breached' || due.status.state === 'escalated');
    return { record, reason, arbiter: facts.arbiter, due, overdue };
  }

  /** The entries of `records` pending for `person` at `now`, in the records' order. */
  pending(records: readonly LiaisonRecord[], person: Identity, now: Date): InboxEntry[] {
    const entries: InboxEntry[] = [];
    for (const record of records) {
      const entry = this.entry(record, person, now);
      if (entry) entries.push(entry);
    }
    if (records !== this.lastList) {
      this.lastList = records;
      const kept = new Map<string, Cached>();
      for (const record of records) {
        const cached = this.byKey.get(keyOf(record));
        if (cached) kept.set(keyOf(record), cached);
      }
      this.byKey = kept;
    }
    return entries;
  }

  private cached(record: LiaisonRecord): Cached {
    const rules = this.rules();
    if (rules !== this.rulesUsed) {
      this.rulesUsed = rules;
      this.byObject = new WeakMap();
      this.byKey.clear();
    }
    const known = this.byObject.get(record);
    if (known) return known;
    const key = keyOf(record);
    const version = recordVersion(record);
    let cached = this.byKey.get(key);
    if (!cached || cached.version !== version) {
      this.derivations++;
      const state = deriveState(record);
      cached = {
        version,
        state,
        arbiter: arbiterOf(record, rules.headOf),
        owed: owedDue(record, rules.policy, rules.calendar, state),
        reasons: new Map(),
      };
      this.byKey.set(key, cached);
    }
    this.byObject.set(record, cached);
    return cached;
  }
}
