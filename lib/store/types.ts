/** Records and the storage contract. Only lib/store holds SQL; everything else sees these types. */
import type { AuditAction } from '../audit';
import { errorBrand } from '../errors';

export type DocumentKind = 'text' | 'sheet';
export type DocumentRole = 'owner' | 'editor' | 'commenter' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: number;
  /** Set when the account was deleted: the row stays, pseudonymised, so authorship keeps resolving. */
  deletedAt: number | null;
}

export interface DocumentRecord {
  id: string;
  kind: DocumentKind;
  title: string;
  ownerId: string;
  templateId: string | null;
  createdAt: number;
  updatedAt: number;
  lastEditorId: string | null;
  deletedAt: number | null;
}

export interface DocumentListItem extends DocumentRecord {
  role: DocumentRole;
  ownerName: string;
  lastEditorName: string | null;
}

export type AclPrincipal = 'user' | 'group' | 'everyone';

/** One grant on a document. `principalId` is a user or group id, and '' for `everyone`. */
export interface AclEntry {
  principal: AclPrincipal;
  principalId: string;
  role: DocumentRole;
}

/** A department ("Amt") or any other set of users. `externalName` ties it to an OIDC group claim. */
export interface Group {
  id: string;
  name: string;
  externalName: string | null;
  createdAt: number;
}

export interface GroupPatch {
  name?: string;
  externalName?: string | null;
}

export interface GroupMember {
  userId: string;
  isHead: boolean;
}

export type LinkRole = 'viewer' | 'editor';

/** A share link; the token itself is never stored, only its SHA-256 hash. */
export interface ShareLinkRecord {
  id: string;
  documentId: string;
  role: LinkRole;
  expiresAt: number | null;
  createdBy: string | null;
  createdAt: number;
}

export interface NewShareLink {
  documentId: string;
  tokenHash: string;
  role: LinkRole;
  expiresAt: number | null;
  createdBy: string | null;
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

export interface StoredUpdate {
  documentId: string;
  update: Uint8Array;
  userId: string | null;
}

export interface LoadedDocState {
  /** Merged state up to `snapshotSeq`, or null when the log was never compacted. */
  snapshot: Uint8Array | null;
  /** Log entries after the snapshot, in append order. */
  updates: Uint8Array[];
  lastSeq: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string | null;
  action: string;
  documentId: string | null;
  detail: Record<string, unknown>;
}

export interface FeedbackEntry {
  id: number;
  at: number;
  name: string | null;
  email: string | null;
  message: string;
  page: string | null;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  isAdmin?: boolean;
  /** The OpenID Connect `sub` of an account that signs in through the provider. */
  oidcSubject?: string | null;
}

export interface UserPatch {
  name?: string;
  isAdmin?: boolean;
  disabled?: boolean;
  passwordHash?: string | null;
  oidcSubject?: string | null;
}

export interface NewDocument {
  id: string;
  kind: DocumentKind;
  title: string;
  ownerId: string;
  templateId?: string | null;
}

export interface DocumentPatch {
  title?: string;
  deletedAt?: number | null;
}

export interface ListDocumentsQuery {
  trashed?: boolean;
  /** Case-insensitive substring of the title. */
  query?: string;
}

/**
 * A saved state of a document. `authors` are the users who changed the document since the
 * version before; `auto` versions are taken by the server after a pause or a stretch of edits.
 */
export interface VersionRecord {
  id: string;
  documentId: string;
  name: string | null;
  auto: boolean;
  createdBy: string | null;
  createdAt: number;
  authors: string[];
}

/** A version with its full Yjs state and who wrote and deleted what (lib/versions/attribution.ts). */
export interface VersionData extends VersionRecord {
  state: Uint8Array;
  attribution: string;
}

export interface NewVersion {
  documentId: string;
  name: string | null;
  auto: boolean;
  createdBy: string | null;
  authors: string[];
  state: Uint8Array;
  attribution: string;
}

/** A user with every stored column, for backups. */
export interface UserDump extends User {
  oidcSubject: string | null;
}

/** A group with its members, for backups. */
export interface GroupDump extends Group {
  members: GroupMember[];
}

/** A share link with its hash and the users who opened it, for backups. */
export interface ShareLinkDump extends ShareLinkRecord {
  tokenHash: string;
  grantedTo: string[];
}

/** An API token with its hash, for backups. */
export interface ApiTokenDump extends ApiTokenRecord {
  tokenHash: string;
}

export interface SettingDump {
  key: string;
  value: string;
  updatedAt: number;
}

/**
 * One record of a store dump. `dump()` yields them in this order, which `restore()` relies on
 * (documents refer to users, versions to documents, tokens to users): users, groups, documents,
 * shareLinks, versions, apiTokens, audit, settings, feedback. A document's `state` is its stored Yjs state as a list of updates (snapshot first,
 * then the log in order); applying them all in any order gives the document.
 */
export type DumpRecord =
  | { type: 'user'; user: UserDump }
  | { type: 'group'; group: GroupDump }
  | { type: 'shareLink'; link: ShareLinkDump }
  | { type: 'document'; document: DocumentRecord; acl: AclEntry[]; state: Uint8Array[] }
  | { type: 'version'; version: VersionData }
  | { type: 'apiToken'; token: ApiTokenDump }
  | { type: 'audit'; entry: AuditEntry }
  | { type: 'setting'; setting: SettingDump }
  | { type: 'feedback'; entry: FeedbackEntry };

export type DumpCounts = Record<DumpRecord['type'], number>;

export const emptyDumpCounts = (): DumpCounts => ({
  user: 0, group: 0, document: 0, shareLink: 0, version: 0, apiToken: 0, audit: 0, setting: 0, feedback: 0,
});

/**
 * The storage contract. Every adapter (SQLite and PostgreSQL) passes the same contract test
 * suite in test/integration/store.contract.ts.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
  /** Cheap liveness probe for readiness checks. */
  ping(): Promise<void>;

  countUsers(): Promise<number>;
  createUser(user: NewUser): Promise<User>;
  getUserById(id: string): Promise<User | null>;
  getUserByEmail(email: string): Promise<User | null>;
  getUserByOidcSubject(subject: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  updateUser(id: string, patch: UserPatch): Promise<User | null>;
  /**
   * Deletes an account without losing content (DSGVO): the row stays under the id that
   * authorship refers to, with `name` as pseudonym and no email, password, OIDC subject, grants,
   * group memberships or tokens. Documents the user owned pass to `transferTo`.
   */
  pseudonymizeUser(id: string, opts: { name: string; transferTo: string }): Promise<User | null>;

  createGroup(group: { name: string; externalName?: string | null }): Promise<Group>;
  getGroup(id: string): Promise<Group | null>;
  listGroups(): Promise<Group[]>;
  updateGroup(id: string, patch: GroupPatch): Promise<Group | null>;
  deleteGroup(id: string): Promise<boolean>;
  /** Replaces the members of a group. */
  setGroupMembers(groupId: string, members: GroupMember[]): Promise<void>;
  listGroupMembers(groupId: string): Promise<GroupMember[]>;
  listUserGroups(userId: string): Promise<Group[]>;
  /**
   * Makes the user a member of exactly the external groups named (creating missing ones, named
   * after the value) among all groups that have an externalName; local groups stay untouched.
   */
  syncUserExternalGroups(userId: string, externalNames: string[]): Promise<void>;

  createShareLink(link: NewShareLink): Promise<ShareLinkRecord>;
  listShareLinks(documentId: string): Promise<ShareLinkRecord[]>;
  /** The unexpired link with this token hash, or null. */
  findShareLink(tokenHash: string): Promise<ShareLinkRecord | null>;
  deleteShareLink(documentId: string, linkId: string): Promise<boolean>;
  /** Records that the user opened the link: they hold its role while it lives. */
  grantShareLink(linkId: string, userId: string): Promise<void>;

  createDocument(doc: NewDocument): Promise<DocumentRecord>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  updateDocument(id: string, patch: DocumentPatch): Promise<DocumentRecord | null>;
  /** Documents the user reaches as owner, through an ACL entry (own, group, everyone) or a share link. */
  listDocumentsForUser(userId: string, query?: ListDocumentsQuery): Promise<DocumentListItem[]>;
  /** The strongest role the user holds on the document through any grant, or null for no access. */
  getRole(documentId: string, userId: string): Promise<DocumentRole | null>;
  getAcl(documentId: string): Promise<AclEntry[]>;
  /** Replaces the document's ACL entries (the owner of the row is implicit and cannot be removed). */
  setAcl(documentId: string, entries: AclEntry[]): Promise<void>;

  /** Appends a batch in one durable transaction; also bumps updated_at / last editor. */
  appendUpdates(batch: StoredUpdate[]): Promise<void>;
  loadDocState(documentId: string): Promise<LoadedDocState>;
  /** Number of log entries after the snapshot. */
  countLogEntries(documentId: string): Promise<number>;
  /**
   * Replaces the snapshot and the log entries up to the last one with `merge(snapshot, log)`,
   * atomically; entries appended meanwhile stay in the log.
   */
  compact(documentId: string, merge: (parts: Uint8Array[]) => Uint8Array): Promise<{ merged: number }>;

  /**
   * The first screen of a sheet as it was when it last left memory (see lib/sheet/storedPreview),
   * shown while a browser loads the whole sheet. Derived data: not part of dumps. Storing it for
   * a document that no longer exists does nothing.
   */
  setDocumentPreview(documentId: string, preview: Uint8Array): Promise<void>;
  getDocumentPreview(documentId: string): Promise<Uint8Array | null>;

  /** Versions are never changed after they are written, except for their name. */
  createVersion(version: NewVersion): Promise<VersionRecord>;
  /** A document's versions, oldest first, without their state. */
  listVersions(documentId: string): Promise<VersionRecord[]>;
  getVersion(documentId: string, versionId: string): Promise<VersionData | null>;
  latestVersion(documentId: string): Promise<VersionData | null>;
  renameVersion(documentId: string, versionId: string, name: string | null): Promise<VersionRecord | null>;

  createApiToken(token: { userId: string; name: string; tokenHash: string; scopes?: string[]; expiresAt?: number | null }): Promise<ApiTokenRecord>;
  /** Finds an unexpired token by hash and records its use. */
  useApiToken(tokenHash: string): Promise<ApiTokenRecord | null>;
  listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
  deleteApiToken(id: string): Promise<boolean>;

  /** Small administrator-editable texts (legal pages); null when never set. */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  addFeedback(entry: { name?: string | null; email?: string | null; message: string; page?: string | null }): Promise<FeedbackEntry>;
  listFeedback(limit?: number): Promise<FeedbackEntry[]>;

  audit(entry: { actor: string | null; action: AuditAction; documentId?: string | null; detail?: Record<string, unknown> }): Promise<void>;
  listAudit(filter?: { action?: string; documentId?: string; limit?: number }): Promise<AuditEntry[]>;
  pruneAudit(olderThan: number): Promise<number>;

  /**
   * Every record in the store, read from one consistent snapshot while the store stays in
   * use (online backup). Stopping the iteration early releases the snapshot.
   */
  dump(): AsyncIterable<DumpRecord>;
  /** True when the store holds no users, groups, documents, tokens, audit entries, settings or feedback. */
  isEmpty(): Promise<boolean>;
  /**
   * Loads a dump into an empty store in one transaction, keeping ids and times. Throws
   * NotEmptyError (and changes nothing) when the store already holds data; any other failure
   * rolls the whole restore back.
   */
  restore(records: AsyncIterable<DumpRecord>): Promise<DumpCounts>;
}

const duplicate = errorBrand('DuplicateError');
const notEmpty = errorBrand('NotEmptyError');

// Thrown by the store, which the web routes reach through the services slot (see errorBrand).
export class DuplicateError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
    duplicate.mark(this);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return duplicate.is(value);
  }
}

export class NotEmptyError extends Error {
  constructor() {
    super('The target store is not empty: restore only into a new, empty database');
    this.name = 'NotEmptyError';
    notEmpty.mark(this);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return notEmpty.is(value);
  }
}
