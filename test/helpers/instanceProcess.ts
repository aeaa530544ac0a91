import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { testEnv } from './testApp';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface InstanceProcess {
  child: ChildProcess;
  port: number;
  wsUrl: string;
  httpUrl: string;
  /** SIGKILL, as a crash; resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the clean exit. */
  stop(): Promise<void>;
}

/**
 * Starts one sync server instance (no Next.js) in a process of its own with `env` added to
 * the test environment: node --import tsx directly, so that SIGKILL reaches the server itself.
 */
export function startInstance(dataDir: string, env: Record<string, string>): Promise<InstanceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/syncServerProcess.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv(dataDir), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const early = (code: number | null) => reject(new Error(`instance exited early with ${code}`));
    child.once('exit', early);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      child.off('exit', early);
      const port = (JSON.parse(line) as { port: number }).port;
      resolve({
        child,
        port,
        wsUrl: `ws://127.0.0.1:${port}/collab`,
        httpUrl: `http://127.0.0.1:${port}`,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await gone;
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await gone;
        },
      });
    });
  });
}
