'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { DiffBlock, DiffSpan } from '@/lib/versions/compare';
import { api } from '@/app/_components/apiClient';
import { versionsPath, type PersonView, type VersionComparison } from './types';

/** Insertions and deletions between two versions, each in its author's colour, with a legend. */
export function VersionDiff({ docId, from, to }: { docId: string; from: string | null; to: string }) {
  const t = useTranslations('history');
  const [diff, setDiff] = useState<VersionComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setDiff(null);
    setError(null);
    const q = new URLSearchParams({ to, ...(from ? { from } : {}) });
    api<VersionComparison>(`${versionsPath(docId)}/compare?${q}`).then(
      (d) => live && setDiff(d),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [docId, from, to]);
  if (error) return <p role="alert" className="error">{t('error', { message: error })}</p>;
  if (!diff) return <p aria-busy="true">{t('loading')}</p>;
  const people = new Map(diff.authors.map((a) => [a.id, a]));
  return (
    <div className="version-diff" data-testid="version-diff">
      {diff.authors.length > 0 ? (
        <ul className="diff-legend" aria-label={t('legend')}>
          {diff.authors.map((a) => (
            <li key={a.id}>
              <span className="diff-swatch" style={{ background: a.color }} aria-hidden="true" />
              {a.name}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('noChanges')}</p>
      )}
      <div className="diff-body prose">
        {diff.blocks.map((b, i) => (
          <Block key={i} block={b} people={people} />
        ))}
      </div>
    </div>
  );
}

function Block({ block, people }: { block: DiffBlock; people: Map<string, PersonView> }) {
  const Tag = block.node === 'codeBlock' ? 'pre' : 'p';
  const inList = block.containers.includes('listItem') || block.containers.includes('taskItem');
  const className = `diff-block diff-${block.op} diff-node-${block.node}${inList ? ' diff-list-item' : ''}`;
  return (
    <Tag className={className} style={{ marginInlineStart: `${block.containers.filter((c) => c.endsWith('List')).length * 1.25}rem` }} data-level={block.attrs.level as number | undefined}>
      {block.spans.map((s, i) => (
        <Span key={i} span={s} person={s.userId ? people.get(s.userId) : undefined} />
      ))}
    </Tag>
  );
}

function Span({ span, person }: { span: DiffSpan; person: PersonView | undefined }) {
  const t = useTranslations('history');
  if (span.op === 'same') return <>{span.text}</>;
  const color = person?.color ?? '#57606a';
  const name = person?.name ?? t('unknown');
  const style = { backgroundColor: `${color}22`, textDecorationColor: color, borderBottom: `2px solid ${color}` };
  const label = span.op === 'ins' ? t('insertedBy', { name }) : t('deletedBy', { name });
  const Tag = span.op === 'ins' ? 'ins' : 'del';
  return (
    <Tag style={style} title={label} data-user={span.userId ?? undefined}>
      <span className="visually-hidden">{`${label}: `}</span>
      {span.text}
    </Tag>
  );
}
