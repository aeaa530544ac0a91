/** next-auth's credentials sign-in over plain HTTP, as its browser client does it. */
export interface SignInResult {
  status: number;
  retryAfter: string | null;
  /** Set-Cookie lines of the answer. */
  setCookies: string[];
  body: { url?: string } & Record<string, unknown>;
}

function cookiePairs(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0]).join('; ');
}

export async function passwordSignIn(base: string, email: string, password: string): Promise<SignInResult> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiePairs(csrf.headers.getSetCookie()) },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${base}/`, json: 'true' }),
  });
  const text = await res.text();
  let body: SignInResult['body'];
  try {
    body = JSON.parse(text) as SignInResult['body'];
  } catch {
    body = { text };
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), setCookies: res.headers.getSetCookie(), body };
}
