// fanout: D documents × N clients; W writers per document type at R ops/s for T s.
// Every remote op's propagation latency is measured in this one process (one clock).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connect, cpuSeconds, sleep, synced, type BenchClient } from './clients';

interface Params { port: number; token: string; docs: string[]; clients: number; writers: number; rate: number; seconds: number; joinMs: number; acks: boolean }
const p = JSON.parse(process.argv[2]) as Params;

const sent = new Map<string, number>();
const latencies: number[] = [];
const ackLatencies: number[] = [];
let delivered = 0;
const clients: BenchClient[][] = [];

const cpu0 = cpuSeconds();
const joinGap = p.joinMs / (p.docs.length * p.clients);
for (const docId of p.docs) {
  const group: BenchClient[] = [];
  for (let i = 0; i < p.clients; i++) {
    const c = connect(p.port, docId, p.token, p.acks && i < p.writers);
    c.doc.getText('t').observe((event) => {
      if (event.transaction.origin !== c.provider) return;
      const now = performance.now();
      for (const d of event.delta) {
        if (typeof d.insert !== 'string') continue;
        for (const m of d.insert.matchAll(/\|(\d+:\d+:\d+)\|/g)) {
          const t = sent.get(m[1]);
          if (t !== undefined) {
            latencies.push(now - t);
            delivered++;
          }
        }
      }
    });
    group.push(c);
    await sleep(joinGap);
  }
  clients.push(group);
}
await Promise.all(clients.flat().map(synced));
await sleep(500);

// The generator's own stalls delay every receipt it times: reported so they can be told apart.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const interval = 1000 / p.rate;
const end = performance.now() + p.seconds * 1000;
let ops = 0;
const writers = clients.flatMap((group, d) => group.slice(0, p.writers).map((c, w) => ({ c, key: `${d}:${w}`, seq: 0 })));
await Promise.all(
  writers.map(async (w, i) => {
    await sleep((interval / writers.length) * i);
    while (performance.now() < end) {
      const key = `${w.key}:${w.seq++}`;
      const t0 = performance.now();
      sent.set(key, t0);
      w.c.doc.getText('t').insert(0, `|${key}|`);
      ops++;
      if (w.c.tracker) void w.c.tracker.whenSaved().then(() => ackLatencies.push(performance.now() - t0));
      await sleep(interval);
    }
  }),
);
loopDelay.disable();
const expected = ops * (p.clients - 1);
const deadline = performance.now() + 10_000;
while (delivered < expected && performance.now() < deadline) await sleep(20);
const texts = clients.map((g) => new Set(g.map((c) => c.doc.getText('t').toString())).size);
const converged = texts.every((n) => n === 1);
const generatorCpu = cpuSeconds() - cpu0;
for (const c of clients.flat()) c.provider.destroy();

latencies.sort((a, b) => a - b);
ackLatencies.sort((a, b) => a - b);
const pct = (arr: number[], q: number) => (arr.length ? arr[Math.min(arr.length - 1, Math.floor(q * arr.length))] : null);
process.stdout.write(
  JSON.stringify({
    ops, expected, delivered, lost: expected - delivered, converged,
    p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), p99: pct(latencies, 0.99), max: latencies.at(-1) ?? null,
    ackP50: pct(ackLatencies, 0.5), ackP99: pct(ackLatencies, 0.99), acks: ackLatencies.length,
    generatorCpu, generatorLoopDelayP99: loopDelay.percentile(99) / 1e6, generatorLoopDelayMax: loopDelay.max / 1e6,
  }) + '\n',
);
process.exit(0);
