import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { testEnv } from './testApp';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  setupUrl: string | null;
  output: string[];
  /** SIGTERM and wait for a clean exit; returns the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the real production entry point (server/main.ts) on a free port. */
export function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // node --import tsx directly: a tsx wrapper process would not pass signals to the server reliably.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv(dataDir), DOC_UNLOAD_GRACE_MS: '1000', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise((resolve, reject) => {
    let url: string | null = null;
    let setupUrl: string | null = null;
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('')}`)), 240_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('')}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.push(line);
      const running = /(https?:\/\/\S+?)\s*$/.exec(line);
      if (!url && /Werkraum läuft auf/.test(line) && running) {
        url = running[1];
        // The setup URL, when there is one, is printed right after.
        setTimeout(() => {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve({
            child,
            url: url!,
            setupUrl,
            output,
            stop: () =>
              new Promise((res) => {
                if (child.exitCode !== null) return res(child.exitCode);
                child.once('exit', (code) => res(code));
                child.kill('SIGTERM');
              }),
          });
        }, 100);
      }
      const setup = /(https?:\/\/\S+\/setup\?token=\S+)/.exec(line);
      if (setup) setupUrl = setup[1];
    });
  });
}

/** Creates the first administrator through the one-time setup link the server printed. */
export async function createFirstAdmin(server: ServerProcess, user: { name: string; email: string; password: string }): Promise<void> {
  const token = new URL(server.setupUrl!).searchParams.get('token');
  const res = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...user }),
  });
  if (res.status !== 201) throw new Error(`setup failed with ${res.status}: ${await res.text()}`);
}
