import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(import.meta.dirname, '..');
export type Target = 'werkraum' | 'reference';

export interface ServerHandle {
  child: ChildProcess;
  port: number;
  token: string;
  docs: string[];
  rssKiB(): number;
  cpuSeconds(): number;
  /** CPU seconds of the main thread and of all others (GC helpers, libuv pool, worker threads). */
  threadCpu(): Record<string, number>;
  /** The server's memory after a full collection (see servers/memoryProbe.ts). */
  memory(): Promise<ServerMemory>;
  /** Writes a heap snapshot of the server to `file`. */
  heapSnapshot(file: string): Promise<void>;
  stop(): Promise<void>;
}

/** /proc facts of a process: resident memory and CPU time (user + system). */
export interface ServerMemory { rssKiB: number; rssAnonKiB: number; rssFileKiB: number; heapUsedKiB: number; heapTotalKiB: number; externalKiB: number; arrayBuffersKiB: number }

export function procStats(pid: number): { rssKiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rssKiB, cpuSeconds: ticks / 100 };
}

export function threadCpu(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Node names every thread "node": tell the main thread from the others by its id.
      const name = tid === String(pid) ? 'main' : 'other';
      const stat = raw.slice(raw.lastIndexOf(') ') + 2).split(' ');
      out[name] = round((out[name] ?? 0) + (Number(stat[11]) + Number(stat[12])) / 100);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

function pinned(core: number, args: string[]): [string, string[]] {
  // Server and load generator on different cores, or the generator's load shows up as latency.
  return ['taskset', ['-c', String(core), ...args]];
}

export function startServer(target: Target, env: Record<string, string>): Promise<ServerHandle> {
  const script = path.join(ROOT, 'bench/servers', `${target}.ts`);
  // BENCH_SERVER_NODE_ARGS adds flags for the server under test, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const [cmd, args] = pinned(0, [process.execPath, '--expose-gc', ...extra, '--import', 'tsx', script]);
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const ask = <T>(command: string, key: string): Promise<T> =>
    new Promise((resolve) => {
      const on = (line: string) => {
        const msg = JSON.parse(line) as Record<string, unknown>;
        if (!(key in msg)) return;
        lines.off('line', on);
        resolve(msg[key] as T);
      };
      lines.on('line', on);
      child.stdin!.write(command + '\n');
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${target} server exited with ${code}`)));
    lines.once('line', (line) => {
      child.removeAllListeners('exit');
      const info = JSON.parse(line) as { port: number; token: string; docs: string[] };
      resolve({
        child,
        ...info,
        rssKiB: () => procStats(child.pid!).rssKiB,
        cpuSeconds: () => procStats(child.pid!).cpuSeconds,
        threadCpu: () => threadCpu(child.pid!),
        memory: () => ask<ServerMemory>('memory', 'memory'),
        heapSnapshot: (file) => ask<string>(`snapshot ${file}`, 'snapshot').then(() => undefined),
        stop: () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res();
            child.once('exit', () => res());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Moves a running process, all its threads and what it starts later, onto one core. */
export function pinProcess(pid: number, core: number): void {
  const res = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
  if (res.status !== 0) throw new Error(`taskset could not pin process ${pid} to core ${core}`);
}

/**
 * Runs a load generator in its own process on core 1; it prints one JSON line as its result.
 * `core: null` leaves it on every core, for a scenario that places its processes itself.
 */
export function runGenerator<T>(script: string, params: Record<string, unknown>, opts: { core: number | null } = { core: 1 }): Promise<T> {
  const command = [process.execPath, '--import', 'tsx', path.join(ROOT, 'bench/scenarios', script), JSON.stringify(params)];
  const [cmd, args] = opts.core === null ? [command[0], command.slice(1)] : pinned(opts.core, command);
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as T);
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
