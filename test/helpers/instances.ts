import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../lib/config';
import { createLogger } from '../../lib/log';
import { SqliteStore } from '../../lib/store/sqlite/SqliteStore';
import type { Store } from '../../lib/store/types';
import { startApp, type RunningApp } from '../../server/startApp';
import { LocalBus, LocalPubSub } from '../../server/pubsub/local';
import { tempDir, testEnv } from './testApp';

/**
 * Several instances in one process on one SQLite store, joined by an in-process bus: the same
 * fan-out and resync code as with Redis, with message loss under the test's control. Everything
 * is closed through `cleanup` (apps first, then the store, then the directory).
 */
export async function startInstances(
  cleanup: Array<() => unknown>,
  opts: { count?: number; env?: Record<string, string>; storeFor?: (store: Store, i: number) => Store } = {},
): Promise<{ store: SqliteStore; bus: LocalBus; apps: RunningApp[] }> {
  const dir = tempDir();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteStore({ file: path.join(dir, 'werkraum.sqlite') });
  cleanup.push(() => store.close());
  // The apps share the store; it is closed once, after all of them.
  const shared = new Proxy(store, {
    get: (target, prop, receiver) => (prop === 'close' ? async () => undefined : Reflect.get(target, prop, receiver)),
  });
  const bus = new LocalBus();
  const apps: RunningApp[] = [];
  for (let i = 0; i < (opts.count ?? 2); i++) {
    const config = parseConfig(testEnv(dir, { RESYNC_INTERVAL_MS: '60000', ...opts.env }));
    const app = await startApp({
      config,
      next: false,
      logger: createLogger(config.logLevel),
      store: opts.storeFor ? opts.storeFor(shared, i) : shared,
      pubsub: new LocalPubSub({ bus }),
    });
    apps.push(app);
    cleanup.push(() => app.close());
  }
  return { store, bus, apps };
}
