'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { WebsocketProvider } from 'y-websocket';

interface Present {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
}

export function PresenceList({ provider }: { provider: WebsocketProvider }) {
  const t = useTranslations('editor');
  const [people, setPeople] = useState<Present[]>([]);

  useEffect(() => {
    const awareness = provider.awareness;
    const update = () => {
      const list: Present[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { name?: string; color?: string } | undefined;
        if (user?.name) list.push({ clientId, name: user.name, color: user.color ?? '#555', self: clientId === awareness.clientID });
      });
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
      setPeople(list);
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [provider]);

  return (
    <div className="presence">
      <span className="visually-hidden">{t('presentCount', { count: people.length })}</span>
      <ul aria-label={t('present')}>
        {people.map((p) => (
          <li key={p.clientId} className="presence-user" title={p.name} style={{ borderColor: p.color }}>
            <span className="avatar" style={{ background: p.color }} aria-hidden="true">{initials(p.name)}</span>
            <span className="presence-name">{p.self ? `${p.name} (${t('you')})` : p.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');
}
