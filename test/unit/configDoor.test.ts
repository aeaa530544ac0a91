import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';

const OIDC = { OIDC_ISSUER: 'https://sso.kreis.example/realms/kreis/', OIDC_CLIENT_ID: 'werkraum', OIDC_CLIENT_SECRET: 's3cret' };

describe('sign-in configuration', () => {
  it('has local accounts, no OIDC and self-only framing by default', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ localLogin: true, frameAncestors: "'self'", trustProxy: false });
    expect(c.oidc).toBeUndefined();
  });

  it('reads the OpenID provider, its groups claim and admin group', () => {
    const c = parseConfig({ ...OIDC, OIDC_ADMIN_GROUP: 'werkraum-admins', LOCAL_LOGIN: 'false' });
    expect(c.oidc).toEqual({ issuer: 'https://sso.kreis.example/realms/kreis', clientId: 'werkraum', clientSecret: 's3cret', groupsClaim: 'groups', adminGroup: 'werkraum-admins' });
    expect(c.localLogin).toBe(false);
  });

  it('refuses half an OIDC setup and OIDC-only without OIDC', () => {
    expect(() => parseConfig({ OIDC_ISSUER: OIDC.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => parseConfig({ LOCAL_LOGIN: 'off' })).toThrow(/LOCAL_LOGIN/);
    expect(() => parseConfig({ FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(/FRAME_ANCESTORS/);
  });
});
