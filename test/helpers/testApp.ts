import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../lib/config';
import { createLogger } from '../../lib/log';
import { generateApiToken } from '../../lib/auth/apiTokens';
import type { Store, User } from '../../lib/store/types';
import { startApp, type RunningApp } from '../../server/startApp';

export function tempDir(prefix = 'werkraum-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function testEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DOC_UNLOAD_GRACE_MS: '50',
    ...extra,
  };
}

export interface TestApp extends RunningApp {
  dataDir: string;
  wsUrl: string;
  /** Closes the app and removes its data folder. */
  dispose(): Promise<void>;
}

export async function startTestApp(opts: { dataDir?: string; env?: Record<string, string>; next?: boolean; buildId?: string } = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? tempDir();
  const config = parseConfig(testEnv(dataDir, opts.env));
  const app = await startApp({ config, next: opts.next ?? false, logger: createLogger(config.logLevel), buildId: opts.buildId });
  return {
    ...app,
    dataDir,
    wsUrl: `ws://127.0.0.1:${app.port}/collab`,
    async dispose() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createUserWithToken(store: Store, email: string, name = email.split('@')[0], isAdmin = false): Promise<{ user: User; token: string }> {
  const user = await store.createUser({ email, name, passwordHash: null, isAdmin });
  const { token, tokenHash } = generateApiToken();
  await store.createApiToken({ userId: user.id, name: 'test', tokenHash });
  return { user, token };
}
