// Answers "memory" on stdin with the process's memory after a full collection, so figures per
// connection and per document are not blurred by garbage the collector has not reached yet.
// "snapshot <file>" writes a heap snapshot for inspection. Both servers under test use it.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeHeapSnapshot } from 'node:v8';

const gc = (globalThis as { gc?: () => void }).gc;

export function answerMemoryProbes(): void {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'memory') {
      // Twice: the first pass can leave weakly held and finalizable objects for the second.
      gc?.();
      gc?.();
      const m = process.memoryUsage();
      const status = readFileSync('/proc/self/status', 'utf8');
      const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
      process.stdout.write(JSON.stringify({
        memory: {
          rssKiB: m.rss / 1024, rssAnonKiB: kib('RssAnon'), rssFileKiB: kib('RssFile'),
          heapUsedKiB: m.heapUsed / 1024, heapTotalKiB: m.heapTotal / 1024, externalKiB: m.external / 1024, arrayBuffersKiB: m.arrayBuffers / 1024,
        },
      }) + '\n');
    } else if (cmd === 'snapshot' && arg) {
      writeHeapSnapshot(arg);
      process.stdout.write(JSON.stringify({ snapshot: arg }) + '\n');
    }
  });
}
