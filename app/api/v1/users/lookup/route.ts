import { z } from 'zod';
import { notFound } from '@/lib/errors';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Exact-email lookup for the share dialog; no listing of the whole directory. */
export const GET = route(async ({ req, services }) => {
  const email = z.email().parse(new URL(req.url).searchParams.get('email')?.trim());
  const user = await services.store.getUserByEmail(email);
  if (!user || user.disabled) throw notFound('User');
  return json({ id: user.id, name: user.name, email: user.email });
});
