import type { JSONContent } from '@tiptap/core';
import type { PersonView, VersionComparison, VersionView } from '@/lib/documents/versions';

export type { PersonView, VersionComparison, VersionView };
export type VersionWithContent = VersionView & { content: JSONContent | null };

export const versionsPath = (docId: string) => `/api/v1/documents/${encodeURIComponent(docId)}/versions`;
