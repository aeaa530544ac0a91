import { z } from 'zod';
import { compareVersions } from '@/lib/documents/versions';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const query = z.object({ from: z.string().min(1).optional(), to: z.string().min(1) });

/** `?from=<vid>&to=<vid>`: what changed between two versions, by whom. Without `from`: since the empty document. */
export const GET = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const q = new URL(req.url).searchParams;
  const { from, to } = query.parse({ from: q.get('from') ?? undefined, to: q.get('to') ?? undefined });
  return json(await compareVersions(services, principal, params.id, from ?? null, to));
});
