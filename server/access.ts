// Who may open which space on the sync server, and how a presented token is checked.
//
// Config file shape (JSON):
//   { "users":  [{ "name": "zhang", "token": "..." } | { "name": "li", "tokenSha256": "<64 hex>" }],
//     "spaces": [{ "name": "internal", "members": ["zhang"], "readOnly": ["li"], "admins": ["zhang"] }] }
// A user listed in `members` reads and writes the space; one listed in `readOnly` only reads
// (read-only wins when a name is in both). A space not listed is closed to everyone.
// `admins` (optional, each a writing member) may also change the protected parts of the space
// (server/protectedParts.ts: the purge log, the team policy, the directory); on an open server
// everyone is an admin.
// No config at all means an open server; that decision belongs to the caller (see `authorize`).
// An archive shelf `S.archive.YYYY-MM` (src/store/shelves.ts) is authorized exactly as space S;
// a config entry may not name a shelf itself.
import { createHash, timingSafeEqual } from 'node:crypto';
import { validateSpaceName } from '../src/store/localStore';
import { parseShelfName } from '../src/store/shelves';

export interface AccessUser {
  readonly name: string;
  /** sha256 of the token: plain tokens are hashed on parse so both kinds compare the same way. */
  readonly tokenDigest: Buffer;
}

export interface AccessSpace {
  readonly name: string;
  readonly members: ReadonlySet<string>;
  readonly readOnly: ReadonlySet<string>;
  /** Writing members who may change the protected parts of the space. */
  readonly admins: ReadonlySet<string>;
}

export interface AccessConfig {
  readonly users: readonly AccessUser[];
  readonly spaces: ReadonlyMap<string, AccessSpace>;
}

export type AuthResult = { ok: true; user: string; readOnly: boolean; admin: boolean } | { ok: false; status: 401 | 403; reason: string };

/** The user name reported for every connection to an open server (no access config). */
export const anonymousUser = 'anonymous';

/**
 * A space name is also a folder name on the server's disk; the store's rules apply (letters of
 * any script, digits, '-', '_', '.'; no separators, no leading '.', NFC, not a Windows device name).
 */
export function isValidSpaceName(name: string): boolean {
  return validateSpaceName(name) === undefined;
}

/** Shorter tokens are refused in the config: guessable (one character was accepted). */
export const minTokenLength = 16;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function fail(field: string, problem: string): never {
  throw new Error(`${field}: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown, field: string, fix: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(field, `expected a non-empty string; ${fix}`);
  }
  return value;
}

function parseUser(raw: unknown, field: string): AccessUser {
  if (!isRecord(raw)) fail(field, 'expected an object like { "name": "...", "token": "..." }');
  const name = nonEmptyString(raw.name, `${field}.name`, 'give each user a name');
  const hasToken = raw.token !== undefined;
  const hasDigest = raw.tokenSha256 !== undefined;
  if (hasToken && hasDigest) fail(field, 'give either "token" or "tokenSha256", not both');
  if (hasDigest) {
    const hex = raw.tokenSha256;
    if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
      fail(`${field}.tokenSha256`, 'expected 64 hex digits (the sha256 of the token, e.g. `printf %s TOKEN | sha256sum`)');
    }
    return { name, tokenDigest: Buffer.from(hex, 'hex') };
  }
  const token = nonEmptyString(raw.token, `${field}.token`, 'give "token" or "tokenSha256"');
  if (token.length < minTokenLength) {
    fail(
      `${field}.token`,
      `is shorter than ${minTokenLength} characters; use a long random one, e.g. the output of \`openssl rand -hex 16\``,
    );
  }
  return { name, tokenDigest: sha256(token) };
}

function parseNameList(raw: unknown, field: string, users: ReadonlySet<string>): Set<string> {
  if (raw === undefined) return new Set();
  if (!Array.isArray(raw)) fail(field, 'expected an array of user names, e.g. ["zhang", "li"]');
  const names = new Set<string>();
  raw.forEach((entry, index) => {
    const name = nonEmptyString(entry, `${field}[${index}]`, 'list user names from "users"');
    if (!users.has(name)) fail(`${field}[${index}]`, `unknown user "${name}"; add it to "users" or remove it here`);
    names.add(name);
  });
  return names;
}

function parseSpace(raw: unknown, field: string, users: ReadonlySet<string>): AccessSpace {
  if (!isRecord(raw)) fail(field, 'expected an object like { "name": "...", "members": ["..."] }');
  const name = nonEmptyString(raw.name, `${field}.name`, 'give each space a name');
  if (!isValidSpaceName(name)) {
    fail(`${field}.name`, `"${name}" is not a valid space name: ${validateSpaceName(name) ?? ''}`);
  }
  if (parseShelfName(name)) {
    fail(
      `${field}.name`,
      `"${name}" is the name of an archive shelf (<space>.archive.YYYY-MM), which has the members of its space; list the space instead`,
    );
  }
  const members = parseNameList(raw.members, `${field}.members`, users);
  const readOnly = parseNameList(raw.readOnly, `${field}.readOnly`, users);
  if (members.size === 0 && readOnly.size === 0) {
    fail(field, `space "${name}" has nobody in "members" or "readOnly"; list at least one user or remove the space`);
  }
  const admins = parseNameList(raw.admins, `${field}.admins`, users);
  Array.from(admins).forEach((admin, index) => {
    if (!members.has(admin) || readOnly.has(admin)) {
      fail(
        `${field}.admins[${index}]`,
        `"${admin}" is not a writing member of space "${name}"; add it to "members" (and not "readOnly") or remove it here`,
      );
    }
  });
  return { name, members, readOnly, admins };
}

/** Validates a parsed JSON access config. Throws an Error naming the offending field and the fix. */
export function parseAccessConfig(json: unknown): AccessConfig {
  if (!isRecord(json)) fail('(top level)', 'expected an object with "users" and "spaces"');
  if (!Array.isArray(json.users) || json.users.length === 0) {
    fail('users', 'expected a non-empty array of { "name": "...", "token": "..." }');
  }
  const users = json.users.map((raw, index) => parseUser(raw, `users[${index}]`));
  const names = new Set<string>();
  const digests = new Set<string>();
  users.forEach((user, index) => {
    if (names.has(user.name)) fail(`users[${index}].name`, `"${user.name}" appears twice; user names must be unique`);
    names.add(user.name);
    const hex = user.tokenDigest.toString('hex');
    if (digests.has(hex)) fail(`users[${index}]`, 'has the same token as an earlier user; give every user their own token');
    digests.add(hex);
  });
  if (!Array.isArray(json.spaces)) fail('spaces', 'expected an array of { "name": "...", "members": ["..."] }');
  const spaces = new Map<string, AccessSpace>();
  json.spaces.forEach((raw, index) => {
    const space = parseSpace(raw, `spaces[${index}]`, names);
    if (spaces.has(space.name)) fail(`spaces[${index}].name`, `"${space.name}" appears twice; merge the two entries`);
    spaces.set(space.name, space);
  });
  return { users, spaces };
}

/** The sha256 of a token, as kept in the config and compared by `authorizeDigest`. */
export function tokenDigest(token: string): Buffer {
  return sha256(token);
}

/**
 * Decides whether `token` may open `space`. `config` undefined = open server: everyone reads and
 * writes every space. Tokens are compared as sha256 digests with `timingSafeEqual`, and every
 * user is compared (no early exit), so timing reveals neither the token nor which user matched.
 */
export function authorize(config: AccessConfig | undefined, token: string | undefined, space: string): AuthResult {
  return authorizeDigest(config, token === undefined || token === '' ? undefined : sha256(token), space);
}

/** `authorize` for a token already hashed: the server keeps only digests of live sessions' tokens. */
export function authorizeDigest(config: AccessConfig | undefined, presented: Buffer | undefined, space: string): AuthResult {
  if (config === undefined) return { ok: true, user: anonymousUser, readOnly: false, admin: true };
  if (presented === undefined) return { ok: false, status: 401, reason: 'no token given' };
  let matched: AccessUser | undefined;
  for (const user of config.users) {
    if (timingSafeEqual(presented, user.tokenDigest) && matched === undefined) matched = user;
  }
  if (matched === undefined) return { ok: false, status: 401, reason: 'unknown token' };
  const entry = config.spaces.get(space) ?? config.spaces.get(parseShelfName(space)?.space ?? '');
  if (entry === undefined)
    return { ok: false, status: 403, reason: `user "${matched.name}" may not open space "${space}" (not in the access list)` };
  if (entry.readOnly.has(matched.name)) return { ok: true, user: matched.name, readOnly: true, admin: false };
  if (entry.members.has(matched.name)) return { ok: true, user: matched.name, readOnly: false, admin: entry.admins.has(matched.name) };
  return { ok: false, status: 403, reason: `user "${matched.name}" is not a member of space "${space}"` };
}
