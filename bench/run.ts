// npm run bench [-- --only fanout,coldload,connections,persist,sheet] [--quick] [--runs N] [--snapshots DIR]
//   [--target werkraum|reference] [--fanout 100x5,1x50]   (one side / some fan-out cases, for profiling)
// Runs each scenario against Werkraum and the reference y-websocket server, alternating,
// and prints one JSON line per figure plus a readable table with the Werkraum/reference ratio.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import { ROOT, round, runGenerator, startServer, type Target } from './lib';

const args = process.argv.slice(2);
const only = (args[args.indexOf('--only') + 1] ?? '').split(',').filter((s) => args.includes('--only') && s);
const quick = args.includes('--quick');
const snapshots = args.includes('--snapshots') ? path.resolve(args[args.indexOf('--snapshots') + 1]) : null;
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 1);
const want = (s: string) => only.length === 0 || only.includes(s);
const onlyTarget = args.includes('--target') ? (args[args.indexOf('--target') + 1] as Target) : null;
const targets: Target[] = (['reference', 'werkraum'] as Target[]).filter((t) => !onlyTarget || t === onlyTarget);
const fanoutCases = args.includes('--fanout') ? args[args.indexOf('--fanout') + 1].split(',') : null;
const rows: Array<{ scenario: string; metric: string; werkraum: number | null; reference: number | null; lowerIsBetter: boolean }> = [];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function emit(line: object) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function record(scenario: string, metric: string, byTarget: Partial<Record<Target, number[]>>, lowerIsBetter = true) {
  rows.push({
    scenario,
    metric,
    werkraum: byTarget.werkraum?.length ? round(median(byTarget.werkraum)) : null,
    reference: byTarget.reference?.length ? round(median(byTarget.reference)) : null,
    lowerIsBetter,
  });
}

async function fanout(docs: number, clients: number, writers: number, rate: number) {
  const name = `fanout ${docs}x${clients}`;
  if (fanoutCases && !fanoutCases.includes(`${docs}x${clients}`)) return;
  const seconds = quick ? 5 : 10;
  const m: Record<string, Partial<Record<Target, number[]>>> = {};
  const add = (k: string, t: Target, v: number | null) => { if (v !== null) ((m[k] ??= {})[t] ??= []).push(v); };
  for (let r = 0; r < runs; r++) {
    for (const target of targets) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'werkraum-bench-'));
      const server = await startServer(target, { BENCH_DOCS: String(docs), BENCH_DATA_DIR: dataDir });
      const cpu0 = server.cpuSeconds();
      const threads0 = server.threadCpu();
      const res = await runGenerator<Record<string, number | boolean | null>>('fanout.ts', {
        port: server.port, token: server.token, docs: server.docs, clients, writers, rate, seconds,
        joinMs: Math.min(5000, docs * clients * 10), acks: target === 'werkraum',
      });
      const serverCpu = server.cpuSeconds() - cpu0;
      const threads = Object.fromEntries(Object.entries(server.threadCpu()).map(([k, v]) => [k, round(v - (threads0[k] ?? 0))]));
      const rss = server.rssKiB();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      emit({ scenario: name, target, run: r, ...res, serverCpu, serverRssKiB: rss, serverThreadCpu: threads });
      for (const k of ['p50', 'p95', 'p99', 'max', 'lost']) add(k, target, res[k] as number | null);
      if (target === 'werkraum') { add('ack p50', target, res.ackP50 as number | null); add('ack p99', target, res.ackP99 as number | null); }
      add('server CPU s', target, serverCpu);
      add('generator CPU s', target, res.generatorCpu as number);
      if (!res.converged) emit({ scenario: name, target, error: 'clients did not converge' });
    }
  }
  for (const [k, v] of Object.entries(m)) record(name, k, v);
}

function traceState(): { path: string; length: number } {
  const trace = JSON.parse(gunzipSync(readFileSync(path.join(ROOT, '../shared/traces/automerge-paper.json.gz'))).toString()) as {
    txns: Array<{ patches: Array<[number, number, string]> }>; endContent: string;
  };
  const doc = new Y.Doc();
  const text = doc.getText('t');
  doc.transact(() => {
    for (const txn of trace.txns) for (const [pos, del, ins] of txn.patches) {
      if (del) text.delete(pos, del);
      if (ins) text.insert(pos, ins);
    }
  });
  if (text.toString() !== trace.endContent) throw new Error('trace replay mismatch');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'werkraum-trace-')), 'state.bin');
  writeFileSync(file, Y.encodeStateAsUpdate(doc));
  return { path: file, length: text.length };
}

async function coldload() {
  const state = traceState();
  const m: Record<string, Partial<Record<Target, number[]>>> = {};
  const add = (k: string, t: Target, v: number) => ((m[k] ??= {})[t] ??= []).push(v);
  for (let r = 0; r < runs; r++) {
    for (const target of targets) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'werkraum-bench-'));
      let server = await startServer(target, { BENCH_DOCS: '2', BENCH_DATA_DIR: dataDir });
      const base = { port: server.port, token: server.token, doc: server.docs[0], warmDoc: server.docs[1], statePath: state.path, expectedLength: state.length };
      await runGenerator('coldload.ts', { ...base, mode: 'push' });
      const warm = await runGenerator<{ ms: number; identical: boolean }>('coldload.ts', { ...base, mode: 'load' });
      const rss = server.rssKiB();
      add('warm load ms', target, warm.ms);
      add('RSS after load KiB', target, rss);
      emit({ scenario: 'coldload', target, run: r, warmMs: warm.ms, identical: warm.identical, serverRssKiB: rss });
      if (target === 'werkraum') {
        await server.stop();
        server = await startServer(target, { BENCH_DOCS: '2', BENCH_DATA_DIR: dataDir });
        const first = await runGenerator<{ ms: number; identical: boolean }>('coldload.ts', { ...base, port: server.port, token: server.token, mode: 'load' });
        add('first load after restart ms', target, first.ms);
        emit({ scenario: 'coldload', target, run: r, firstLoadAfterRestartMs: first.ms, identical: first.identical });
      }
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  for (const [k, v] of Object.entries(m)) record('coldload (260k-op trace)', k, v);
}

async function connections(count: number, docs: number) {
  const name = `connections ${count} over ${docs} docs`;
  const m: Record<string, Partial<Record<Target, number[]>>> = {};
  const add = (k: string, t: Target, v: number) => ((m[k] ??= {})[t] ??= []).push(v);
  const graceMs = 1000;
  const settle = () => new Promise((res) => setTimeout(res, graceMs + 1000));
  for (let r = 0; r < runs; r++) {
    for (const target of targets) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'werkraum-bench-'));
      const server = await startServer(target, { BENCH_DOCS: String(2 * docs), BENCH_DATA_DIR: dataDir, DOC_UNLOAD_GRACE_MS: String(graceMs) });
      const child = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', path.join(ROOT, 'bench/scenarios/connections.ts'),
        JSON.stringify({ port: server.port, token: server.token, docs: server.docs })], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
      const replies = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const command = async (line: string) => { child.stdin!.write(line + '\n'); await replies.next(); };
      // A first round of the same size on other documents, left again: code compiled and memory
      // pools the process grows once (JIT zones, allocator arenas, the SQLite page cache) are in
      // the idle figure, so what the measured round adds is what connections and documents hold.
      // (The reference keeps documents in memory after their last client left.)
      const fresh = await server.memory();
      await command(`join ${count} ${docs} ${2 * docs} 8000`);
      const firstRound = await server.memory();
      await command('leave');
      await settle();
      const idle = await server.memory();
      const snapshot = (stage: string) => snapshots ? server.heapSnapshot(path.join(snapshots, `connections-${target}-${r}-${stage}.heapsnapshot`)) : undefined;
      await snapshot('idle');
      // First one client per document (documents + connections), then the rest (connections).
      await command(`join ${docs} 0 ${docs} ${Math.min(4000, docs * 20)}`);
      const perDoc = await server.memory();
      await snapshot('documents');
      await command(`join ${count - docs} 0 ${docs} 8000`);
      const loaded = await server.memory();
      await snapshot('connections');
      await command('leave');
      child.stdin!.end();
      await new Promise((res) => child.once('exit', res));
      await settle();
      const after = await server.memory();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      const perConnection = (loaded.rssKiB - perDoc.rssKiB) / (count - docs);
      const perDocument = (perDoc.rssKiB - idle.rssKiB) / docs - perConnection;
      const heapPerConnection = (loaded.heapUsedKiB - perDoc.heapUsedKiB) / (count - docs);
      const heapPerDocument = (perDoc.heapUsedKiB - idle.heapUsedKiB) / docs - heapPerConnection;
      const firstRoundRss = (firstRound.rssKiB - fresh.rssKiB) / count;
      emit({ scenario: name, target, run: r, fresh, firstRound, firstRoundRssPerConnectionKiB: firstRoundRss, idle, perDoc, loaded, after, perConnectionKiB: perConnection, perDocumentKiB: perDocument, heapPerConnectionKiB: heapPerConnection, heapPerDocumentKiB: heapPerDocument });
      add('heap KiB per connection', target, heapPerConnection);
      add('heap KiB per document', target, heapPerDocument);
      add('RSS KiB per connection', target, perConnection);
      add('RSS KiB per document', target, perDocument);
      add('RSS KiB per connection, first round', target, firstRoundRss);
      add('RSS after all left / idle', target, after.rssKiB / idle.rssKiB);
    }
  }
  for (const [k, v] of Object.entries(m)) record(name, k, v);
}

async function persist() {
  for (const store of ['sqlite', 'postgres'] as const) {
    const name = `persist (${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, durable)`;
    let res: { updatesPerSecond: number; compactMs: number; merged: number };
    try {
      res = await runGenerator('persist.ts', { updates: quick ? 20_000 : 50_000, compactUpdates: 100_000, store });
    } catch (err) {
      // PostgreSQL is optional on a workstation; say so instead of failing the whole run.
      emit({ scenario: name, target: 'werkraum', skipped: String(err instanceof Error ? err.message : err) });
      continue;
    }
    emit({ scenario: name, target: 'werkraum', ...res });
    record(name, 'acknowledged updates/s', { werkraum: [res.updatesPerSecond] }, false);
    record(name, 'compaction of 100k updates ms', { werkraum: [res.compactMs] });
  }
}

async function sheet() {
  // Not pinned as a whole: after the Node part, the scenario puts the server on core 0 itself and
  // leaves the browser on any core, as on a person's computer.
  const res = await runGenerator<Record<string, number>>('sheet.ts', {}, { core: null });
  emit({ scenario: 'sheet', target: 'werkraum', ...res });
  for (const k of ['nodeBuildMs', 'nodeEvaluateMs', 'chromiumFirstRenderMs', 'chromiumColdFirstRenderMs', 'chromiumGridPaintedMs', 'chromiumSyncedMs', 'chromiumFormulasShownMs']) {
    record('sheet 10,000 × 30, 10 % formulas', k, { werkraum: [res[k]] });
  }
  // The scroll's reference is the grid library alone in the same browser and window (the
  // reference server has no sheet).
  for (const k of ['scrollFrameP50Ms', 'scrollFrameP95Ms', 'scrollFrameMaxMs', 'framesOver50ms']) {
    const alone = `gridAlone${k[0].toUpperCase()}${k.slice(1)}`;
    record('sheet 10,000 × 30, 10 % formulas', k, { werkraum: [res[k]], reference: [res[alone]] });
  }
}

if (want('fanout')) {
  await fanout(1, 50, 5, 5);
  await fanout(100, 5, 1, 5);
  if (!quick) await fanout(1, 200, 5, 5);
}
if (want('coldload')) await coldload();
if (want('connections')) await connections(quick ? 500 : 2000, quick ? 50 : 200);
if (want('persist')) await persist();
if (want('sheet')) await sheet();

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad('scenario', 34)}${pad('metric', 34)}${pad('werkraum', 12)}${pad('reference', 12)}ratio`);
for (const r of rows) {
  const ratio = r.werkraum !== null && r.reference ? round(r.werkraum / r.reference) : '';
  console.log(`${pad(r.scenario, 34)}${pad(r.metric, 34)}${pad(String(r.werkraum ?? '–'), 12)}${pad(String(r.reference ?? '–'), 12)}${ratio}`);
}
process.exit(0);
