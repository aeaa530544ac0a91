import { adminRoute, json } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = adminRoute(async ({ services }) => {
  const entries = await services.store.listFeedback();
  return json({ entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) });
});
