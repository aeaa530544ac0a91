import NextAuth from 'next-auth';
import { authOptions } from '@/app/_lib/session';

export const dynamic = 'force-dynamic';

// Options are built per request: they need the running store, which is not known at import time.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, ctx as never, authOptions());
}

export { handler as GET, handler as POST };
