// coldload: with "push", store the trace document through one client and wait until it is
// saved; with "load", time a fresh client until synced with the identical text.
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { connect, synced } from './clients';

interface Params { port: number; token: string; doc: string; warmDoc: string; mode: 'push' | 'load'; statePath: string; expectedLength: number }
const p = JSON.parse(process.argv[2]) as Params;

if (p.mode === 'push') {
  const c = connect(p.port, p.doc, p.token, !!p.token);
  await synced(c);
  Y.applyUpdate(c.doc, new Uint8Array(readFileSync(p.statePath)));
  if (c.tracker) await c.tracker.whenSaved();
  else await new Promise((r) => setTimeout(r, 1000)); // the reference server has no acknowledgement
  c.provider.destroy();
  process.stdout.write(JSON.stringify({ pushed: true }) + '\n');
} else {
  // This process's own first-use costs are not the server's load time: decode the same state
  // locally a few times (compiling Yjs's decoding paths) and sync another, empty document (the
  // provider's code and the first TCP connection) before the clock starts.
  const state = new Uint8Array(readFileSync(p.statePath));
  for (let i = 0; i < 3; i++) Y.applyUpdate(new Y.Doc(), state);
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
