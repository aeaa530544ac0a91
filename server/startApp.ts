import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Server } from 'node:http';
import next from 'next';
import type { Config } from '../lib/config';
import { createLogger, type Logger } from '../lib/log';
import { openStore, type Store } from '../lib/store';
import { loadOrCreateSessionSecret } from '../lib/auth/sessionSecret';
import { provideServices, type Services } from '../lib/services';
import { DocumentRegistry } from './sync/DocumentRegistry';
import { HttpFront } from './http';

export interface StartOptions {
  config: Config;
  /** Mount the Next.js app (false in sync-only integration tests). */
  next?: boolean;
  dev?: boolean;
  logger?: Logger;
  store?: Store;
}

export interface RunningApp {
  port: number;
  url: string;
  services: Services;
  registry: DocumentRegistry;
  /** Stops accepting, closes connections, stores everything pending, closes the store. */
  close(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');

export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.logLevel);
  const store = opts.store ?? (await openStore(config, logger));
  const sessionSecret = loadOrCreateSessionSecret(config.dataDir, config.sessionSecret);
  const registry = new DocumentRegistry({
    store,
    logger,
    unloadGraceMs: config.docUnloadGraceMs,
    compactionThreshold: config.compactionThreshold,
    pingIntervalMs: config.pingIntervalMs,
  });

  let services: Services | null = null;
  const front = new HttpFront(() => services!, registry, {
    port: config.port,
    host: config.host,
    maxMessageBytes: config.maxMessageBytes,
  });
  // Listen first, so that with port 0 Next and the public URL know the real port.
  const port = await front.listen();
  const url = config.publicUrl ?? `http://localhost:${port}`;
  services = {
    config,
    store,
    liveDocs: registry,
    logger,
    setup: { token: (await store.countUsers()) === 0 ? randomBytes(24).toString('base64url') : null },
    sessionSecret,
    publicUrl: url,
  };
  provideServices(services);

  let nextApp: ReturnType<typeof next> | null = null;
  if (opts.next !== false) {
    process.env.NEXTAUTH_URL = url;
    nextApp = next({
      dev: opts.dev ?? false,
      dir: ROOT,
      hostname: 'localhost',
      port,
      httpServer: front.nextUpgrades as unknown as Server,
    });
    await nextApp.prepare();
    front.setHandler(nextApp.getRequestHandler());
  }

  // Audit retention: prune at start and daily.
  const pruneAudit = () =>
    store.pruneAudit(Date.now() - config.auditRetentionDays * 86_400_000).catch((err) => logger.error({ err }, 'pruning the audit log failed'));
  void pruneAudit();
  const pruneTimer = setInterval(pruneAudit, 86_400_000);
  pruneTimer.unref();

  let closing: Promise<void> | null = null;
  return {
    port,
    url,
    services,
    registry,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer);
        await registry.shutdown();
        await front.close();
        await nextApp?.close();
        await store.close();
        provideServices(undefined);
      })();
      return closing;
    },
  };
}
