import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { getServices } from '@/lib/services';
import { createLocalUser, newUserSchema, userJson } from '@/lib/users';
import { errorResponse, json, parseBody } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const bodySchema = newUserSchema.omit({ isAdmin: true }).extend({ token: z.string().min(1) });

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** One-time creation of the first administrator, with the token printed at server start. */
export async function POST(req: Request): Promise<Response> {
  try {
    const s = getServices();
    const body = await parseBody(req, bodySchema);
    const expected = s.setup.token;
    if (!expected || !sameToken(body.token, expected) || (await s.store.countUsers()) > 0) {
      throw new AppError(403, 'setup_closed', 'This setup link is invalid or has already been used');
    }
    s.setup.token = null;
    const user = await createLocalUser(s.store, { email: body.email, name: body.name, password: body.password, isAdmin: true }, null);
    s.logger.info({ userId: user.id }, 'first administrator created');
    return json({ user: userJson(user) }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
