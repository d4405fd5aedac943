// The directory of people and departments (with each department's head): who a recipient may
// be, whom an overdue item escalates to. Pure data and lookups; the Yjs mapping is in
// src/store/directoryDoc.ts, the CSV reader in ./directoryCsv.ts.

export interface Person {
  name: string;
  department?: string;
  title?: string;
  email?: string;
  /** DingTalk userid (server/notify/ sends work notifications to it). */
  dingtalk?: string;
  /** Feishu user_id or open_id. */
  feishu?: string;
  /** A personal webhook URL (its query may carry a token: never shown in a message). */
  webhook?: string;
  /** Other names the person goes by (an English name, a pinyin spelling). */
  aliases?: string[];
}

export interface Department {
  name: string;
  /** The head's name (a person in the directory); escalations go to them. */
  head?: string;
}

export interface DirectoryData {
  people: Person[];
  departments: Department[];
}

export type DirectoryEntry = { type: 'person'; person: Person } | { type: 'department'; department: Department };

/** Names that address every person in the directory (unless the directory has an entry of that name). */
export const EVERYONE_NAMES: readonly string[] = ['全员', '所有人', '全體', 'everyone', 'all'];
const EVERYONE = new Set(EVERYONE_NAMES);

function key(name: string): string {
  return name.trim().toLowerCase();
}

/** Edit distance between two short strings (names), capped work: O(a × b). */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** Lookups over a directory snapshot. Build one per change; lookups are map reads. */
export class Directory {
  private readonly entries = new Map<string, DirectoryEntry>();
  /** Every name and alias with its lookup key, built on the first suggest(). */
  private candidates?: { name: string; candidate: string }[];
  readonly people: readonly Person[];
  readonly departments: readonly Department[];

  constructor(data: DirectoryData) {
    this.people = data.people;
    // A department named only on a person still counts as a department.
    const departments = new Map(data.departments.map((department) => [department.name, department]));
    for (const person of data.people) {
      if (person.department && !departments.has(person.department)) departments.set(person.department, { name: person.department });
    }
    this.departments = [...departments.values()];
    for (const department of this.departments) this.entries.set(key(department.name), { type: 'department', department });
    for (const person of data.people) {
      for (const name of [person.name, ...(person.aliases ?? [])]) this.entries.set(key(name), { type: 'person', person });
    }
  }

  static empty(): Directory {
    return new Directory({ people: [], departments: [] });
  }

  get isEmpty(): boolean {
    return this.entries.size === 0;
  }

  /** The person or department a recipient names (by name or alias, case-insensitive). */
  resolve(name: string): DirectoryEntry | undefined {
    return this.entries.get(key(name));
  }

  person(name: string): Person | undefined {
    const entry = this.resolve(name);
    return entry?.type === 'person' ? entry.person : undefined;
  }

  /**
   * The people `names` reach, each once, in order: a person as themselves, a department as each of
   * its members, everyone (全员, 所有人, everyone, all) as every person; a name the directory does
   * not know stays as written (it may be a person not listed yet).
   */
  reach(names: readonly string[]): Person[] {
    const people = new Map<string, Person>();
    for (const name of names) {
      if (EVERYONE.has(key(name)) && this.resolve(name) === undefined) {
        for (const person of this.people) people.set(person.name, person);
        continue;
      }
      const entry = this.resolve(name);
      if (entry === undefined) people.set(name, { name });
      else if (entry.type === 'person') people.set(entry.person.name, entry.person);
      else for (const member of this.people) if (member.department === entry.department.name) people.set(member.name, member);
    }
    return [...people.values()];
  }

  /** The head of a department, or of a person's department. */
  headOf(name: string): string | undefined {
    const entry = this.resolve(name);
    if (!entry) return undefined;
    const departmentName = entry.type === 'department' ? entry.department.name : entry.person.department;
    return departmentName === undefined ? undefined : this.departments.find((department) => department.name === departmentName)?.head;
  }

  /** Every name a recipient may be written as, people first: for pickers. */
  names(): string[] {
    return [...this.people.map((person) => person.name), ...this.departments.map((department) => department.name)];
  }

  /** Up to `limit` entries closest to `text`: containing it first, then by edit distance. Aliases count (a typo of "Li Ming" suggests "Li Ming"). */
  suggest(text: string, limit = 5): string[] {
    const wanted = key(text);
    const limitDistance = Math.max(1, Math.floor(wanted.length / 3));
    this.candidates ??= [...new Set([...this.names(), ...this.people.flatMap((person) => person.aliases ?? [])])].map((name) => ({
      name,
      candidate: key(name),
    }));
    const scored = this.candidates.map(({ name, candidate }) => {
      const contains = wanted !== '' && (candidate.includes(wanted) || wanted.includes(candidate));
      // The distance is at least the difference in length: skip the O(a × b) work when that is already too far.
      const score = contains
        ? -1
        : Math.abs(candidate.length - wanted.length) > limitDistance
          ? Number.POSITIVE_INFINITY
          : editDistance(wanted, candidate);
      return { name, score };
    });
    return scored
      .filter((entry) => entry.score < 0 || entry.score <= limitDistance)
      .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map((entry) => entry.name);
  }

  toData(): DirectoryData {
    return { people: [...this.people], departments: [...this.departments] };
  }
}
