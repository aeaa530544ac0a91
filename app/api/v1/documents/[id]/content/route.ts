import { z } from 'zod';
import { documentContent } from '@/lib/documents/service';
import { route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const formatSchema = z.enum(['text', 'html']).default('text');

export const GET = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const format = formatSchema.parse(new URL(req.url).searchParams.get('format') ?? undefined);
  const body = await documentContent(services, principal, params.id, format);
  return new Response(body, {
    headers: {
      'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      // Exported HTML is data, never a page of ours: no scripts, no styles from elsewhere.
      ...(format === 'html' ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" } : {}),
    },
  });
});
