// connections: idle clients, driven by commands on stdin so the orchestrator can read the
// server's memory between steps:
//   join <n> <from> <to> <ms>  n more clients, round-robin over docs[from..to), joined over ms
//   leave                      disconnect every client
// Each command is answered with one JSON line once done.
import { createInterface } from 'node:readline';
import { connect, sleep, synced, type BenchClient } from './clients';

interface Params { port: number; token: string; docs: string[] }
const p = JSON.parse(process.argv[2]) as Params;
let all: BenchClient[] = [];

async function join(n: number, from: number, to: number, ms: number): Promise<void> {
  const joined: BenchClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = connect(p.port, p.docs[from + (i % (to - from))], p.token, false);
    // Idle clients: no presence of their own.
    c.provider.awareness.setLocalState(null);
    joined.push(c);
    await sleep(ms / n);
  }
  await Promise.all(joined.map(synced));
  all = all.concat(joined);
}

for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, ...rest] = line.trim().split(/\s+/);
  if (cmd === 'join') {
    const [n, from, to, ms] = rest.map(Number);
    await join(n, from, to, ms);
    process.stdout.write(JSON.stringify({ joined: all.length }) + '\n');
  } else if (cmd === 'leave') {
    for (const c of all) c.provider.destroy();
    all = [];
    await sleep(200);
    process.stdout.write(JSON.stringify({ left: true }) + '\n');
  }
}
process.exit(0);
