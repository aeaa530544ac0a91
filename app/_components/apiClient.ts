/** Browser-side calls to our own JSON API (session cookie). Errors carry the server's message. */
export class ApiError extends Error {
  constructor(public readonly status: number, public readonly code: string, message: string) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? res.statusText);
  return data as T;
}

export interface DocumentSummary {
  id: string;
  kind: 'text' | 'sheet';
  title: string;
  ownerId: string;
  ownerName?: string;
  updatedAt: string;
  lastEditorName?: string | null;
  deletedAt: string | null;
  role?: 'owner' | 'editor' | 'commenter' | 'viewer';
}
