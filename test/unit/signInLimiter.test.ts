import { describe, expect, it } from 'vitest';
import { SignInLimiter } from '../../lib/auth/signInLimiter';

function limiter(limits = { accountFailures: 10, addressFailures: 50, windowMs: 15 * 60_000 }) {
  const clock = { t: 1_000_000 };
  return { clock, l: new SignInLimiter(limits, () => clock.t) };
}

describe('SignInLimiter', () => {
  it('refuses an account after 10 attempts in 15 minutes, until the oldest ages out', () => {
    const { clock, l } = limiter();
    for (let i = 0; i < 10; i++) {
      expect(l.begin('Anna@kreis.example', `10.0.0.${i}`).allowed).toBe(true);
      clock.t += 60_000;
    }
    const refused = l.begin('anna@kreis.example', '10.0.1.1');
    expect(refused).toMatchObject({ allowed: false, scope: 'account', firstRefusal: true });
    // The first attempt was at t0; now is t0 + 10 min: free again in 5 minutes.
    expect(refused.allowed === false && refused.retryAfterS).toBe(5 * 60);
    expect(l.begin('anna@kreis.example', '10.0.1.1')).toMatchObject({ allowed: false, firstRefusal: false });
    // Other accounts are not affected.
    expect(l.begin('bernd@kreis.example', '10.0.1.1').allowed).toBe(true);
    clock.t += 5 * 60_000;
    expect(l.begin('anna@kreis.example', '10.0.1.1').allowed).toBe(true);
  });

  it('refuses an address after its limit across accounts', () => {
    const { l } = limiter({ accountFailures: 10, addressFailures: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) expect(l.begin(`u${i}@kreis.example`, '192.0.2.7').allowed).toBe(true);
    expect(l.begin('new@kreis.example', '192.0.2.7')).toMatchObject({ allowed: false, scope: 'address' });
    expect(l.begin('new@kreis.example', '192.0.2.8').allowed).toBe(true);
  });

  it('counts an attempt from its start, so parallel attempts cannot pass the limit', () => {
    const { l } = limiter({ accountFailures: 3, addressFailures: 100, windowMs: 60_000 });
    const verdicts = Array.from({ length: 6 }, () => l.begin('anna@kreis.example', '192.0.2.1').allowed);
    expect(verdicts).toEqual([true, true, true, false, false, false]);
  });

  it('a correct password clears the account and returns the attempt to the address', () => {
    const { l } = limiter({ accountFailures: 3, addressFailures: 3, windowMs: 60_000 });
    l.begin('anna@kreis.example', '192.0.2.1');
    l.begin('anna@kreis.example', '192.0.2.1');
    l.begin('anna@kreis.example', '192.0.2.1');
    l.succeeded('anna@kreis.example', '192.0.2.1');
    expect(l.begin('anna@kreis.example', '192.0.2.1').allowed).toBe(true);
    expect(l.begin('bernd@kreis.example', '192.0.2.1').allowed).toBe(false);
  });
});
