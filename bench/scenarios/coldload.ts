// coldload: with "push", store the trace document through one client and wait until it is
// saved; with "load", time a fresh client until synced with the identical text.
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { connect, synced } from './clients';

interface Params { port: number; token: string; doc: string; warmDoc: string; mode: 'push' | 'load'; statePath: string; expectedLength: number }
const p = JSON.parse(process.argv[2]) as Params;
// The third apply still took ten times as long as the twentieth.
const WARM_APPLIES = 20;

if (p.mode === 'push') {
  const c = connect(p.port, p.doc, p.token, !!p.token);
  await synced(c);
  Y.applyUpdate(c.doc, new Uint8Array(readFileSync(p.statePath)));
  if (c.tracker) await c.tracker.whenSaved();
  else await new Promise((r) => setTimeout(r, 1000)); // the reference server has no acknowledgement
  c.provider.destroy();
  process.stdout.write(JSON.stringify({ pushed: true }) + '\n');
} else {
  // This process's own first-use costs are not the server's load time. Before the clock
  // starts: apply the same state locally until V8 has optimised Yjs's paths for it, to a
  // document with an update listener as the provider's (Yjs then also encodes the applied
  // update, which the provider discards; warmed without a listener, the provider's apply took
  // 60 ms where a fully warmed one takes 10), and sync another, empty document (the provider's
  // code and the first TCP connection).
  const state = new Uint8Array(readFileSync(p.statePath));
  for (let i = 0; i < WARM_APPLIES; i++) {
    const doc = new Y.Doc();
    doc.on('update', () => {});
    Y.applyUpdate(doc, state);
  }
  const warm = connect(p.port, p.warmDoc, p.token, false);
  await synced(warm);
  warm.provider.destroy();
  const t0 = performance.now();
  const c = connect(p.port, p.doc, p.token, false);
  await synced(c);
  const ms = performance.now() - t0;
  const ok = c.doc.getText('t').length === p.expectedLength;
  c.provider.destroy();
  process.stdout.write(JSON.stringify({ ms, identical: ok }) + '\n');
}
process.exit(0);
