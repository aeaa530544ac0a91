/**
 * Sign-in throttling per account and per client address, in memory on each instance.
 *
 * Every password attempt counts as a failure from the moment it starts and is taken back when
 * it succeeds, so parallel attempts cannot slip past the limit while their passwords are being
 * checked. Counting is a sliding window: a blocked key is free again once enough of its
 * failures have aged out, which `retryAfterS` says.
 */
export interface SignInLimits {
  accountFailures: number;
  addressFailures: number;
  windowMs: number;
}

export const DEFAULT_SIGNIN_LIMITS: SignInLimits = { accountFailures: 10, addressFailures: 50, windowMs: 15 * 60_000 };

export type SignInVerdict =
  | { allowed: true }
  /** `firstRefusal`: the first refusal of this key in a minute, worth an audit entry. */
  | { allowed: false; scope: 'account' | 'address'; retryAfterS: number; firstRefusal: boolean };

/** Bounds memory under a flood of distinct names or addresses. */
const MAX_KEYS = 100_000;
const REFUSAL_LOG_INTERVAL_MS = 60_000;

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly refusalLogged = new Map<string, number>();

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGNIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks both keys and, when allowed, counts the attempt as failed until `succeeded`. */
  begin(account: string, address: string): SignInVerdict {
    const t = this.now();
    const checks: Array<['account' | 'address', string, number]> = [
      ['account', accountKey(account), this.limits.accountFailures],
      ['address', `ip:${address}`, this.limits.addressFailures],
    ];
    for (const [scope, key, limit] of checks) {
      const times = this.recent(key, t);
      if (times.length >= limit) {
        // Free again when the failure that keeps the count at the limit ages out.
        const retryAfterS = Math.max(1, Math.ceil((times[times.length - limit] + this.limits.windowMs - t) / 1000));
        const last = this.refusalLogged.get(key) ?? -Infinity;
        const firstRefusal = t - last >= REFUSAL_LOG_INTERVAL_MS;
        if (firstRefusal) this.refusalLogged.set(key, t);
        return { allowed: false, scope, retryAfterS, firstRefusal };
      }
    }
    for (const [, key] of checks) this.record(key, t);
    return { allowed: true };
  }

  /** A correct password: the account starts afresh, and the address gets this attempt back. */
  succeeded(account: string, address: string): void {
    this.failures.delete(accountKey(account));
    this.refusalLogged.delete(accountKey(account));
    const times = this.failures.get(`ip:${address}`);
    times?.pop();
  }

  private recent(key: string, t: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const from = t - this.limits.windowMs;
    while (times.length && times[0] <= from) times.shift();
    if (!times.length) this.failures.delete(key);
    return times;
  }

  private record(key: string, t: number): void {
    let times = this.failures.get(key);
    if (!times) {
      if (this.failures.size >= MAX_KEYS) this.sweep(t);
      times = [];
      this.failures.set(key, times);
    }
    times.push(t);
  }

  private sweep(t: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, t);
    for (const [key, at] of this.refusalLogged) if (t - at >= this.limits.windowMs) this.refusalLogged.delete(key);
    // Still full: forget the oldest keys rather than grow without bound.
    for (const key of this.failures.keys()) {
      if (this.failures.size < MAX_KEYS) break;
      this.failures.delete(key);
    }
  }
}

/** Email addresses are case-insensitive; `Anna@` and `anna@` are one account. */
function accountKey(account: string): string {
  return `acct:${account.trim().toLowerCase()}`;
}
