// connections: C idle clients over D documents; reports when all are synced, then disconnects
// them when told on stdin ("close"), so the orchestrator can read the server's RSS in between.
import { createInterface } from 'node:readline';
import { connect, sleep, synced, type BenchClient } from './clients';

interface Params { port: number; token: string; docs: string[]; clients: number; joinMs: number }
const p = JSON.parse(process.argv[2]) as Params;
const all: BenchClient[] = [];
const gap = p.joinMs / p.clients;
for (let i = 0; i < p.clients; i++) {
  const c = connect(p.port, p.docs[i % p.docs.length], p.token, false);
  c.provider.awareness.setLocalState(null);
  all.push(c);
  await sleep(gap);
}
await Promise.all(all.map(synced));
process.stdout.write(JSON.stringify({ connected: all.length }) + '\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
for (const c of all) c.provider.destroy();
await sleep(200);
process.exit(0);
