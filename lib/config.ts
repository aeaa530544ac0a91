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
  DATABASE_URL: optionalUrl.refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'only postgres:// URLs are supported').optional(),
  REDIS_URL: optionalUrl.refine((v) => !v || /^rediss?:\/\//.test(v), 'only redis:// or rediss:// URLs are supported').optional(),
  PUBLIC_URL: optionalUrl.optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  MAX_IMPORT_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  HANDSONTABLE_LICENSE_KEY: z.string().optional(),
  DOC_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  COMPACTION_THRESHOLD: z.coerce.number().int().min(2).default(500),
  COMMIT_SPACING_MS: z.coerce.number().min(0).max(1_000).default(10),
  PING_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  ACCESS_RECHECK_MS: z.coerce.number().int().min(100).default(60_000),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only (1-64)').default('werkraum:'),
  RESYNC_INTERVAL_MS: z.coerce.number().int().min(200).default(10_000),
  VERSION_PAUSE_MS: z.coerce.number().int().min(50).default(120_000),
  VERSION_INTERVAL_MS: z.coerce.number().int().min(1_000).default(900_000),
  METRICS_TOKEN: z
    .string()
    .transform((v) => (v.trim() === '' ? undefined : v.trim()))
    .pipe(z.string().min(16, 'must have at least 16 characters').optional())
    .optional(),
  OIDC_ISSUER: optionalUrl.optional(),
  OIDC_CLIENT_ID: z.string().trim().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
  OIDC_ADMIN_GROUP: z.string().trim().optional(),
  LOCAL_LOGIN: z.enum(['true', 'false', '1', '0', 'on', 'off']).optional(),
  FRAME_ANCESTORS: z
    .string()
    .trim()
    .regex(/^[^;,\r\n]*$/, 'space-separated CSP sources, no ; or ,')
    .default("'self'"),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0', 'on', 'off']).default('false'),
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
  /** Largest file accepted by document import (ODT, DOCX, Markdown, HTML, Etherpad). */
  maxImportBytes: number;
  auditRetentionDays: number;
  handsontableLicenseKey?: string;
  docUnloadGraceMs: number;
  compactionThreshold: number;
  /** Durable commits of document updates start at least this far apart (group commit under load). */
  commitSpacingMs: number;
  pingIntervalMs: number;
  accessRecheckMs: number;
  /** Prefix of every Redis channel, so several deployments (or tests) can share one Redis. */
  redisPrefix: string;
  /** How often each instance compares its live documents with the store (several instances only). */
  resyncIntervalMs: number;
  /** Bearer token for /metrics; without it /metrics answers 404. */
  metricsToken?: string;
  /** An automatic version is taken after this long without edits… */
  versionPauseMs: number;
  /** …or after this long of continuous editing. */
  versionIntervalMs: number;
  /** Sign-in through an OpenID Connect provider (Keycloak), when configured. */
  oidc?: OidcConfig;
  /** Email and password sign-in; off only when OIDC is configured and OIDC-only is wanted. */
  localLogin: boolean;
  /** CSP `frame-ancestors` sources: who may embed Werkraum in a frame. */
  frameAncestors: string;
  /** Behind a reverse proxy: the client address is the last `X-Forwarded-For` entry. */
  trustProxy: boolean;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  /** Members of this group (in the groups claim) are administrators; without it OIDC never changes isAdmin. */
  adminGroup?: string;
}

const isOn = (v: string | undefined) => v === 'true' || v === '1' || v === 'on';

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
  const issues: string[] = [];
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3) issues.push('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three or none');
  const localLogin = e.LOCAL_LOGIN === undefined ? true : isOn(e.LOCAL_LOGIN);
  if (!localLogin && oidcSet < 3) issues.push('LOCAL_LOGIN: can be switched off only when OIDC is configured');
  if (issues.length) throw new ConfigError(issues);
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
    maxImportBytes: e.MAX_IMPORT_BYTES,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    handsontableLicenseKey: e.HANDSONTABLE_LICENSE_KEY,
    docUnloadGraceMs: e.DOC_UNLOAD_GRACE_MS,
    compactionThreshold: e.COMPACTION_THRESHOLD,
    commitSpacingMs: e.COMMIT_SPACING_MS,
    pingIntervalMs: e.PING_INTERVAL_MS,
    accessRecheckMs: e.ACCESS_RECHECK_MS,
    redisPrefix: e.REDIS_PREFIX,
    resyncIntervalMs: e.RESYNC_INTERVAL_MS,
    metricsToken: e.METRICS_TOKEN,
    versionPauseMs: e.VERSION_PAUSE_MS,
    versionIntervalMs: e.VERSION_INTERVAL_MS,
    oidc:
      oidcSet === 3
        ? {
            issuer: e.OIDC_ISSUER!.replace(/\/+$/, ''),
            clientId: e.OIDC_CLIENT_ID!,
            clientSecret: e.OIDC_CLIENT_SECRET!,
            groupsClaim: e.OIDC_GROUPS_CLAIM,
            adminGroup: e.OIDC_ADMIN_GROUP || undefined,
          }
        : undefined,
    localLogin,
    frameAncestors: e.FRAME_ANCESTORS || "'self'",
    trustProxy: isOn(e.TRUST_PROXY),
  };
}
