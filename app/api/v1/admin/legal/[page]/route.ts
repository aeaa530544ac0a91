import { z } from 'zod';
import { isLegalPage, legalText, legalTextSchema } from '@/lib/legal';
import { notFound } from '@/lib/errors';
import { adminRoute, json, parseBody } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = adminRoute<{ page: string }>(async ({ params, services }) => {
  if (!isLegalPage(params.page)) throw notFound('Page');
  return json(await legalText(services.store, params.page));
});

export const PUT = adminRoute<{ page: string }>(async ({ req, params, principal, services }) => {
  if (!isLegalPage(params.page)) throw notFound('Page');
  const { text } = await parseBody(req, z.object({ text: legalTextSchema }));
  await services.store.setSetting(`legal.${params.page}`, text);
  await services.store.audit({ actor: principal.user.id, action: 'admin.legal.update', detail: { page: params.page } });
  return json({ text, isDefault: false });
});
