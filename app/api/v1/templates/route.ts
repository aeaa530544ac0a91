import { listTemplates, saveAsTemplate, saveTemplateSchema } from '@/lib/documents/templates';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = route(async ({ services }) => json({ templates: await listTemplates(services) }));

/** Saves a document as an organisation template (administrators). */
export const POST = route(async ({ req, principal, services }) => {
  const input = await parseBody(req, saveTemplateSchema);
  return json(await saveAsTemplate(services, principal, input), 201);
});
