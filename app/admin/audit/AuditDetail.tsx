'use client';

import { useFormatter, useTranslations } from 'next-intl';

const ROLES = new Set(['owner', 'editor', 'commenter', 'viewer']);

interface AclEntry {
  principal: string;
  id?: string;
  role: string;
}

const isAclList = (v: unknown): v is AclEntry[] =>
  Array.isArray(v) && v.every((e) => typeof e === 'object' && e !== null && typeof (e as AclEntry).principal === 'string' && typeof (e as AclEntry).role === 'string');

/** An audit entry's details as labelled values: people by name, permissions and yes/no in words. */
export function AuditDetail({ detail, names }: { detail: Record<string, unknown>; names: Record<string, string> }) {
  const t = useTranslations('adminAudit');
  const tr = useTranslations('roles');
  const ts = useTranslations('share');
  const format = useFormatter();
  const entries = Object.entries(detail ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (entries.length === 0) return null;

  const role = (r: string) => (ROLES.has(r) ? tr(r as 'owner') : r);
  const acl = (list: AclEntry[]) =>
    list.length === 0
      ? '–'
      : list
          .map((e) => {
            const who = e.principal === 'everyone' ? ts('everyone') : e.principal === 'user' && e.id ? (names[e.id] ?? e.id) : ts('groupLabel', { name: e.id ?? '' });
            return `${who}: ${role(e.role)}`;
          })
          .join(', ');
  const value = (key: string, v: unknown): string => {
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (key === 'userId' && typeof v === 'string') return names[v] ?? v;
    if (key === 'role' && typeof v === 'string') return role(v);
    if (typeof v === 'string' && t.has(`values.${key}_${v}`)) return t(`values.${key}_${v}`);
    if (key === 'expiresAt' && typeof v === 'number') return format.dateTime(new Date(v), { dateStyle: 'short', timeStyle: 'short' });
    if (isAclList(v)) return acl(v);
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    return JSON.stringify(v);
  };

  return (
    <dl className="audit-detail">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{t.has(`detailKeys.${k}`) ? t(`detailKeys.${k}`) : k}:</dt>
          <dd>{value(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}
