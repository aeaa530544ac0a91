import { rmSync } from 'node:fs';
import path from 'node:path';
import { SqliteStore } from '../../lib/store/sqlite/SqliteStore';
import { tempDir } from '../helpers/testApp';
import { storeContract } from './store.contract';
import { accessStoreContract } from './store.access.contract';

const factory = async () => {
  const dir = tempDir('werkraum-store-');
  return {
    store: new SqliteStore({ file: path.join(dir, 'store.sqlite') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

storeContract('SQLite', factory);
accessStoreContract('SQLite', factory);
