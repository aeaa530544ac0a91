import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['app', 'lib', 'public', 'next.config.js', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, entry)));
  return max;
}

/** True when `.next` holds a production build newer than every source it was built from. */
export function buildIsCurrent(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(root, s)) <= built);
}

/**
 * Runs `next build` when the build is missing or stale; throws when the build fails. Two
 * processes starting at once (several test servers, a restart during a build) must not build
 * into the same `.next` together, so the check and the build run again under an exclusive
 * `flock` when the system has one.
 */
export function ensureBuild(root: string, log: (msg: string) => void = console.log): void {
  if (buildIsCurrent(root)) return;
  if (!process.env.WERKRAUM_BUILD_LOCKED && hasFlock()) {
    const lock = path.join(root, 'node_modules', '.werkraum-build.lock');
    const result = spawnSync('flock', [lock, process.execPath, '--import', 'tsx', path.join(root, 'scripts', 'ensure-build.ts')], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, WERKRAUM_BUILD_LOCKED: '1' },
    });
    if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
    return;
  }
  log('Building the web application (first start or changed sources)…');
  const started = new Date();
  const nextBin = path.join(root, 'node_modules', '.bin', 'next');
  const result = spawnSync(nextBin, ['build'], {
    cwd: root,
    stdio: 'inherit',
    // The build time leads the id: pages built earlier are told apart from later ones (BUILD_PARAM).
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', WERKRAUM_BUILD_ID: `${started.getTime()}-${randomBytes(6).toString('hex')}` },
  });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
  // The build reflects the sources as they were when it started: a file changed during the
  // build must make the next start build again.
  utimesSync(path.join(root, '.next', 'BUILD_ID'), started, started);
}

/** The id of the production build in `.next`, or null when there is none. */
export function readBuildId(root: string): string | null {
  try {
    return readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function hasFlock(): boolean {
  return spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
}
