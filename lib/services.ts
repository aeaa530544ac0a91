import type { Config } from './config';
import type { Logger } from './log';
import type { Store } from './store/types';
import type { LiveDocs } from './collab/liveDocs';
import type { VersionTaker } from './versions/recorder';
import type { SignInLimiter } from './auth/signInLimiter';

/** One-time first-administrator setup, active only while no user exists. */
export interface SetupState {
  token: string | null;
}

export interface Services {
  config: Config;
  store: Store;
  liveDocs: LiveDocs;
  versions: VersionTaker;
  logger: Logger;
  setup: SetupState;
  sessionSecret: string;
  publicUrl: string;
  /** Password sign-in throttling (per instance). */
  signInLimiter: SignInLimiter;
}

// Next.js bundles route handlers separately from the custom server, so module-level state is
// not shared between them; the server hands its services over through one global slot.
const SLOT = Symbol.for('werkraum.services');
type Slot = { [SLOT]?: Services };

export function provideServices(services: Services | undefined): void {
  (globalThis as Slot)[SLOT] = services;
}

export function getServices(): Services {
  const s = (globalThis as Slot)[SLOT];
  if (!s) throw new Error('Werkraum services are not initialised: start the app with server/main.ts');
  return s;
}
