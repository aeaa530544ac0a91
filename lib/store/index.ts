import path from 'node:path';
import type { Config } from '../config';
import type { Store } from './types';
import { SqliteStore } from './sqlite/SqliteStore';

export * from './types';

/** Opens the configured store; SQLite under DATA_DIR unless DATABASE_URL names PostgreSQL. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL (PostgreSQL) is not supported by this version; unset it to use the embedded SQLite store');
  }
  return new SqliteStore({ file: path.join(config.dataDir, 'werkraum.sqlite') });
}
