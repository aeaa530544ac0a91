import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { OidcConfig } from '../config';
import type { Logger } from '../log';
import type { Store, User } from '../store/types';

export const OIDC_PROVIDER_ID = 'oidc';

export type OidcClaims = Record<string, unknown> & { sub: string };

/** The local user an OpenID sign-in resolved to; `disabled` users are refused afterwards. */
export interface OidcSignInUser {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  /** Why the sign-in is refused although the provider said yes (checked in the signIn callback). */
  refused?: string;
}

/**
 * A Keycloak-compatible OpenID Connect provider: discovery, authorization code with PKCE and
 * state, a verified ID token. Claims come from the ID token and, for whatever it lacks, from the
 * userinfo endpoint, since Keycloak mappers may put the groups claim into either.
 */
export function oidcProvider(cfg: OidcConfig, toUser: (claims: OidcClaims) => Promise<OidcSignInUser>): OAuthConfig<OidcClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: 'Single Sign-On',
    type: 'oauth',
    wellKnown: `${cfg.issuer}/.well-known/openid-configuration`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { params: { scope: 'openid email profile' } },
    checks: ['pkce', 'state'],
    idToken: true,
    userinfo: {
      async request({ client, tokens }) {
        // next-auth passes openid-client's TokenSet (its types say only its parameters).
        const set = tokens as typeof tokens & { claims(): Record<string, unknown> };
        const fromIdToken = set.claims();
        const fromUserinfo = set.access_token ? await client.userinfo(set as never).catch(() => ({})) : {};
        return { ...fromUserinfo, ...fromIdToken };
      },
    },
    profile: (claims) => toUser(claims),
  };
}

/** Reads a claim by name, or by a dotted path into nested objects (`realm_access.roles`). */
export function readGroupsClaim(claims: Record<string, unknown>, name: string): string[] {
  let value: unknown = claims[name];
  if (value === undefined && name.includes('.')) {
    value = name.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), claims);
  }
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  // Keycloak's group mapper sends full paths ("/Amt 10"); a group is named without the leading slash.
  return [...new Set(list.filter((g): g is string => typeof g === 'string').map((g) => g.replace(/^\//, '').trim()).filter(Boolean))];
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/**
 * Finds or creates the local account for an OpenID sign-in and brings it up to date: name,
 * group memberships from the groups claim, and administrator rights from the admin group.
 * An existing local account is linked by email only when the provider says it verified it.
 */
export async function resolveOidcUser(store: Store, cfg: OidcConfig, claims: OidcClaims, logger: Logger): Promise<OidcSignInUser> {
  const sub = text(claims.sub);
  if (!sub) throw new Error('the ID token has no subject');
  const email = text(claims.email)?.toLowerCase();
  const name =
    text(claims.name) ??
    ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || text(claims.preferred_username) || email || sub);
  const groups = readGroupsClaim(claims, cfg.groupsClaim);
  const isAdmin = cfg.adminGroup ? groups.includes(cfg.adminGroup.replace(/^\//, '')) : undefined;

  let user: User | null = await store.getUserByOidcSubject(sub);
  if (!user && email) {
    const byEmail = await store.getUserByEmail(email);
    if (byEmail) {
      if (claims.email_verified !== true) throw new Error(`an account with ${email} exists and the provider did not verify the address`);
      user = await store.updateUser(byEmail.id, { oidcSubject: sub });
      logger.info({ userId: byEmail.id }, 'local account linked to its OpenID subject');
    }
  }
  if (!user) {
    if (!email) throw new Error('the provider sent no email address');
    user = await store.createUser({ email, name, passwordHash: null, oidcSubject: sub, isAdmin: isAdmin ?? false });
    await store.audit({ actor: user.id, action: 'user.create', detail: { via: 'oidc' } });
  } else {
    const patch: { name?: string; isAdmin?: boolean } = {};
    if (name !== user.name) patch.name = name;
    if (isAdmin !== undefined && isAdmin !== user.isAdmin) patch.isAdmin = isAdmin;
    if (Object.keys(patch).length) user = (await store.updateUser(user.id, patch)) ?? user;
  }
  if (!user) throw new Error('the account vanished during sign-in');
  await store.syncUserExternalGroups(user.id, groups);
  return { id: user.id, email: user.email, name: user.name, disabled: user.disabled };
}
