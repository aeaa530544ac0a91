import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Server } from 'node:http';
import next from 'next';
import type { Config } from '../lib/config';
import { createLogger, type Logger } from '../lib/log';
import { openStore, type Store } from '../lib/store';
import { loadOrCreateSessionSecret } from '../lib/auth/sessionSecret';
import { SignInLimiter } from '../lib/auth/signInLimiter';
import { provideServices, type Services } from '../lib/services';
import { DocumentRegistry } from './sync/DocumentRegistry';
import { Fanout } from './sync/Fanout';
import { HttpFront } from './http';
import { readBuildId } from './build';
import { Metrics } from './metrics/Metrics';
import { instrumentStore } from './metrics/instrumentStore';
import type { PubSub } from './pubsub/PubSub';
import { LocalPubSub } from './pubsub/local';
import { RedisPubSub } from './pubsub/redis';
import { readiness } from './ops';
import { VersionRecorder } from './versions/VersionRecorder';
import { PreviewRecorder } from './previews/PreviewRecorder';

export interface StartOptions {
  config: Config;
  /** Mount the Next.js app (false in sync-only integration tests). */
  next?: boolean;
  dev?: boolean;
  logger?: Logger;
  store?: Store;
  /** Fan-out transport; default: Redis when REDIS_URL is set, else a local one (single instance). */
  pubsub?: PubSub;
  /** The build serving the pages (default: the one in `.next` when Next is mounted for production). */
  buildId?: string | null;
}

export interface RunningApp {
  port: number;
  url: string;
  services: Services;
  registry: DocumentRegistry;
  pubsub: PubSub;
  metrics: Metrics;
  /** Stops accepting, closes connections, stores everything pending, closes the store. */
  close(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');

export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const { config } = opts;
  const baseLogger = opts.logger ?? createLogger(config.logLevel);
  const rawStore = opts.store ?? (await openStore(config, baseLogger));
  const sessionSecret = loadOrCreateSessionSecret(config.dataDir, config.sessionSecret);
  // The registry is created below; the metrics read its counts only when scraped.
  let registry: DocumentRegistry | null = null;
  const metrics = new Metrics({
    connectionCount: () => registry?.connectionCount() ?? 0,
    loadedCount: () => registry?.loadedCount() ?? 0,
    persistQueueLength: () => registry?.persister.size ?? 0,
    traffic: () => registry?.traffic ?? { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 },
  });
  const store = instrumentStore(rawStore, metrics.observeStore);
  const pubsub =
    opts.pubsub ??
    (config.redisUrl
      ? new RedisPubSub({ url: config.redisUrl, prefix: config.redisPrefix, logger: baseLogger, onDropped: metrics.pubsubDropped })
      : new LocalPubSub());
  // With several instances, every log line says which one wrote it.
  const logger = pubsub.shared ? baseLogger.child({ instanceId: pubsub.instanceId }) : baseLogger;
  const reg = new DocumentRegistry({
    store,
    logger,
    unloadGraceMs: config.docUnloadGraceMs,
    compactionThreshold: config.compactionThreshold,
    commitSpacingMs: config.commitSpacingMs,
    pingIntervalMs: config.pingIntervalMs,
    accessRecheckMs: config.accessRecheckMs,
  });
  registry = reg;
  reg.addHooks(metrics);
  const fanout = new Fanout({
    pubsub,
    store,
    logger,
    docs: reg,
    resyncIntervalMs: config.resyncIntervalMs,
    onResyncFailed: metrics.resyncFailed,
  });
  reg.addHooks(fanout);
  fanout.start();
  const versions = new VersionRecorder({
    store,
    logger,
    pauseMs: config.versionPauseMs,
    intervalMs: config.versionIntervalMs,
    withDocument: (docId, fn) => reg.withDocument(docId, fn),
  });
  reg.addHooks(versions);
  const previews = new PreviewRecorder({ store, logger });
  reg.addHooks(previews);

  let closing: Promise<void> | null = null;
  let services: Services | null = null;
  const front = new HttpFront(() => services!, reg, {
    port: config.port,
    host: config.host,
    maxMessageBytes: config.maxMessageBytes,
    readiness: () => readiness({ store, pubsub, draining: () => closing !== null }),
    metricsToken: config.metricsToken,
    renderMetrics: () => metrics.render(),
    // HSTS is the TLS-terminating proxy's header (docs/deployment.md).
    securityHeaders: { frameAncestors: config.frameAncestors, dev: opts.dev },
    trustProxy: config.trustProxy,
    buildId: opts.buildId !== undefined ? opts.buildId : opts.next !== false && !opts.dev ? readBuildId(ROOT) : null,
  });
  // Listen first, so that with port 0 Next and the public URL know the real port.
  const port = await front.listen();
  const url = config.publicUrl ?? `http://localhost:${port}`;
  services = {
    config,
    store,
    liveDocs: reg,
    versions,
    logger,
    setup: { token: (await store.countUsers()) === 0 ? randomBytes(24).toString('base64url') : null },
    sessionSecret,
    publicUrl: url,
    signInLimiter: new SignInLimiter(),
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

  logger.info({ store: rawStore.kind, fanout: pubsub.shared ? 'redis' : 'local' }, 'instance started');
  return {
    port,
    url,
    services,
    registry: reg,
    pubsub,
    metrics,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer);
        // Drain: close connections and store everything, then leave the other instances.
        await reg.shutdown();
        versions.stop();
        await versions.flush();
        await previews.flush();
        fanout.stop();
        await pubsub.close();
        await front.close();
        await nextApp?.close();
        await store.close();
        provideServices(undefined);
      })();
      return closing;
    },
  };
}
