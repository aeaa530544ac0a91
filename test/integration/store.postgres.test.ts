import { PostgresStore } from '../../lib/store/postgres/PostgresStore';
import { createTestDatabase } from '../helpers/postgres';
import { storeContract } from './store.contract';
import { accessStoreContract } from './store.access.contract';

// A fresh database per test: the contract suite starts every test from an empty store.
const factory = async () => {
  const db = await createTestDatabase();
  try {
    return { store: await PostgresStore.open({ url: db.url }), cleanup: () => db.drop() };
  } catch (err) {
    await db.drop();
    throw err;
  }
};

storeContract('PostgreSQL', factory);
accessStoreContract('PostgreSQL', factory);
