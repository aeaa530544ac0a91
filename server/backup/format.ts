import { z } from 'zod';
import { emptyDumpCounts, type DumpCounts, type DumpRecord } from '../../lib/store/types';

/**
 * The backup file format, version 1: gzip-compressed JSON lines (UTF-8).
 *
 *   line 1      {"format":"werkraum-backup","version":1,"createdAt":<ms>,"source":"sqlite"|"postgres"}
 *   then        one record per line, in this order: user, group, document, shareLink, version, apiToken, audit, setting, feedback
 *   last line   {"type":"end","counts":{"user":n,"group":n,"document":n,"shareLink":n,"version":n,"apiToken":n,"audit":n,"setting":n,"feedback":n}}
 *
 * A document record carries its metadata, its ACL and its whole Yjs state merged into one
 * update, base64-encoded (`state`, null for a document without content). A version carries its
 * state base64-encoded and its attribution as stored; files written before versions existed
 * have no version records and no `version` count; files written before groups and share links
 * existed have none of them (counts 0) and no `deletedAt` on users. Users keep their
 * password hashes and tokens their SHA-256 hashes. A file without the end line, or with other
 * counts, is incomplete and is refused. docs/deployment.md describes the format for operators.
 */
export const BACKUP_FORMAT = 'werkraum-backup';
export const BACKUP_VERSION = 1;

export class BackupFormatError extends Error {
  constructor(message: string) {
    super(`Not a valid Werkraum backup: ${message}`);
    this.name = 'BackupFormatError';
  }
}

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  createdAt: z.number(),
  source: z.enum(['sqlite', 'postgres']),
});
export type BackupHeader = z.infer<typeof headerSchema>;

const time = z.number().int().nonnegative();
const nullableTime = time.nullable();
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

const recordSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('user'),
    user: z.object({
      id: z.string().min(1),
      email: z.string().min(1),
      name: z.string(),
      passwordHash: z.string().nullable(),
      oidcSubject: z.string().nullable(),
      isAdmin: z.boolean(),
      disabled: z.boolean(),
      createdAt: time,
      deletedAt: nullableTime.default(null),
    }),
  }),
  z.object({
    type: z.literal('group'),
    group: z.object({
      id: z.string().min(1),
      name: z.string(),
      externalName: z.string().nullable(),
      createdAt: time,
      members: z.array(z.object({ userId: z.string().min(1), isHead: z.boolean() })),
    }),
  }),
  z.object({
    type: z.literal('shareLink'),
    link: z.object({
      id: z.string().min(1),
      documentId: z.string().min(1),
      role: z.enum(['viewer', 'editor']),
      expiresAt: nullableTime,
      createdBy: z.string().nullable(),
      createdAt: time,
      tokenHash: z.string().min(1),
      grantedTo: z.array(z.string().min(1)),
    }),
  }),
  z.object({
    type: z.literal('document'),
    document: z.object({
      id: z.string().min(1),
      kind: z.enum(['text', 'sheet']),
      title: z.string(),
      ownerId: z.string().min(1),
      templateId: z.string().nullable(),
      createdAt: time,
      updatedAt: time,
      lastEditorId: z.string().nullable(),
      deletedAt: nullableTime,
    }),
    acl: z.array(z.object({ principal: z.enum(['user', 'group', 'everyone']), principalId: z.string(), role: z.enum(['owner', 'editor', 'commenter', 'viewer']) })),
    state: base64.nullable(),
  }),
  z.object({
    type: z.literal('version'),
    version: z.object({
      id: z.string().min(1),
      documentId: z.string().min(1),
      name: z.string().nullable(),
      auto: z.boolean(),
      createdBy: z.string().nullable(),
      createdAt: time,
      authors: z.array(z.string()),
      state: base64,
      attribution: z.string(),
    }),
  }),
  z.object({
    type: z.literal('apiToken'),
    token: z.object({
      id: z.string().min(1),
      userId: z.string().min(1),
      name: z.string(),
      tokenHash: z.string().min(1),
      scopes: z.array(z.string()),
      createdAt: time,
      expiresAt: nullableTime,
      lastUsedAt: nullableTime,
    }),
  }),
  z.object({
    type: z.literal('audit'),
    entry: z.object({
      id: z.number().int().positive(),
      at: time,
      actor: z.string().nullable(),
      action: z.string(),
      documentId: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  }),
  z.object({ type: z.literal('setting'), setting: z.object({ key: z.string(), value: z.string(), updatedAt: time }) }),
  z.object({
    type: z.literal('feedback'),
    entry: z.object({
      id: z.number().int().positive(),
      at: time,
      name: z.string().nullable(),
      email: z.string().nullable(),
      message: z.string(),
      page: z.string().nullable(),
    }),
  }),
  z.object({
    type: z.literal('end'),
    counts: z.object({ user: time, group: time.default(0), document: time, shareLink: time.default(0), version: time.default(0), apiToken: time, audit: time, setting: time, feedback: time }),
  }),
]);

export function encodeHeader(source: BackupHeader['source'], createdAt = Date.now()): string {
  const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt, source };
  return JSON.stringify(header);
}

/** One record as a line. A document's state must already be merged into at most one update. */
export function encodeRecord(record: DumpRecord): string {
  if (record.type === 'version') return JSON.stringify({ ...record, version: { ...record.version, state: base64Of(record.version.state) } });
  if (record.type !== 'document') return JSON.stringify(record);
  if (record.state.length > 1) throw new Error('merge the document state before encoding it');
  const [state] = record.state;
  return JSON.stringify({ ...record, state: state ? base64Of(state) : null });
}

const base64Of = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

export function encodeEnd(counts: DumpCounts): string {
  return JSON.stringify({ type: 'end', counts });
}

function parseLine(line: string, lineNo: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupFormatError(`line ${lineNo} is not JSON`);
  }
}

/**
 * Reads the lines of a backup (already decompressed) into dump records, validating every
 * line. Throws BackupFormatError for a foreign, newer, corrupt or incomplete file; the
 * error comes before the end of the iteration, so a restore that consumes it rolls back.
 */
export async function* decodeBackup(lines: AsyncIterable<string>): AsyncIterable<DumpRecord> {
  let lineNo = 0;
  let header: BackupHeader | null = null;
  let end: DumpCounts | null = null;
  const counts = emptyDumpCounts();
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    const value = parseLine(line, lineNo);
    if (!header) {
      const h = headerSchema.safeParse(value);
      if (!h.success) throw new BackupFormatError('the first line is not a Werkraum backup header');
      if (h.data.version !== BACKUP_VERSION) throw new BackupFormatError(`format version ${h.data.version} is not supported (expected ${BACKUP_VERSION})`);
      header = h.data;
      continue;
    }
    if (end) throw new BackupFormatError(`line ${lineNo} follows the end line`);
    const r = recordSchema.safeParse(value);
    if (!r.success) throw new BackupFormatError(`line ${lineNo}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const rec = r.data;
    if (rec.type === 'end') {
      end = rec.counts;
      continue;
    }
    counts[rec.type]++;
    if (rec.type === 'document') {
      yield { ...rec, state: rec.state ? [new Uint8Array(Buffer.from(rec.state, 'base64'))] : [] };
    } else if (rec.type === 'version') {
      yield { ...rec, version: { ...rec.version, state: new Uint8Array(Buffer.from(rec.version.state, 'base64')) } };
    } else {
      yield rec;
    }
  }
  if (!header) throw new BackupFormatError('the file is empty');
  if (!end) throw new BackupFormatError('the end line is missing: the file is incomplete');
  for (const k of Object.keys(counts) as Array<keyof DumpCounts>) {
    if (counts[k] !== end[k]) throw new BackupFormatError(`${end[k]} ${k} records announced, ${counts[k]} found`);
  }
}
