import { dashboardHistory } from '@/lib/documents/dashboard';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Services at Stufe ≥ 3 per week, from the last version of each week and the live sheet. */
export const GET = route<{ id: string }>(async ({ principal, params, services }) => json(await dashboardHistory(services, principal, params.id)));
