import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Store } from './types';
import { SqliteStore } from './sqlite/SqliteStore';
import { PostgresStore } from './postgres/PostgresStore';

export * from './types';

/** Opens the configured store (and migrates it): PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>, logger?: Logger): Promise<Store> {
  if (config.databaseUrl) return PostgresStore.open({ url: config.databaseUrl, logger });
  return new SqliteStore({ file: path.join(config.dataDir, 'werkraum.sqlite') });
}
