import NextAuth from 'next-auth';
import { authOptions } from '@/app/_lib/session';
import { getServices } from '@/lib/services';
import { throttlePasswordSignIn } from '@/lib/auth/throttledSignIn';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: they need the running store, which is not known at import time.
async function handler(req: Request, ctx: Ctx) {
  return NextAuth(req as never, ctx as never, authOptions());
}

async function post(req: Request, ctx: Ctx) {
  const [action, provider] = (await ctx.params).nextauth ?? [];
  if (action === 'callback' && provider === 'credentials') {
    const services = getServices();
    if (!services.config.localLogin) {
      return Response.json({ error: { code: 'not_found', message: 'Password sign-in is switched off' } }, { status: 404 });
    }
    const refused = await throttlePasswordSignIn(services, req);
    if (refused) return refused;
  }
  return handler(req, ctx);
}

export { handler as GET, post as POST };
