import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export async function AdminNav({ current }: { current: 'users' | 'groups' | 'audit' | 'legal' | 'feedback' }) {
  const t = await getTranslations('admin');
  const items = [
    { key: 'users', href: '/admin', label: t('navUsers') },
    { key: 'groups', href: '/admin/groups', label: t('navGroups') },
    { key: 'audit', href: '/admin/audit', label: t('navAudit') },
    { key: 'legal', href: '/admin/legal', label: t('navLegal') },
    { key: 'feedback', href: '/admin/feedback', label: t('navFeedback') },
  ] as const;
  return (
    <nav aria-label={t('nav')} className="sub-nav">
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <Link href={i.href} aria-current={i.key === current ? 'page' : undefined}>{i.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
