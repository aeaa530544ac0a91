// Benchmark target: the Werkraum sync server (no Next.js), SQLite under BENCH_DATA_DIR.
// Prints {"port", "token", "docs": [...]} once ready; the orchestrator reads it.
import { parseConfig } from '../../lib/config';
import { createLogger } from '../../lib/log';
import { generateApiToken } from '../../lib/auth/apiTokens';
import { startApp } from '../../server/startApp';
import { answerMemoryProbes } from './memoryProbe';

const docCount = Number(process.env.BENCH_DOCS ?? '1');
const config = parseConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: process.env.BENCH_DATA_DIR, LOG_LEVEL: 'error' });
const app = await startApp({ config, next: false, logger: createLogger('error') });
const store = app.services.store;
let user = await store.getUserByEmail('bench@werkraum.local');
user ??= await store.createUser({ email: 'bench@werkraum.local', name: 'Bench', passwordHash: null });
const { token, tokenHash } = generateApiToken();
await store.createApiToken({ userId: user.id, name: 'bench', tokenHash });
const docs: string[] = [];
for (let i = 0; i < docCount; i++) {
  const id = `bench-doc-${String(i).padStart(5, '0')}`;
  if (!(await store.getDocument(id))) await store.createDocument({ id, kind: 'text', title: id, ownerId: user.id });
  docs.push(id);
}
process.stdout.write(JSON.stringify({ port: app.port, token, docs }) + '\n');
answerMemoryProbes();
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
