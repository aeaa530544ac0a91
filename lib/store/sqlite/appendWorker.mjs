// Appends document updates on a thread of its own. With `synchronous = FULL` every commit waits
// for the disk; on the main thread that wait held up relaying everyone's keystrokes. Plain
// JavaScript so it loads the same under the production runtime, the tests and the CLI.
import { setPriority } from 'node:os';
import process from 'node:process';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';

// Relaying comes first: where this thread and the main thread share a busy core, the main
// thread's work (everyone's keystrokes) runs first and a commit's few instructions wait their
// turn; its disk wait is unaffected. Linux keeps the nice value per thread, and pid 0 names the
// calling thread (elsewhere it would name the whole process, so it is left alone there).
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // Not permitted in this environment: storing still works, at the usual priority.
  }
}

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const appendUpdate = db.prepare('INSERT INTO doc_updates (document_id, "update", user_id, created_at) VALUES (?, ?, ?, ?)');
const insertVersion = db.prepare(
  'INSERT INTO versions (id, document_id, name, auto, created_by, created_at, authors, state, attribution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const touchDocument = db.prepare('UPDATE documents SET updated_at = ?, last_editor_id = COALESCE(?, last_editor_id) WHERE id = ?');

// "Last edited" is shown to the minute: while people type, the documents row is rewritten at most
// once a second per document and author instead of with every commit (a second page per commit).
const TOUCH_EVERY_MS = 1000;
const lastTouch = new Map();

const append = db.transaction((batch, now) => {
  const touched = new Map();
  for (const u of batch) {
    appendUpdate.run(u.documentId, u.update, u.userId, now);
    touched.set(u.documentId, u.userId ?? touched.get(u.documentId) ?? null);
  }
  for (const [docId, userId] of touched) {
    const last = lastTouch.get(docId);
    if (last && last.userId === userId && now - last.at < TOUCH_EVERY_MS) continue;
    touchDocument.run(now, userId, docId);
    lastTouch.set(docId, { at: now, userId });
  }
  // Bounded: forget documents not touched for a while.
  if (lastTouch.size > 10_000) for (const [docId, t] of lastTouch) if (now - t.at >= TOUCH_EVERY_MS) lastTouch.delete(docId);
});

// The layout written by packBatch in appendThread.ts.
function unpack(packed) {
  const d = decoding.createDecoder(packed);
  const batch = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    const documentId = decoding.readVarString(d);
    const userId = decoding.readUint8(d) === 1 ? decoding.readVarString(d) : null;
    batch.push({ documentId, userId, update: decoding.readVarUint8Array(d) });
  }
  return batch;
}

parentPort.on('message', ({ id, packed, version: v }) => {
  try {
    if (v) insertVersion.run(v.id, v.documentId, v.name, v.auto ? 1 : 0, v.createdBy, v.createdAt, JSON.stringify(v.authors), v.state, v.attribution);
    else append(unpack(packed), Date.now());
    parentPort.postMessage({ id });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err), code: err?.code });
  }
});
