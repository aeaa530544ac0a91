import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  /** Default true. */
  emailVerified?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the app once its address is known (redirect and post-logout URIs). */
  mount(appUrl: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on a free loopback port, with one confidential client
 * and the library's built-in login form, where any password is accepted for a known login.
 * Groups come in the `groups` claim of the `profile` scope, as Keycloak's group mapper sends them.
 */
export async function startOidcProvider(accounts: TestAccount[]): Promise<TestOidcProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'werkraum';
  const clientSecret = 'test-client-secret-0123456789abcdef';
  const byId = new Map(accounts.map((a) => [a.sub, a]));
  return {
    issuer,
    clientId,
    clientSecret,
    mount(appUrl) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
            post_logout_redirect_uris: [`${appUrl}/login`],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
        pkce: { required: () => true },
        cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
        async findAccount(_ctx, id) {
          const a = byId.get(id);
          if (!a) return undefined;
          return {
            accountId: id,
            async claims() {
              return { sub: a.sub, email: a.email, email_verified: a.emailVerified ?? true, name: a.name, groups: a.groups };
            },
          };
        },
      });
      provider.on('server_error', (_ctx, err) => console.error('oidc-provider', err));
      handler = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
