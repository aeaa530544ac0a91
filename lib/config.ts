import { z } from 'zod';
import path from 'node:path';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional());

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalUrl.optional(),
  REDIS_URL: optionalUrl.optional(),
  PUBLIC_URL: optionalUrl.optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  HANDSONTABLE_LICENSE_KEY: z.string().optional(),
  DOC_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  COMPACTION_THRESHOLD: z.coerce.number().int().min(2).default(500),
  PING_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
});

export type Env = z.input<typeof schema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  publicUrl?: string;
  sessionSecret?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  maxMessageBytes: number;
  auditRetentionDays: number;
  handsontableLicenseKey?: string;
  docUnloadGraceMs: number;
  compactionThreshold: number;
  pingIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every bad variable is named in one error. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = result.data;
  if (e.DATABASE_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL)) {
    throw new ConfigError(['DATABASE_URL: only postgres:// URLs are supported']);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    sessionSecret: e.NEXTAUTH_SECRET,
    logLevel: e.LOG_LEVEL,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    handsontableLicenseKey: e.HANDSONTABLE_LICENSE_KEY,
    docUnloadGraceMs: e.DOC_UNLOAD_GRACE_MS,
    compactionThreshold: e.COMPACTION_THRESHOLD,
    pingIntervalMs: e.PING_INTERVAL_MS,
  };
}
